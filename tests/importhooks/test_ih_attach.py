"""attach(): lazy package attributes. Each test runs in a fresh interpreter."""

import json
import textwrap


def test_import_finds_nothing_until_a_name_is_read(run):
    result = run(
        """
import json, sys, importhooks, ihcount
import ihattach
loaded = sorted(n for n in sys.modules if n.startswith("ihattach."))
states = [importhooks.state("ihattach.alpha"), importhooks.state("ihattach.beta")]
names = sorted(ihattach.__all__)
listed = "alpha" in dir(ihattach) and "OWN" in dir(ihattach)
value = ihattach.ALPHA                       # a re-export: imports alpha only
after = sorted(n for n in sys.modules if n.startswith("ihattach."))
print(json.dumps([loaded, states, names, listed, value, after, ihcount.COUNTS,
                  importhooks.state("ihattach.alpha"), "ALPHA" in vars(ihattach)]))
"""
    )
    loaded, states, names, listed, value, after, counts, state, cached = result.json()
    assert loaded == [] and states == ["attached", "attached"]
    assert names == sorted(
        ["alpha", "beta", "broken", "needs_sdk", "sibling", "typo_not_there",
         "ALPHA", "shout", "NOT_IN_ALPHA", "load"]
    )
    assert listed and value == "alpha value"
    assert after == ["ihattach.alpha"] and counts == {"ihattach": 1, "ihattach.alpha": 1}
    assert state == "loaded" and cached  # kept in the package: the next read is a dict lookup


def test_submodule_and_from_import_and_unknown_names(run):
    run(
        """
import importhooks, ihcount, ihattach
from ihattach import beta, shout
assert beta.BETA == 2 and shout("a") == "A"
assert ihattach.beta is beta and ihattach.alpha.shout is shout
assert ihcount.COUNTS["ihattach.beta"] == 1 and ihcount.COUNTS["ihattach.alpha"] == 1
assert not hasattr(ihattach, "no_such_name")        # not attached: a plain AttributeError
try:
    ihattach.no_such_name
except AttributeError as exc:
    assert exc.name == "no_such_name" and "ihattach" in str(exc)
print("ok")
"""
    )


def test_a_name_shared_with_its_submodule_stays_the_function(run):
    """Pitfall 21 for attach: as with an eager ``from .load import load``, any order."""
    for order in ("attribute first", "submodule first"):
        body = (
            "f = ihattach.load\nimport ihattach.load\n"
            if order == "attribute first"
            else "import ihattach.load\nf = ihattach.load\n"
        )
        run(
            "import sys, ihattach\n"
            + body
            + textwrap.dedent(
                """
                assert callable(f) and f() == "the function", f
                assert ihattach.load is f and sys.modules["ihattach.load"] is not f
                import ihattach.load as again
                assert again is f          # `import a.b as c` reads the attribute, as eagerly
                print("ok")
                """
            )
        )


def test_failures_keep_their_type_and_name_the_attach_call_and_the_read(run):
    result = run(
        """
import json, importhooks, ihattach
out = {}
try:
    ihattach.needs_sdk
except ModuleNotFoundError as exc:
    out["sdk"] = [exc.name, exc.__notes__]
try:
    ihattach.broken
except importhooks.DeferredImportError as exc:
    out["broken"] = [type(exc.__cause__).__name__, exc.__notes__]
try:
    hasattr(ihattach, "broken")          # a broken body is not a missing attribute
except ImportError:
    out["hasattr"] = "raised"
try:
    ihattach.NOT_IN_ALPHA
except importhooks.DeferredImportError as exc:
    out["declared"] = [str(exc), type(exc.__cause__).__name__]
try:
    ihattach.typo_not_there
except ModuleNotFoundError as exc:
    out["typo"] = exc.name
out["states"] = [importhooks.state("ihattach.needs_sdk"), importhooks.state("ihattach.broken")]
print(json.dumps(out))
"""
    )
    out = result.json()
    name, notes = out["sdk"]
    assert name == "not_installed_sdk_for_importhooks"
    (note,) = notes
    assert "ihattach.needs_sdk was attached lazily at" in note
    assert "ihattach/__init__.py:" in note and "first read at <string>:5" in note
    cause, notes = out["broken"]
    assert cause == "AttributeError" and "first read at <string>:9" in notes[0]
    assert out["hasattr"] == "raised"
    message, cause = out["declared"]
    assert "ihattach.NOT_IN_ALPHA" in message and "'ihattach.alpha'" in message
    assert cause == "AttributeError"
    assert out["typo"] == "ihattach.typo_not_there"
    assert out["states"] == ["failed", "failed"]


