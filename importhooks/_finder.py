"""The meta-path finder and install/uninstall/eager controls.

This module, the patterns and the eager switch load with the first
install():
the loader wrapper and the deferred-module machinery behind it are
imported when a name first matches, so a process that never imports a
matched module never pays for them.  Nothing here imports them back: the
finder talks to them through the objects it is handed.
"""

import _frozen_importlib as _bootstrap
import sys
from _thread import allocate_lock, get_ident

from . import _env
from ._patterns import PatternSet

TYPE_CHECKING = False  # typing is not imported at run time: checkers see the names
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

_find_spec_legacy = getattr(_bootstrap, "_find_spec_legacy", None)  # 3.10 and 3.11 only

_INSTALLED: "dict[tuple, Finder]" = {}
_install_lock = allocate_lock()


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

    # Children that a deferred package's body already imported, keyed
    # (thread id, name) and shared by every finder: filled by
    # importhooks._adoption, served first by find_spec.
    _adopting: "dict[tuple[int, str], object]" = {}

    def __init__(
        self, patterns, *, eager_env=None, exclude=(), install_hints=None, _stacklevel=2
    ):
        self.patterns = PatternSet(patterns)
        if not self.patterns:
            raise ValueError("install() needs at least one module pattern")
        self.exclude = PatternSet(exclude)
        self._excluding = bool(self.exclude)
        self._prefixes = self.patterns.prefixes
        self.eager_env = eager_env
        self.env_eager = (
            _env.env_flag(eager_env, _stacklevel=_stacklevel + 1) if eager_env else False
        )
        hints = dict(install_hints or {})
        self.install_hints = hints
        self._hints = sorted(hints.items(), key=lambda item: len(item[0]), reverse=True)
        self._busy = set()

    def __repr__(self):
        return f"<importhooks.Finder {list(self.patterns.patterns)!r}>"

    @property
    def eager(self) -> bool:
        """Whether imports matched by this finder run now (set_eager() wins over the env var)."""
        override = _env.override
        return self.env_eager if override is None else override

    def matches(self, name: str) -> bool:
        """True if *name* would be deferred by this finder (patterns minus excludes)."""
        return (
            name != "__main__"
            # importhooks loads its own machinery lazily; deferring it too
            # (under a pattern such as "*") would recurse.
            and not name.startswith("importhooks.")
            and self.patterns.match(name)
            and not (self._excluding and self.exclude.match(name))
        )

    def hint_for(self, name: str) -> "str | None":
        """The install hint of the longest configured prefix covering *name*, or None."""
        for prefix, hint in self._hints:
            if name == prefix or name.startswith(prefix + "."):
                return hint
        return None

    def find_spec(self, fullname, path=None, target=None):
        if _ADOPTING:  # rare: see importhooks._adoption
            adopter = _ADOPTING.get((get_ident(), fullname))
            if adopter is not None:
                spec = adopter.find_spec(fullname)
                if spec is not None:
                    return spec
        if not fullname.startswith(self._prefixes) or not self.matches(fullname):
            return None
        key = (get_ident(), fullname)
        busy = self._busy
        if key in busy:  # a delegate asked for the same name again
            return None
        busy.add(key)
        try:
            spec = self._delegate(fullname, path, target)
        finally:
            busy.discard(key)
        if spec is None:
            return None
        return (_wrap_spec or _load_machinery())(spec, self)

    def invalidate_caches(self):
        """Nothing to do: this finder caches nothing."""

    def uninstall(self) -> None:
        """Remove this finder from sys.meta_path (idempotent)."""
        uninstall(self)

    def _delegate(self, fullname, path, target):
        """Ask the finders after this one on sys.meta_path, in order, for the real spec."""
        meta_path = sys.meta_path
        try:
            start = meta_path.index(self) + 1
        except ValueError:  # called directly while not installed
            start = 0
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


_ADOPTING = Finder._adopting
_wrap_spec = None  # importhooks._loader.wrap_spec, once a name first matched


def _load_machinery():
    # The deferred-module machinery loads with the first matching name.
    global _wrap_spec
    from ._loader import wrap_spec

    _wrap_spec = wrap_spec
    return wrap_spec


def install(
    patterns: "str | Iterable[str]",
    *,
    eager_env: "str | None" = None,
    exclude: "str | Iterable[str]" = (),
    install_hints: "Mapping[str, str] | None" = None,
) -> Finder:
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


def uninstall(finder: "Finder | None" = None) -> None:
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


def installed() -> "list[Finder]":
    """The importhooks finders currently on sys.meta_path, in lookup order."""
    return [finder for finder in sys.meta_path if isinstance(finder, Finder)]


def is_eager(finder: "Finder | None" = None) -> bool:
    """Whether matched imports currently load eagerly.

    The set_eager() override if one is set; otherwise the env var of
    *finder*, or, without a finder, whether any installed finder's env var
    is on.

    >>> import importhooks
    >>> importhooks.is_eager(importhooks.install(["json.tool"]))
    False
    """
    if _env.override is not None:
        return _env.override
    if finder is not None:
        return finder.env_eager
    return any(f.env_eager for f in installed())


