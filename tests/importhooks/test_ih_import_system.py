"""Interactions with the import system (pitfalls 17-23, 28, 31, 33), in fresh interpreters."""

import textwrap

import pytest

PRELUDE = """
import sys, importhooks, ihcount, ihfix
importhooks.install(["ihfix.*"])

def ran(name):
    return ihcount.COUNTS.get(name, 0)
"""


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


def test_loader_state_of_the_real_spec_is_left_alone(run):
    """PyInstaller's importer keeps data in spec.loader_state (pyinstaller#7657): kept intact."""
    run(
        """
import sys, importhooks
import importlib.machinery as machinery

class StatefulLoader:
    def create_module(self, spec):
        return None
    def exec_module(self, module):
        # like a frozen-app importer: what to run comes from the spec
        exec(module.__spec__.loader_state["source"], module.__dict__)

class StatefulFinder:
    def find_spec(self, name, path=None, target=None):
        if name == "virt_stateful":
            spec = machinery.ModuleSpec(name, StatefulLoader())
            spec.loader_state = {"source": "VALUE = 'from loader_state'"}
            return spec
        return None

sys.meta_path.append(StatefulFinder())
importhooks.install(["virt_*"])
import virt_stateful
assert importhooks.state("virt_stateful") == "deferred"
assert virt_stateful.__spec__.loader_state == {"source": "VALUE = 'from loader_state'"}
assert virt_stateful.VALUE == "from loader_state"
print("ok")
"""
    )


def test_finders_before_and_after_ours(run):
    """Pitfall 22: delegates to the finders after it; a finder before it wins untouched."""
    run(
        """
import sys, importhooks
import importlib.machinery as machinery

class SourceLoader:
    def __init__(self, source):
        self.source = source
    def create_module(self, spec):
        return None
    def exec_module(self, module):
        exec(self.source, module.__dict__)

class VirtualFinder:
    calls = []
    def __init__(self, modules):
        self.modules = modules
    def find_spec(self, name, path=None, target=None):
        self.calls.append(name)
        if name in self.modules:
            return machinery.ModuleSpec(name, SourceLoader(self.modules[name]))
        return None

after = VirtualFinder({"virt_after": "VALUE = 'after'"})
sys.meta_path.append(after)
finder = importhooks.install(["virt_*"])
import virt_after
assert importhooks.state("virt_after") == "deferred"
assert virt_after.VALUE == "after"
before = VirtualFinder({"virt_before": "VALUE = 'before'"})
sys.meta_path.insert(0, before)
import virt_before
assert importhooks.state("virt_before") is None and virt_before.VALUE == "before"
# a non-matching name returns None with no side effects
modules_before = set(sys.modules)
calls = len(VirtualFinder.calls)
assert finder.find_spec("json", None) is None
assert finder.find_spec("email.utils", None) is None
assert set(sys.modules) == modules_before and len(VirtualFinder.calls) == calls
assert importhooks.state("json") is None
print("ok")
"""
    )


def test_pytest_assertion_rewriting_still_applies(run, tmp_path):
    """Pitfall 22: a deferred module pytest rewrites keeps rewritten asserts; tests still rewrite."""
    (tmp_path / "helper_mod.py").write_text("def check(x):\n    assert x == 1\n")
    (tmp_path / "conftest.py").write_text(
        textwrap.dedent(
            """
            import pytest, importhooks
            pytest.register_assert_rewrite("helper_mod")
            importhooks.install(["helper_mod"])
            """
        )
    )
    # Imported inside the test: pytest's fixture discovery probes every
    # module-level name of a test module, which would load it at collection.
    (tmp_path / "test_inner.py").write_text(
        textwrap.dedent(
            """
            import importhooks

            def test_deferred_then_rewritten():
                import helper_mod
                assert importhooks.state("helper_mod") == "deferred"
                helper_mod.check(2)

            def test_local_rewrite():
                value = [1]
                assert value == [2]
            """
        )
    )
    result = run(
        "import sys, pytest; sys.exit(pytest.main(['-p', 'no:cacheprovider', '-q', sys.argv[1]]))",
        args=[str(tmp_path)],
        check=False,
        cwd=tmp_path,
        warnings_as_errors=False,
    )
    assert "2 failed" in result.stdout, result.stdout
    assert "assert 2 == 1" in result.stdout  # rewritten inside the deferred module
    assert "assert [1] == [2]" in result.stdout
    assert "helper_mod.py" in result.stdout


