"""Per-module bookkeeping: what was deferred, what loaded, why, where, in which thread, how long.

The records themselves; ``_stats`` answers questions about them.
"""

import os
import sys
from _thread import _count as _thread_count
from _thread import get_ident
from time import perf_counter_ns

TYPE_CHECKING = False  # typing is not imported at run time: checkers see the name
if TYPE_CHECKING:
    from typing import Any

# Record states.  "deferred", "loading", "loaded" and "failed" follow the
# deferred module's state machine; "eager" is a matched module loaded at its
# import statement because the eager switch was on; "not-deferrable" is a
# matched module the finder handed back untouched (extension, builtin,
# frozen, namespace package, loader without exec_module ...); "attached" is
# a module that importhooks.attach() declared and nothing imported yet.
STATES = ("deferred", "loading", "loaded", "failed", "eager", "not-deferrable", "attached")

_RECORDS: "dict[str, ModuleRecord]" = {}

_HERE = os.path.dirname(os.path.abspath(__file__)) + os.sep
_SKIP_FILES = ("<frozen importlib", _HERE)
_skip_cache = [None, _SKIP_FILES]


def _skip_prefixes(importlib):
    # importlib/__init__.py (import_module) and friends are import machinery
    # too; recomputed only when the importlib package object changes.
    library = getattr(importlib, "__file__", None)
    extra = (os.path.dirname(library) + os.sep,) if library else ()
    _skip_cache[:] = [importlib, _SKIP_FILES + extra]
    return _skip_cache[1]


def user_frame(depth=1):
    """Where the first caller outside importhooks and the import machinery is: (code, offset).

    The walk starts *depth* frames up (callers skip the frames they know
    are theirs: every frame it looks at costs a frame object).  It keeps
    the code object and instruction offset; the line number is worked out
    only when someone reads it (``describe_frame``), since
    ``frame.f_lineno`` scans the code's line table.

    >>> describe_frame(user_frame()).startswith("<doctest")
    True
    """
    importlib = sys.modules.get("importlib")
    cache = _skip_cache
    skip = cache[1] if cache[0] is importlib else _skip_prefixes(importlib)
    try:
        frame = sys._getframe(depth)
    except ValueError:  # a shallower stack than the caller expected
        frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if not code.co_filename.startswith(skip):
            return (code, frame.f_lasti)
        frame = frame.f_back
    return None


def describe_frame(where):
    """Format a user_frame() result as ``file:line in function``."""
    if where is None:
        return "<no Python frame>"
    code, offset = where
    line = code.co_firstlineno
    for start, end, number in code.co_lines():
        if start <= offset < end:
            if number is not None:
                line = number
            break
    return f"{code.co_filename}:{line} in {code.co_name}"


def thread_name():
    """The current thread's name, without importing threading."""
    threading = sys.modules.get("threading")
    if threading is not None:
        return threading.current_thread().name
    # Without the threading module, threads are rare; with none started
    # through _thread we must be on the main thread.
    if _thread_count() == 0:
        return "MainThread"
    return f"thread-{get_ident()}"


class Trigger:
    """What caused one load attempt: kind, attribute, thread and user frame."""

    __slots__ = ("_where", "attr", "kind", "thread")

    def __init__(self, kind, attr, thread, where):
        self.kind = kind
        self.attr = attr
        self.thread = thread
        self._where = where

    @property
    def site(self):
        """The first user frame, as ``file:line in function``."""
        return describe_frame(self._where)

    def as_dict(self):
        return {
            "kind": self.kind,
            "attr": self.attr,
            "thread": self.thread,
            "site": self.site,
        }

    def describe(self):
        what = self.kind if self.attr is None else f"{self.kind} {self.attr!r}"
        return f"{what} at {self.site} [thread {self.thread}]"


class ModuleRecord:
    """Everything importhooks knows about one module name (JSON-ready via as_dict)."""

    __slots__ = (
        "_import_frame",
        "_trigger",
        "attempts",
        "deferred_at_ns",
        "is_package",
        "last_error",
        "load_ns",
        "load_started_ns",
        "loads",
        "name",
        "origin",
        "reason",
        "reloads",
        "state",
        "substituted",
        "total_load_ns",
    )

    name: str
    state: "str | None"
    reason: "str | None"
    is_package: bool
    origin: "str | None"
    _import_frame: "tuple[object, int] | None"
    deferred_at_ns: "int | None"
    load_started_ns: "int | None"
    _trigger: "Trigger | tuple | None"
    attempts: int
    loads: int
    reloads: int
    load_ns: "int | None"
    total_load_ns: int
    last_error: "str | None"
    substituted: bool

    def __init__(self, name):
        self.name = name
        self.state = None
        self.reason = None
        self.is_package = False
        self.origin = None
        self._import_frame = None
        self.deferred_at_ns = None
        self.load_started_ns = None
        self._trigger = None
        self.attempts = 0
        self.loads = 0
        self.reloads = 0
        self.load_ns = None
        self.total_load_ns = 0
        self.last_error = None
        self.substituted = False

    @property
    def trigger(self) -> "Trigger | None":
        """What caused the last load attempt, or None if nothing has yet."""
        trigger = self._trigger
        if isinstance(trigger, tuple):  # the first touch stores the raw fields
            trigger = self._trigger = Trigger(*trigger)
        return trigger

    @trigger.setter
    def trigger(self, value: "Trigger | None") -> None:
        self._trigger = value

    @property
    def import_site(self) -> "str | None":
        """Where the deferred import statement was (``file:line in function``), or None."""
        where = self._import_frame
        return None if where is None else describe_frame(where)

    def deferred_ns(self, now: "int | None" = None) -> "int | None":
        """How long the body waited: from deferral to load start (or to now)."""
        if self.deferred_at_ns is None:
            return None
        if self.state == "deferred" or self.load_started_ns is None:
            end = perf_counter_ns() if now is None else now
        else:
            end = self.load_started_ns
        return max(0, end - self.deferred_at_ns)

    def as_dict(self, now: "int | None" = None) -> "dict[str, Any]":
        return {
            "name": self.name,
            "state": self.state,
            "reason": self.reason,
            "is_package": self.is_package,
            "origin": self.origin,
            "import_site": self.import_site,
            "deferred_ns": self.deferred_ns(now),
            "trigger": None if self.trigger is None else self.trigger.as_dict(),
            "attempts": self.attempts,
            "loads": self.loads,
            "reloads": self.reloads,
            "load_ns": self.load_ns,
            "total_load_ns": self.total_load_ns,
            "last_error": self.last_error,
            "substituted": self.substituted,
        }

    def __repr__(self):
        return f"<ModuleRecord {self.name!r} {self.state}>"


def record_for(name):
    """Return the record for *name*, creating it on first sight."""
    record = _RECORDS.get(name)
    if record is None:
        record = _RECORDS.setdefault(name, ModuleRecord(name))
    return record
