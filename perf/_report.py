"""The Before/After table as text (terminal) and as Markdown (README)."""

from __future__ import annotations

from ._machine import summary_line
from ._probe_providers import PROVIDERS

__all__ = ["checks", "fmt_value", "markdown_table", "row_label", "text_report"]

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


def row_label(row: dict) -> str:
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
    busy = load_warning(result.get("machine", {})) is not None
    body = []
    for row in result["metrics"]:
        vals = row["values"]
        gaps = row.get("unavailable", {})
        cells = [row_label(row)]
        cells += [
            "n/a" if k in gaps and k not in vals else fmt_value(vals.get(k), row["unit"])
            for k, _ in cols
        ]
        cells.append(_ratio(vals.get("lazy"), vals.get(compare)))
        cells.append(_target_cell(row, busy))
        body.append(cells)
    return header, body


def _target_cell(row: dict, busy: bool = False) -> str:
    """The verdict, judged on the spread: the middle half of the samples.

    ``busy``: the machine was loaded when the run started (see
    `load_warning`); a timing that misses its target says so.
    """
    target = row.get("target")
    if target is None:
        return ""
    verdict = target.get("verdict") or {True: "pass", False: "fail"}.get(target["pass"], "n/a")
    text = f"{verdict.upper()} {target['text']}"
    after = row["values"].get("lazy")
    if verdict in ("fail", "unclear") and after is not None and after["n"] > 1:
        low, high = _num(after["p25"]), _num(after["p75"])
        where = "spans it" if verdict == "unclear" else "misses it"
        load = "; busy machine" if busy and row["unit"] in ("ms", "us") else ""
        text += f" (middle half {low}-{high} {where}{load})"
    elif verdict == "n/a" and "lazy" in row.get("unavailable", {}):
        text += " (not in this build)"
    return text


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
    from ._compare import regression_lines

    lines += regression_lines(result.get("regressions"))
    for item in result.get("unavailable", []):
        lines.append(f"  n/a: {item['label']}, {item['job']}: {item['reason']}")
    for err in result.get("errors", []):
        lines.append(f"  error: {err}")
    return "\n".join(lines)


def _legend(result: dict) -> str:
    s = result["settings"]
    lines = [
        f"Medians of {s['rounds']} fresh interpreters per cell "
        f"(per-call figures: median of {s['calls']} calls in each); "
        "± is half the interquartile range across interpreters.",
        "A target PASSes when the middle half of the after samples meets it, "
        "FAILs when none of it does, and is UNCLEAR when it falls inside (noise).",
        f"Machine: {summary_line(result['machine'])}.",
    ]
    busy = load_warning(result["machine"])
    if busy:
        lines.append(busy)
    return "\n".join(lines)


def load_warning(machine: dict) -> str | None:
    """A sentence if the machine was busy when the run started, else None."""
    load, cores = machine.get("loadavg_start"), machine.get("cores") or 1
    if not load or load[0] <= 0.25 * cores:
        return None
    return (
        f"The load average was {load[0]:g} on {cores} cores at the start: other work "
        "competed with the benchmark, so timings are higher and noisier than on an idle machine."
    )


def _names(names) -> str:
    return ", ".join(sorted(names)) or "none"


def checks(result: dict, installed: dict, registered: list[str] | None = None) -> list[dict]:
    """Facts the table should show; each says whether it holds.

    ``installed`` maps provider names to the SDK module each needs;
    ``registered`` (our build's providers) narrows what eager loading must
    import: an installed SDK of a provider the build lacks stays unimported.
    """
    out = []
    sdk_sets = {}
    for run in result["runs"]:
        if run["job"] == "import" and "error" not in run and "sdks_imported" in run:
            sdk_sets.setdefault(run["variant"], set()).update(run["sdks_imported"])
    want = {sdk for p, sdk in installed.items() if registered is None or p in registered}
    if "eager" in sdk_sets:
        missing = sorted(sdk for sdk in want if not _imported(sdk, sdk_sets["eager"]))
        out.append(
            {
                "ok": not missing,
                "text": (
                    "INSTRUCTOR_EAGER=1 imports the SDK of every installed provider of this "
                    f"build at `import instructor` ({_names(sdk_sets['eager'])}"
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
    return out + _provider_checks(result["runs"])


def _imported(sdk: str, imported: set[str]) -> bool:
    """Whether ``sdk`` (cerebras.cloud.sdk, say) is among the SDK packages seen.

    The probe lists the packages of SDK_MODULES (cerebras): an SDK module
    counts as imported when it or a package above it is listed.
    """
    return sdk in imported or any(sdk.startswith(name + ".") for name in imported)


def _provider_runs(runs: list[dict], name: str) -> list[dict]:
    jobs = (f"first_use:{name}", f"calls:{name}")
    return [r for r in runs if r["job"] in jobs and r["variant"] == "lazy" and "error" not in r]


def _provider_checks(runs: list[dict]) -> list[dict]:
    """Per-provider facts: SDKs another SDK imports, service models read twice."""
    out = []
    for name, entry in PROVIDERS.items():
        recs = _provider_runs(runs, name)
        brought = {m for r in recs for m in r.get("sdk_brought", ())}
        if entry["brings"] and recs:
            missing = sorted(set(entry["brings"]) - brought)
            out.append(
                {
                    "ok": not missing,
                    "text": (
                        f"`import {entry['sdk']}` imports {', '.join(entry['brings'])} itself: "
                        f"its cost is in the SDK's row, not instructor's"
                        + (f"; it did not import: {', '.join(missing)}" if missing else "")
                    ),
                }
            )
        counted = [r for r in recs if "first_use_model_loads" in r]
        if counted:
            client = max(r["sdk_client_model_loads"] for r in counted)
            again = max(r["first_use_model_loads"] for r in counted)
            out.append(
                {
                    "ok": again == 0 and client > 0,
                    "text": (
                        f"{entry['factory']} and its first create() read no service model "
                        f"again ({entry['sdk']}'s client read {client}, instructor {again})"
                    ),
                }
            )
    return out


def markdown_table(result: dict) -> str:
    """The table in Markdown; each provider's block opens with a row naming it."""
    header, body = _table_cells(result)
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join([":---", *["---:"] * (len(header) - 2), ":---"]) + "|",
    ]
    group = None
    for row, cells in zip(result["metrics"], body):
        if row["group"] != group and row["group"] != "import":
            lines.append(f"| **{row['group']}** |" + " |" * (len(header) - 1))
        group = row["group"]
        cells = list(cells)
        for code in ("python -c 'import instructor'", "python -c pass"):
            cells[0] = cells[0].replace(code, f"`{code}`")
        cells[0] = cells[0].replace("(us)", "(µs)")
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)