def test_stats_report_load_all_and_verify_include_attached_names(run):
    result = run(
        """
import json, importhooks, ihattach
ihattach.beta
data = importhooks.stats()
report = importhooks.report()
failures = sorted(name for name, _ in importhooks.verify())
print(json.dumps([data["modules"]["ihattach.beta"], data["modules"]["ihattach.alpha"]["state"],
                  data["totals"]["attached"], data["totals"]["never_loaded"], report, failures]))
"""
    )
    beta, alpha_state, attached, never, report, failures = result.json()
    assert beta["state"] == "loaded" and beta["loads"] == 1 and beta["load_ns"] > 0
    assert beta["trigger"]["kind"] == "attr" and beta["trigger"]["attr"] == "beta"
    assert beta["trigger"]["site"].startswith("<string>:3 in <module>")
    assert beta["import_site"].split(":")[0].endswith("ihattach/__init__.py")
    assert alpha_state == "attached" and attached == 6  # alpha broken needs_sdk sibling typo load
    assert "ihattach.alpha" in never and "ihattach.beta" not in never
    assert "attached lazily, not imported yet (6):" in report
    assert failures == [
        "ihattach.NOT_IN_ALPHA",
        "ihattach.broken",
        "ihattach.needs_sdk",
        "ihattach.typo_not_there",
    ]


def _package(tmp_path, init, **modules):
    package = tmp_path / "attpkg"
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent(init))
    for name, body in modules.items():
        (package / f"{name}.py").write_text(textwrap.dedent(body))
    return tmp_path


def test_eager_switch_imports_every_name_at_import(run, tmp_path):
    path = _package(
        tmp_path,
        """
        import importhooks
        __getattr__, __dir__, __all__ = importhooks.attach(
            __name__, ["first", "second"], eager_env="ATTPKG_EAGER")
        """,
        first="import attpkg\nFROM_SECOND = attpkg.second.VALUE\n",  # a lazy sibling, during eager
        second="VALUE = 2\n",
    )
    code = "import sys, attpkg\nprint(sorted(n for n in sys.modules if n.startswith('attpkg.')))"
    assert run(code, path=[path]).stdout.split() == ["[]"]
    eager = run(code, path=[path], env={"ATTPKG_EAGER": "1"})
    assert eager.stdout.strip() == "['attpkg.first', 'attpkg.second']"
    forced = run("import importhooks\nimporthooks.set_eager(True)\n" + code, path=[path])
    assert forced.stdout.strip() == "['attpkg.first', 'attpkg.second']"


def test_eager_switch_makes_a_bad_name_fail_at_import(run, tmp_path):
    path = _package(
        tmp_path,
        """
        import importhooks
        __getattr__, __dir__, __all__ = importhooks.attach(
            __name__, ["present", "misspelt"], eager_env="ATTPKG_EAGER")
        """,
        present="VALUE = 1\n",
    )
    assert run("import attpkg", path=[path]).returncode == 0
    result = run("import attpkg", path=[path], env={"ATTPKG_EAGER": "1"}, check=False)
    assert result.returncode != 0 and "No module named 'attpkg.misspelt'" in result.stderr
    assert "attpkg.misspelt was attached lazily at" in result.stderr


