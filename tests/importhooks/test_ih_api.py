"""Public API: install/uninstall, patterns, stats, report, CLI, import cost, doctests."""

import json

import pytest

from importhooks._patterns import PatternSet


def test_install_and_uninstall_are_idempotent_and_restore_meta_path(run):
    run(
        """
import sys, importhooks
original = list(sys.meta_path)
a = importhooks.install(["ihfix.*"], eager_env="IH_TEST_EAGER", exclude=["ihfix._*"],
                        install_hints={"ihfix.x": "pip install x"})
b = importhooks.install(["ihfix.*"], eager_env="IH_TEST_EAGER", exclude=["ihfix._*"],
                        install_hints={"ihfix.x": "pip install x"})
assert a is b and sys.meta_path[0] is a and sys.meta_path.count(a) == 1
assert importhooks.installed() == [a]
c = importhooks.install(["ihfix.*"])                 # other options: another finder, in front
assert c is not a and sys.meta_path[:2] == [c, a]
importhooks.uninstall(a); importhooks.uninstall(a)
assert sys.meta_path == [c] + original
c.uninstall(); c.uninstall()
assert sys.meta_path == original and all(x is y for x, y in zip(sys.meta_path, original))
d = importhooks.install("ihfix.simple")              # a single pattern as a str
e = importhooks.install(["ihfix.other"])
importhooks.uninstall()                              # every importhooks finder
assert sys.meta_path == original and importhooks.installed() == []
importhooks.uninstall()
print("ok")
"""
    )


def test_deferred_modules_keep_working_after_uninstall(run):
    run(
        """
import importhooks
finder = importhooks.install(["ihfix.*"])
import ihfix.simple
importhooks.uninstall(finder)
import ihfix.documented                              # no longer deferred
assert importhooks.state("ihfix.documented") is None
assert ihfix.simple.VALUE == 42 and importhooks.state("ihfix.simple") == "loaded"
print("ok")
"""
    )


def test_pattern_matching():
    patterns = PatternSet(["pkg.*", "exact.name", "a.*.leaf", "x._*"])
    assert patterns.match("pkg.a") and patterns.match("pkg.a.b")
    assert not patterns.match("pkg") and not patterns.match("pkgx.a")
    assert patterns.match("exact.name") and not patterns.match("exact.name.sub")
    assert not patterns.match("exact.names")
    assert (
        patterns.match("a.b.leaf")
        and patterns.match("a.b.c.leaf")
        and not patterns.match("a.leaf")
    )
    assert (
        patterns.match("x._private")
        and patterns.match("x._p.deep")
        and not patterns.match("x.public")
    )
    assert set(patterns.prefixes) == {"pkg.", "exact.name", "a.", "x._"}
    assert PatternSet("one.two").match("one.two")


@pytest.mark.parametrize("bad", ["", "a.?", "a.[bc]", " a.b", 3, None])
def test_invalid_patterns_are_rejected(bad):
    with pytest.raises(ValueError, match="pattern"):
        PatternSet([bad])


def test_finder_matching_and_exclusions(run):
    run(
        """
import importhooks
finder = importhooks.install(["ihfix.*"], exclude=["ihfix._*", "ihfix.simple"])
assert finder.matches("ihfix.documented") and not finder.matches("ihfix")
assert not finder.matches("ihfix._private") and not finder.matches("ihfix.simple")
assert not finder.matches("__main__")
import ihfix._private, ihfix.simple, ihfix.documented
assert importhooks.state("ihfix._private") is None and importhooks.state("ihfix.simple") is None
assert importhooks.state("ihfix.documented") == "deferred"
try:
    importhooks.install([])
except ValueError:
    pass
else:
    raise AssertionError("empty pattern list accepted")
print("ok")
"""
    )