def test_zipimport_and_bytecode_only(run, tmp_path):
    """Pitfalls 22/31: modules from a zip archive and from .pyc-only trees defer and load."""
    run(
        """
import compileall, pathlib, shutil, sys, zipfile, importhooks
tmp = pathlib.Path(sys.argv[1])
archive = tmp / "bundle.zip"
with zipfile.ZipFile(archive, "w") as z:
    z.writestr("zpkg/__init__.py", "")
    z.writestr("zpkg/mod.py", "VALUE = 'from zip'\\n")
src = tmp / "src" / "bpkg"
src.mkdir(parents=True)
(src / "__init__.py").write_text("")
(src / "mod.py").write_text("VALUE = 'from pyc'\\n")
compileall.compile_dir(str(src), legacy=True, quiet=1)
for py in src.glob("*.py"):
    py.unlink()
sys.path[:0] = [str(archive), str(tmp / "src")]
importhooks.install(["zpkg.*", "bpkg.*"])
import zpkg.mod, bpkg.mod
assert importhooks.state("zpkg.mod") == importhooks.state("bpkg.mod") == "deferred"
assert type(zpkg.mod.__loader__).__name__ == "zipimporter"
assert type(bpkg.mod.__loader__).__name__ == "SourcelessFileLoader"
assert zpkg.mod.VALUE == "from zip" and bpkg.mod.VALUE == "from pyc"
assert importhooks.state("zpkg.mod") == importhooks.state("bpkg.mod") == "loaded"
print("ok")
""",
        args=[str(tmp_path)],
    )


def test_spec_is_resolved_at_import_time(run, tmp_path):
    """Pitfall 23 (pinned): removing the path entry after `import` does not break the load."""
    (tmp_path / "dynmod.py").write_text("VALUE = 'dynamic'\n")
    run(
        """
import sys, importhooks
importhooks.install(["dynmod"])
sys.path.insert(0, sys.argv[1])
import dynmod
sys.path.remove(sys.argv[1])
sys.path_importer_cache.clear()
assert dynmod.VALUE == "dynamic"
print("ok")
""",
        args=[str(tmp_path)],
    )


def test_deferred_submodule_later_imported_normally(run):
    """Pitfall 28: other code imports it normally; the parent attribute is the sys.modules entry."""
    run(
        PRELUDE
        + """
import importlib
import ihfix.simple as first
def elsewhere():
    import ihfix.simple
    return ihfix.simple.Thing(3).value
assert elsewhere() == 3
assert ihfix.simple is sys.modules["ihfix.simple"] is first
assert importlib.import_module("ihfix.simple").VALUE == 42
assert ran("ihfix.simple") == 1
print("ok")
"""
    )


def test_relative_imports_inside_deferred_bodies(run):
    """Pitfall 33: `from .sibling import x`, `from . import sibling`, `from .. import y`."""
    run(
        PRELUDE
        + """
import ihfix.relative.user as user
assert ran("ihfix.relative.user") == 0
assert user.RESULT == ("sibling-x", "relative-top", "sibling-x", 42)
assert importhooks.state("ihfix.relative.user") == "loaded"
print("ok")
"""
    )


def test_main_module_is_never_deferred(run, tmp_path):
    """__main__ runs normally even if a pattern would match it."""
    script = tmp_path / "script.py"
    script.write_text(
        "import importhooks\nprint('main ran', importhooks.state('__main__'))\n"
    )
    result = run(
        "import importhooks, runpy, sys\nimporthooks.install(['*'])\n"
        "runpy.run_path(sys.argv[1], run_name='__main__')\n",
        args=[str(script)],
    )
    assert "main ran None" in result.stdout
