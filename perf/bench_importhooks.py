"""Benchmark importhooks: its own import cost, a non-matching find_spec, deferring vs eager loading.

Every sample is taken in a fresh interpreter started clean (``-S``, then
the usual sys.path without ``.pth`` files, as ``python -m perf`` does);
variants are interleaved round by round (rotating their order) so drift
hits them all alike; inside a child the clock is the thread's CPU time
(``time.thread_time_ns``), so other processes on a busy machine stay out
of it; each row reports the median and the spread (p25-p75 and min-max).  Section 4
is the side-by-side comparison with importlib.util.LazyLoader,
lazy_loader.attach and eager imports (``perf.bench_lazy_compare``).

Run from the repository root, either way::

    python -m perf.bench_importhooks [--rounds 21] [--modules 40] [--json out.json] [--no-compare]
    python perf/bench_importhooks.py
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
import textwrap
from pathlib import Path

try:
    from perf._importhooks_children import (
        DEFER,
        DEFER_BODY,
        DEFER_ENV,
        DEFER_PRELOAD,
        FIND_SPEC,
        IMPORT_COST,
        STDLIB,
        generate_package,
    )
except ImportError:  # run as perf/bench_importhooks.py: perf/ itself is sys.path[0]
    from _importhooks_children import (  # type: ignore[no-redef]
        DEFER,
        DEFER_BODY,
        DEFER_ENV,
        DEFER_PRELOAD,
        FIND_SPEC,
        IMPORT_COST,
        STDLIB,
        generate_package,
    )

ROOT = Path(__file__).resolve().parents[1]

# -- running children --------------------------------------------------------


def _env(extra=None, path=()):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONDONTWRITEBYTECODE", "BENCH_EAGER", "PYTHONPATH")
    }
    # Read by _child's clean start, not by the interpreter.
    env["BENCH_PATH"] = os.pathsep.join([*map(str, path), str(ROOT), *_clean_path()])
    env.update(extra or {})
    return env


def _clean_path():
    # This interpreter's sys.path, as a clean start (python -S, no .pth
    # files) gets it back: an editable install's .pth hook imports
    # importlib.util, re, pathlib... at every start, which would make
    # whatever a child imports after it look cheaper.
    return [p for p in sys.path if p and p != str(ROOT)]


CLEAN_START = "import site, sys, os; sys.path[:] = os.environ['BENCH_PATH'].split(os.pathsep)\n"


def _child(code, env):
    proc = subprocess.run(
        [sys.executable, "-S", "-c", CLEAN_START + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{proc.stderr}")
    return [float(value) for value in proc.stdout.split()]


def _wall(env):
    import time

    start = time.perf_counter_ns()
    subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
    return [time.perf_counter_ns() - start]


def _run_group(variants, rounds, env_for, columns=1):
    samples = {name: [[] for _ in range(columns)] for name in variants}
    names = list(variants)
    for round_no in range(rounds):
        order = names[round_no % len(names) :] + names[: round_no % len(names)]
        for name in order:
            code = variants[name]
            values = (
                _wall(env_for(name)) if code is None else _child(code, env_for(name))
            )
            for column, value in enumerate(values):
                samples[name][column].append(value)
    return samples


def _summary(values):
    values = sorted(values)
    q = (
        statistics.quantiles(values, n=4, method="inclusive")
        if len(values) > 1
        else [values[0]] * 3
    )
    return {
        "median": statistics.median(values),
        "p25": q[0],
        "p75": q[2],
        "min": values[0],
        "max": values[-1],
        "n": len(values),
    }


def _fmt(ns, unit):
    if unit == "ns":
        return f"{ns:8.1f} ns"
    return f"{ns / 1e6:8.3f} ms"


def _table(title, results, unit="ms", baseline=None):
    lines = [title, "-" * len(title)]
    base = results[baseline]["median"] if baseline else None
    width = max(len(name) for name in results)
    for name, s in results.items():
        ratio = f"  x{s['median'] / base:5.2f}" if base else ""
        lines.append(
            f"  {name:<{width}}  median {_fmt(s['median'], unit)}  "
            f"p25-p75 {_fmt(s['p25'], unit).strip()}-{_fmt(s['p75'], unit).strip()}  "
            f"min-max {_fmt(s['min'], unit).strip()}-{_fmt(s['max'], unit).strip()}{ratio}"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=21, help="fresh interpreters per variant"
    )
    parser.add_argument(
        "--modules", type=int, default=40, help="synthetic modules to import"
    )
    parser.add_argument("--json", help="also write the raw summaries to this file")
    parser.add_argument(
        "--no-compare",
        action="store_true",
        help="skip section 4, the comparison with LazyLoader and lazy_loader",
    )
    args = parser.parse_args(argv)

    compileall.compile_dir(
        str(ROOT / "importhooks"), quiet=1
    )  # measure with bytecode, as installed
    tmp = Path(tempfile.mkdtemp(prefix="bench_importhooks_"))
    try:
        generate_package(tmp, args.modules)
        env_plain = _env(path=[tmp])
        stdlib = repr(STDLIB)
        find_spec = {
            name: code.replace("__MODULES__", stdlib)
            for name, code in FIND_SPEC.items()
        }
        defer = {
            name: DEFER_BODY.replace(
                "__SETUP__", textwrap.dedent(setup).strip() or "pass"
            )
            .replace("__N__", str(args.modules))
            .replace("__PRELOAD__", DEFER_PRELOAD.get(name, ""))
            for name, setup in DEFER.items()
        }
        for code in defer.values():  # warm the page cache and bytecode
            _child(code, env_plain)

        report = {
            "python": sys.version.split()[0],
            "rounds": args.rounds,
            "modules": args.modules,
        }
        out = [
            f"importhooks benchmark: Python {report['python']}, {args.rounds} fresh interpreters per row"
        ]

        samples = _run_group(IMPORT_COST, args.rounds, lambda name: env_plain)
        cost = {name: _summary(values[0]) for name, values in samples.items()}
        report["import_cost"] = cost
        out += [
            "",
            _table("1. Import cost (thread CPU time in the child; first row: whole process, wall)", cost),
        ]

        samples = _run_group(find_spec, args.rounds, lambda name: env_plain)
        per_call = {name: _summary(samples[name][0]) for name in list(find_spec)[:2]}
        per_import = {name: _summary(samples[name][0]) for name in list(find_spec)[2:]}
        report["find_spec_per_call_ns"] = per_call
        report["stdlib_imports"] = per_import
        out += [
            "",
            _table(
                "2a. find_spec for a non-matching name, per call (best of 7 x 30k calls)",
                per_call,
                "ns",
            ),
        ]
        out += [
            "",
            _table(
                "2b. 30 stdlib imports with and without the finder",
                per_import,
                "ms",
                baseline=next(iter(per_import)),
            ),
        ]

        samples = _run_group(
            defer,
            args.rounds,
            lambda name: _env(DEFER_ENV.get(name), path=[tmp]),
            columns=3,
        )
        report["defer"] = {}
        titles = (
            f"3a. import {args.modules} modules",
            f"3b. import {args.modules} modules, then use one",
            f"3c. import {args.modules} modules, then use all",
        )
        for column, title in enumerate(titles):
            results = {
                name: _summary(values[column]) for name, values in samples.items()
            }
            report["defer"][title] = results
            out += [
                "",
                _table(
                    title + " (includes importing/installing the hook)",
                    results,
                    baseline="plain eager import (no importhooks)",
                ),
            ]
        if not args.no_compare:
            compare = _compare(args.rounds)
            report["compare"] = {k: v for k, v in compare.items() if k != "samples"}
            out += [
                "",
                "4. Side by side: importhooks, LazyLoader recipe, lazy_loader.attach, eager "
                f"(python -m perf.bench_lazy_compare; {compare['rounds']} interpreters per cell, "
                f"median thread CPU time; thread test {compare['thread_runs']} interpreters)",
                "-" * 78,
                compare["text"],
            ]
        text = "\n".join(out)
        print(text)
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _compare(rounds):
    if str(ROOT) not in sys.path:  # run as perf/bench_importhooks.py
        sys.path.insert(0, str(ROOT))
    from perf import bench_lazy_compare

    return bench_lazy_compare.run(rounds=rounds)


if __name__ == "__main__":
    main()
