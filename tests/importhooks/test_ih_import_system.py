"""Interactions with the import system, in fresh interpreters: self-substitution,
``__class__`` swaps, extension/builtin/frozen/namespace and legacy loaders, reload,
and submodule/attribute name collisions (pitfalls 17-21; other finders, paths,
zip and bytecode, relative imports: test_ih_finders)."""


import pytest
from _ih_common import PRELUDE


def test_module_replacing_itself_in_sys_modules_is_forwarded(run):
    """Pitfall 17: no ValueError; the deferred object forwards to the replacement."""
    code = """
import sys, importhooks
if sys.argv[1] == "lazy":
    importhooks.install(["ihfix.*"])
import ihfix.substitute as m
import ihfix
print(m.VALUE, m.GREETING, m.shout(), sep="|")
replacement = sys.modules["ihfix.substitute"]
print(type(replacement).__name__, ihfix.substitute is replacement, sep="|")
import ihfix.substitute as again
print(again is replacement)
"""
    lazy = run(code, args=["lazy"]).stdout
    eager = run(code, args=["eager"]).stdout
    assert lazy == eager
    assert lazy.splitlines()[0] == "99|from the replacement|FROM THE REPLACEMENT"
    run(
        PRELUDE
        + """
import ihfix.substitute as m
m.VALUE
record = importhooks.stats()["modules"]["ihfix.substitute"]
assert record["state"] == "loaded" and record["substituted"] is True
assert repr(m) == repr(sys.modules["ihfix.substitute"])
m.NEW = 1                                           # writes reach the replacement
assert sys.modules["ihfix.substitute"].NEW == 1
assert "VALUE" in dir(m) and "NEW" in dir(m)
print("ok")
"""
    )


def test_replacement_that_is_not_a_module(run):
    """Pitfall 17: a plain object put in sys.modules by the body is forwarded to as well."""
    run(
        """
import importhooks, pathlib, sys, tempfile
tmp = pathlib.Path(tempfile.mkdtemp())
(tmp / "objmod.py").write_text(
    "import sys\\n"
    "class Namespace:\\n"
    "    answer = 42\\n"
    "    def __getattr__(self, name):\\n"
    "        return 'dynamic ' + name\\n"
    "sys.modules[__name__] = Namespace()\\n")
sys.path.insert(0, str(tmp))
importhooks.install(["objmod"])
import objmod
assert objmod.answer == 42 and objmod.other == "dynamic other"
assert type(sys.modules["objmod"]).__name__ == "Namespace"
print("ok")
"""
    )


def test_module_swapping_its_class(run):
    """Pitfall 18: after the load type(m) is the body's class and its __setattr__ guard works."""
    run(
        PRELUDE
        + """
import ihfix.swaps_class as m
m.EARLY = "set before the first touch"
assert m.FROZEN == "frozen value"
assert type(m).__name__ == "Guarded" and isinstance(m, type(sys))
try:
    m.FROZEN = "changed"
except AttributeError as exc:
    assert "read-only" in str(exc)
else:
    raise AssertionError("guard bypassed")
m.OTHER = 1
assert m.OTHER == 1 and m.EARLY == "set before the first touch"
print("ok")
"""
    )


def test_class_swap_inside_body_is_validated_like_eager(run):
    """Pitfall 18: an invalid __class__ assignment fails with TypeError, as it would eagerly."""
    run(
        """
import importhooks, pathlib, sys, tempfile
tmp = pathlib.Path(tempfile.mkdtemp())
(tmp / "badclass.py").write_text("import sys\\nsys.modules[__name__].__class__ = int\\n")
sys.path.insert(0, str(tmp))
importhooks.install(["badclass"])
import badclass
try:
    badclass.x
except TypeError:
    pass
else:
    raise AssertionError("bad __class__ accepted")
print("ok")
"""
    )


def _first_available(run, kind):
    """Name of a stdlib module of the given loader kind not imported at startup."""
    code = f"""
import sys, importlib.machinery as m, importlib.util as u
candidates = ["_csv", "array", "_decimal", "cmath", "_bisect", "_heapq", "_json", "_random",
              "mmap", "_statistics", "_queue", "unicodedata", "select", "_struct", "binascii",
              "_lsprof", "_contextvars", "_opcode", "_md5", "_sha1", "_posixsubprocess", "zlib",
              "_datetime", "_pickle", "grp", "resource", "termios", "fcntl", "_asyncio"]
for name in candidates:
    if name in sys.modules:
        continue
    spec = u.find_spec(name)
    if spec is None:
        continue
    is_ext = isinstance(spec.loader, m.ExtensionFileLoader)
    if ("{kind}" == "extension") == is_ext and ("{kind}" == "extension" or spec.origin == "built-in"):
        print(name)
        break
"""
    return run(code).stdout.strip()


def test_extension_builtin_frozen_namespace_are_loaded_normally(run):
    """Pitfall 19: matched but undeferrable specs import normally and are marked with a reason."""
    extension = _first_available(run, "extension")
    builtin = _first_available(run, "builtin")
    assert extension, "no stdlib extension module found to test with"
    names = [extension, "__hello__", "ihfix.nsp", "ihfix.nsp.mod"] + (
        [builtin] if builtin else []
    )
    run(
        f"""
import sys, importlib, importhooks, ihcount
importhooks.install({names!r})
expected = {{"{extension}": "extension module", "__hello__": "frozen module",
            "ihfix.nsp": "namespace package"}}
if {bool(builtin)!r}:
    expected[{builtin!r}] = "builtin module"
for name, reason in expected.items():
    module = importlib.import_module(name)
    assert type(module) is type(sys), (name, type(module))
    record = importhooks.stats()["modules"][name]
    assert record["state"] == "not-deferrable" and record["reason"] == reason, record
import ihfix.nsp.mod as inner
assert importhooks.state("ihfix.nsp.mod") == "deferred"
assert inner.IN_NAMESPACE is True
assert list(sys.modules["ihfix.nsp"].__path__)
print("ok")
"""
    )


