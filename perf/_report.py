"""The Before/After table as text (terminal) and as Markdown (README)."""

from __future__ import annotations

import os

from ._machine import summary_line

__all__ = ["checks", "fmt_value", "markdown_report", "regressions", "text_report"]

COLUMN_ORDER = ("bare", "against", "eager", "lazy")


def _num(x: float) -> str:
    ax = abs(x)
    if ax >= 100:
        return f"{x:.0f}"
    if ax >= 10:
        return f"{x:.1f}"
    if ax >= 1:
        return f"{x:.2f}"
    if ax == 0 or ax >= 0.001:
        return f"{x:.3f}"
    return f"{x:.1e}"


def _like(x: float, ref: float) -> str:
    """``x`` with as many decimals as ``_num(ref)`` shows."""
    shown = _num(ref)
    if "e" in shown:
        return f"{x:.1e}"
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    return f"{x:.{decimals}f}"


def fmt_value(stats: dict | None, unit: str, spread: bool = True) -> str:
    """``median ±half-IQR unit``; counts as ``loaded/total``."""
    if stats is None:
        return "-"
    med = stats["median"]
    if unit == "":
        text = f"{med:.0f}" if med == int(med) else f"{med:.1f}"
        if stats.get("of") is not None:
            text += f"/{stats['of']:.0f}"
        if spread and stats["p75"] != stats["p25"]:
            text += f" ({stats['p25']:.0f}-{stats['p75']:.0f})"
        return text
    text = _num(med)
    half = (stats["p75"] - stats["p25"]) / 2
    if spread and stats["n"] > 1:
        text += f" ±{_like(half, med)}"
    return text


def _ratio(after: dict | None, other: dict | None) -> str:
    if after is None or other is None:
        return "-"
    a, o = after["median"], other["median"]
    if o <= 0 or a < 0:
        return "-"
    if a == 0:
        return "none left"
    r = o / a
    if 1 / 1.05 <= r <= 1.05:
        return "about the same"
    if r >= 1:
        return f"{r:.3g}x less"
    return f"{1 / r:.3g}x MORE"


def _columns(result: dict) -> list[tuple[str, str]]:
    present = {v["key"]: v["label"] for v in result["variants"]}
    return [(k, present[k]) for k in COLUMN_ORDER if k in present]


def _row_label(row: dict) -> str:
    return f"{row['label']} ({row['unit']})" if row["unit"] else row["label"]


def _table_cells(result: dict) -> tuple[list[str], list[list[str]]]:
    cols = _columns(result)
    compare = "against" if any(k == "against" for k, _ in cols) else "eager"
    compare_label = dict(cols).get(compare, compare)
    header = [
        "",
        *[label for _, label in cols],
        f"after vs {compare_label.split(' (')[0]}",
        "target (after)",
    ]
    body = []
    for row in result["metrics"]:
        vals = row["values"]
        cells = [_row_label(row)]
        cells += [fmt_value(vals.get(k), row["unit"]) for k, _ in cols]
        cells.append(_ratio(vals.get("lazy"), vals.get(compare)))
        target = row.get("target")
        if target is None:
            cells.append("")
        else:
            verdict = {True: "PASS", False: "FAIL", None: "n/a"}[target["pass"]]
            cells.append(f"{verdict} {target['text']}")
        body.append(cells)
    return header, body


