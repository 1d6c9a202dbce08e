"""The state machine that runs a deferred module's body once, and the raw namespace access it needs.

States: deferred -> loading (owner thread) -> loaded | failed; failed ->
loading again on the next touch.  Per-module control blocks live in
``_CONTROLS``, keyed by ``id(module)``, so the module's namespace holds
nothing but what a normal import puts there.  Everything here reads and
writes modules past DeferredModule's hooks (``namespace()``,
``module_setattr``), so bookkeeping never triggers a load.
"""

import _frozen_importlib as _bootstrap
import _weakref
import sys
from _thread import get_ident
from time import perf_counter_ns

from ._records import Trigger, thread_name, user_frame

TYPE_CHECKING = False  # typing is not imported at run time: checkers see the name
if TYPE_CHECKING:
    from types import ModuleType
else:
    ModuleType = type(sys)

module_getattribute = ModuleType.__getattribute__
module_setattr = ModuleType.__setattr__

DEFERRED = "deferred"
LOADING = "loading"
LOADED = "loaded"
FAILED = "failed"

# What the import system writes from the spec.  These survive a namespace
# reset and are never treated as user changes made before the first touch.
IMPORT_METADATA = frozenset(
    ("__name__", "__loader__", "__package__", "__spec__", "__path__", "__file__", "__cached__")
)

# The rest of a fresh module's namespace, shared by every control block
# whose module looked like this when it was deferred (nearly all do).
_FRESH = {"__doc__": None}
_FRESH_KEYS = IMPORT_METADATA | _FRESH.keys()


def namespace(module):
    """The ``__dict__`` of *module*, read without running a deferred body."""
    return module_getattribute(module, "__dict__")


def _parent_namespace(name):
    parent_name, _, child = name.rpartition(".")
    if not parent_name:
        return None, child
    parent = sys.modules.get(parent_name)
    if not isinstance(parent, ModuleType):
        return None, child
    return namespace(parent), child


def set_on_parent(name, value, replacing):
    """Bind *value* as the parent package's attribute for *name* if it still holds *replacing*."""
    ns, child = _parent_namespace(name)
    if ns is not None and ns.get(child) is replacing:
        ns[child] = value


def drop_from_parent(name, module):
    """Remove the parent package's attribute for *name* if it is *module* (a failed import)."""
    ns, child = _parent_namespace(name)
    if ns is not None and ns.get(child) is module:
        del ns[child]


class _NeverRaised(RuntimeError):
    """Stands in for the import system's _DeadlockError if it disappears."""


# The import system's per-module locks give us its deadlock detection for
# cross-module cycles between threads.  They are private; if a future
# Python drops them we fall back to a private re-entrant lock per module.
_get_module_lock = getattr(_bootstrap, "_get_module_lock", None)
_DeadlockError = getattr(_bootstrap, "_DeadlockError", None) or _NeverRaised
USE_IMPORT_LOCKS = _get_module_lock is not None and _DeadlockError is not _NeverRaised

_CONTROLS: "dict[int, Control]" = {}


class _ModuleRef(_weakref.ref):
    """Weak reference to a deferred module that remembers its key in _CONTROLS."""

    __slots__ = ("key",)


