"""Lazy package attributes: submodules and re-exported names, imported when first read (PEP 562).

Where the finder defers a module's *body* behind a plain import statement,
``attach()`` defers the import itself: ``import pkg`` finds and loads none
of the attached submodules, so its cost does not grow with their number.
A misspelt name is found when it is first read (or by ``verify()``), not
at ``import pkg``: that is the price of not looking anything up.
"""

import sys
from time import perf_counter_ns

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

ModuleType = type(sys)
_module_setattr = ModuleType.__setattr__


def _namespace_of(module):
    return ModuleType.__getattribute__(module, "__dict__")


# Package name -> its Attachment; read by state(), stats(), verify().
_ATTACHMENTS: "dict[str, Attachment]" = {}

# The records load with the first name read, not at attach(): at its own
# import, a package that attaches names pays only for this module and the
# eager switch.
_records = None


def _bookkeeping():
    global _records
    if _records is None:
        from . import _records as module

        _records = module
    return _records


class Attachment:
    """The names one package attached lazily, where it did so, and how to resolve them.

    Kept small: a set of submodule names and a mapping of re-exported
    names to their modules, so attaching a thousand submodules costs about
    what a set of a thousand strings does.
    """

    __slots__ = ("_modules", "attributes", "declared_at", "package", "shadowed", "submodules")

    def __init__(self, package, submodules, attributes, declared_at):
        self.package = package
        #: names that are submodules of the package
        self.submodules = submodules
        #: re-exported name -> the module (relative to the package) it comes from
        self.attributes = attributes
        self.declared_at = declared_at
        #: names re-exported from a submodule of the same name (``{"load": ["load"]}``)
        self.shadowed = frozenset(name for name, module in attributes.items() if module == name)
        self._modules = None

    def __repr__(self):
        return f"<importhooks.Attachment {self.package!r}: {len(self.names())} name(s)>"

    def names(self):
        """Every attached name, sorted (the package's ``__all__``)."""
        return sorted({*self.submodules, *self.attributes})

    def target(self, name):
        """(full module name, attribute or None) that attached *name* stands for, or None."""
        if name in self.submodules:
            return (f"{self.package}.{name}", None)
        module = self.attributes.get(name)
        return None if module is None else (f"{self.package}.{module}", name)

    def modules(self):
        """The full names of the modules the attached names come from (worked out once)."""
        if self._modules is None:
            package = self.package
            self._modules = frozenset(
                f"{package}.{name}" for name in (*self.submodules, *self.attributes.values())
            )
        return self._modules

    def resolve(self, name):
        """The package's ``__getattr__``: import what *name* stands for and keep it in the package."""
        target = self.target(name)
        if target is None:
            raise AttributeError(f"module {self.package!r} has no attribute {name!r}", name=name)
        module_name, attr = target
        modules = sys.modules
        present = module_name in modules
        if not present:
            before = _bookkeeping()._RECORDS.get(module_name)
            before = None if before is None else before.state
            started = perf_counter_ns()
        try:
            # Even when the module is in sys.modules: another thread may be
            # running its body, and the import statement waits for it.
            __import__(module_name)
            module = modules[module_name]
        except BaseException as exc:
            if not present:
                self._record(module_name, name, before, started, exc)
            from ._errors import annotate_attached

            wrapped = annotate_attached(exc, self, name, None)
            if wrapped is not None:
                raise wrapped from exc
            raise
        if not present:
            self._record(module_name, name, before, started, None)
        value = module
        if attr is not None:
            try:
                value = getattr(module, attr)
            except AttributeError as exc:
                from ._errors import annotate_attached

                raise annotate_attached(exc, self, name, module) from exc
        package = modules.get(self.package)
        if package is not None:
            # Kept in the namespace, so the next read is a plain dict lookup.
            _namespace_of(package)[name] = value
        return value

    def _record(self, module_name, name, before, started, exc):
        """Note an import done for *name*, unless an importhooks finder recorded it itself."""
        elapsed = perf_counter_ns() - started
        records = _bookkeeping()
        record = records._RECORDS.get(module_name)
        if record is not None and record.state != before:
            return  # a finder deferred or ran it, and keeps its record
        record = records.record_for(module_name)
        record._import_frame = self.declared_at
        record._trigger = ("attr", name, records.thread_name(), records.user_frame(3))
        record.attempts += 1
        record.total_load_ns += elapsed
        if exc is None:
            record.state = "loaded"
            record.loads += 1
            record.load_ns = elapsed
        else:
            record.state = "failed"
            record.last_error = f"{type(exc).__qualname__}: {exc}"

    def dir(self):
        """The package's ``__dir__``: its own names and the attached ones."""
        package = sys.modules.get(self.package)
        own = _namespace_of(package) if package is not None else ()
        return sorted({*own, *self.submodules, *self.attributes})


