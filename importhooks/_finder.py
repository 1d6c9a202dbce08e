"""The meta-path finder, its loader wrapper, and install/uninstall/eager controls."""

import _frozen_importlib as _bootstrap
import _frozen_importlib_external as _external
import sys
from _thread import allocate_lock, get_ident

from ._env import env_flag
from ._module import (
    _ADOPTING,
    DEFERRED,
    FAILED,
    LOADING,
    ModuleType,
    _namespace,
    adoption_spec,
    control_of,
    controls,
    defer,
    run_eagerly,
)
from ._patterns import PatternSet
from ._records import record_for

_NAMESPACE_LOADERS = tuple(
    cls
    for cls in (
        getattr(_external, "NamespaceLoader", None),
        getattr(_external, "_NamespaceLoader", None),
    )
    if cls is not None
)
_find_spec_legacy = getattr(_bootstrap, "_find_spec_legacy", None)  # 3.10 and 3.11 only

_INSTALLED: "dict[tuple, Finder]" = {}
_install_lock = allocate_lock()
_eager_override = None


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


class Finder:
    """Meta-path finder deferring the bodies of modules whose names match patterns.

    Implements the ``importlib.abc.MetaPathFinder`` protocol by duck typing
    (``find_spec``, ``invalidate_caches``).  For a matching name it asks the
    finders *after* itself on ``sys.meta_path`` for the real spec and, if
    the real loader runs Python code (source or bytecode), swaps in a
    :class:`DeferredLoader`.  Names that do not match cost one
    ``str.startswith`` call.  Create and register finders with
    :func:`install`.

    >>> import importhooks
    >>> finder = importhooks.install(["json.tool"])
    >>> finder.matches("json.tool"), finder.find_spec("email.utils") is None
    (True, True)
    >>> importhooks.uninstall(finder)
    """

    def __init__(
        self, patterns, *, eager_env=None, exclude=(), install_hints=None, _stacklevel=2
    ):
        self.patterns = PatternSet(patterns)
        if not self.patterns:
            raise ValueError("install() needs at least one module pattern")
        self.exclude = PatternSet(exclude)
        self._prefixes = self.patterns.prefixes
        self.eager_env = eager_env
        self.env_eager = (
            env_flag(eager_env, _stacklevel=_stacklevel + 1) if eager_env else False
        )
        hints = dict(install_hints or {})
        self.install_hints = hints
        self._hints = sorted(hints.items(), key=lambda item: len(item[0]), reverse=True)
        self._busy = set()

    def __repr__(self):
        return f"<importhooks.Finder {list(self.patterns.patterns)!r}>"

    @property
    def eager(self):
        """Whether imports matched by this finder run now (set_eager() wins over the env var)."""
        override = _eager_override
        return self.env_eager if override is None else override

    def matches(self, name):
        """True if *name* would be deferred by this finder (patterns minus excludes)."""
        return (
            name != "__main__"
            and self.patterns.match(name)
            and not self.exclude.match(name)
        )

    def hint_for(self, name):
        """The install hint of the longest configured prefix covering *name*, or None."""
        for prefix, hint in self._hints:
            if name == prefix or name.startswith(prefix + "."):
                return hint
        return None

    def find_spec(self, fullname, path=None, target=None):
        if _ADOPTING:  # rare: see importhooks._module, "child imports"
            spec = adoption_spec(fullname)
            if spec is not None:
                return spec
        if not fullname.startswith(self._prefixes):
            return None
        return self._find_spec(fullname, path, target)

    def invalidate_caches(self):
        """Nothing to do: this finder caches nothing."""

    def uninstall(self):
        """Remove this finder from sys.meta_path (idempotent)."""
        uninstall(self)

    def _find_spec(self, fullname, path, target):
        if not self.matches(fullname):
            return None
        key = (get_ident(), fullname)
        if key in self._busy:  # a delegate asked for the same name again
            return None
        self._busy.add(key)
        try:
            spec = self._delegate(fullname, path, target)
        finally:
            self._busy.discard(key)
        if spec is None or isinstance(spec.loader, DeferredLoader):
            return spec
        reason = not_deferrable_reason(spec)
        if reason is not None:
            record = record_for(fullname)
            record.state = "not-deferrable"
            record.reason = reason
            record.origin = spec.origin
            return spec
        spec.loader = DeferredLoader(spec.loader, self)
        return spec

    def _delegate(self, fullname, path, target):
        meta_path = sys.meta_path
        start = 0
        for index, finder in enumerate(meta_path):
            if finder is self:
                start = index + 1
                break
        for finder in meta_path[start:]:
            if isinstance(finder, Finder):
                continue
            find_spec = getattr(finder, "find_spec", None)
            if find_spec is not None:
                spec = find_spec(fullname, path, target)
            elif _find_spec_legacy is not None and hasattr(finder, "find_module"):
                spec = _find_spec_legacy(finder, fullname, path)
            else:
                continue
            if spec is not None:
                return spec
        return None


