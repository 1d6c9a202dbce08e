"""The state machine that runs a deferred module's body once: deferred, loading, loaded, failed.

States: deferred -> loading (owner thread) -> loaded | failed; failed ->
loading again on the next touch.  Per-module control blocks live in
``_CONTROLS``, keyed by ``id(module)``, so the module's namespace holds
nothing but what a normal import puts there.
"""

import _frozen_importlib as _bootstrap
import _weakref
import sys
from _thread import get_ident
from time import perf_counter_ns

from ._diagnostics import (
    DeferredImportError,
    add_note,
    failure_note,
    hint_applies,
    thread_name,
    user_site,
)
from ._namespace import (
    IMPORT_METADATA,
    ModuleType,
    drop_from_parent,
    module_setattr,
    namespace,
    set_on_parent,
)
from ._records import Trigger

DEFERRED = "deferred"
LOADING = "loading"
LOADED = "loaded"
FAILED = "failed"


class _NeverRaised(RuntimeError):
    """Stands in for the import system's _DeadlockError if it disappears."""


# The import system's per-module locks give us its deadlock detection for
# cross-module cycles between threads.  They are private; if a future
# Python drops them we fall back to a private re-entrant lock per module.
_get_module_lock = getattr(_bootstrap, "_get_module_lock", None)
_DeadlockError = getattr(_bootstrap, "_DeadlockError", None) or _NeverRaised
USE_IMPORT_LOCKS = _get_module_lock is not None and _DeadlockError is not _NeverRaised

_CONTROLS: "dict[int, Control]" = {}


def _forget(key, ref):
    try:
        control = _CONTROLS.get(key)
    except (AttributeError, TypeError):  # interpreter shutdown cleared our globals
        return
    if control is not None and control.ref is ref:
        _CONTROLS.pop(key, None)


def control_of(module):
    """Return the control block of a deferred module that has not finished loading, or None."""
    control = _CONTROLS.get(id(module))
    if control is None or control.ref() is not module:
        return None
    return control


def controls():
    """Snapshot of all live control blocks."""
    return list(_CONTROLS.values())


class _OwnLock:
    """Re-entrant per-module lock used only when the import system's is unavailable."""

    __slots__ = ("_lock",)

    def __init__(self):
        from _thread import RLock

        self._lock = RLock()

    def acquire(self):
        return self._lock.acquire()

    def release(self):
        self._lock.release()


