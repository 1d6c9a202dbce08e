"""Compare importhooks with importlib.util.LazyLoader, lazy_loader.attach and eager imports, side by side.

All of them work on one generated fixture package, ``lazybench``, of N
small modules (N = 10, 100 and 1000 by default, so the table shows how each
cost grows).  Every sample is a fresh interpreter started clean (``-S``,
then the usual sys.path without ``.pth`` files); variants and sizes are
interleaved round by round.  Times are the measuring thread's CPU time
(``time.thread_time_ns``), so other processes on the machine stay out of
the figures; each cell is the median over the rounds, with ratios.

The variants, each used the way its documentation shows:

- **importhooks**: ``importhooks.install(["lazybench.*"])``, then plain
  ``import lazybench.mNNNN`` statements;
- **importhooks.attach**: the package's ``__init__`` calls
  ``importhooks.attach(__name__, [...])``;
- **LazyLoader recipe**: the ``lazy_import(name)`` function of the
  importlib documentation (find_spec, LazyLoader, module_from_spec);
- **lazy_loader.attach**: the package's ``__init__`` calls
  ``lazy_loader.attach(__name__, submodules=[...])``; a submodule is
  imported when ``lazybench.mNNNN`` is first read;
- **eager**: plain imports, no deferral (the reference).

Rows: installing/attaching; importing the package with every module
deferred; the first touch of a module (``mod.NAME``), per module; an
attribute read once everything is loaded, per read; traced memory from
before the install to after the deferred import; and errors in a
first-touch race (16 threads behind a barrier reading the last name of a
slow module body, in each of 20 fresh interpreters).  ``--instructions N``
counts instructions with valgrind instead (deterministic, for busy
machines).  lazy_loader comes with the perf extra; without it, its column
is left empty.

Run from the repository root::

    python -m perf.bench_lazy_compare [--sizes 10,100,1000] [--rounds 15]
                                      [--thread-runs 20] [--json FILE] [--markdown]
    python -m perf.bench_lazy_compare --instructions 200
"""

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from ._lazy_compare_children import (
    ATTACH,
    ATTACHING,
    EAGER,
    IH_ATTACH,
    IMPORTHOOKS,
    INSTRUCTION_CHILD,
    LAZY_OTHERS,
    MEMORY_CHILD,
    OURS,
    RECIPE,
    THREAD_CHILD,
    TIMING_CHILD,
    VARIANTS,
    child_code,
    make_fixture,
)

ROOT = Path(__file__).resolve().parents[1]

# -- running children ---------------------------------------------------------