def test_first_read_from_many_threads_imports_once(run, tmp_path):
    """16 threads read a name whose module is slow to import, in 8 rounds: one import each."""
    slow = """
        import sys, time
        sys.attpkg_runs[__name__] = sys.attpkg_runs.get(__name__, 0) + 1
        time.sleep(0.02)
        LAST = "end"
        """
    path = _package(
        tmp_path,
        """
        import importhooks
        __getattr__, __dir__, __all__ = importhooks.attach(__name__, [f"slow{i}" for i in range(8)])
        """,
        **{f"slow{i}": slow for i in range(8)},
    )
    run(
        """
import sys, threading
sys.attpkg_runs = {}
import attpkg
for round_no in range(8):
    barrier = threading.Barrier(16)
    values, errors = [], []
    def read():
        barrier.wait()
        try:
            values.append(getattr(attpkg, f"slow{round_no}").LAST)
        except BaseException as exc:
            errors.append(repr(exc))
    workers = [threading.Thread(target=read) for _ in range(16)]
    for w in workers: w.start()
    for w in workers: w.join(30)
    assert errors == [] and values == ["end"] * 16, (round_no, errors, values)
assert sys.attpkg_runs == {f"attpkg.slow{i}": 1 for i in range(8)}, sys.attpkg_runs
print("ok")
""",
        path=[path],
    )


def test_attached_module_a_finder_matches_is_deferred(run):
    """With install() as well, reading pkg.sub imports it deferred; its body runs on use."""
    result = run(
        """
import json, importhooks, ihcount
importhooks.install(["ihattach.*"])
import ihattach
module = ihattach.alpha
before = [type(module).__name__, importhooks.state("ihattach.alpha"), ihcount.COUNTS.get("ihattach.alpha")]
value = module.ALPHA
print(json.dumps([before, value, importhooks.state("ihattach.alpha"), ihcount.COUNTS["ihattach.alpha"]]))
"""
    )
    before, value, state, count = result.json()
    assert before == ["DeferredModule", "deferred", None]
    assert value == "alpha value" and state == "loaded" and count == 1


def test_attach_rejects_names_that_are_not_identifiers(run):
    run(
        """
import importhooks
for bad in (["a.b"], ["1x"], [""]):
    try:
        importhooks.attach("ihattach_never", bad)
    except ValueError as exc:
        assert "identifier" in str(exc)
    else:
        raise AssertionError(bad)
print("ok")
"""
    )


def test_type_checking_imports_are_checked_against_attach(run):
    """importhooks.testing finds the names attach() serves that checkers cannot see."""
    result = run(
        """
import importhooks.testing, ihattach
try:
    importhooks.testing.assert_attach_matches_imports("ihattach")
except AssertionError as exc:
    print(str(exc).replace("\\n", "|"))
"""
    )
    assert result.stdout.strip() == (
        "attach() of 'ihattach' and the imports type checkers read differ:"
        "|  attached but not imported for type checkers: NOT_IN_ALPHA, typo_not_there"
    )


def test_type_checking_check_passes_when_they_agree_and_reads_a_stub(run, tmp_path):
    path = _package(
        tmp_path,
        """
        import importhooks
        TYPE_CHECKING = False
        if TYPE_CHECKING:
            from . import sub
            from .sub import name as alias
        else:
            __getattr__, __dir__, __all__ = importhooks.attach(__name__, ["sub"], {"sub": ["name"]})
        """,
        sub="name = 1\n",
    )
    check = "import importhooks.testing\nimporthooks.testing.assert_attach_matches_imports('attpkg')"
    result = run(check, path=[path], check=False)
    # `as alias` binds another name than attach() serves: reported
    assert result.returncode != 0 and "alias" in result.stderr and "name" in result.stderr
    (path / "attpkg" / "__init__.pyi").write_text("from . import sub\nfrom .sub import name\n")
    run(check, path=[path])  # the stub wins over the source, and agrees


def test_attach_keeps_import_cheap(run):
    """Attaching loads the attach module and the eager switch: no finder, no records."""
    result = run(
        """
import json, sys
before = set(sys.modules)
import ihattach
print(json.dumps(sorted(set(sys.modules) - before)))
"""
    )
    added = set(json.loads(result.stdout.splitlines()[-1]))
    assert added == {
        "ihattach", "ihcount", "importhooks", "importhooks._attach", "importhooks._env",
    }, added
