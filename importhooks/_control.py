"""The state machine that runs a deferred module's body once, and the raw namespace access it needs.

States: deferred -> loading (owner thread) -> loaded | failed; failed ->
loading again on the next touch.  Per-module control blocks live in
``_CONTROLS``, keyed by ``id(module)``, so the module's namespace holds
nothing but what a normal import puts there.  Everything here reads and
writes modules past DeferredModule's hooks (``namespace()``,
``module_setattr``), so bookkeeping never triggers a load.
"""

import _frozen_importlib_external as _external
import _weakref
import sys
from _thread import allocate_lock, get_ident
from time import perf_counter_ns

from ._code import code_of
from ._records import thread_name, user_frame

TYPE_CHECKING = False  # typing is not imported at run time: checkers see the name
if TYPE_CHECKING:
    from _thread import LockType
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


_making_lock = allocate_lock()  # two first touches at once must share one lock


def wait_for(control, lock):
    """Wait for the thread running *control*'s body (importhooks._locks, loaded on first contention)."""
    from ._locks import wait_for

    return wait_for(control, lock)


_CONTROLS: "dict[int, Control]" = {}

# The stdlib's exec_module of source and bytecode loaders.  For a loader
# that uses it unchanged, _run does the same two steps itself (get the
# code, then exec it in the namespace): the stdlib version reads the
# module's __name__ and __dict__, and on a deferred module each read is a
# hook call; and importhooks._code gets the code by a shorter way.
_STDLIB_EXEC = getattr(getattr(_external, "_LoaderBasics", None), "exec_module", None)


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
        "lock",
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
    lock: "LockType | None"
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
        self.lock = None
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
        # Made at the first touch, not at the import: most deferred
        # modules are never touched.  See importhooks._locks for the waits.
        with _making_lock:
            lock = self.lock
            if lock is None:
                lock = self.lock = allocate_lock()
        return lock

    def wait(self):
        """Block until no other thread is running this module's body (unless that would deadlock)."""
        lock = self.lock or self._lock()
        if lock.acquire(False) or wait_for(self, lock):
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
        if self.owner == me:  # this thread is running the body (the lock is not re-entrant)
            return False
        lock = self.lock or self._lock()
        if not lock.acquire(False) and not wait_for(self, lock):
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
            if self.owner == me:  # _run failed before its body ran
                self.owner = None
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
        # First: a finalizer or signal handler that touches this module on
        # this thread from here on must read the partial namespace, not
        # wait for the lock it already holds.
        self.owner = me
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

        # The trigger is kept as raw fields; the record makes a Trigger of
        # them when someone reads it.
        record._trigger = (kind, attr, thread_name(), user_frame(site_depth))
        attempt = record.attempts = record.attempts + 1
        modules = sys.modules
        if self.removed:
            if modules.get(name) is None:
                # A failed attempt removed us, as a failed eager import
                # would; a successful retry puts the module back.
                modules[name] = module
                set_on_parent(name, module, None)
            self.removed = False
        before = modules.get(name)

        self.state = LOADING  # pending_class is None: every way out of _run resets it
        record.state = LOADING
        # spec._initializing stays False: a plain `import x` in another
        # thread would then take the import system's lock for x, which is
        # not this one, so it could not wait for the body anyway; attribute
        # access is what waits.
        started = record.load_started_ns = perf_counter_ns()
        try:
            loader = self.loader
            if type(loader).exec_module is _STDLIB_EXEC:
                code = code_of(loader, self.spec)
                if code is None:
                    raise ImportError(f"cannot load module {name!r} when get_code() returns None")
                exec(code, ns)
            else:
                loader.exec_module(module)
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
                record.trigger,
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
            _CONTROLS.pop(self.ref.key, None)
        self.owner = None
        self.state = LOADED