def test_legacy_and_self_creating_loaders_are_not_deferred(run):
    """Pitfall 19: a loader without exec_module, and one whose create_module builds the module."""
    run(
        """
import sys, types, warnings, importhooks
import importlib.machinery as machinery
warnings.simplefilter("ignore", ImportWarning)   # the import system warns about load_module()

class LegacyLoader:
    def load_module(self, name):
        module = sys.modules.setdefault(name, types.ModuleType(name))
        module.LEGACY = True
        return module

class SelfCreating:
    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.CREATED = True
        return module
    def exec_module(self, module):
        module.EXECUTED = True

class Finder:
    def find_spec(self, name, path=None, target=None):
        if name == "virt_legacy":
            return machinery.ModuleSpec(name, LegacyLoader())
        if name == "virt_created":
            return machinery.ModuleSpec(name, SelfCreating())
        return None

sys.meta_path.append(Finder())
importhooks.install(["virt_legacy", "virt_created"])
import virt_legacy, virt_created
assert virt_legacy.LEGACY is True
assert virt_created.CREATED is True and virt_created.EXECUTED is True
stats = importhooks.stats()["modules"]
assert stats["virt_legacy"]["state"] == "not-deferrable"
assert stats["virt_legacy"]["reason"] == "loader has no exec_module()"
assert stats["virt_created"]["state"] == "not-deferrable"
assert stats["virt_created"]["reason"] == "loader creates its own module object"
print("ok")
""",
        warnings_as_errors=False,
    )


def test_reload(run):
    """Pitfall 20 (pinned): reload of a deferred module runs it once; of a loaded one, once more."""
    run(
        PRELUDE
        + """
import importlib
import ihfix.reloadme as m
same = importlib.reload(m)                  # deferred -> runs exactly once, now
assert same is m and ran("ihfix.reloadme") == 1 and type(m) is type(sys)
record = importhooks.stats()["modules"]["ihfix.reloadme"]
assert record["trigger"]["kind"] == "reload" and record["loads"] == 1
assert m.RUNS == 1
importlib.reload(m)                         # loaded -> body runs once more, eagerly
assert ran("ihfix.reloadme") == 2 and m.RUNS == 2
record = importhooks.stats()["modules"]["ihfix.reloadme"]
assert record["loads"] == 2 and record["reloads"] == 1 and record["state"] == "loaded"
assert record["trigger"]["kind"] == "reload"
assert type(m.__loader__).__name__ == "SourceFileLoader" and m.__spec__.loader is m.__loader__
print("ok")
"""
    )


def test_submodule_and_attribute_with_the_same_name(run):
    """Pitfall 21: a package exporting function `load` from submodule `load`; same as eager."""
    code = """
import sys, importhooks
if sys.argv[1] == "lazy":
    importhooks.install(["ihfix.*"])
out = []
import ihfix.collide.load
out.append(type(ihfix.collide.load).__name__)
from ihfix.collide import load
out.append(type(load).__name__)
import ihfix.collide.load as mod
out.append(type(mod).__name__)
out.append(ihfix.collide.load())
out.append(type(sys.modules["ihfix.collide.load"]).__name__)
print(out)
"""
    lazy = run(code, args=["lazy"]).stdout
    eager = run(code, args=["eager"]).stdout
    assert lazy == eager
    assert "'function'" in lazy


@pytest.mark.parametrize("child_deferred", [True, False])
def test_child_imported_by_its_own_package_body_runs_once(run, child_deferred):
    """`import pkg.child` where deferred pkg's body imports .child: one child, as eagerly."""
    exclude = [] if child_deferred else ["ihfix.selfimport.child"]
    run(
        f"""
import sys, importhooks, ihcount
meta_path = list(sys.meta_path)
finder = importhooks.install(["ihfix.*"], exclude={exclude!r})
import ihfix.selfimport.child as child
import ihfix.selfimport as pkg
assert ihcount.COUNTS.get("ihfix.selfimport") == 1
assert child is sys.modules["ihfix.selfimport.child"] is pkg.child
assert child.VALUE == pkg.VALUE == "child value"
assert ihcount.COUNTS["ihfix.selfimport.child"] == 1, ihcount.COUNTS
assert type(pkg) is type(sys), type(pkg)
import importhooks._adoption, importhooks._finder
assert importhooks._finder.Finder._adopting == {{}} and importhooks._adoption._GUARDS == {{}}
importhooks.uninstall(finder)
assert sys.meta_path == meta_path
print("ok")
"""
    )


def test_package_rebinding_its_submodule_name_with_an_eager_child(run):
    """Pitfall 21 with the submodule excluded (eager): the function still wins, as eagerly."""
    run(
        """
import sys, importhooks, ihcount
importhooks.install(["ihfix.*"], exclude=["ihfix.collide.load"])
import ihfix.collide.load
import ihfix.collide as pkg
assert type(pkg.load).__name__ == "function" and pkg.load() == "the function"
assert type(pkg) is type(sys)
assert ihcount.COUNTS["ihfix.collide.load"] == 1
print("ok")
"""
    )
