"""Human-readable rendering of importhooks.stats()."""


def _ms(ns):
    return "-" if ns is None else f"{ns / 1e6:.2f} ms"


def _trigger(trigger):
    if trigger is None:
        return "-"
    what = (
        trigger["kind"]
        if trigger["attr"] is None
        else f"{trigger['kind']} {trigger['attr']!r}"
    )
    return f"{what} at {trigger['site']} [thread {trigger['thread']}]"


def format_report(data):
    """Format a stats() dict as text, one section per state."""
    modules = data["modules"]
    totals = data["totals"]
    lines = [
        "importhooks: {modules} module(s) matched: {deferred} still deferred, {loaded} loaded "
        "on use, {failed} failed, {eager} eager, {nd} not deferrable; "
        "{load} spent running bodies ({attempts} attempt(s))".format(
            modules=totals["modules"],
            deferred=totals["deferred"],
            loaded=totals["loaded"],
            failed=totals["failed"],
            eager=totals["eager"],
            nd=totals["not-deferrable"],
            load=_ms(totals["load_ns"]),
            attempts=totals["attempts"],
        )
        + (f"; {totals['attached']} attached, not imported yet" if totals.get("attached") else "")
    ]
    by_state = {}
    for record in modules.values():
        by_state.setdefault(record["state"], []).append(record)

    loaded = sorted(by_state.get("loaded", []), key=lambda r: -(r["load_ns"] or 0))
    if loaded:
        lines.append("")
        lines.append(f"loaded on first use ({len(loaded)}), slowest first:")
        for r in loaded:
            extra = " [replaced itself in sys.modules]" if r["substituted"] else ""
            reloads = f", {r['reloads']} reload(s)" if r["reloads"] else ""
            waited = (
                f" after {_ms(r['deferred_ns'])} deferred" if r["deferred_ns"] is not None else ""
            )
            lines.append(f"  {r['name']}  {_ms(r['load_ns'])}{waited}{reloads}{extra}")
            lines.append(f"      why: {_trigger(r['trigger'])}")
            lines.append(f"      imported at: {r['import_site']}")

    failed = by_state.get("failed", [])
    if failed:
        lines.append("")
        lines.append(f"failed ({len(failed)}):")
        for r in failed:
            lines.append(
                f"  {r['name']}  {r['attempts']} attempt(s): {r['last_error']}"
            )
            lines.append(f"      last trigger: {_trigger(r['trigger'])}")
            lines.append(f"      imported at: {r['import_site']}")

    for state, title in (
        ("loading", "loading right now"),
        ("eager", "loaded eagerly (eager switch on)"),
    ):
        group = by_state.get(state, [])
        if group:
            lines.append("")
            lines.append(f"{title} ({len(group)}):")
            for r in group:
                lines.append(f"  {r['name']}  {_ms(r['load_ns'])}")

    deferred = by_state.get("deferred", [])
    if deferred:
        lines.append("")
        lines.append(f"still deferred, body never ran ({len(deferred)}):")
        for r in deferred:
            lines.append(f"  {r['name']}  (imported at {r['import_site']})")

    attached = by_state.get("attached", [])
    if attached:
        lines.append("")
        lines.append(f"attached lazily, not imported yet ({len(attached)}):")
        for r in attached:
            lines.append(f"  {r['name']}  (attached at {r['import_site']})")

    undeferrable = by_state.get("not-deferrable", [])
    if undeferrable:
        lines.append("")
        lines.append(
            f"matched but not deferrable, loaded normally ({len(undeferrable)}):"
        )
        for r in undeferrable:
            lines.append(f"  {r['name']}  ({r['reason']})")
    return "\n".join(lines)
