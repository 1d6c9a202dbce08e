"""Laziness is not silently defeated (pitfalls 12-16), each in a fresh interpreter."""

PRELUDE = """
import sys, importhooks, importhooks.testing, ihcount, ihfix
importhooks.install(["ihfix.*"])

def ran(name):
    return ihcount.COUNTS.get(name, 0)
"""


def test_reimport_import_module_and_find_spec_do_not_load(run):
    """Pitfall 12: a second import, import_module, find_spec and from-import of the module."""
    run(
        PRELUDE
        + """
import importlib, importlib.util
import ihfix.simple
import ihfix.simple
import ihfix.simple as again
from ihfix import simple
assert importlib.import_module("ihfix.simple") is simple is again
spec = importlib.util.find_spec("ihfix.simple")
assert spec is simple.__spec__ and spec.name == "ihfix.simple"
assert importlib.util.find_spec("ihfix.simple").origin.endswith("simple.py")
__import__("ihfix.simple")
importhooks.testing.assert_deferred("ihfix.simple")
assert ran("ihfix.simple") == 0
assert simple.VALUE == 42 and ran("ihfix.simple") == 1
print("ok")
"""
    )


def test_find_spec_of_a_not_yet_imported_module_does_not_load(run):
    """Probing availability with find_spec neither imports nor runs the body."""
    run(
        PRELUDE
        + """
import importlib.util
spec = importlib.util.find_spec("ihfix.simple")
assert spec is not None and "ihfix.simple" not in sys.modules
assert ran("ihfix.simple") == 0 and importhooks.state("ihfix.simple") is None
print("ok")
"""
    )


def test_introspection_dunders_and_tools_do_not_load(run):
    """Pitfall 13: repr/str, metadata dunders, inspect, traceback, sys.modules scans."""
    run(
        PRELUDE
        + """
import inspect, traceback, pickle, linecache
import ihfix.simple as m, ihfix.documented as d, ihfix.pkg_parent as pkg
modules = ["ihfix.simple", "ihfix.documented", "ihfix.pkg_parent"]
for module in (m, d, pkg):
    repr(module); str(module); format(module)
    module.__name__, module.__spec__, module.__file__, module.__loader__
    module.__package__, module.__cached__, module.__class__
    isinstance(module, type(sys))
    hash(module); module == module
assert repr(m).startswith("<deferred module 'ihfix.simple' from ")
assert m.__loader__ is m.__spec__.loader and type(m.__loader__).__name__ == "SourceFileLoader"
assert m.__package__ == "ihfix" and pkg.__package__ == "ihfix.pkg_parent"
try:
    m.__path__                       # not a package: AttributeError, no load
except AttributeError:
    pass
else:
    raise AssertionError("module grew a __path__")
inspect.getmodule(inspect.currentframe())
inspect.stack()
inspect.getmodule(len)
try:
    1 / 0
except ZeroDivisionError:
    traceback.format_exc()
# scans of sys.modules that read dunders only (pickle.whichmodule-style for __module__-aware
# objects, pkgutil/inspect-style __file__ lookups)
for name, module in list(sys.modules.items()):
    getattr(module, "__file__", None); getattr(module, "__spec__", None)
    getattr(module, "__name__", None)
importhooks.testing.assert_deferred(modules)
assert all(ran(name) == 0 for name in modules)
print("ok")
"""
    )


def test_dunder_triggered_load_is_recorded_as_introspection(run):
    """Pitfall 13: a load caused by a dunder is tagged "introspection", distinct from "attr"."""
    run(
        PRELUDE
        + """
import ihfix.documented as d, ihfix.simple as s
assert d.__doc__ == "Docstring of ihfix.documented."
assert s.double(2) == 4
stats = importhooks.stats()["modules"]
assert stats["ihfix.documented"]["trigger"]["kind"] == "introspection"
assert stats["ihfix.documented"]["trigger"]["attr"] == "__doc__"
assert stats["ihfix.simple"]["trigger"]["kind"] == "attr"
assert stats["ihfix.simple"]["trigger"]["attr"] == "double"
print("ok")
"""
    )