def _forget(ref):
    try:
        control = _CONTROLS.get(ref.key)
    except (AttributeError, TypeError):  # interpreter shutdown cleared our globals
        return
    if control is not None and control.ref is ref:
        _CONTROLS.pop(ref.key, None)


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
    """State machine and bookkeeping for one deferred module.

    Created by ``defer()`` from the plain module the import system just
    built: it snapshots what the import system put in the namespace and
    marks the module's record deferred.
    """

    __slots__ = (
        "adopting",
        "baseline",
        "finder",
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

    def __init__(self, module, spec, loader, record, finder, import_frame):
        name = spec.name
        self.name = name
        self.spec = spec
        self.loader = loader
        self.record = record
        self.finder = finder
        self.state = DEFERRED
        self.owner = None
        ref = self.ref = _ModuleRef(module, _forget)
        ref.key = key = id(module)
        ns = namespace(module)
        if ns.get("__doc__", ns) is None and ns.keys() <= _FRESH_KEYS:
            self.baseline = _FRESH
        else:
            self.baseline = {k: v for k, v in ns.items() if k not in IMPORT_METADATA}
        self.registered = sys.modules.get(name) is module
        self.removed = False
        self.pending_class = None
        self.substitute = None
        self.own_lock = None if USE_IMPORT_LOCKS else _OwnLock()
        self.adopting = False
        record.state = DEFERRED
        record.is_package = spec.submodule_search_locations is not None
        record.origin = spec.origin
        record._import_frame = import_frame
        record.deferred_at_ns = perf_counter_ns()
        if record.attempts or record.reason is not None:  # a record reused by a new import
            record.reason = None
            record.load_started_ns = None
            record.trigger = None
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

    def load(self, module, kind, attr, site_depth=2):
        """Run the body unless done; return False if the caller must read the partial namespace.

        The partial namespace is what an eager import hands out during a
        circular import: to the thread already running this body, and to a
        thread that would otherwise deadlock against it.  *site_depth* is
        how far up from ``_run`` the trigger's user frame can be: callers
        that know their own frames skip them.
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
            self._run(module, kind, attr, me, site_depth)
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
        """The snapshot taken at defer time, with the import metadata as it is now, in *ns*'s order."""
        baseline = self.baseline
        clean = {}
        for key, value in ns.items():
            if key in IMPORT_METADATA:
                clean[key] = value
            elif key in baseline:
                clean[key] = baseline[key]
        for key, value in baseline.items():
            if key not in clean:
                clean[key] = value
        return clean

    def _run(self, module, kind, attr, me, site_depth):
        name = self.name
        record = self.record
        ns = namespace(module)
        baseline = self.baseline
        # Attributes set before the first touch win over the body, as they
        # do with the stdlib's LazyLoader (mock.patch-style stubbing).
        if baseline is _FRESH and ns.get("__doc__", ns) is None and ns.keys() <= _FRESH_KEYS:
            early = None  # untouched since the import: nothing to set aside
        else:
            early = {
                key: value
                for key, value in ns.items()
                if key not in IMPORT_METADATA
                and (key not in baseline or baseline[key] is not value)
            }
        if early is not None and (early or any(key not in ns for key in baseline)):
            clean = self._clean_namespace(ns)
            ns.clear()
            ns.update(clean)
        pre_exec = dict(ns)  # what a failed attempt resets the namespace to

        trigger = Trigger(kind, attr, thread_name(), user_frame(site_depth))
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
        record.state = LOADING
        # spec._initializing stays False: it would make a plain `import x`
        # in another thread wait inside import-system code that does not
        # handle _DeadlockError; here only attribute access waits.
        started = record.load_started_ns = perf_counter_ns()
        try:
            self.loader.exec_module(module)
        except BaseException as exc:
            elapsed = perf_counter_ns() - started
            ns.clear()
            ns.update(pre_exec)
            if early:
                ns.update(early)
            self.pending_class = None
            current = modules.get(name)
            if current is not None and (current is module or current is not before):
                modules.pop(name, None)
                self.removed = self.registered
            drop_from_parent(name, module)
            record.total_load_ns += elapsed
            record.last_error = f"{type(exc).__qualname__}: {exc}"
            record.state = FAILED
            self.owner = None
            self.state = FAILED
            from ._errors import annotate_failure

            wrapped = annotate_failure(
                exc,
                name,
                self.spec.origin,
                record._import_frame,
                attempt,
                trigger,
                self.finder.hint_for(name),
            )
            if wrapped is not None:
                raise wrapped from exc
            raise

        elapsed = perf_counter_ns() - started
        current = modules.get(name)
        if current is not None and current is not module:
            # The body put another object in sys.modules (eager import would
            # hand that object out): forward to it instead of failing.
            self.substitute = current
            record.substituted = True
            set_on_parent(name, current, module)
        if early:
            ns.update(early)
        target = self.pending_class or ModuleType
        self.pending_class = None
        record.loads += 1
        record.load_ns = elapsed
        record.total_load_ns += elapsed
        record.state = LOADED
        if self.substitute is None:
            # From here the object is an ordinary module: no hook, no cost.
            module_setattr(module, "__class__", target)
            _forget(self.ref)
        self.owner = None
        self.state = LOADED