def install(patterns, *, eager_env=None, exclude=(), install_hints=None):
    """Put a deferring finder for *patterns* at the front of sys.meta_path and return it.

    *patterns* are exact module names or ``*`` globs (``"pkg.*"`` is every
    module strictly below ``pkg``).  *eager_env* names an environment
    variable read once, strictly, now (see :func:`env_flag`); when on,
    matched modules load at their import statement.  *exclude* lists
    names/globs never deferred.  *install_hints* maps a module prefix to a
    hint added as a note to ModuleNotFoundError raised by a body under it.
    Calling again with the same arguments returns the same finder.

    >>> import importhooks, sys
    >>> finder = importhooks.install(["json.tool"], exclude=["json.tool._*"])
    >>> finder is importhooks.install(["json.tool"], exclude=["json.tool._*"])
    True
    >>> importhooks.uninstall(finder); finder in sys.meta_path
    False
    """
    if isinstance(patterns, str):
        patterns = (patterns,)
    if isinstance(exclude, str):
        exclude = (exclude,)
    hints = dict(install_hints or {})
    key = (tuple(patterns), eager_env, tuple(exclude), tuple(sorted(hints.items())))
    with _install_lock:
        finder = _INSTALLED.get(key)
        if finder is None:
            finder = Finder(
                key[0],
                eager_env=eager_env,
                exclude=key[2],
                install_hints=hints,
                _stacklevel=3,
            )
            _INSTALLED[key] = finder
        if not any(entry is finder for entry in sys.meta_path):
            sys.meta_path.insert(0, finder)
    return finder


def uninstall(finder=None):
    """Remove *finder* (default: every importhooks finder) from sys.meta_path; idempotent.

    Modules already deferred keep working: their loader is kept by the
    module, not by the finder.

    >>> import importhooks
    >>> importhooks.uninstall(importhooks.install(["json.tool"]))
    """
    with _install_lock:
        targets = list(_INSTALLED.values()) if finder is None else [finder]
        for target in targets:
            meta_path = sys.meta_path
            index = 0
            while index < len(meta_path):
                if meta_path[index] is target:
                    del meta_path[index]
                else:
                    index += 1
            for key, value in list(_INSTALLED.items()):
                if value is target:
                    del _INSTALLED[key]


def installed():
    """The importhooks finders currently on sys.meta_path, in lookup order."""
    return [finder for finder in sys.meta_path if isinstance(finder, Finder)]


def set_eager(flag):
    """Override the eager switch for later imports: True, False, or None to use the env var again.

    Checked when a matched module is imported, so it works after
    install(); modules deferred earlier stay deferred (see load_all()).

    >>> import importhooks
    >>> importhooks.set_eager(True); importhooks.is_eager()
    True
    >>> importhooks.set_eager(None)
    """
    global _eager_override
    _eager_override = None if flag is None else bool(flag)


def is_eager(finder=None):
    """Whether matched imports currently load eagerly.

    The set_eager() override if one is set; otherwise the env var of
    *finder*, or, without a finder, whether any installed finder's env var
    is on.

    >>> import importhooks
    >>> importhooks.is_eager(importhooks.install(["json.tool"]))
    False
    """
    if _eager_override is not None:
        return _eager_override
    if finder is not None:
        return finder.env_eager
    return any(f.env_eager for f in installed())


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