def test_assert_deferred_catches_a_laziness_regression(run):
    """Pitfall 14: the public helper fails, naming the module and what loaded it."""
    run(
        PRELUDE
        + """
import ihfix.simple, ihfix.documented
importhooks.testing.assert_deferred("ihfix.simple", "ihfix.documented")
ihfix.simple.VALUE                      # the regression: someone touches it at import
try:
    importhooks.testing.assert_deferred("ihfix.simple", "ihfix.documented")
except AssertionError as exc:
    text = str(exc)
    assert "ihfix.simple: loaded" in text and "attr 'VALUE'" in text
    assert "ihfix.documented" not in text
else:
    raise AssertionError("regression not caught")
try:
    importhooks.testing.assert_deferred(["ihfix.never_imported"])
except AssertionError as exc:
    assert "ihfix.never_imported: never imported" in str(exc)
else:
    raise AssertionError("unimported module accepted as deferred")
importhooks.testing.assert_not_loaded("ihfix.never_imported", "ihfix.documented")
try:
    importhooks.testing.assert_not_loaded("ihfix.simple")
except AssertionError as exc:
    assert "ihfix.simple: loaded" in str(exc)
else:
    raise AssertionError("loaded module accepted")
import json
try:
    importhooks.testing.assert_not_loaded("json")
except AssertionError as exc:
    assert "loaded without importhooks" in str(exc)
else:
    raise AssertionError("eagerly imported module accepted")
assert importhooks.testing.deferred_modules() == ["ihfix.documented"]
print("ok")
"""
    )


def test_child_import_runs_the_parent_body_first(run):
    """Pitfall 15: importing a child of a deferred package runs the package first; stats say why."""
    run(
        PRELUDE
        + """
import ihfix.pkg_parent
assert ran("ihfix.pkg_parent") == 0
import ihfix.pkg_parent.leaf as leaf            # parent body must run to find the child
assert ran("ihfix.pkg_parent") == 1
assert importhooks.state("ihfix.pkg_parent") == "loaded"
trigger = importhooks.stats()["modules"]["ihfix.pkg_parent"]["trigger"]
assert trigger["kind"] == "child-import" and trigger["attr"] == "ihfix.pkg_parent.leaf", trigger
assert importhooks.state("ihfix.pkg_parent.leaf") == "deferred" and ran("ihfix.pkg_parent.leaf") == 0
assert leaf.LEAF == "leaf" and leaf.PARENT_READY is True
print("ok")
"""
    )


def test_from_package_import_name_loads_with_from_import_trigger(run):
    """`from deferred_pkg import name` loads the package; the trigger is from-import."""
    run(
        PRELUDE
        + """
import ihfix.pkg_parent
from ihfix.pkg_parent import PARENT_READY
assert PARENT_READY is True
trigger = importhooks.stats()["modules"]["ihfix.pkg_parent"]["trigger"]
assert trigger["kind"] == "from-import", trigger
print("ok")
"""
    )


def test_deep_child_import_loads_each_ancestor_once(run):
    """Pitfall 15: ancestors run in order, each once, before the leaf is found."""
    run(
        PRELUDE
        + """
import ihfix.deep.inner.leaf as leaf
assert ihcount.COUNTS == {"ihfix.deep": 1, "ihfix.deep.inner": 1}, ihcount.COUNTS
assert importhooks.state("ihfix.deep.inner.leaf") == "deferred"
assert leaf.DEEP == "deep-leaf"
print("ok")
"""
    )


def test_dir_vars_and_dict_load_the_module(run):
    """Pitfall 16 (pinned): dir(), vars() and __dict__ run the body and return full contents."""
    run(
        PRELUDE
        + """
import ihfix.simple as a, ihfix.documented as b, ihfix.own_getattr as c
assert "VALUE" in dir(a) and "double" in dir(a)
assert vars(b)["PUBLIC"] == 1 and "_PRIVATE" in vars(b)
assert c.__dict__["STATIC"] == "static"
assert dir(c) == ["STATIC", "dyn_example"]          # the module's own __dir__ is honoured
for name in ("ihfix.simple", "ihfix.documented", "ihfix.own_getattr"):
    assert importhooks.state(name) == "loaded"
    assert importhooks.stats()["modules"][name]["trigger"]["kind"] == "introspection"
print("ok")
"""
    )


def test_star_import_loads_and_honours_all(run):
    """`from m import *` runs the body and respects __all__."""
    run(
        PRELUDE
        + """
import ihfix.documented
ns = {}
exec("from ihfix.documented import *", ns)
assert "PUBLIC" in ns and "_PRIVATE" not in ns
assert importhooks.stats()["modules"]["ihfix.documented"]["trigger"]["attr"] == "__all__"
print("ok")
"""
    )
