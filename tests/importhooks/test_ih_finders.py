"""Interactions with the import system, in fresh interpreters: other finders and
loaders, zip and bytecode-only trees, a dynamic ``sys.path``, deferred modules
imported normally, relative imports and ``__main__`` (pitfalls 22, 23, 28, 31, 33)."""

import textwrap

from _ih_common import PRELUDE


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
