"""Raw access to module objects, past DeferredModule's hooks: namespace, metadata, parent binding."""

import sys

TYPE_CHECKING = False  # typing is not imported at run time: checkers see the name
if TYPE_CHECKING:
    from types import ModuleType
else:
    ModuleType = type(sys)

module_getattribute = ModuleType.__getattribute__
module_setattr = ModuleType.__setattr__
module_delattr = ModuleType.__delattr__
module_dir = ModuleType.__dir__
module_repr = ModuleType.__repr__

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
