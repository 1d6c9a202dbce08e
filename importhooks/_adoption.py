"""Child imports that a deferred package's body already performed ("adoption").

``import pkg.sub`` with ``pkg`` deferred: the import system checks
sys.modules for ``pkg.sub``, then reads ``pkg.__path__``, which runs pkg's
body.  If that body imports ``pkg.sub`` itself, the import system would
import it a second time and rebind ``pkg.sub``.  Eager import returns
early instead, so the finder hands back the module the body imported (an
"adoption") and the parent keeps its own binding (for a body like
``from .load import load``).

The table of pending adoptions belongs to the finder class
(``Finder._adopting``), which serves it first in ``find_spec``; this module
reaches it through the finder that deferred the package, so it never
imports the finder.
"""

import _frozen_importlib as _bootstrap
import sys
from _thread import get_ident

from ._control import ModuleType, control_of, module_setattr, namespace

_GUARDS: "dict[int, tuple[type, str, object]]" = {}


class Adopter:
    """Loader returning a module that already sits in sys.modules, unchanged."""

    __slots__ = ("key", "module", "spec", "table")

    def __init__(self, module, key, table):
        self.module = module
        self.key = key
        self.table = table
        self.spec = getattr(module, "__spec__", None)

    def find_spec(self, name):
        """The spec the finder returns to re-serve the adopted child, or None if it is gone."""
        if sys.modules.get(name) is not self.module:
            self.table.pop(self.key, None)
            return None
        return _bootstrap.ModuleSpec(name, self)  # type: ignore[arg-type]

    def create_module(self, spec):
        control = control_of(self.module)
        if control is not None:
            control.adopting = True  # _init_module_attrs probes __path__
        return self.module

    def exec_module(self, module):
        self.table.pop(self.key, None)
        control = control_of(module)
        if control is not None:
            control.adopting = False
        try:
            module.__spec__ = self.spec
        except AttributeError:  # an object that refuses attributes kept its own
            return


class _BindingGuard(ModuleType):
    """Swallows the import system's one redundant `setattr(parent, child, module)`."""

    def __setattr__(self, name, value):
        entry = _GUARDS.pop(id(self), None)
        module_setattr(self, "__class__", ModuleType if entry is None else entry[0])
        if entry is not None and name == entry[1] and value is entry[2]:
            return
        setattr(self, name, value)


def prepare_adoption(package, child, finder):
    """After *package*'s body ran for ``import child``: re-serve the child the body imported."""
    existing = sys.modules.get(child)
    table = finder._adopting
    if existing is None or not any(
        getattr(type(entry), "_adopting", None) is table for entry in sys.meta_path
    ):
        return
    key = (get_ident(), child)
    table[key] = Adopter(existing, key, table)
    tail = child.rpartition(".")[2]
    cls = type(package)
    if (
        control_of(package) is not None  # still forwarding to a substitute
        or sys.modules.get(child.rpartition(".")[0]) is not package
    ):
        return
    if namespace(package).get(tail) is existing:
        return  # the import system's setattr will change nothing
    try:
        module_setattr(package, "__class__", _BindingGuard)
    except TypeError:
        return
    _GUARDS[id(package)] = (cls, tail, existing)
