"""The Before/After table as text (terminal) and as Markdown (README)."""

from __future__ import annotations

from ._machine import summary_line

__all__ = ["text_report", "markdown_report", "checks", "regressions", "fmt_value"]

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
    header = ["", *[label for _, label in cols],
              f"after vs {compare_label.split(' (')[0]}", "target (after)"]
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
        lines.append(sep.join(
            c.ljust(w) if i == 0 else c.rjust(w) if i < len(cells) - 1 else c
            for i, (c, w) in enumerate(zip(cells, widths))).rstrip())
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
    return (f"Medians of {s['rounds']} fresh interpreters per cell "
            f"(per-call figures: median of {s['calls']} calls in each); "
            "± is half the interquartile range across interpreters.\n"
            f"Machine: {summary_line(result['machine'])}.")


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
        out.append({"ok": not missing, "text": (
            "INSTRUCTOR_EAGER=1 imports every installed provider SDK at "
            f"`import instructor` ({', '.join(sorted(sdk_sets['eager'])) or 'none'}"
            f" of {', '.join(sorted(want)) or 'none'})"
            + (f"; missing: {', '.join(missing)}" if missing else ""))})
    if "lazy" in sdk_sets:
        got = sorted(sdk_sets["lazy"])
        out.append({"ok": not got, "text": (
            "lazy `import instructor` imports no provider SDK"
            + (f"; it imported: {', '.join(got)}" if got else ""))})
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
            worse = (new["median"] > old["median"] * 1.1 + 1e-9
                     and new["p25"] > old["p75"])
        if worse:
            items.append(f"{_row_label(row)}: {fmt_value(old, row['unit'])} -> "
                         f"{fmt_value(new, row['unit'])}")
    return {"previous": where, "items": items}


def markdown_table(result: dict) -> str:
    header, body = _table_cells(result)
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join([":---", *["---:"] * (len(header) - 2), ":---"]) + "|"]
    for row, cells in zip(result["metrics"], body):
        cells = list(cells)
        cells[0] = cells[0].replace("python -c 'import instructor'",
                                    "`python -c 'import instructor'`")
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
    lines = [
        "## Benchmarks",
        "",
        "What instructor costs a program, measured in fresh interpreters: our "
        "build as shipped (*after*), the same build with every provider loaded "
        "at import (`INSTRUCTOR_EAGER=1`, *before*), the bare interpreter "
        "(the floor)" + (f", and {against['label']} installed from PyPI" if against else "")
        + ". The first command of this README produced this table and chart:",
        "",
        "```bash",
        result.get("command", "python -m perf"),
        "```",
        "",
        markdown_table(result),
        "",
        f"![Benchmark chart: medians with interquartile error bars]({chart_path})",
        "",
        f"Measured {result['finished'][:10]} on {summary_line(m)}; "
        f"{result['settings']['rounds']} interpreters per cell, run "
        f"{result['duration_s'] / 60:.1f} minutes"
        + (f"; SDKs: {sdk_line}" if sdk_line else "") + ".",
        "",
    ]
    if result.get("checks"):
        lines += [f"- {'✓' if c['ok'] else '✗'} {c['text']}" for c in result["checks"]]
        lines.append("")
    lines += HOW_TO_READ.strip().splitlines()
    return "\n".join(lines) + "\n"


HOW_TO_READ = """
### How to read it

- Every cell is the **median over fresh interpreters** (one process per
  sample, variants interleaved A B C A B C so drift hits all alike); `±` is
  half the interquartile range. Two runs on the same machine agree within
  that spread; another machine gives other absolute numbers but similar
  ratios.
- **import instructor** is timed inside the process around the import
  statement; *whole process* is `python -c 'import instructor'` from spawn
  to exit, whose floor is the bare interpreter. Memory is what tracemalloc
  traces after the import, and the peak resident set size of the process.
- **Modules, SDKs, providers, mode handlers** count what the import
  executed (a module deferred by `importhooks` is not counted until its body
  runs). *before* loads every provider whose SDK is installed, so errors
  surface at import; *after* loads none.
- **First use** (`from_openai(OpenAI())`, `from_provider(...)`) is
  instructor's cost on top of the SDK: the SDK is imported and its client
  built first, and the SDK's own import time is shown for scale.
- **Calls** run against the SDK's own HTTP client with an in-process mock
  transport (no sockets), returning a canned tool call. *first create()* is
  the first instructor call minus a warm raw call; *per-call overhead* is
  the median instructor call minus the median raw SDK call (with the same
  tool schema) in the same process, alternating the two.
- **Targets** apply to the *after* column: import at most a fifth of
  upstream 1.17.0's time and under 0.1 MB traced; `from_openai` at most
  10 ms on top of the SDK; at most 100 µs per call over the raw SDK.
  Without an upstream run, the reference figures of upstream measured on
  the project machine are used and the target says so.
- `python -m perf --quick` takes about 30 seconds (fewer samples, wider
  spread); `--repeat N` sets the interpreters per cell; `--against
  /path/to/python` compares with any other installation;
  `python -m perf --markdown` prints this section from
  `perf/results/latest.json`. The hot paths (handler lookup, schema
  build, response parse, a full create) have pytest-benchmark
  microbenchmarks: `tox -e perf`.
"""
