"""The loader wrapper that defers the real loader's exec, and eager runs with stats."""

import _frozen_importlib as _bootstrap
import _frozen_importlib_external as _external
from _thread import get_ident
from time import perf_counter_ns

from ._control import DEFERRED, FAILED, LOADING, ModuleType, control_of, namespace
from ._module import defer
from ._records import Trigger, record_for, thread_name, user_frame

_NAMESPACE_LOADERS = tuple(
    cls
    for cls in (
        getattr(_external, "NamespaceLoader", None),
        getattr(_external, "_NamespaceLoader", None),
    )
    if cls is not None
)
# The loaders of plain source and bytecode files: deferrable without asking.
_FILE_LOADERS = (_external.SourceFileLoader, _external.SourcelessFileLoader)


def wrap_spec(spec, finder):
    """Return *spec* with its loader wrapped in a DeferredLoader, or untouched and recorded why not."""
    loader = spec.loader
    if type(loader) in _FILE_LOADERS:
        spec.loader = DeferredLoader(loader, finder)
        return spec
    if isinstance(loader, DeferredLoader):
        return spec
    reason = not_deferrable_reason(spec)
    if reason is not None:
        record = record_for(spec.name)
        record.state = "not-deferrable"
        record.reason = reason
        record.origin = spec.origin
        return spec
    spec.loader = DeferredLoader(loader, finder)
    return spec


def not_deferrable_reason(spec):
    """Why *spec* cannot be deferred, or None if it can (source or bytecode loaders)."""
    loader = spec.loader
    if loader is None:
        if spec.submodule_search_locations is not None:
            return "namespace package"
        return "spec has no loader"
    if _NAMESPACE_LOADERS and isinstance(loader, _NAMESPACE_LOADERS):
        return "namespace package"
    if loader is _bootstrap.BuiltinImporter or spec.origin == "built-in":
        return "builtin module"
    if loader is _bootstrap.FrozenImporter or spec.origin == "frozen":
        return "frozen module"
    if isinstance(loader, _external.ExtensionFileLoader):
        return "extension module"
    if not hasattr(loader, "exec_module"):
        return "loader has no exec_module()"
    if not hasattr(loader, "create_module"):
        return "loader has no create_module()"
    return None


class DeferredLoader:
    """Loader wrapper: lets the import system build the module, defers the real loader's exec.

    Only present as ``spec.loader`` between ``find_spec`` and the end of the
    import statement; after that ``__loader__`` and ``__spec__.loader`` are
    the real loader again.  Unknown attributes (``get_source``,
    ``get_resource_reader``, ...) are forwarded to the real loader.

    >>> import importhooks, importlib.util
    >>> finder = importhooks.install(["json.tool"])
    >>> type(importlib.util.find_spec("json.tool").loader).__name__
    'DeferredLoader'
    >>> importhooks.uninstall(finder)
    """

    __slots__ = ("finder", "loader", "mode")

    def __init__(self, loader, finder):
        self.loader = loader
        self.finder = finder
        self.mode = None

    def __getattr__(self, name):
        if name.startswith("__") or name in ("loader", "finder", "mode", "load_module"):
            raise AttributeError(name)
        return getattr(self.loader, name)

    def __repr__(self):
        return f"<DeferredLoader for {self.loader!r}>"

    def create_module(self, spec):
        if self.finder.eager:
            self.mode = "eager"
            return self.loader.create_module(spec)
        module = self.loader.create_module(spec)
        if module is not None:
            self.mode = "not-deferrable"
            record_for(spec.name).reason = "loader creates its own module object"
            return module
        # A plain module, filled in by the import system at C speed;
        # exec_module() turns it into a DeferredModule.
        self.mode = "deferred"
        return None

    def exec_module(self, module):
        real = self.loader
        ns = namespace(module) if isinstance(module, ModuleType) else None
        spec = (
            ns.get("__spec__") if ns is not None else getattr(module, "__spec__", None)
        )
        if spec is not None and spec.loader is self:
            spec.loader = real
        if ns is not None and ns.get("__loader__") is self:
            ns["__loader__"] = real
        mode = self.mode
        self.mode = None
        name = spec.name if spec is not None else module.__name__
        # Inside the import system's _load_unlocked (the spec says it is
        # initializing), the next two frames are import machinery.
        site = 4 if getattr(spec, "_initializing", False) else 2
        if mode == "deferred" and type(module) is ModuleType:
            defer(module, spec, real, record_for(name), self.finder, user_frame(site))
            return
        control = control_of(module)
        if control is not None:
            if control.state is DEFERRED or control.state is FAILED:
                # importlib.reload() of a module that never ran: run it once now.
                if spec is not None:
                    control.spec = spec
                control.loader = real
                control.load(module, "reload", None)
                return
            if control.state is LOADING and control.owner == get_ident():
                # reload() from inside its own body re-runs it, as eagerly.
                real.exec_module(module)
                return
        run_eagerly(
            real,
            module,
            record_for(name),
            mode or "reload",
            self.finder.hint_for(name),
            site + 1,
        )


def run_eagerly(loader, module, record, kind, hint, site_depth=2):
    """Run *loader* now (eager switch, reload, or an undeferrable loader), with stats."""
    name = record.name
    trigger = Trigger(kind, None, thread_name(), user_frame(site_depth))
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
        if hint:
            from ._errors import add_note, hint_applies

            if hint_applies(name, exc):
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