class Runner:
    """Starts clean child interpreters of *python* with a fixture folder first on sys.path."""

    def __init__(self, python):
        self.python = python
        probe = subprocess.run(
            [python, "-c", "import json, sys; print(json.dumps([p for p in sys.path if p]))"],
            capture_output=True,
            text=True,
            check=True,
            cwd=str(ROOT),
        )
        self.path = [str(ROOT), *(p for p in json.loads(probe.stdout) if p != str(ROOT))]
        self.version = subprocess.run(
            [python, "-c", "import sys; print(sys.version.split()[0])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        # lazy_loader is a benchmark-only dependency (the perf extra).
        self.missing = [
            variant
            for variant, module in ((ATTACH, "lazy_loader"),)
            if subprocess.run([python, "-c", f"import {module}"], capture_output=True).returncode
        ]

    def run(self, code, folder, variant, *, under=(), extra_env=None):
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "LAZYBENCH_ATTACH", "EAGER_IMPORT")
        }
        if variant in ATTACHING:
            env["LAZYBENCH_ATTACH"] = ATTACHING[variant]
        env.update(extra_env or {})
        prelude = f"import site, sys; sys.path[:] = {[str(folder), *self.path]!r}\n"
        proc = subprocess.run(
            [*under, self.python, "-S", "-c", prelude + code],
            capture_output=True,
            text=True,
            env=env,
            cwd=str(folder),
            check=False,
            timeout=300,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{variant} child failed:\n{proc.stderr}")
        if under:
            return proc.stderr
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def instructions(self, code, folder, variant, stop):
        """Instructions the child executes up to *stop*, counted by valgrind's cachegrind."""
        err = self.run(
            code,
            folder,
            variant,
            under=("valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"),
            extra_env={"LAZYBENCH_STOP": stop, "PYTHONHASHSEED": "0"},
        )
        for line in err.splitlines():
            if "I" in line and "refs:" in line:
                return int(line.rsplit(":", 1)[1].replace(",", "").strip())
        raise RuntimeError(f"no instruction count from valgrind:\n{err[-2000:]}")


def _rotated(items, by):
    by %= len(items)
    return items[by:] + items[:by]


def measure(runner, folders, rounds, thread_runs, threads=16, progress=None):
    """Run every child; return {size: {variant: {metric: [samples]}}} and thread errors."""
    variants = [v for v in VARIANTS if v not in runner.missing]
    samples = {n: {v: {} for v in VARIANTS} for n in folders}

    def add(n, variant, values):
        for key, value in values.items():
            samples[n][variant].setdefault(key, []).append(value)

    sizes = list(folders)
    for round_no in range(rounds):
        for n in _rotated(sizes, round_no):
            for variant in _rotated(variants, round_no):
                add(n, variant, runner.run(child_code(TIMING_CHILD, variant, n), folders[n], variant))
        if progress:
            progress(f"round {round_no + 1}/{rounds}")
    for round_no in range(3):  # tracemalloc is deterministic enough for a median of 3
        for n in sizes:
            for variant in _rotated(variants, round_no):
                add(n, variant, runner.run(child_code(MEMORY_CHILD, variant, n), folders[n], variant))
    smallest = folders[min(folders)]
    thread_errors = {v: [] for v in VARIANTS}
    for run_no in range(thread_runs):
        for variant in _rotated(variants, run_no):
            code = child_code(THREAD_CHILD, variant, min(folders), threads)
            thread_errors[variant].append(runner.run(code, smallest, variant)["errors"])
    return samples, thread_errors


# -- the table ----------------------------------------------------------------

ROWS = (
    ("install_ms", "install / attach", "ms"),
    ("import_ms", "import the package, every module deferred", "ms"),
    ("touch_us", "first touch, per module", "µs"),
    ("steady_ns", "attribute read after loading, per read", "ns"),
    ("memory_kb", "traced memory: install + deferred import", "KB"),
)


def _fmt(value, unit):
    if value is None:
        return "-"
    if unit == "ns" or value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


RATIOS = (
    ("importhooks ÷ recipe", (IMPORTHOOKS,), (RECIPE,)),
    ("importhooks.attach ÷ lazy_loader", (IH_ATTACH,), (ATTACH,)),
    ("best importhooks ÷ best other", OURS, LAZY_OTHERS),
)


def summarise(samples, thread_errors):
    """Medians per cell, the ratio columns, thread error counts."""
    table = {}
    for n, by_variant in samples.items():
        for key, _, _ in ROWS:
            cell = {}
            for variant in VARIANTS:
                values = by_variant[variant].get(key)
                cell[variant] = statistics.median(values) if values else None
            if key == "install_ms":
                cell[EAGER] = None  # nothing to install
            for title, ours, others in RATIOS:
                mine = [cell[v] for v in ours if cell[v] is not None]
                theirs = [cell[v] for v in others if cell[v] is not None]
                cell[title] = min(mine) / min(theirs) if mine and theirs and min(theirs) else None
            table.setdefault(key, {})[n] = cell
    threads = {
        variant: {
            "errors": sum(len(run) for run in runs),
            "interpreters_with_errors": sum(bool(run) for run in runs),
            "interpreters": len(runs),
            "examples": sorted({e for run in runs for e in run})[:3],
        }
        for variant, runs in thread_errors.items()
    }
    return {"table": table, "threads": threads}


def render(summary, *, markdown=False, threads=16):
    table = summary["table"]
    head = ["row", "N", *VARIANTS, *(title for title, _, _ in RATIOS)]
    lines = []
    for key, title, unit in ROWS:
        for n, cell in table[key].items():
            lines.append(
                [
                    f"{title} ({unit})",
                    str(n),
                    *(_fmt(cell[v], unit) for v in VARIANTS),
                    *("-" if cell[t] is None else f"x{cell[t]:.2f}" for t, _, _ in RATIOS),
                ]
            )
    thread_cells = []
    for variant in VARIANTS:
        t = summary["threads"][variant]
        if not t["interpreters"]:
            thread_cells.append("-")
            continue
        thread_cells.append(f"{t['errors']} ({t['interpreters_with_errors']}/{t['interpreters']})")
    lines.append(
        [f"thread errors, {threads} threads (interpreters with any)", "-", *thread_cells]
        + ["-"] * len(RATIOS)
    )
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|:---|---:|" + "---:|" * (len(head) - 2)]
        out += ["| " + " | ".join(row) + " |" for row in lines]
        return "\n".join(out)
    widths = [max(len(row[i]) for row in [head, *lines]) for i in range(len(head))]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    return "\n".join(fmt.format(*row) for row in [head, *lines])


def run(*, sizes=(10, 100, 1000), rounds=15, thread_runs=20, threads=16, python=None, progress=None):
    """Generate the fixtures, run every child, return the summary dict (with a text table)."""
    runner = Runner(python or sys.executable)
    compileall.compile_dir(str(ROOT / "importhooks"), quiet=1)  # measure with bytecode
    tmp = Path(tempfile.mkdtemp(prefix="bench_lazy_compare_"))
    try:
        folders = {n: make_fixture(tmp, n) for n in sizes}
        for n, folder in folders.items():  # warm the page cache
            for variant in (v for v in VARIANTS if v not in runner.missing):
                runner.run(child_code(TIMING_CHILD, variant, n), folder, variant)
        samples, thread_errors = measure(runner, folders, rounds, thread_runs, threads, progress)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    summary = summarise(samples, thread_errors)
    summary.update(
        python=runner.version,
        rounds=rounds,
        thread_runs=thread_runs,
        thread_count=threads,
        sizes=list(sizes),
        samples={str(n): v for n, v in samples.items()},
        thread_errors=thread_errors,
    )
    summary["missing"] = runner.missing
    summary["text"] = render(summary, threads=threads)
    summary["markdown"] = render(summary, markdown=True, threads=threads)
    if runner.missing:
        note = f"\n(not installed, so not measured: {', '.join(runner.missing)}; pip install -e '.[perf]')"
        summary["text"] += note
        summary["markdown"] += note
    return summary


def count_instructions(n=200, python=None):
    """Instructions per variant (cachegrind): everything before the first touch, and per first touch.

    Deterministic, so it shows small differences that the timing table's
    spread hides on a busy machine; it counts work, not time (cache misses
    and system calls are not in it).
    """
    if not shutil.which("valgrind"):
        raise SystemExit("--instructions needs valgrind on PATH")
    runner = Runner(python or sys.executable)
    compileall.compile_dir(str(ROOT / "importhooks"), quiet=1)
    tmp = Path(tempfile.mkdtemp(prefix="bench_lazy_compare_"))
    rows = {}
    try:
        folder = make_fixture(tmp, n)
        for variant in (v for v in VARIANTS if v not in runner.missing):
            code = child_code(INSTRUCTION_CHILD, variant, n)
            runner.run(child_code(TIMING_CHILD, variant, n), folder, variant)  # bytecode
            start, imported, touched = (
                runner.instructions(code, folder, variant, stop)
                for stop in ("start", "imported", "touched")
            )
            rows[variant] = {
                "before_touch": imported - start,
                "touch_per_module": (touched - imported) / n,
            }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [
        f"instructions (cachegrind), Python {runner.version}, N={n}:",
        f"  {'variant':20} {'install + deferred import':>26} {'first touch, per module':>24}",
    ]
    for variant, row in rows.items():
        lines.append(
            f"  {variant:20} {row['before_touch'] / 1e6:24.2f} M {row['touch_per_module'] / 1e3:22.1f} k"
        )
    return rows, "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m perf.bench_lazy_compare", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--sizes", default="10,100,1000", help="module counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=15, help="fresh interpreters per cell")
    parser.add_argument(
        "--thread-runs", type=int, default=20, help="fresh interpreters for the thread test"
    )
    parser.add_argument("--threads", type=int, default=16, help="threads in the first-touch race")
    parser.add_argument("--python", help="interpreter to measure (default: this one)")
    parser.add_argument("--json", help="also write the summary and every sample to this file")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--instructions",
        type=int,
        metavar="N",
        help="instead, count instructions with valgrind for N modules (deterministic)",
    )
    args = parser.parse_args(argv)
    if args.instructions:
        print(count_instructions(args.instructions, args.python)[1])
        return
    sizes = tuple(int(s) for s in args.sizes.split(","))
    summary = run(
        sizes=sizes,
        rounds=args.rounds,
        thread_runs=args.thread_runs,
        threads=args.threads,
        python=args.python,
        progress=lambda text: print(text, file=sys.stderr, flush=True),
    )
    print(
        f"importhooks vs LazyLoader vs lazy_loader vs eager: Python {summary['python']}, "
        f"{args.rounds} fresh interpreters per cell (median, thread CPU time), "
        f"thread test {args.thread_runs} interpreters x {args.threads} threads"
    )
    print(summary["markdown"] if args.markdown else summary["text"])
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