def test_stats_shape_json_and_report(run):
    result = run(
        """
import json, importhooks, ihcount
importhooks.install(["ihfix.*"])
ihcount.FAIL.add("ihfix.flaky")
import ihfix.simple, ihfix.documented, ihfix.flaky, ihfix.nsp
ihfix.simple.VALUE
try:
    ihfix.flaky.FINAL
except RuntimeError:
    pass
data = importhooks.stats()
assert json.loads(json.dumps(data)) == data
assert json.loads(importhooks.stats_json())["totals"] == data["totals"]
print(json.dumps(data))
print("=====")
print(importhooks.report())
"""
    )
    data_text, report = result.stdout.split("=====\n")
    data = json.loads(data_text)
    simple = data["modules"]["ihfix.simple"]
    assert (
        simple["state"] == "loaded" and simple["attempts"] == 1 and simple["loads"] == 1
    )
    assert simple["load_ns"] > 0 and simple["total_load_ns"] == simple["load_ns"]
    assert simple["deferred_ns"] >= 0 and simple["origin"].endswith("simple.py")
    assert simple["trigger"] == {
        "kind": "attr",
        "attr": "VALUE",
        "thread": "MainThread",
        "site": simple["trigger"]["site"],
    }
    assert simple["import_site"].startswith("<string>:")
    totals = data["totals"]
    assert totals["modules"] == 4 and totals["loaded"] == 1 and totals["failed"] == 1
    assert totals["deferred"] == 1 and totals["not-deferrable"] == 1
    assert totals["never_loaded"] == ["ihfix.documented"]
    assert totals["failed_modules"] == ["ihfix.flaky"]
    assert totals["attempts"] == 2
    assert report.startswith(
        "importhooks: 4 module(s) matched: 1 still deferred, 1 loaded on use"
    )
    for expected in (
        "loaded on first use (1)",
        "why: attr 'VALUE' at <string>:",
        "failed (1):",
        "RuntimeError: flaky body failed",
        "still deferred, body never ran (1):",
        "ihfix.documented",
        "matched but not deferrable, loaded normally (1):",
        "ihfix.nsp  (namespace package)",
    ):
        assert expected in report, expected


def test_cli_runs_a_script_and_reports(run, tmp_path):
    script = tmp_path / "app.py"
    script.write_text(
        "import sys\nimport ihfix.simple, ihfix.documented\n"
        "print('args', sys.argv[1:], ihfix.simple.VALUE)\n"
        "import os\nprint('path0', sys.path[0] == os.path.dirname(os.path.abspath(__file__)))\n"
    )
    result = run(
        "import runpy, sys; sys.argv[0] = 'importhooks'; runpy.run_module('importhooks', run_name='__main__')",
        args=["-p", "ihfix.*", str(script), "one", "--two"],
    )
    assert "args ['one', '--two'] 42" in result.stdout
    assert "path0 True" in result.stdout
    assert "loaded on first use (1)" in result.stderr
    assert "still deferred, body never ran (1):" in result.stderr
    assert "app.py:3 in <module>" in result.stderr


def test_cli_json_module_mode_and_exit_code(run, tmp_path):
    (tmp_path / "ihapp.py").write_text(
        "import sys, ihfix.simple\nprint('module ran', sys.argv[1:])\nsys.exit(3)\n"
    )
    out_file = tmp_path / "report.json"
    result = run(
        "import runpy; runpy.run_module('importhooks', run_name='__main__')",
        args=["-p", "ihfix.*", "--json", "-o", str(out_file), "-m", "ihapp", "x"],
        check=False,
        cwd=tmp_path,
        path=[tmp_path],
    )
    assert result.returncode == 3
    assert "module ran ['x']" in result.stdout
    data = json.loads(out_file.read_text())
    assert data["modules"]["ihfix.simple"]["state"] == "deferred"


def test_cli_verify_fails_on_broken_modules(run, tmp_path):
    script = tmp_path / "noop.py"
    script.write_text("print('noop')\n")
    result = run(
        "import runpy; runpy.run_module('importhooks', run_name='__main__')",
        args=["-p", "ihfix.*", "-x", "ihfix.raises_interrupt", "--verify", str(script)],
        check=False,
    )
    assert result.returncode == 1
    assert "verify: 4 failure(s)" in result.stderr
    assert "ihfix.needs_sdk: ModuleNotFoundError" in result.stderr


def test_cli_usage_errors(run):
    for args, message in (
        (["--bogus", "x.py"], "unknown option"),
        ([], "nothing to run"),
    ):
        result = run(
            "import runpy; runpy.run_module('importhooks', run_name='__main__')",
            args=args,
            check=False,
        )
        assert result.returncode != 0 and message in result.stderr


