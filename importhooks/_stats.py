"""What importhooks can tell about modules: state(), records(), stats().

Records come from the finders and from attach(); a module attach() named
and nobody read yet has no record, so it is described from its attachment.
"""

import sys
from time import perf_counter_ns

from ._attach import attachments
from ._records import _RECORDS, STATES, ModuleRecord

TYPE_CHECKING = False  # typing is not imported at run time: checkers see the name
if TYPE_CHECKING:
    from typing import Any


def state(name: str) -> "str | None":
    """Return the importhooks state of module *name*, or None if never matched.

    One of ``"deferred"``, ``"loading"``, ``"loaded"``, ``"failed"``,
    ``"eager"``, ``"not-deferrable"``, ``"attached"``.

    >>> state("a.module.importhooks.never.saw") is None
    True
    """
    record = _RECORDS.get(name)
    if record is not None:
        return record.state
    for attachment in attachments():
        if name in attachment.modules():
            return "loaded" if name in sys.modules else "attached"
    return None


def _declared_records():
    """Records for attached modules nobody resolved through importhooks yet (not stored)."""
    found = {}
    for attachment in attachments():
        for name in sorted(attachment.modules()):
            if name not in _RECORDS and name not in found:
                record = ModuleRecord(name)
                record.state = "loaded" if name in sys.modules else "attached"
                record._import_frame = attachment.declared_at
                found[name] = record
    return list(found.values())


def records() -> "list[ModuleRecord]":
    """Return a snapshot list of the ModuleRecord objects, in first-seen order."""
    return list(_RECORDS.values())


def stats() -> "dict[str, dict[str, Any]]":
    """Return per-module records and totals as plain, JSON-serialisable dicts.

    ``stats()["modules"][name]`` holds the state, trigger (kind, attribute,
    thread, first user frame), attempts, load times in nanoseconds and the
    last error; ``stats()["totals"]`` counts modules per state and sums the
    time spent running bodies.

    >>> sorted(stats())
    ['modules', 'totals']
    """
    now = perf_counter_ns()
    modules = {}
    counts = dict.fromkeys(STATES, 0)
    load_ns = 0
    attempts = 0
    never_loaded = []
    failed = []
    for record in [*_RECORDS.values(), *_declared_records()]:
        modules[record.name] = record.as_dict(now)
        if record.state in counts:
            counts[record.state] += 1
        load_ns += record.total_load_ns
        attempts += record.attempts
        if record.state == "deferred" or record.state == "attached":
            never_loaded.append(record.name)
        elif record.state == "failed":
            failed.append(record.name)
    totals: dict[str, object] = {"modules": len(modules), **counts}
    totals["attempts"] = attempts
    totals["load_ns"] = load_ns
    totals["never_loaded"] = never_loaded
    totals["failed_modules"] = failed
    return {"modules": modules, "totals": totals}