def text_report(result: dict) -> str:
    """The table for a terminal, then checks and regressions."""
    header, body = _table_cells(result)
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    lines = []
    sep = "  "
    lines.append(sep.join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
    lines.append(sep.join("-" * w for w in widths))
    group = None
    for row, cells in zip(result["metrics"], body):
        if row["group"] != group and group is not None:
            lines.append("")
        group = row["group"]
        lines.append(
            sep.join(
                c.ljust(w) if i == 0 else c.rjust(w) if i < len(cells) - 1 else c
                for i, (c, w) in enumerate(zip(cells, widths))
            ).rstrip()
        )
    lines.append("")
    lines.append(_legend(result))
    for check in result.get("checks", []):
        lines.append(f"  [{'ok' if check['ok'] else 'FAILED'}] {check['text']}")
    regs = result.get("regressions")
    if regs:
        lines.append(f"Regressions since the previous run ({regs['previous']}):")
        for item in regs["items"] or ["none"]:
            lines.append(f"  {item}")
    for err in result.get("errors", []):
        lines.append(f"  error: {err}")
    return "\n".join(lines)


def _legend(result: dict) -> str:
    s = result["settings"]
    return (
        f"Medians of {s['rounds']} fresh interpreters per cell "
        f"(per-call figures: median of {s['calls']} calls in each); "
        "± is half the interquartile range across interpreters.\n"
        f"Machine: {summary_line(result['machine'])}."
    )


def _names(names) -> str:
    return ", ".join(sorted(names)) or "none"


def checks(result: dict, installed: dict) -> list[dict]:
    """Facts the table should show; each says whether it holds."""
    out = []
    sdk_sets = {}
    for run in result["runs"]:
        if run["job"] == "import" and "error" not in run and "sdks_imported" in run:
            sdk_sets.setdefault(run["variant"], set()).update(run["sdks_imported"])
    want = set(installed.values())
    if "eager" in sdk_sets:
        missing = sorted(want - sdk_sets["eager"])
        out.append(
            {
                "ok": not missing,
                "text": (
                    "INSTRUCTOR_EAGER=1 imports every installed provider SDK at "
                    f"`import instructor` ({_names(sdk_sets['eager'])}"
                    f" of {_names(want)})" + (f"; missing: {', '.join(missing)}" if missing else "")
                ),
            }
        )
    if "lazy" in sdk_sets:
        got = sorted(sdk_sets["lazy"])
        out.append(
            {
                "ok": not got,
                "text": (
                    "lazy `import instructor` imports no provider SDK"
                    + (f"; it imported: {', '.join(got)}" if got else "")
                ),
            }
        )
    return out


def regressions(result: dict, previous: dict | None, where: str) -> dict | None:
    """Rows of the "after" column that got worse than in ``previous``.

    Worse means the median rose by more than 10% and the two runs' middle
    halves do not overlap (for counts: any rise).
    """
    if not previous:
        return None
    before = {row["key"]: row["values"].get("lazy") for row in previous.get("metrics", [])}
    items = []
    for row in result["metrics"]:
        new, old = row["values"].get("lazy"), before.get(row["key"])
        if new is None or old is None:
            continue
        if row["unit"] == "":
            worse = new["median"] > old["median"]
        else:
            worse = new["median"] > old["median"] * 1.1 + 1e-9 and new["p25"] > old["p75"]
        if worse:
            items.append(
                f"{_row_label(row)}: {fmt_value(old, row['unit'])} -> {fmt_value(new, row['unit'])}"
            )
    return {"previous": where, "items": items}


def markdown_table(result: dict) -> str:
    header, body = _table_cells(result)
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join([":---", *["---:"] * (len(header) - 2), ":---"]) + "|",
    ]
    for cells in body:
        cells = list(cells)
        for code in ("python -c 'import instructor'", "python -c pass"):
            cells[0] = cells[0].replace(code, f"`{code}`")
        cells[0] = cells[0].replace("(us)", "(µs)")
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def markdown_report(result: dict, chart_path: str = "perf/results/latest.png") -> str:
    """The README's Benchmarks section, generated from a result file."""
    m = result["machine"]
    variants = {v["key"]: v for v in result["variants"]}
    lazy = variants.get("lazy", {})
    versions = lazy.get("info", {}).get("dist_versions", {})
    against = variants.get("against")
    sdk_line = ", ".join(f"{k} {v}" for k, v in sorted(versions.items()) if k != "instructor")
    compared = f", and {against['label']} (`{_short_python(against)}`)" if against else ""
    s = result["settings"]
    intro = (
        "What instructor costs a program, measured in fresh interpreters: this "
        "build as shipped (*after (lazy)*), the same build with every provider "
        "loaded at import (`INSTRUCTOR_EAGER=1`, the phase plan's *before*), the "
        f"bare interpreter (the floor){compared}. This command produced the "
        f"table and the chart ({result['duration_s'] / 60:.1f} minutes; the "
        "README's first command ends with it):"
    )
    lines = [
        "## Benchmarks",
        "",
        intro,
        "",
        "```bash",
        result.get("command", "python -m perf"),
        "```",
        "",
        markdown_table(result),
        "",
        f"![Benchmark chart: medians with interquartile error bars]({chart_path})",
        "",
        f"Measured {result['finished'][:10]} on {summary_line(m)}"
        + (f" (load average {m['loadavg_start'][0]})" if m.get("loadavg_start") else "")
        + f"; {s['rounds']} interpreters per cell, {s['calls']} call pairs in each"
        + (f"; {sdk_line}" if sdk_line else "")
        + ".",
        "",
    ]
    if result.get("checks"):
        lines += [f"- {'✓' if c['ok'] else '✗'} {c['text']}" for c in result["checks"]]
        lines.append("")
    lines += HOW_TO_READ.strip().splitlines()
    hooks = result.get("importhooks")
    if hooks and hooks.get("text") and not hooks.get("returncode"):
        lines += [
            "",
            "### The deferred-module system on its own",
            "",
            (
                f"`{hooks['command']}` measures `importhooks` apart from "
                "instructor (its import cost, its finder on names it does not "
                "defer, deferring versus eager loading of a synthetic package); "
                "`python -m perf` runs it last:"
            ),
            "",
            "<details><summary>importhooks tables</summary>",
            "",
            "```text",
            hooks["text"],
            "```",
            "",
            "</details>",
        ]
    return "\n".join(lines) + "\n"


def _short_python(variant: dict) -> str:
    python = variant.get("python", "")
    home = os.path.expanduser("~")
    return "~" + python[len(home) :] if python.startswith(home + os.sep) else python


