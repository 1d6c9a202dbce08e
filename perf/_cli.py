"""``python -m perf``: measure, print the table, write JSON, PNG and Markdown.

python -m perf                  # lazy, eager, bare (times: README, Benchmarks)
python -m perf --upstream       # also instructor 1.17.0 from PyPI
python -m perf --quick          # about a minute, wider spread
python -m perf --against /path/to/other/venv/bin/python
python -m perf --markdown       # the report of the last run as Markdown
python -m perf --publish        # keep the last run as this machine's baseline; regenerate docs
python -m perf --docs           # regenerate docs/benchmarks.md, its chart, the README table

Runs write to perf/results/ (untracked); only --publish and --docs touch
tracked files.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path

from . import _compare, _docs, _machine, _report
from ._metrics import compute, metrics_for
from ._probe_providers import PROVIDERS
from ._progress import Progress, run_quietly
from ._runner import FROM_PROVIDER, run_rounds
from ._variants import build_variants

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
# A round of every provider's block (13 SDKs, each imported afresh per
# cell) takes about 4 minutes on 2 cores. 5 rounds keep the medians stable
# and the spread readable; --repeat 15 for a quieter table.
DEFAULT_ROUNDS = 5
# The default report's provider blocks: the two most used, boto3 (the slowest
# SDK to start), google-genai (the largest) and LiteLLM (which imports
# openai itself). Every block of all 13 made a run take an hour on 2 cores:
# --providers all for those.
DEFAULT_PROVIDERS = ("openai", "anthropic", "bedrock", "genai", "litellm")
DEFAULT_CALLS = 200
QUICK_ROUNDS = 3
QUICK_CALLS = 50
UPSTREAM_VERSION = "1.17.0"
IMPORTHOOKS_ROUNDS = 21
# Bumped whenever a change of method makes old numbers incomparable; a
# baseline of another format is not used to flag regressions.
RESULT_FORMAT = "instructor-perf/3"
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
    p.add_argument(
        "--providers",
        metavar="A,B",
        help="measure only these providers' blocks, or 'all' for every installed one "
        f"of {', '.join(PROVIDERS)} (default: {','.join(DEFAULT_PROVIDERS)})",
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
        help="where latest.json/.png/.md go (default perf/results, untracked)",
    )
    p.add_argument("--no-chart", action="store_true", help="do not draw the PNG")
    p.add_argument(
        "--markdown",
        action="store_true",
        help="print the report of a result file as Markdown and exit",
    )
    p.add_argument(
        "--publish",
        action="store_true",
        help="keep a result file (default: the last run) as its machine's baseline "
        "in perf/baselines/ and regenerate the docs from it",
    )
    p.add_argument(
        "--docs",
        action="store_true",
        help="regenerate docs/benchmarks.md, docs/benchmarks.png and the README's "
        "table from the baseline the README names (or --results FILE)",
    )
    p.add_argument(
        "--results",
        metavar="FILE",
        help="result file for --markdown/--publish/--docs, or the only candidate "
        "baseline a new run may be compared with (default: the previous run and "
        "perf/baselines/, whichever was measured on this host with this interpreter)",
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
        help="exit with status 1 if a target of the 'after' column clearly fails",
    )
    return p


def _command_line(argv: list[str]) -> str:
    return "python -m perf" + "".join(" " + shlex.quote(a) for a in argv)


def _importhooks_section(args, progress: Progress) -> dict | None:
    """The importhooks section: run ``python -m perf.bench_importhooks``.

    The deferred-module system's own benchmark lives in its own file; its
    table and JSON summary are kept in the result.
    """
    if args.no_importhooks or not (HERE / "bench_importhooks.py").exists():
        return None
    rounds = IMPORTHOOKS_QUICK_ROUNDS if args.quick else IMPORTHOOKS_ROUNDS
    progress.note(f"importhooks: python -m perf.bench_importhooks --rounds {rounds}")
    with tempfile.TemporaryDirectory(prefix="instructor-perf-") as tmp:
        summary = Path(tmp) / "importhooks.json"
        cmd = ["-m", "perf.bench_importhooks", "--rounds", str(rounds)]
        t0 = time.perf_counter()
        status, stdout, stderr = run_quietly(
            [args.python, *cmd, "--json", str(summary)], progress.note, cwd=ROOT
        )
        section = {
            "command": "python " + " ".join(cmd),
            "returncode": status,
            "duration_s": round(time.perf_counter() - t0, 1),
            "text": stdout.strip(),
            "summary": _load(summary),
        }
    if status:
        section["error"] = (stderr.strip().splitlines() or ["no output"])[-1]
        progress.note(f"  importhooks benchmark failed: {section['error']}")
    return section


def _load(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _offline(args, out: Path) -> int | None:
    """The options that work on result files instead of measuring."""
    if args.compare:
        first, second = (_load(Path(f)) for f in args.compare)
        if first is None or second is None:
            raise SystemExit("perf: --compare needs two result files")
        for why in _compare.differences(first, second):
            print(f"note: not like with like: {why}")
        lines, compared, agreed = _compare.agreement(first, second)
        print("\n".join(lines))
        print(
            f"{agreed} of {compared} cells agree (interquartile ranges overlap,"
            " or the medians print the same)"
        )
        return 0 if agreed == compared else 1
    if args.markdown or args.publish:
        path = Path(args.results) if args.results else out / "latest.json"
        result = _load(path)
        if result is None:
            raise SystemExit(f"perf: no result file at {path}; run `python -m perf` first")
        if args.markdown:
            sys.stdout.write(_docs.markdown_report(result, path.name, "latest.png", marker=False))
            return 0
        baseline = _docs.publish(result, ROOT)
        print(f"baseline: {baseline}")
        for written in _docs.regenerate(ROOT, baseline, chart=not args.no_chart):
            print(f"wrote {written}")
        return 0
    if args.docs:
        baseline = (
            Path(args.results).resolve().relative_to(ROOT).as_posix() if args.results else None
        )
        for written in _docs.regenerate(ROOT, baseline, chart=not args.no_chart):
            print(f"wrote {written}")
        return 0
    return None


def _baselines(args, out: Path) -> list[tuple[str, dict]]:
    """Earlier runs a new one may be compared with (like with like decides)."""
    paths = (
        [Path(args.results)]
        if args.results
        else [out / "latest.json", *sorted((ROOT / "perf" / "baselines").glob("*.json"))]
    )
    found = []
    for path in paths:
        data = _load(path)
        if data is not None:
            try:
                name = path.resolve().relative_to(ROOT).as_posix()
            except ValueError:
                name = str(path)
            found.append((name, data))
    return found


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    out = Path(args.out)
    done = _offline(args, out)
    if done is not None:
        return done
    # Children start in a temporary folder: relative paths would break there.
    # (abspath, not resolve: a venv's python is a symlink that must stay one.)
    args.python = os.path.abspath(args.python)
    if args.against:
        args.against = os.path.abspath(args.against)
    rounds = args.repeat or (QUICK_ROUNDS if args.quick else DEFAULT_ROUNDS)
    calls = args.calls or (QUICK_CALLS if args.quick else DEFAULT_CALLS)
    if rounds < 1 or calls < 1:
        raise SystemExit("perf: --repeat and --calls must be at least 1")
    earlier = _baselines(args, out)  # read now: this run replaces latest.json
    progress = Progress()
    started = _dt.datetime.now().astimezone()
    t0 = time.perf_counter()
    machine = _machine.describe()
    variants = build_variants(args, ROOT, progress)
    progress.note(
        "variants: "
        + "; ".join(
            f"{v.label} = {v.python}{' INSTRUCTOR_EAGER=1' if v.eager else ''}" for v in variants
        )
    )
    if args.providers is None:
        args.providers = ",".join(DEFAULT_PROVIDERS)
    elif args.providers.strip() == "all":
        args.providers = None
    if args.providers:
        chosen = [p.strip() for p in args.providers.split(",") if p.strip()]
        unknown = sorted(set(chosen) - set(PROVIDERS))
        if unknown:
            raise SystemExit(f"perf: unknown provider(s): {', '.join(unknown)}")
        for v in variants:
            v.info["selected_providers"] = chosen
    measured = run_rounds(variants, rounds, calls, progress)
    labels = {v.key: v.label for v in variants}
    installed = {p for v in variants for p in v.info.get("installed_providers", {})}
    if args.providers:
        installed &= set(variants[-1].info["selected_providers"])
    providers = [p for p in PROVIDERS if p in installed]
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
        "runs": measured["runs"],
        "unavailable": [{**u, "label": labels[u["variant"]]} for u in measured["unavailable"]],
    }
    result["metrics"] = compute(
        metrics_for(providers, [p for p in FROM_PROVIDER if p in installed]),
        measured["runs"],
        [v.key for v in variants],
        measured["unavailable"],
    )
    lazy = variants[-1].info
    result["checks"] = _report.checks(
        result, lazy.get("installed_providers", {}), lazy.get("registered_providers")
    )
    result["errors"] = measured["errors"]
    result["examples"] = measured["examples"]
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
    name, previous, passed_over = _compare.pick_baseline(result, earlier)
    result["regressions"] = _compare.regressions(result, previous, name, passed_over)

    out.mkdir(parents=True, exist_ok=True)
    json_path, png_path, md_path = (out / "latest.json", out / "latest.png", out / "latest.md")
    json_path.write_text(json.dumps(result, indent=1) + "\n")
    md_path.write_text(_docs.markdown_report(result, "latest.json", "latest.png", marker=False))
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
    print(f"report:  {md_path}  (python -m perf --publish makes it this machine's baseline)")
    failed = [r["label"] for r in result["metrics"] if (r.get("target") or {}).get("pass") is False]
    return 1 if args.check and failed else 0