class _ShadowGuard(ModuleType):
    """A package whose attached function shares its name with the submodule it comes from.

    Importing that submodule makes the import system bind it on the package,
    over the function; an eager ``from .load import load`` leaves the
    function there, so this guard drops that one binding.  Only a plain
    package gets it: one with its own module class keeps it.
    """

    def __setattr__(self, name, value):
        attachment = _ATTACHMENTS.get(_namespace_of(self).get("__name__"))
        if (
            attachment is not None
            and name in attachment.shadowed
            and value is sys.modules.get(f"{attachment.package}.{name}")
        ):
            return
        _module_setattr(self, name, value)


def attach(
    package: str,
    submodules: "Iterable[str]" = (),
    attributes: "Mapping[str, Iterable[str]] | None" = None,
    *,
    eager_env: "str | None" = None,
) -> "tuple[Callable[[str], object], Callable[[], list[str]], list[str]]":
    """Attach lazy submodules and re-exported names to *package*; return ``(__getattr__, __dir__, __all__)``.

    In the package's ``__init__.py``, instead of ``from . import sub`` and
    ``from .sub import func``::

        __getattr__, __dir__, __all__ = importhooks.attach(
            __name__, ["sub"], {"sub": ["func"]}
        )

    ``pkg.sub`` and ``pkg.func`` are imported when first read, then kept
    in the package, so later reads cost a dict lookup.  A failure keeps its
    type and gets a note naming the ``attach()`` call and the first read.
    With *eager_env* set in the environment (parsed like ``install``'s), or
    after ``set_eager(True)``, every name is imported now, so a bad name
    fails at ``import pkg``.  ``stats()``, ``state()``, ``report()``,
    ``load_all()`` and ``verify()`` include attached names.

    >>> import importhooks
    >>> getattr_, dir_, all_ = importhooks.attach("json", ["tool"])
    >>> all_, importhooks.state("json.tool") in ("attached", "loaded")
    (['tool'], True)
    """
    if isinstance(submodules, str):
        submodules = (submodules,)
    submodules = frozenset(submodules)
    _check_names(submodules)
    exported = {}
    for module, names in (attributes or {}).items():
        if isinstance(names, str):
            names = (names,)
        _check_names(module.split("."))
        _check_names(names)
        exported.update(dict.fromkeys(names, module))
    caller = sys._getframe(1)  # the package's __init__, as a recorded site: (code, offset)
    attachment = Attachment(package, submodules, exported, (caller.f_code, caller.f_lasti))
    _ATTACHMENTS[package] = attachment
    target = sys.modules.get(package)
    if attachment.shadowed and target is not None and type(target) is ModuleType:
        target.__class__ = _ShadowGuard
    getter, lister = attachment.resolve, attachment.dir
    names = attachment.names()
    if _eager(eager_env):
        if target is not None:
            # Set before resolving, so that a submodule reading a lazy
            # sibling through the package while it imports finds it.
            _namespace_of(target)["__getattr__"] = getter
        for name in names:
            getter(name)
    return getter, lister, names


def _check_names(names):
    try:
        if all(map(str.isidentifier, names)):
            return
    except TypeError:  # not a str
        pass
    for name in names:
        _check_name(name)


def _check_name(name):
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"an attached name must be an identifier: {name!r}")


def _eager(eager_env):
    from . import _env

    if _env.override is not None:
        return _env.override
    return _env.env_flag(eager_env, _stacklevel=4) if eager_env else False


def attachments():
    """Snapshot of every package's Attachment, in attach() order."""
    return list(_ATTACHMENTS.values())
