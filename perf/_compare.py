"""Comparing runs: only like with like, and only beyond the spread.

A run is compared with an earlier one only if both were measured on the
same host (same CPU, cores, memory and host id), with the same interpreter
and the same versions of the measured stack (SDKs, HTTP library, pydantic):
numbers from another machine differ for reasons that say nothing about the
code. Within a comparable pair a row is "slower" only when its median rose
by more than 10% and the two runs' middle halves do not overlap.
"""

from __future__ import annotations

from ._report import fmt_value, row_label

__all__ = ["agreement", "differences", "fingerprint", "pick_baseline", "regressions"]


def fingerprint(result: dict) -> dict:
    """What must match for two runs to be compared."""
    m = result.get("machine", {})
    lazy = next((v for v in result.get("variants", []) if v.get("key") == "lazy"), {})
    info = lazy.get("info", {})
    versions = {k: v for k, v in info.get("dist_versions", {}).items() if k != "instructor"}
    return {
        "format": result.get("format"),
        "host": m.get("host_id"),
        "cpu": m.get("cpu"),
        "cores": m.get("cores"),
        "memory": m.get("memory_gib"),
        "arch": m.get("machine"),
        "python": f"{info.get('implementation', '')} {info.get('python', '')}".strip(),
        "versions": versions,
    }


_WHAT = {
    "format": "another measuring method",
    "host": "another host",
    "cpu": "another CPU",
    "cores": "another core count",
    "memory": "another memory size",
    "arch": "another architecture",
    "python": "another interpreter",
    "versions": "other SDK or library versions",
}


def differences(new: dict, old: dict) -> list[str]:
    """Why ``old`` is not comparable with ``new`` (empty: it is)."""
    a, b = fingerprint(new), fingerprint(old)
    out = []
    for key, what in _WHAT.items():
        if a[key] != b[key]:
            if key == "versions":
                changed = sorted(
                    f"{n} {b[key].get(n, '-')} -> {a[key].get(n, '-')}"
                    for n in set(a[key]) | set(b[key])
                    if a[key].get(n) != b[key].get(n)
                )
                out.append(f"{what} ({', '.join(changed)})")
            elif key in ("host", "format"):
                out.append(what)
            else:
                out.append(f"{what} ({b[key]} vs {a[key]})")
    return out


def pick_baseline(
    result: dict, candidates: list[tuple[str, dict]]
) -> tuple[str | None, dict | None, list[str]]:
    """The newest comparable earlier run among ``(name, result)`` pairs.

    Returns its name and data, and for each candidate passed over a line
    saying why.
    """
    passed_over = []
    usable = []
    for name, old in candidates:
        why = differences(result, old)
        if why:
            passed_over.append(f"{name}: {'; '.join(why)}")
        else:
            usable.append((old.get("finished", ""), name, old))
    if not usable:
        return None, None, passed_over
    _, name, old = max(usable, key=lambda item: item[0])
    return name, old, passed_over


def regressions(result: dict, previous: dict | None, where: str | None, passed_over=()) -> dict:
    """Rows of the "after" column slower than in ``previous`` beyond the spread.

    Slower means the median rose by more than 10% and the two runs' middle
    halves do not overlap (for counts: any rise).
    """
    if previous is None:
        return {"previous": None, "passed_over": list(passed_over), "items": []}
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
                f"{row_label(row)}: {fmt_value(old, row['unit'])} -> {fmt_value(new, row['unit'])}"
            )
    return {
        "previous": where,
        "previous_finished": previous.get("finished"),
        "passed_over": list(passed_over),
        "items": items,
        "floor": _floor_change(result, previous),
    }


def _floor_change(result: dict, previous: dict) -> str | None:
    """If the bare interpreter itself got slower, say so (with the loads).

    The same host can be busier in one run than in the other; then every
    row rises together, and the floor (``python -c pass`` of the bare
    interpreter, which runs no code of ours) shows it.
    """

    def floor(run: dict):
        row = next((r for r in run.get("metrics", []) if r["key"] == "process_ms"), None)
        return (row or {}).get("values", {}).get("bare")

    new, old = floor(result), floor(previous)
    if new is None or old is None:
        return None
    if not (new["median"] > old["median"] * 1.1 and new["p25"] > old["p75"]):
        return None
    loads = [r.get("machine", {}).get("loadavg_start") for r in (previous, result)]
    load = f"; load average {loads[0][0]:g} then, {loads[1][0]:g} now" if all(loads) else ""
    return (
        f"the bare interpreter's start rose too ({fmt_value(old, 'ms')} -> "
        f"{fmt_value(new, 'ms')} ms{load}): the machine was busier, so these rows "
        "say more about load than about the code"
    )


def regression_lines(regs: dict | None) -> list[str]:
    """The report's lines for `regressions`' answer."""
    if not regs:
        return []
    if regs.get("previous") is None:
        lines = [
            "Not compared with an earlier run: none was measured on this host with "
            "this interpreter and these library versions."
        ]
        lines += [f"  passed over {item}" for item in regs.get("passed_over", [])]
        return lines
    when = (regs.get("previous_finished") or "")[:16].replace("T", " ")
    head = f"Compared with {regs['previous']} ({when}; same host, interpreter and versions): "
    if not regs["items"]:
        return [head + "no row of the after column is slower beyond its spread."]
    lines = [head + "slower beyond the spread:"] + [f"  {item}" for item in regs["items"]]
    if regs.get("floor"):
        lines.append(f"  but {regs['floor']}.")
    return lines


def agreement(first: dict, second: dict) -> tuple[list[str], int, int]:
    """Do two runs agree, cell by cell?

    Per row and variant: do their interquartile ranges overlap, or do their
    medians print the same at the table's precision?

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
                f"{'agree ' if ok else 'DIFFER'}  {row_label(row)} [{variant}]: "
                f"{fmt_value(a, row['unit'])}  vs  {fmt_value(b, row['unit'])}"
            )
    return lines, compared, agreed
