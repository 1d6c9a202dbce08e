"""The deferred module object and the state machine that runs its body once.

States: deferred -> loading (owner thread) -> loaded | failed; failed ->
loading again on the next touch.  The import system creates and fills a
plain module; ``defer()`` then switches its class to DeferredModule, so the
import statement itself runs no Python-level attribute hooks.  Per-module
control data lives in ``_CONTROLS``, keyed by ``id(module)``, so the
module's namespace holds nothing but what a normal import puts there.
"""

import _frozen_importlib as _bootstrap
import _weakref
import os
import sys
from _thread import _count as _thread_count
from _thread import get_ident
from time import perf_counter_ns

from ._records import Trigger

TYPE_CHECKING = False  # typing is not imported at run time: checkers see the name
if TYPE_CHECKING:
    from types import ModuleType
else:
    ModuleType = type(sys)
_module_getattribute = ModuleType.__getattribute__
_module_setattr = ModuleType.__setattr__
_module_delattr = ModuleType.__delattr__
_module_dir = ModuleType.__dir__
_module_repr = ModuleType.__repr__

DEFERRED = "deferred"
LOADING = "loading"
LOADED = "loaded"
FAILED = "failed"

# What the import system writes from the spec.  These survive a namespace
# reset and are never treated as user changes made before the first touch.
IMPORT_METADATA = frozenset(
    (
        "__name__",
        "__loader__",
        "__package__",
        "__spec__",
        "__path__",
        "__file__",
        "__cached__",
    )
)

# Names answered without running the body: the import metadata except
# __path__ (a child import must see the package body run first), and the
# methods every module has from its type.  __dict__, __doc__ and
# __annotations__ describe the body, so they load it.
_SERVED = frozenset(
    (set(dir(ModuleType)) - {"__dict__", "__doc__", "__annotations__"})
    | (IMPORT_METADATA - {"__path__"})
)


class _NeverRaised(RuntimeError):
    """Stands in for the import system's _DeadlockError if it disappears."""


# The import system's per-module locks give us its deadlock detection for
# cross-module cycles between threads.  They are private; if a future
# Python drops them we fall back to a private re-entrant lock per module.
_get_module_lock = getattr(_bootstrap, "_get_module_lock", None)
_DeadlockError = getattr(_bootstrap, "_DeadlockError", None) or _NeverRaised
USE_IMPORT_LOCKS = _get_module_lock is not None and _DeadlockError is not _NeverRaised

_CONTROLS: "dict[int, Control]" = {}

_HERE = os.path.dirname(os.path.abspath(__file__)) + os.sep
_SKIP_FILES = ("<frozen importlib", _HERE)


class DeferredImportError(ImportError):
    """An AttributeError escaped the body of a deferred module.

    Raised in its place so that ``hasattr()``, ``getattr(m, n, default)``
    and ``from m import n`` cannot mistake a broken body for a missing
    attribute.  The original AttributeError is ``__cause__``.  Every other
    exception type leaves a deferred body unchanged (only a note is added).
    """


def _namespace(module):
    return _module_getattribute(module, "__dict__")


def _forget(key, ref):
    try:
        control = _CONTROLS.get(key)
    except (AttributeError, TypeError):  # interpreter shutdown cleared our globals
        return
    if control is not None and control.ref is ref:
        _CONTROLS.pop(key, None)


def control_of(module):
    """Return the control block of a DeferredModule that has not finished loading."""
    if type(module) is not DeferredModule:
        return None
    return _CONTROLS.get(id(module))


def controls():
    """Snapshot of all live control blocks."""
    return list(_CONTROLS.values())


def thread_name():
    threading = sys.modules.get("threading")
    if threading is not None:
        return threading.current_thread().name
    # Without the threading module, threads are rare; with none started
    # through _thread we must be on the main thread.
    if _thread_count() == 0:
        return "MainThread"
    return f"thread-{get_ident()}"


_skip_cache = [None, _SKIP_FILES]


def _skip_prefixes():
    # importlib/__init__.py (import_module) and friends are import machinery
    # too; recomputed only when the importlib package object changes.
    importlib = sys.modules.get("importlib")
    cache = _skip_cache
    if cache[0] is not importlib:
        library = getattr(importlib, "__file__", None)
        extra = (os.path.dirname(library) + os.sep,) if library else ()
        cache[0], cache[1] = importlib, _SKIP_FILES + extra
    return cache[1]


def user_site(frame=None):
    """Describe the first frame outside importhooks and the import machinery."""
    frame = sys._getframe(1) if frame is None else frame
    skip = _skip_prefixes()
    while frame is not None:
        code = frame.f_code
        if not code.co_filename.startswith(skip):
            return f"{code.co_filename}:{frame.f_lineno} in {code.co_name}"
        frame = frame.f_back
    return "<no Python frame>"


