"""The deferred module object: answers import metadata itself, runs its body on first use.

The import system creates and fills a plain module; ``defer()`` then
switches its class to DeferredModule, so the import statement itself runs
no Python-level attribute hooks.  The state machine behind it is
``importhooks._control``.
"""

import _frozen_importlib as _bootstrap
import sys
from _thread import get_ident

from ._control import (
    _CONTROLS,
    FAILED,
    IMPORT_METADATA,
    LOADED,
    LOADING,
    Control,
    ModuleType,
    module_getattribute,
    module_setattr,
    namespace,
)

module_delattr = ModuleType.__delattr__
module_dir = ModuleType.__dir__
module_repr = ModuleType.__repr__

# Names answered without running the body: the import metadata except
# __path__ (a child import must see the package body run first), and the
# methods every module has from its type.  __dict__, __doc__ and
# __annotations__ describe the body, so they load it.
_SERVED = frozenset(
    (set(dir(ModuleType)) - {"__dict__", "__doc__", "__annotations__"})
    | (IMPORT_METADATA - {"__path__"})
)


def defer(module, spec, loader, record, finder, import_frame):
    """Turn a freshly created, not yet executed plain module into a DeferredModule."""
    control = Control(module, spec, loader, record, finder, import_frame)
    # Registered before the class switch: whoever sees the new class finds its control.
    module_setattr(module, "__class__", DeferredModule)
    return control


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


def _partial_get(module, name):
    """Attribute lookup on a module whose body is running, with eager import's wording."""
    try:
        return module_getattribute(module, name)
    except AttributeError as exc:
        ns = namespace(module)
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
        module_getattribute(probe, name)
    except AttributeError as exc:
        return str(exc)
    return (
        f"partially initialized module {ns.get('__name__')!r} has no attribute {name!r}"
    )


# From Control.user_frame's view in _run: _run, load, the pending half of a
# hook, the hook itself, then whoever touched the module (one frame less
# for __getattribute__, which has no pending half).
_CALLER = 5


def _hooked(plain, forward):
    """Build a DeferredModule method from the part that runs while the body is pending.

    Every hook starts the same way: a module without a control block is an
    ordinary module (*plain*), one whose body has run acts on itself or on
    the object the body put in sys.modules (*forward*); only the rest
    needs the decorated function, which gets the control block.
    ``__getattribute__``, the hot one, writes the same steps out itself.
    """

    def decorate(pending):
        def method(self, *args):
            control = _CONTROLS.get(id(self))
            if control is None:
                return plain(self, *args)
            if control.state is LOADED:
                target = control.substitute
                return forward(self if target is None else target, *args)
            return pending(self, control, *args)

        method.__name__ = pending.__name__
        method.__qualname__ = pending.__qualname__
        method.__doc__ = pending.__doc__
        return method

    return decorate


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
        # Written out rather than built by _hooked: every attribute read,
        # the import system's included, comes through here, and one frame
        # less is a tenth of the cost of a first touch.
        control = _CONTROLS.get(id(self))
        if control is None:
            return module_getattribute(self, name)
        state = control.state
        if state is LOADED:
            target = control.substitute
            return getattr(self if target is None else target, name)
        if name in _SERVED:
            return module_getattribute(self, name)
        if state is LOADING and control.owner == get_ident():
            return _partial_get(self, name)
        if name == "__path__":
            if control.adopting or control.spec.submodule_search_locations is None:
                # not a package: the usual AttributeError
                return module_getattribute(self, name)
            kind, attr = _path_trigger(sys._getframe(1))
            if kind == "child-import":
                if control.load(self, kind, attr, _CALLER - 1):
                    if attr:
                        from ._adoption import prepare_adoption

                        prepare_adoption(self, attr, control.finder)
                    return getattr(self, name)
                return _partial_get(self, name)
        elif name[:2] == "__" and name[-2:] == "__" and name != "__all__":
            kind, attr = "introspection", name
        else:
            kind, attr = "attr", name
        if control.load(self, kind, attr, _CALLER - 1):
            return getattr(self, name)
        return _partial_get(self, name)

    @_hooked(module_setattr, setattr)
    def __setattr__(self, control, name, value):
        if control.state is LOADING:
            if control.owner == get_ident():
                if name == "__class__":
                    return control.set_pending_class(value)
                return module_setattr(self, name, value)
            control.wait()
            if control.state is LOADING:  # deadlock avoided: write into the partial module
                return module_setattr(self, name, value)
            return setattr(self, name, value)
        if name == "__class__" and control.load(self, "attr", name, _CALLER):
            return setattr(self, name, value)
        # deferred/failed: an early assignment, re-applied after the body runs.
        return module_setattr(self, name, value)

    @_hooked(module_delattr, delattr)
    def __delattr__(self, control, name):
        if control.state is LOADING and control.owner == get_ident():
            return module_delattr(self, name)
        if control.load(self, "attr", name, _CALLER):
            return delattr(self, name)
        return module_delattr(self, name)

    @_hooked(module_dir, dir)
    def __dir__(self, control):
        if control.state is LOADING and control.owner == get_ident():
            return module_dir(self)
        if control.load(self, "introspection", "__dir__", _CALLER):
            return dir(self)
        return module_dir(self)

    @_hooked(module_repr, repr)
    def __repr__(self, control):
        ns = namespace(self)
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

        return importlib.import_module, (namespace(self).get("__name__"),)

    def __reduce__(self):
        return self.__reduce_ex__(2)