class Control:
    """State machine and bookkeeping for one deferred module."""

    __slots__ = (
        "adopting",
        "baseline",
        "finder",
        "hint",
        "loader",
        "name",
        "own_lock",
        "owner",
        "pending_class",
        "record",
        "ref",
        "registered",
        "removed",
        "spec",
        "state",
        "substitute",
    )

    baseline: "dict[str, object]"
    own_lock: "_OwnLock | None"
    pending_class: "type | None"
    substitute: object

    def __init__(self, module, spec, loader, record, finder):
        key = id(module)
        self.name = spec.name
        self.spec = spec
        self.loader = loader
        self.record = record
        self.finder = finder
        self.hint = finder.hint_for(spec.name)
        self.state = DEFERRED
        self.owner = None
        self.ref = _weakref.ref(module, lambda ref, key=key: _forget(key, ref))
        self.baseline = {}
        self.registered = False
        self.removed = False
        self.pending_class = None
        self.substitute = None
        self.own_lock = None if USE_IMPORT_LOCKS else _OwnLock()
        self.adopting = False
        _CONTROLS[key] = self

    # -- locking -----------------------------------------------------------

    def _lock(self):
        if self.own_lock is not None or _get_module_lock is None:
            if self.own_lock is None:
                self.own_lock = _OwnLock()
            return self.own_lock
        return _get_module_lock(self.name)

    def wait(self):
        """Block until no other thread is running this module's body."""
        lock = self._lock()
        try:
            lock.acquire()
        except _DeadlockError:
            return
        lock.release()

    # -- transitions -------------------------------------------------------

    def arm(self, module):
        """Take the pre-exec snapshot and mark the record deferred."""
        self.baseline = dict(namespace(module))
        self.registered = sys.modules.get(self.name) is module
        record = self.record
        record.state = "deferred"
        record.reason = None
        record.is_package = self.spec.submodule_search_locations is not None
        record.origin = self.spec.origin
        record.import_site = user_site()
        record.deferred_at_ns = perf_counter_ns()
        record.load_started_ns = None
        record.trigger = None

    def load(self, module, kind, attr):
        """Run the body unless done; return False if the caller must read the partial namespace.

        The partial namespace is what an eager import hands out during a
        circular import: to the thread already running this body, and to a
        thread that would otherwise deadlock against it.
        """
        me = get_ident()
        if self.state is LOADING and self.owner == me:
            return False
        lock = self._lock()
        try:
            lock.acquire()
        except _DeadlockError:
            return False
        try:
            state = self.state
            if state is LOADED:
                return True
            if state is LOADING:
                return False
            self._run(module, kind, attr, me)
            return True
        finally:
            lock.release()

    def set_pending_class(self, cls):
        """Remember a ``__class__`` assignment made by the body; applied after the body ends.

        Applying it at once would drop our __getattribute__ while other
        threads may still reach the half-run namespace.
        """
        probe = ModuleType("importhooks.probe")
        probe.__class__ = cls  # raises the same TypeError an eager module would
        self.pending_class = cls

    def _clean_namespace(self, ns):
        clean = {}
        for key, value in self.baseline.items():
            if key in IMPORT_METADATA:
                if key in ns:
                    clean[key] = ns[key]
            else:
                clean[key] = value
        for key in IMPORT_METADATA:
            if key in ns and key not in clean:
                clean[key] = ns[key]
        return clean

    def _run(self, module, kind, attr, me):
        name = self.name
        record = self.record
        spec = self.spec
        ns = namespace(module)
        baseline = self.baseline
        # Attributes set before the first touch win over the body, as they
        # do with the stdlib's LazyLoader (mock.patch-style stubbing).
        early = {
            key: value
            for key, value in ns.items()
            if key not in IMPORT_METADATA
            and (key not in baseline or baseline[key] is not value)
        }
        clean = self._clean_namespace(ns)
        ns.clear()
        ns.update(clean)

        trigger = Trigger(kind, attr, thread_name(), user_site())
        record.trigger = trigger
        record.attempts += 1
        attempt = record.attempts
        modules = sys.modules
        if self.removed and modules.get(name) is None:
            # A failed attempt removed us, as a failed eager import would;
            # a successful retry puts the module back.
            modules[name] = module
            set_on_parent(name, module, None)
        self.removed = False
        before = modules.get(name)

        self.pending_class = None
        self.owner = me
        self.state = LOADING
        record.state = "loading"
        # spec._initializing stays False: it would make a plain `import x`
        # in another thread wait inside import-system code that does not
        # handle _DeadlockError; here only attribute access waits.
        started = perf_counter_ns()
        record.load_started_ns = started
        try:
            self.loader.exec_module(module)
        except BaseException as exc:
            elapsed = perf_counter_ns() - started
            ns.clear()
            ns.update(clean)
            ns.update(early)
            self.pending_class = None
            current = modules.get(name)
            if current is not None and (current is module or current is not before):
                modules.pop(name, None)
                self.removed = self.registered
            drop_from_parent(name, module)
            record.total_load_ns += elapsed
            record.last_error = f"{type(exc).__qualname__}: {exc}"
            record.state = "failed"
            self.owner = None
            self.state = FAILED
            note = failure_note(name, record.import_site, attempt, trigger)
            if isinstance(exc, AttributeError):
                wrapped = DeferredImportError(
                    f"AttributeError in the body of deferred module {name!r}: {exc}",
                    name=name,
                    path=spec.origin,
                )
                add_note(wrapped, note)
                raise wrapped from exc
            add_note(exc, note)
            if self.hint and hint_applies(name, exc):
                add_note(exc, f"hint: {self.hint}")
            raise

        elapsed = perf_counter_ns() - started
        current = modules.get(name)
        if current is not None and current is not module:
            # The body put another object in sys.modules (eager import would
            # hand that object out): forward to it instead of failing.
            self.substitute = current
            record.substituted = True
            set_on_parent(name, current, module)
        ns.update(early)
        target = self.pending_class or ModuleType
        self.pending_class = None
        record.loads += 1
        record.load_ns = elapsed
        record.total_load_ns += elapsed
        record.state = "loaded"
        if self.substitute is None:
            # From here the object is an ordinary module: no hook, no cost.
            module_setattr(module, "__class__", target)
            _forget(id(module), self.ref)
        self.owner = None
        self.state = LOADED
