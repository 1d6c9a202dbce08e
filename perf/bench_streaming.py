"""Streaming benchmark: what create_partial / create_iterable cost per chunk over the raw SDK stream.

Every sample is a fresh interpreter running ``perf/_stream_probe.py``: the
real openai SDK streams a tool call (or JSON content) of a given size in
40-byte deltas from an in-process mock transport, and the probe times, in
CPU time of its thread, the raw SDK stream and the same stream through
instructor, alternately, round after round. A cell is the median over the
interpreters of each one's median per-chunk overhead ((instructor - raw) /
chunks, paired round by round); ``±`` is half the interquartile range.
Variants (ours, upstream instructor 1.17.0 when its venv from
``python -m perf --upstream`` exists) and sizes are interleaved.

Run from the repository root::

    python -m perf.bench_streaming [--repeat 5] [--sizes 5,20,80] [--upstream] [--json out.json]
    python -m perf.bench_streaming --markdown out.json   # the README table again
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROBE = HERE / "_stream_probe.py"
UPSTREAM_VERSION = "1.17.0"
SCENARIOS = {
    "partial-tools": "create_partial, TOOLS",
    "partial-json": "create_partial, JSON",
    "partial-tools-async": "create_partial, TOOLS, async",
    "iterable-tools": "create_iterable, TOOLS",
}
SIZES_KB = (5, 20, 80)
DEFAULT_REPEAT = 3
QUICK_REPEAT = 1
# Rounds per interpreter: at least this many, more while the probe has spent
# less than the budget (seconds). Upstream's overhead dwarfs the noise, and
# one round of it at 80 KB takes seconds.
ROUNDS = {"ours": (7, 3.0), "upstream": (1, 1.0)}
QUICK_ROUNDS = (1, 0.3)
GROWTH = (20, 80)  # the growth ratio is overhead(80 KB) / overhead(20 KB)

__all__ = ["main", "perf_section"]


def _versions(python: str) -> dict:
    code = (
        "import importlib.metadata as m, json\n"
        "out = {}\n"
        "for n in ('openai', 'httpx2', 'httpx', 'jiter', 'anyio', 'pydantic', 'pydantic_core'):\n"
        "    try: out[n] = m.version(n)\n"
        "    except m.PackageNotFoundError: pass\n"
        "print(json.dumps(out))"
    )
    proc = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def upstream_python(python: str, build: bool, log=print) -> str | None:
    """The cached upstream venv's Python, built first if ``build``; else None."""
    from ._upstream import _cache_root, ensure_upstream

    minor = subprocess.run(
        [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    ready = _cache_root() / f"instructor-{UPSTREAM_VERSION}-py{minor}" / ".perf-ready"
    if not build and not ready.exists():
        return None
    return ensure_upstream(UPSTREAM_VERSION, python, minor, _versions(python), log=log)


def _probe(python: str, scenario: str, size: int, rounds: tuple[int, float]) -> dict:
    with tempfile.TemporaryDirectory(prefix="instructor-stream-") as tmp:
        # A temporary working folder: the repository's instructor must not
        # shadow the one the variant's interpreter has installed.
        proc = subprocess.run(
            [python, str(PROBE), scenario, str(size * 1000), str(rounds[0]), str(rounds[1])],
            cwd=tmp, capture_output=True, text=True, check=False,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    lines = proc.stdout.strip().splitlines()
    try:
        return json.loads(lines[-1])
    except (IndexError, ValueError):
        return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}


def _summary(values: list[float]) -> dict:
    values = sorted(values)
    q = statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else values * 3
    return {"median": statistics.median(values), "p25": q[0], "p75": q[-1], "n": len(values)}


def measure(variants: dict[str, str], scenarios, sizes, repeat: int, quick: bool,
            log=print) -> dict:
    """Run every (variant, scenario, size) cell ``repeat`` times, interleaved."""
    cells = [(v, s, kb) for s in scenarios for kb in sizes for v in variants]
    raw: dict[tuple, list[dict]] = {cell: [] for cell in cells}
    errors = []
    for round_no in range(repeat):
        shift = round_no % len(cells)
        for cell in cells[shift:] + cells[:shift]:
            variant, scenario, kb = cell
            log(f"  streaming {round_no + 1}/{repeat}: {variant} {scenario} {kb} KB")
            out = _probe(variants[variant], scenario, kb,
                         QUICK_ROUNDS if quick else ROUNDS[variant])
            if "error" in out:
                errors.append(f"{variant} {scenario} {kb} KB: {out['error']}")
            else:
                raw[cell].append(out)
    results = []
    for (variant, scenario, kb), runs in raw.items():
        if not runs:
            continue
        per_chunk = [
            statistics.median(o - r for o, r in zip(run["ours_s"], run["raw_s"])) / run["chunks"]
            for run in runs
        ]
        raw_chunk = [statistics.median(run["raw_s"]) / run["chunks"] for run in runs]
        results.append({
            "variant": variant, "scenario": scenario, "kb": kb,
            "bytes": runs[0]["bytes"], "chunks": runs[0]["chunks"],
            "rounds": [len(run["raw_s"]) for run in runs],
            "overhead_us": _summary([x * 1e6 for x in per_chunk]),
            "raw_us": _summary([x * 1e6 for x in raw_chunk]),
            "instructor_version": runs[0].get("instructor_version"),
        })
    return {"results": results, "errors": errors}


def _cell(results, variant, scenario, kb):
    return next((r for r in results if (r["variant"], r["scenario"], r["kb"]) ==
                 (variant, scenario, kb)), None)


def _fmt(summary: dict | None) -> str:
    if summary is None:
        return "-"
    m, half = summary["median"], (summary["p75"] - summary["p25"]) / 2
    digits = 0 if abs(m) >= 100 else 1
    return f"{m:.{digits}f} ±{half:.{digits}f}"


def _growth(results, variant, scenario) -> str:
    small, big = (_cell(results, variant, scenario, kb) for kb in GROWTH)
    if not small or not big or small["overhead_us"]["median"] <= 0:
        return "-"
    return f"{big['overhead_us']['median'] / small['overhead_us']['median']:.2f}x"


def _ratio(mine: dict, theirs: dict | None) -> str:
    if not theirs:
        return "-"
    a, b = mine["overhead_us"]["median"], theirs["overhead_us"]["median"]
    if a <= 0 or b <= 0:
        return "-"
    return f"{b / a:.1f}x less" if b >= a else f"{a / b:.1f}x more"


def table(summary: dict, markdown: bool = False) -> str:
    """The results as a text table (or a Markdown one)."""
    results = summary["results"]
    upstream = any(r["variant"] == "upstream" for r in results)
    version = next((r["instructor_version"] for r in results if r["variant"] == "upstream"),
                   UPSTREAM_VERSION)
    head = ["", "output", "chunks", "raw SDK stream (µs/chunk)", "ours (µs/chunk)"]
    if upstream:
        head += [f"upstream {version} (µs/chunk)", "ours vs upstream"]
    rows = []
    for scenario in summary["scenarios"]:
        for kb in summary["sizes"]:
            mine = _cell(results, "ours", scenario, kb)
            if mine is None:
                continue
            row = [SCENARIOS[scenario] if kb == summary["sizes"][0] else "",
                   f"{mine['bytes'] / 1000:.0f} KB", str(mine["chunks"]),
                   _fmt(mine["raw_us"]), _fmt(mine["overhead_us"])]
            if upstream:
                theirs = _cell(results, "upstream", scenario, kb)
                ratio = _ratio(mine, theirs)
                row += [_fmt(theirs["overhead_us"] if theirs else None), ratio]
            rows.append(row)
        growth = ["", f"growth {GROWTH[1]}/{GROWTH[0]} KB", "", "", _growth(results, "ours", scenario)]
        if upstream:
            growth += [_growth(results, "upstream", scenario), ""]
        rows.append(growth)
    if markdown:
        lines = ["| " + " | ".join(head) + " |",
                 "|" + "|".join([":---"] + ["---:"] * (len(head) - 1)) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    out = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                     for i, (c, w) in enumerate(zip(r, widths))) for r in [head, *rows]]
    out.insert(1, "-" * len(out[0]))
    return "\n".join(out)


def _header(summary: dict) -> str:
    return (
        f"Streaming: instructor's overhead per chunk over iterating the raw SDK stream "
        f"(CPU µs per 40-byte chunk; median of {summary['repeat']} fresh interpreters, "
        f"±half the IQR; {summary['duration_s']:.0f} s, load average "
        f"{'-'.join(map(str, summary.get('loadavg', [])))})"
    )


def run(python: str, upstream: str | None, scenarios=tuple(SCENARIOS), sizes=SIZES_KB,
        repeat: int = DEFAULT_REPEAT, quick: bool = False, log=print) -> dict:
    """Measure and return the summary (what ``--json`` writes)."""
    variants = {"ours": python}
    if upstream:
        variants["upstream"] = upstream
    t0 = time.perf_counter()
    load = [round(os.getloadavg()[0], 1)]
    measured = measure(variants, scenarios, sizes, repeat, quick, log)
    load.append(round(os.getloadavg()[0], 1))
    return {"variants": variants, "scenarios": list(scenarios), "sizes": list(sizes),
            "repeat": repeat, "quick": quick, **measured, "loadavg": load,
            "duration_s": round(time.perf_counter() - t0, 1)}


def perf_section(python: str, upstream: str | None, quick: bool, repeat: int | None = None,
                 log=print) -> dict:
    """What ``python -m perf`` keeps of this benchmark: command, text, summary."""
    repeat = repeat or (QUICK_REPEAT if quick else DEFAULT_REPEAT)
    summary = run(python, upstream, repeat=repeat, quick=quick, log=log)
    command = (f"python -m perf.bench_streaming --repeat {repeat}" + (" --quick" if quick else "")
               + (f" --against {upstream}" if upstream else " --no-upstream"))
    text = _header(summary) + "\n\n" + table(summary)
    if summary["errors"]:
        text += "\n\nerrors:\n" + "\n".join("  " + e for e in summary["errors"])
    return {"command": command, "duration_s": summary["duration_s"], "text": text,
            "summary": summary}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, help=f"fresh interpreters per cell "
                        f"(default {DEFAULT_REPEAT}, --quick {QUICK_REPEAT})")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES_KB)),
                        help="output sizes in KB (default 5,20,80)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS),
                        help=f"any of {', '.join(SCENARIOS)}")
    parser.add_argument("--python", default=sys.executable, help="interpreter of ours")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--upstream", action="store_true",
                       help=f"compare with instructor {UPSTREAM_VERSION}, building its venv if needed")
    which.add_argument("--no-upstream", action="store_true", help="measure ours only")
    which.add_argument("--against", metavar="PYTHON", help="compare with another installation")
    parser.add_argument("--quick", action="store_true", help="one interpreter per cell, short runs")
    parser.add_argument("--json", metavar="FILE", help="also write the summary here")
    parser.add_argument("--markdown", metavar="FILE", help="print the table of a summary file")
    args = parser.parse_args(argv)
    if args.markdown:
        summary = json.loads(Path(args.markdown).read_text())
        print(_header(summary) + "\n\n" + table(summary, markdown=True))
        return 0
    python = os.path.abspath(args.python)
    upstream = args.against or (None if args.no_upstream else upstream_python(
        python, args.upstream, log=lambda m: print(m, file=sys.stderr)))
    repeat = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)
    summary = run(python, upstream, args.scenarios.split(","),
                  [int(x) for x in args.sizes.split(",")], repeat, args.quick,
                  log=lambda m: print(m, file=sys.stderr, flush=True))
    print(_header(summary) + "\n\n" + table(summary))
    for error in summary["errors"]:
        print("error:", error)
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=1) + "\n")
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