def add_note(exc, note):
    """Attach *note* to *exc*: add_note() on 3.11+, ``__notes__`` (and ImportError.msg) on 3.10."""
    adder = getattr(exc, "add_note", None)
    if adder is not None:
        try:
            adder(note)
        except TypeError:  # __notes__ replaced by something that is not a list
            return
        return
    notes = getattr(exc, "__notes__", None)
    exc.__notes__ = [*(notes if isinstance(notes, list) else ()), note]
    # 3.10 tracebacks do not print __notes__; an ImportError shows its msg.
    if isinstance(exc, ImportError) and isinstance(exc.msg, str):
        exc.msg = f"{exc.msg}\n{note}"


def hint_applies(name, exc):
    """True if an install hint should decorate *exc* raised while loading *name*."""
    if not isinstance(exc, ModuleNotFoundError):
        return False
    missing = exc.name or ""
    top = name.partition(".")[0]
    # A module missing from our own package is a bug, not a missing extra.
    return not (missing == top or missing.startswith(top + "."))


def _path_trigger(frame):
    """Classify a load caused by reading a deferred package's __path__."""
    code = frame.f_code
    if code.co_name == "_find_and_load_unlocked" and "importlib" in code.co_filename:
        return "child-import", frame.f_locals.get("name")
    # `from pkg import name` checks pkg.__path__ from C, in the caller's frame.
    import opcode

    lasti = frame.f_lasti
    if 0 <= lasti < len(code.co_code) and code.co_code[lasti] == opcode.opmap.get(
        "IMPORT_NAME"
    ):
        return "from-import", None
    return "introspection", "__path__"


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
    """State machine and bookkeeping for one DeferredModule."""

    __slots__ = (
        "adopting",
        "baseline",
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

    def __init__(self, module, spec, loader, record, hint):
        key = id(module)
        self.name = spec.name
        self.spec = spec
        self.loader = loader
        self.record = record
        self.hint = hint
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

    def _arm(self, module):
        self.baseline = dict(_namespace(module))
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
        ns = _namespace(module)
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
            _set_on_parent(name, module, None)
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
            _drop_from_parent(name, module)
            record.total_load_ns += elapsed
            record.last_error = f"{type(exc).__qualname__}: {exc}"
            record.state = "failed"
            self.owner = None
            self.state = FAILED
            note = self._failure_note(attempt, trigger)
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
            _set_on_parent(name, current, module)
        ns.update(early)
        target = self.pending_class or ModuleType
        self.pending_class = None
        record.loads += 1
        record.load_ns = elapsed
        record.total_load_ns += elapsed
        record.state = "loaded"
        if self.substitute is None:
            # From here the object is an ordinary module: no hook, no cost.
            _module_setattr(module, "__class__", target)
            _forget(id(module), self.ref)
        self.owner = None
        self.state = LOADED

    def _failure_note(self, attempt, trigger):
        record = self.record
        where = f" (imported at {record.import_site})" if record.import_site else ""
        what = (
            trigger.kind if trigger.attr is None else f"{trigger.kind} {trigger.attr!r}"
        )
        return (
            f"importhooks: deferred module {self.name!r}{where} failed to load "
            f"(attempt {attempt}), triggered by {what} at {trigger.site} "
            f"in thread {trigger.thread!r}"
        )


def _partial_get(module, name):
    """Attribute lookup on a module whose body is running, with eager import's wording."""
    try:
        return _module_getattribute(module, name)
    except AttributeError as exc:
        ns = _namespace(module)
        module_name = ns.get("__name__")
        if str(exc) != f"module {module_name!r} has no attribute {name!r}":
            raise  # raised by the module's own __getattr__: keep it
        raise AttributeError(
            _circular_message(ns, name), name=name, obj=module
        ) from None


def _circular_message(ns, name):
    # Let this very CPython word it: a throwaway module whose spec says
    # "initializing" gets the exact message an eager circular import gives.
    spec = ns.get("__spec__")
    probe_spec = _bootstrap.ModuleSpec(
        ns.get("__name__"), None, origin=getattr(spec, "origin", None)
    )
    probe_spec.has_location = bool(getattr(spec, "has_location", False))
    probe_spec._initializing = True  # type: ignore[attr-defined]
    probe = ModuleType(ns.get("__name__"))
    probe.__spec__ = probe_spec
    try:
        _module_getattribute(probe, name)
    except AttributeError as exc:
        return str(exc)
    return (
        f"partially initialized module {ns.get('__name__')!r} has no attribute {name!r}"
    )


def _parent_namespace(name):
    parent_name, _, child = name.rpartition(".")
    if not parent_name:
        return None, child
    parent = sys.modules.get(parent_name)
    if not isinstance(parent, ModuleType):
        return None, child
    return _namespace(parent), child


def _set_on_parent(name, value, replacing):
    ns, child = _parent_namespace(name)
    if ns is not None and ns.get(child) is replacing:
        ns[child] = value


def _drop_from_parent(name, module):
    ns, child = _parent_namespace(name)
    if ns is not None and ns.get(child) is module:
        del ns[child]


def defer(module, spec, loader, record, hint):
    """Turn a freshly created, not yet executed plain module into a DeferredModule."""
    control = Control(module, spec, loader, record, hint)
    control._arm(module)
    # Registered before the class switch: whoever sees the new class finds its control.
    _module_setattr(module, "__class__", DeferredModule)
    return control


def run_eagerly(loader, module, record, kind, hint):
    """Run *loader* now (eager switch, reload, or an undeferrable loader), with stats."""
    name = record.name
    trigger = Trigger(kind, None, thread_name(), user_site())
    record.trigger = trigger
    record.attempts += 1
    started = perf_counter_ns()
    record.load_started_ns = started
    try:
        loader.exec_module(module)
    except BaseException as exc:
        record.total_load_ns += perf_counter_ns() - started
        record.last_error = f"{type(exc).__qualname__}: {exc}"
        if kind != "reload":
            record.state = "failed"
        if hint and hint_applies(name, exc):
            add_note(exc, f"importhooks: importing {name!r} failed; hint: {hint}")
        raise
    elapsed = perf_counter_ns() - started
    record.loads += 1
    record.load_ns = elapsed
    record.total_load_ns += elapsed
    if kind == "reload":
        record.reloads += 1
        if record.state is None or record.state == "failed":
            record.state = "loaded"
    else:
        record.state = kind


# -- child imports that the package body already performed -------------------
#
# `import pkg.sub` with `pkg` deferred: the import system checks sys.modules
# for `pkg.sub`, then reads `pkg.__path__`, which runs pkg's body.  If that
# body imports `pkg.sub` itself, the import system would import it a second
# time and rebind `pkg.sub`.  Eager import returns early instead, so we make
# our finder hand back the module the body imported (an "adoption") and
# keep the parent's own binding (for a body like `from .load import load`).

from ._finder import _ADOPTING  # noqa: E402 - shared with the finder

_GUARDS: "dict[int, tuple[type, str, object]]" = {}


class _Adopter:
    """Loader returning a module that already sits in sys.modules, unchanged."""

    __slots__ = ("key", "module", "spec")

    def __init__(self, module, key):
        self.module = module
        self.key = key
        self.spec = getattr(module, "__spec__", None)

    def create_module(self, spec):
        control = control_of(self.module)
        if control is not None:
            control.adopting = True  # _init_module_attrs probes __path__
        return self.module

    def exec_module(self, module):
        _ADOPTING.pop(self.key, None)
        control = control_of(module)
        if control is not None:
            control.adopting = False
        try:
            module.__spec__ = self.spec
        except AttributeError:  # an object that refuses attributes kept its own
            return


def adoption_spec(name):
    """The spec a finder returns to re-serve an already imported child, or None."""
    key = (get_ident(), name)
    module = _ADOPTING.get(key)
    if module is None:
        return None
    if sys.modules.get(name) is not module:
        _ADOPTING.pop(key, None)
        return None
    return _bootstrap.ModuleSpec(name, _Adopter(module, key))  # type: ignore[arg-type]


class _BindingGuard(ModuleType):
    """Swallows the import system's one redundant `setattr(parent, child, module)`."""

    def __setattr__(self, name, value):
        entry = _GUARDS.pop(id(self), None)
        _module_setattr(self, "__class__", ModuleType if entry is None else entry[0])
        if entry is not None and name == entry[1] and value is entry[2]:
            return
        setattr(self, name, value)


def _prepare_adoption(package, child):
    existing = sys.modules.get(child)
    if existing is None or not _finders_installed():
        return
    _ADOPTING[(get_ident(), child)] = existing
    tail = child.rpartition(".")[2]
    cls = type(package)
    if (
        cls is DeferredModule
        or sys.modules.get(child.rpartition(".")[0]) is not package
    ):
        return
    if _namespace(package).get(tail) is existing:
        return  # the import system's setattr will change nothing
    try:
        _module_setattr(package, "__class__", _BindingGuard)
    except TypeError:
        return
    _GUARDS[id(package)] = (cls, tail, existing)


def _finders_installed():
    from ._finder import Finder

    return any(isinstance(finder, Finder) for finder in sys.meta_path)


class DeferredModule(ModuleType):
    """A module whose body runs when one of its attributes is first touched.

    ``__name__``, ``__spec__``, ``__loader__``, ``__package__``,
    ``__file__``, ``__cached__``, ``repr()`` and ``isinstance`` checks are
    answered without running the body.  Any other attribute (``__path__``,
    ``__dict__``, ``__doc__``, ``dir()`` included) runs it first, exactly
    once however many threads ask.  Afterwards the object's class is
    ``types.ModuleType`` (or whatever class the body assigned), so it is an
    ordinary module with no remaining overhead.

    >>> import importhooks, sys
    >>> finder = importhooks.install(["json.tool"])
    >>> import json.tool
    >>> type(sys.modules["json.tool"]).__name__, importhooks.state("json.tool")
    ('DeferredModule', 'deferred')
    >>> callable(json.tool.main), type(json.tool).__name__
    (True, 'module')
    >>> importhooks.uninstall(finder)
    """

    def __getattribute__(self, name):
        control = _CONTROLS.get(id(self))
        if control is None:
            return _module_getattribute(self, name)
        state = control.state
        if state is LOADED:
            target = control.substitute
            return getattr(self if target is None else target, name)
        if name in _SERVED:
            return _module_getattribute(self, name)
        if state is LOADING and control.owner == get_ident():
            return _partial_get(self, name)
        if name == "__path__":
            if control.adopting or control.spec.submodule_search_locations is None:
                return _module_getattribute(
                    self, name
                )  # not a package: the usual AttributeError
            kind, attr = _path_trigger(sys._getframe(1))
            if kind == "child-import":
                if control.load(self, kind, attr):
                    if attr:
                        _prepare_adoption(self, attr)
                    return getattr(self, name)
                return _partial_get(self, name)
        elif name[:2] == "__" and name[-2:] == "__" and name != "__all__":
            kind, attr = "introspection", name
        else:
            kind, attr = "attr", name
        if control.load(self, kind, attr):
            return getattr(self, name)
        return _partial_get(self, name)

    def __setattr__(self, name, value):
        control = _CONTROLS.get(id(self))
        if control is None:
            return _module_setattr(self, name, value)
        state = control.state
        if state is LOADED:
            target = control.substitute
            return setattr(self if target is None else target, name, value)
        if state is LOADING:
            if control.owner == get_ident():
                if name == "__class__":
                    return control.set_pending_class(value)
                return _module_setattr(self, name, value)
            control.wait()
            if (
                control.state is LOADING
            ):  # deadlock avoided: write into the partial module
                return _module_setattr(self, name, value)
            return setattr(self, name, value)
        if name == "__class__" and control.load(self, "attr", name):
            return setattr(self, name, value)
        # deferred/failed: an early assignment, re-applied after the body runs.
        return _module_setattr(self, name, value)

    def __delattr__(self, name):
        control = _CONTROLS.get(id(self))
        if control is None:
            return _module_delattr(self, name)
        state = control.state
        if state is LOADED:
            target = control.substitute
            return delattr(self if target is None else target, name)
        if state is LOADING and control.owner == get_ident():
            return _module_delattr(self, name)
        if control.load(self, "attr", name):
            return delattr(self, name)
        return _module_delattr(self, name)

    def __dir__(self):
        control = _CONTROLS.get(id(self))
        if control is None:
            return _module_dir(self)
        if control.state is LOADED:
            target = control.substitute
            return dir(self if target is None else target)
        if control.state is LOADING and control.owner == get_ident():
            return _module_dir(self)
        if control.load(self, "introspection", "__dir__"):
            return dir(self)
        return _module_dir(self)

    def __repr__(self):
        control = _CONTROLS.get(id(self))
        if control is None:
            return _module_repr(self)
        if control.state is LOADED and control.substitute is not None:
            return repr(control.substitute)
        ns = _namespace(self)
        where = f" from {ns['__file__']!r}" if ns.get("__file__") else ""
        if control.state is FAILED:
            suffix = f" (failed, {control.record.attempts} attempt(s))"
        elif control.state is LOADING:
            suffix = " (loading)"
        else:
            suffix = ""
        return f"<deferred module {ns.get('__name__')!r}{where}{suffix}>"

    def __reduce_ex__(self, protocol):
        # A module is pickled as a reference to its name (as cloudpickle
        # does for importable modules); unpickling does not run the body.
        import importlib

        return importlib.import_module, (_namespace(self).get("__name__"),)

    def __reduce__(self):
        return self.__reduce_ex__(2)