HOW_TO_READ = """
### How to read it

- **Each cell is a median over fresh interpreters**: one new process per
  sample, the variants interleaved (A B C A B C ..., the order rotating each
  round) so that drift of the machine hits all of them alike. `±` is half
  the interquartile range of those samples. Two runs on one machine agree
  within that spread; another machine gives other absolute numbers but
  similar ratios. Lower is better everywhere.
- **Every interpreter starts clean**, as from a wheel in a fresh venv:
  with `-S`, then its usual `sys.path` without running `.pth` files. An
  editable install (`pip install -e`) leaves an import hook that imports
  `re`, `pathlib`, `urllib` and more at every start (about 15 ms here),
  which would make whatever is imported after it look cheaper.
- **import instructor** is timed inside the process around the import
  statement. *Whole process* is `python -c 'import instructor'` from spawn
  to exit, its floor the bare interpreter's `python -c pass`; the row below
  subtracts each interpreter's own `python -c pass`. *tracemalloc* is what
  Python allocated during the import; *peak RSS* is the process's
  high-water mark (`VmHWM`: `ru_maxrss` would report the parent's size,
  since it survives `exec`).
- **Modules, SDKs, providers, mode handlers** count what the import
  executed; a module deferred by `importhooks` counts once its body runs.
  *before* loads every provider whose SDK is installed, so errors surface
  at import time; *after* loads none until first use.
- **First use** (`from_openai(OpenAI())`, `from_provider("openai/...")`)
  is instructor's cost on top of the SDK: the program imports the SDK and
  builds its client first, as users do, and the SDK's own import is shown
  for scale. (Upstream's SDK import is slower because instructor 1.17
  depends on aiohttp, which the openai SDK imports when it is installed.)
- **Calls** go through the SDK's own HTTP client with an in-process mock
  transport (no sockets) answering a canned tool call. *First create()* is
  the first instructor call minus a warm raw SDK call; *per-call overhead*
  is the median instructor call minus the median raw SDK call sending the
  same tool schema, the two alternating in one process.
- **Targets** apply to *after*: import at most a fifth of upstream 1.17.0's
  time and under 0.1 MB traced; `from_openai` at most 10 ms on top of the
  SDK; at most 100 µs per call over the raw SDK. Without an upstream run,
  upstream's reference figures from the project machine stand in, and the
  target cell says so.
- **Regressions**: each run is compared with the previous
  `perf/results/latest.json`; an *after* median that rose by more than 10%
  with non-overlapping spreads (or any count that rose) is listed under the
  table. An eager import of a provider SDK added to `instructor/__init__.py`
  shows up as failed import targets, a provider SDK counted at import and a
  failed check.

### Running it

- `python -m perf` runs lazy, eager and bare (about 2.5 minutes on the
  machine above); `--upstream` adds instructor 1.17.0 from PyPI in a cached
  venv under `~/.cache/instructor-perf`, built once with the same openai
  and HTTP-stack versions as ours (about 3 minutes in all);
  `--against /path/to/python` compares with any other installation.
- `python -m perf --compare A.json B.json` checks two runs against each
  other: every cell whose interquartile ranges do not overlap is listed.
- `--quick` takes well under a minute (3 interpreters per cell, wider
  spread); `--repeat N` sets the interpreters per cell, `--calls N` the
  call pairs in each; `--check` exits with status 1 when a target fails.
- Output: the table on stdout, progress on stderr,
  `perf/results/latest.json` (every sample, versions, machine),
  `perf/results/latest.png` (the chart) and `perf/results/latest.md`
  (this section; `python -m perf --markdown` prints it again).
- Microbenchmarks of the hot paths (handler lookup, schema build, response
  parse, a full create against the mocked transport, each next to its raw
  SDK baseline) use pytest-benchmark: `tox -e perf`, or
  `pytest perf --benchmark-only`. They never run in the normal test suite.
"""


def agreement(first: dict, second: dict) -> tuple[list[str], int, int]:
    """Do two runs agree? Per row and variant: do their interquartile ranges
    overlap, or do their medians print the same at the table's precision?

    Returns the printable lines, the number of cells compared and how many
    agree.
    """
    other = {row["key"]: row["values"] for row in second.get("metrics", [])}
    lines, compared, agreed = [], 0, 0
    for row in first.get("metrics", []):
        for variant, a in row["values"].items():
            b = other.get(row["key"], {}).get(variant)
            if b is None:
                continue
            compared += 1
            # Overlapping middle halves, or the same number as the table
            # shows it (RSS moves by a few 4 KiB pages with no spread at all).
            ok = (a["p25"] <= b["p75"] and b["p25"] <= a["p75"]) or fmt_value(
                a, row["unit"], spread=False
            ) == fmt_value(b, row["unit"], spread=False)
            agreed += ok
            lines.append(
                f"{'agree ' if ok else 'DIFFER'}  {_row_label(row)} [{variant}]: "
                f"{fmt_value(a, row['unit'])}  vs  {fmt_value(b, row['unit'])}"
            )
    return lines, compared, agreed
