"""The loader wrapper that defers exec, and load_all()/verify()."""

import _frozen_importlib as _bootstrap
import _frozen_importlib_external as _external
import sys
from _thread import get_ident

from ._finder import installed
from ._module import (
    DEFERRED,
    FAILED,
    LOADING,
    ModuleType,
    _namespace,
    control_of,
    controls,
    defer,
    run_eagerly,
)
from ._records import record_for

_NAMESPACE_LOADERS = tuple(
    cls
    for cls in (
        getattr(_external, "NamespaceLoader", None),
        getattr(_external, "_NamespaceLoader", None),
    )
    if cls is not None
)
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
        ns = _namespace(module) if isinstance(module, ModuleType) else None
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
        if mode == "deferred" and type(module) is ModuleType:
            defer(module, spec, real, record_for(name), self.finder.hint_for(name))
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
            real, module, record_for(name), mode or "reload", self.finder.hint_for(name)
        )


def load_all():
    """Run the body of every deferred (or failed) module now; return [(name, exception)].

    Repeats until no deferred module is left, since bodies may import
    (and defer) further modules.  Exception subclasses are collected;
    KeyboardInterrupt and SystemExit propagate.

    >>> import importhooks
    >>> importhooks.load_all()
    []
    """
    failures = []
    done = set()
    while True:
        batch = []
        for control in controls():
            if control in done or control.state not in (DEFERRED, FAILED):
                continue
            module = control.ref()
            if module is None:
                continue
            current = sys.modules.get(control.name)
            if current is not None and current is not module:
                continue  # superseded by a newer import of the same name
            batch.append((control, module))
        if not batch:
            return failures
        for control, module in batch:
            done.add(control)
            try:
                control.load(module, "load_all", None)
            except Exception as exc:  # noqa: BLE001 - collecting every failure is the point
                failures.append((control.name, exc))


def verify(*, walk=True):
    """Import every module the installed finders match, then load them all; return failures.

    With *walk*, each pattern's package (``"pkg.*"`` -> ``pkg``) is
    imported and its directory tree listed, so modules nobody imported yet
    are checked too; nested packages are found from their specs, without
    running bodies early.  Returns ``[(module name, exception), ...]``.

    >>> import importhooks
    >>> importhooks.verify()
    []
    """
    failures = []
    if walk:
        for finder in installed():
            failures.extend(_import_matching(finder))
    failures.extend(load_all())
    return failures


def _import_matching(finder):
    import importlib
    import os
    import pkgutil

    failures = []
    seen = set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - reported to the caller
            failures.append((name, exc))

    def walk(package, locations):
        for info in pkgutil.iter_modules(locations, package + "."):
            name = info.name
            if finder.exclude.match(name):
                continue
            if finder.patterns.match(name):
                visit(name)
            if info.ispkg:
                spec = info.module_finder.find_spec(name)  # type: ignore[call-arg]
                if spec is not None and spec.submodule_search_locations:
                    walk(name, list(spec.submodule_search_locations))
        # pkgutil skips namespace packages (directories without __init__.py):
        # descend into them too, importing only the modules found inside.
        for location in locations:
            try:
                entries = sorted(os.scandir(location), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                name = f"{package}.{entry.name}"
                if (
                    entry.name.isidentifier()
                    and entry.name != "__pycache__"
                    and entry.is_dir()
                    and not os.path.exists(os.path.join(entry.path, "__init__.py"))
                    and not finder.exclude.match(name)
                ):
                    walk(name, [entry.path])

    for pattern in finder.patterns.patterns:
        if "*" not in pattern:
            if not finder.exclude.match(pattern):
                visit(pattern)
            continue
        head = pattern.split("*", 1)[0]
        root = head[:-1] if head.endswith(".") else head.rpartition(".")[0]
        if not root:
            continue  # "*" or "x*": walking every top-level module is not a check
        try:
            package = importlib.import_module(root)
        except Exception as exc:  # noqa: BLE001 - reported to the caller
            failures.append((root, exc))
            continue
        locations = (
            package.__spec__.submodule_search_locations if package.__spec__ else None
        )
        if locations:
            walk(root, list(locations))
    return failures