def test_importing_importhooks_pulls_in_nothing_heavy(run):
    """Only importhooks' own modules are added: no importlib.abc/util, typing, inspect, threading..."""
    result = run(
        """
import sys, json
before = set(sys.modules)
import importhooks
after_import = set(sys.modules) - before
finder = importhooks.install(["ihfix.*"])
import ihfix.simple
ihfix.simple.VALUE
after_use = set(sys.modules) - before
print(json.dumps([sorted(after_import), sorted(after_use)]))
"""
    )
    after_import, after_use = result.json()
    assert all(
        name == "importhooks" or name.startswith("importhooks._")
        for name in after_import
    )
    forbidden = {
        "importlib.abc",
        "importlib.util",
        "typing",
        "inspect",
        "threading",
        "dataclasses",
        "enum",
        "weakref",
        "re",
        "warnings",
        "importlib",
    }
    assert not forbidden & set(after_use), forbidden & set(after_use)
    # install() brings the finder; the machinery arrives with the first matched import
    assert set(after_use) - set(after_import) == {
        "ihfix", "ihfix.simple", "ihcount",
        "importhooks._finder", "importhooks._patterns", "importhooks._env",
        "importhooks._control", "importhooks._loader", "importhooks._module",
        "importhooks._records", "importhooks._code"}


def test_importtime_lists_only_importhooks_modules(run):
    """`python -X importtime -c "import importhooks"` adds only importhooks' own modules."""

    def imported(code):
        result = run(code, env={"PYTHONPROFILEIMPORTTIME": "1"})
        lines = [
            line
            for line in result.stderr.splitlines()
            if line.startswith("import time:")
        ]
        return {line.rsplit("|", 1)[1].strip() for line in lines[1:]}

    added = imported("import importhooks") - imported("pass")
    # The finder waits for install(), the machinery until a name first matches.
    assert added == {"importhooks"}, added
    installed = imported("import importhooks; importhooks.install(['x.*'])") - imported("pass")
    assert installed == {"importhooks", "importhooks._finder", "importhooks._patterns",
                         "importhooks._env"}, installed


@pytest.mark.parametrize(
    "module",
    [
        "importhooks",
        "importhooks._attach",
        "importhooks._errors",
        "importhooks._env",
        "importhooks._finder",
        "importhooks._loader",
        "importhooks._module",
        "importhooks._patterns",
        "importhooks._records",
        "importhooks._stats",
        "importhooks._verify",
        "importhooks.testing",
    ],
)
def test_docstring_examples_run(run, module):
    result = run(
        f"""
import doctest, importlib, sys
module = importlib.import_module({module!r})
failures, tests = doctest.testmod(module)
print(failures, tests)
sys.exit(1 if failures else 0)
"""
    )
    failures, tests = map(int, result.stdout.split()[-2:])
    assert failures == 0 and tests > 0


def test_recorded_sites_name_the_same_line_as_the_frame():
    """user_frame() keeps (code, offset) and describe_frame() works the line out later."""
    import sys

    from importhooks._records import describe_frame

    def here():
        frame = sys._getframe(1)
        return describe_frame((frame.f_code, frame.f_lasti)), frame.f_lineno

    def caller():
        first = here()
        second = [
            0,
            here(),
        ][1]
        return first, second

    for described, line in caller():
        assert described.endswith(f":{line} in caller"), (described, line)
    assert describe_frame(None) == "<no Python frame>"


def test_cli_help_gives_every_option_a_sentence_and_an_example(run):
    result = run("import runpy; runpy.run_module('importhooks', run_name='__main__')", args=["--help"])
    text = result.stdout
    assert text.startswith("usage: python -m importhooks")
    blocks = {}
    current = None
    for line in text.splitlines():
        if line.startswith("  ") and not line.startswith("   "):  # an option's first line
            current = line.split("  ")[1].strip()
            blocks[current] = [line]
        elif current and line.startswith("    "):
            blocks[current].append(line)
    for option in ("script.py [args...]", "-m module [args...]", "-h, --help",
                   "-p, --pattern PATTERN", "-x, --exclude PATTERN", "--eager", "--verify",
                   "--json", "-o, --output FILE"):
        block = blocks.get(option)
        assert block, (option, sorted(blocks))
        sentence = " ".join(block[0].split(option, 1)[1].split())
        assert sentence.endswith(".") or len(block) > 2, (option, block)
        assert any("e.g. python -m importhooks" in line for line in block), (option, block)
