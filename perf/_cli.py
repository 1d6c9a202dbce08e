"""``python -m perf``: measure, print the table, write JSON, PNG and Markdown.

python -m perf                  # ~3 minutes: lazy, eager, bare
python -m perf --upstream       # also instructor 1.17.0 from PyPI
python -m perf --quick          # ~40 seconds, wider spread
python -m perf --against /path/to/other/venv/bin/python
python -m perf --markdown       # the README section from the last run
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import _machine, _report
from ._metrics import compute, metrics_for
from ._progress import Progress
from ._runner import FROM_PROVIDER, run_rounds
from ._variants import Variant, run_probe

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
DEFAULT_ROUNDS = 15
DEFAULT_CALLS = 200
QUICK_ROUNDS = 3
QUICK_CALLS = 50
UPSTREAM_VERSION = "1.17.0"
IMPORTHOOKS_ROUNDS = 21
# Bumped whenever a change of method makes old numbers incomparable; a
# baseline of another format is not used to flag regressions.
RESULT_FORMAT = "instructor-perf/2"
IMPORTHOOKS_QUICK_ROUNDS = 5


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m perf",
        description="Benchmark instructor in fresh interpreters: lazy (after), "
        "INSTRUCTOR_EAGER=1 (before), the bare interpreter, and optionally "
        "another installation.",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_ROUNDS} rounds of {QUICK_CALLS} calls (~40 s)",
    )
    p.add_argument(
        "--repeat",
        type=int,
        metavar="N",
        help=f"fresh interpreters per cell (default {DEFAULT_ROUNDS})",
    )
    p.add_argument(
        "--calls",
        type=int,
        metavar="N",
        help=f"steady-state call pairs per interpreter (default {DEFAULT_CALLS})",
    )
    p.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter whose instructor is 'ours' (default: this one)",
    )
    p.add_argument(
        "--against",
        metavar="PYTHON",
        help="Python of another instructor installation to compare with",
    )
    p.add_argument(
        "--upstream",
        nargs="?",
        const=UPSTREAM_VERSION,
        metavar="VERSION",
        help="compare with instructor VERSION from PyPI (default "
        f"{UPSTREAM_VERSION}) in a cached venv built on first use",
    )
    p.add_argument("--no-eager", action="store_true", help="skip the INSTRUCTOR_EAGER=1 variant")
    p.add_argument("--no-bare", action="store_true", help="skip the bare interpreter")
    p.add_argument(
        "--no-importhooks",
        action="store_true",
        help="skip the importhooks section (perf/bench_importhooks.py)",
    )
    p.add_argument("--no-streaming", action="store_true",
                   help="skip the streaming section (perf/bench_streaming.py)")
    p.add_argument(
        "--out",
        default=str(RESULTS),
        metavar="DIR",
        help="where latest.json/.png/.md go (default perf/results)",
    )
    p.add_argument("--no-chart", action="store_true", help="do not draw the PNG")
    p.add_argument(
        "--markdown",
        action="store_true",
        help="print the README section from a result file and exit",
    )
    p.add_argument(
        "--results",
        metavar="FILE",
        help="result file for --markdown, or the baseline a new run is "
        "compared with (default: the latest.json being replaced)",
    )
    p.add_argument(
        "--compare",
        nargs=2,
        metavar=("FIRST", "SECOND"),
        help="compare two result files: do their medians agree within the spread?",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="exit with status 1 if a target of the 'after' column fails",
    )
    return p


def _command_line(argv: list[str]) -> str:
    return "python -m perf" + "".join(" " + shlex.quote(a) for a in argv)


def _discover(variant: Variant, progress: Progress) -> bool:
    info = run_probe(variant, ["scenario=discover"], timeout=120)
    if "error" in info:
        progress.note(f"perf: {variant.python} cannot be used: {info['error']}")
        return False
    info.pop("wall_s", None)
    for key in ("maxrss_kb", "n_modules", "sdks_imported", "scenario"):
        info.pop(key, None)
    variant.info = info
    # Check the clean start works before measuring anything with it.
    check = run_probe(variant, ["scenario=import"], timeout=120)
    if "error" in check:
        progress.note(f"perf: {variant.python} fails a clean start: {check['error']}")
        return False
    return True


def _variants(args, progress: Progress) -> list[Variant]:
    lazy = Variant("lazy", "after (lazy)", args.python)
    if not _discover(lazy, progress):
        raise SystemExit(2)
    if not lazy.info.get("instructor_file"):
        raise SystemExit(
            f"perf: {args.python} cannot import instructor; install this project "
            f"first:  {args.python} -m pip install -e '{ROOT}[openai,perf]'"
        )
    mine = Path(lazy.info["instructor_file"]).resolve()
    if ROOT not in mine.parents:
        progress.note(f"perf: note: measuring the instructor at {mine}, not the one in {ROOT}")
    variants = []
    if not args.no_bare:
        bare = Variant("bare", "bare python", args.python, instructor=False, info=dict(lazy.info))
        variants.append(bare)
    against_python = args.against
    if args.upstream:
        from ._upstream import ensure_upstream

        against_python = ensure_upstream(
            args.upstream,
            args.python,
            ".".join(lazy.info["python"].split(".")[:2]),
            lazy.info.get("dist_versions", {}),
            log=progress.note,
        )
    if against_python:
        against = Variant("against", "upstream", against_python)
        if not _discover(against, progress):
            raise SystemExit(2)
        version = against.info.get("dist_versions", {}).get("instructor")
        if not against.info.get("instructor_file"):
            raise SystemExit(f"perf: {against_python} cannot import instructor")
        if against.info["instructor_file"] == lazy.info["instructor_file"]:
            raise SystemExit(
                f"perf: {against_python} imports the same instructor as "
                f"{args.python} ({lazy.info['instructor_file']})"
            )
        against.label = f"upstream {version}" if version else "against"
        variants.append(against)
    if not args.no_eager:
        variants.append(
            Variant("eager", "before (eager)", args.python, eager=True, info=dict(lazy.info))
        )
    variants.append(lazy)
    return variants


def _importhooks_section(args, progress: Progress) -> dict | None:
    """Run ``python -m perf.bench_importhooks`` (the deferred-module system's own
    benchmark, kept in its own file) and keep its table and JSON summary."""
    if args.no_importhooks or not (HERE / "bench_importhooks.py").exists():
        return None
    rounds = IMPORTHOOKS_QUICK_ROUNDS if args.quick else IMPORTHOOKS_ROUNDS
    progress.note(f"importhooks: python -m perf.bench_importhooks --rounds {rounds}")
    with tempfile.TemporaryDirectory(prefix="instructor-perf-") as tmp:
        summary = Path(tmp) / "importhooks.json"
        cmd = ["-m", "perf.bench_importhooks", "--rounds", str(rounds)]
        t0 = time.perf_counter()
        proc = subprocess.run(
            [args.python, *cmd, "--json", str(summary)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        section = {
            "command": "python " + " ".join(cmd),
            "returncode": proc.returncode,
            "duration_s": round(time.perf_counter() - t0, 1),
            "text": proc.stdout.strip(),
            "summary": _load(summary),
        }
    if proc.returncode:
        section["error"] = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        progress.note(f"  importhooks benchmark failed: {section['error']}")
    return section


def _load(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    out = Path(args.out)
    if args.compare:
        first, second = (_load(Path(f)) for f in args.compare)
        if first is None or second is None:
            raise SystemExit("perf: --compare needs two result files")
        lines, compared, agreed = _report.agreement(first, second)
        print("\n".join(lines))
        print(
            f"{agreed} of {compared} cells agree (interquartile ranges overlap,"
            " or the medians print the same)"
        )
        return 0 if agreed == compared else 1
    if args.markdown:
        result = _load(Path(args.results) if args.results else out / "latest.json")
        if result is None:
            raise SystemExit("perf: no result file; run `python -m perf` first")
        sys.stdout.write(_report.markdown_report(result))
        return 0
    # Children start in a temporary folder: relative paths would break there.
    # (abspath, not resolve: a venv's python is a symlink that must stay one.)
    args.python = os.path.abspath(args.python)
    if args.against:
        args.against = os.path.abspath(args.against)
    rounds = args.repeat or (QUICK_ROUNDS if args.quick else DEFAULT_ROUNDS)
    calls = args.calls or (QUICK_CALLS if args.quick else DEFAULT_CALLS)
    if rounds < 1 or calls < 1:
        raise SystemExit("perf: --repeat and --calls must be at least 1")
    progress = Progress()
    started = _dt.datetime.now().astimezone()
    t0 = time.perf_counter()
    machine = _machine.describe()
    variants = _variants(args, progress)
    progress.note(
        "variants: "
        + "; ".join(
            f"{v.label} = {v.python}{' INSTRUCTOR_EAGER=1' if v.eager else ''}" for v in variants
        )
    )
    measured = run_rounds(variants, rounds, calls, progress)
    providers = sorted(
        {p for v in variants for p in v.info.get("installed_providers", {}) if p != "openai"}
    )
    from_provider = [
        p
        for p in FROM_PROVIDER
        if any(p in v.info.get("installed_providers", {}) for v in variants)
    ]
    result = {
        "format": RESULT_FORMAT,
        "command": _command_line(argv),
        "started": started.isoformat(timespec="seconds"),
        "machine": machine,
        "settings": {"rounds": rounds, "calls": calls, "quick": args.quick},
        "variants": [
            {
                "key": v.key,
                "label": v.label,
                "python": v.python,
                "env": {"INSTRUCTOR_EAGER": "1"} if v.eager else {},
                "info": v.info,
            }
            for v in variants
        ],
        "jobs": measured["jobs"],
    }
    result["runs"] = measured["runs"]
    result["metrics"] = compute(
        metrics_for(providers, from_provider),
        measured["runs"],
        [v.key for v in variants],
    )
    result["checks"] = _report.checks(result, variants[-1].info.get("installed_providers", {}))
    result["errors"] = measured["errors"]
    result["examples"] = measured["examples"]
    baseline_path = Path(args.results) if args.results else out / "latest.json"
    baseline = _load(baseline_path)
    if baseline is not None and baseline.get("format") != RESULT_FORMAT:
        progress.note(f"perf: {baseline_path} was measured differently; not compared")
        baseline = None
    result["regressions"] = _report.regressions(result, baseline, str(baseline_path))
    hooks = _importhooks_section(args, progress)
    if hooks is not None:
        result["importhooks"] = hooks
        if hooks.get("error"):
            result["errors"].append(f"{hooks['command']}: {hooks['error']}")
    streaming = None
    if not args.no_streaming:  # per-chunk cost of streamed responses
        from .bench_streaming import perf_section

        upstream = next((v.python for v in variants if v.key == "against"), None)
        streaming = result["streaming"] = perf_section(
            args.python, upstream, args.quick, args.repeat,
            lambda m: progress.update("streaming", m))
        result["errors"] += [f"streaming: {e}" for e in streaming["summary"]["errors"]]
    try:
        machine["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    result["finished"] = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
    result["duration_s"] = round(time.perf_counter() - t0, 1)

    out.mkdir(parents=True, exist_ok=True)
    json_path, png_path, md_path = (
        out / "latest.json",
        out / "latest.png",
        out / "latest.md",
    )
    json_path.write_text(json.dumps(result, indent=1) + "\n")
    md_path.write_text(_report.markdown_report(result))
    if not args.no_chart:
        from ._chart import draw

        draw(result, str(png_path))
    progress.finish(f"done in {result['duration_s'] / 60:.1f} min")
    print(_report.text_report(result))
    if hooks is not None and hooks["text"]:
        print(f"\n{hooks['command']}:\n{hooks['text']}")
    if streaming is not None:
        print(f"\n{streaming['command']}:\n{streaming['text']}")
    print(f"\nresults: {json_path}")
    if not args.no_chart:
        print(f"chart:   {png_path}")
    print(f"README section: {md_path}  (python -m perf --markdown)")
    failed = [
        r["label"] for r in result["metrics"] if r.get("target") and r["target"]["pass"] is False
    ]
    return 1 if args.check and failed else 0
