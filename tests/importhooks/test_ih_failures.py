"""Failure semantics and error quality (pitfalls 7-11), each in a fresh interpreter."""

import sys

import pytest

PRELUDE = """
import sys, importhooks, ihcount, ihfix
importhooks.install(["ihfix.*"], install_hints={"ihfix.needs_sdk": "pip install 'ihfix[sdk]'"})

def notes(exc):
    return "\\n".join(getattr(exc, "__notes__", ()))
"""


def test_failed_body_leaves_no_half_module_and_retries_clean(run):
    """Pitfall 7: original type, entry removed, clean retry, stats show failed + attempts."""
    run(
        PRELUDE
        + """
ihcount.FAIL.add("ihfix.flaky")
import ihfix.flaky as m
try:
    m.FINAL
except RuntimeError as exc:
    assert str(exc) == "flaky body failed"
else:
    raise AssertionError("no error")
assert "ihfix.flaky" not in sys.modules           # as after a failed eager import
assert "flaky" not in vars(ihfix)
assert "GOOD" not in object.__getattribute__(m, "__dict__")   # no partial names kept
record = importhooks.stats()["modules"]["ihfix.flaky"]
assert record["state"] == "failed" and record["attempts"] == 1
assert record["last_error"] == "RuntimeError: flaky body failed"
assert importhooks.state("ihfix.flaky") == "failed"
# second touch while still failing: re-raises, never returns the half-run GOOD
try:
    m.GOOD
except RuntimeError:
    pass
else:
    raise AssertionError("partial attribute served")
assert importhooks.stats()["modules"]["ihfix.flaky"]["attempts"] == 2
# once the cause is gone, the next touch retries from a clean namespace
ihcount.FAIL.discard("ihfix.flaky")
assert m.FINAL == "complete" and m.GOOD == 1
assert ihcount.COUNTS["ihfix.flaky"] == 3
assert sys.modules["ihfix.flaky"] is m and ihfix.flaky is m  # put back on success
assert type(m) is type(sys)
assert importhooks.state("ihfix.flaky") == "loaded"
print("ok")
"""
    )


def test_failure_note_names_module_trigger_and_sites(run):
    """Pitfall 7/9: the note names the module, the attribute, the import site and the touch site."""
    code = (
        PRELUDE
        + """
ihcount.FAIL.add("ihfix.flaky")
import ihfix.flaky as m   # IMPORT LINE
def user_function():
    return m.FINAL        # TOUCH LINE
try:
    user_function()
except RuntimeError as exc:
    print(notes(exc))
"""
    )
    lines = code.splitlines()
    import_line = next(i for i, line in enumerate(lines, 1) if "IMPORT LINE" in line)
    touch_line = next(i for i, line in enumerate(lines, 1) if "TOUCH LINE" in line)
    out = run(code).stdout
    assert "deferred module 'ihfix.flaky'" in out
    assert "attr 'FINAL'" in out
    assert f"imported at <string>:{import_line} in <module>" in out
    assert f"<string>:{touch_line} in user_function" in out
    assert "thread 'MainThread'" in out


def test_attribute_error_inside_body_is_not_a_missing_attribute(run):
    """Pitfall 8: AttributeError from the body becomes a chained ImportError subclass."""
    run(
        PRELUDE
        + """
import ihfix.attr_error as m
try:
    hasattr(m, "BEFORE")
except importhooks.DeferredImportError as exc:
    assert isinstance(exc, ImportError) and not isinstance(exc, AttributeError)
    assert isinstance(exc.__cause__, AttributeError)
    assert "nonexistent_attribute_for_importhooks_tests" in str(exc.__cause__)
    assert exc.name == "ihfix.attr_error"
    assert "deferred module 'ihfix.attr_error'" in notes(exc)
else:
    raise AssertionError("hasattr() swallowed a broken body")
try:
    getattr(m, "BEFORE", "default")
except importhooks.DeferredImportError:
    pass
else:
    raise AssertionError("getattr default hid the failure")
try:
    from ihfix.attr_error import BEFORE
except importhooks.DeferredImportError as exc:
    assert "cannot import name" not in str(exc)
else:
    raise AssertionError("from-import did not fail")
print("ok")
"""
    )


def test_missing_sdk_keeps_module_not_found_and_adds_hint(run):
    """Pitfall 9: ModuleNotFoundError.name kept, note with module/attribute/site, install hint."""
    out = run(
        PRELUDE
        + """
import ihfix.needs_sdk as m
try:
    m.CLIENT
except ModuleNotFoundError as exc:
    assert exc.name == "not_installed_sdk_for_importhooks", exc.name
    assert exc.__traceback__ is not None
    text = notes(exc)
    assert "deferred module 'ihfix.needs_sdk'" in text and "attr 'CLIENT'" in text
    assert "imported at <string>:" in text
    assert "hint: pip install 'ihfix[sdk]'" in text
    print("ok")
"""
    ).stdout
    assert out.strip() == "ok"


def test_missing_sdk_traceback_shows_note(run):
    """The note and hint appear in the printed traceback (add_note on 3.11+, msg on 3.10)."""
    result = run(
        PRELUDE + "import ihfix.needs_sdk as m\nm.CLIENT\n",
        check=False,
    )
    assert result.returncode == 1
    assert (
        "ModuleNotFoundError: No module named 'not_installed_sdk_for_importhooks'"
        in result.stderr
    )
    assert "hint: pip install 'ihfix[sdk]'" in result.stderr
    assert "needs_sdk.py" in result.stderr  # the body's own frame is in the traceback


def test_error_context_is_preserved(run):
    """Pitfall 9: __cause__/__context__ of the body's exception survive."""
    run(
        """
import importhooks, pathlib, sys, tempfile
tmp = pathlib.Path(tempfile.mkdtemp())
(tmp / "ctxmod.py").write_text(
    "try:\\n    {}['k']\\nexcept KeyError as e:\\n    raise LookupError('outer') from e\\n")
sys.path.insert(0, str(tmp))
importhooks.install(["ctxmod"])
import ctxmod
try:
    ctxmod.x
except LookupError as exc:
    assert type(exc) is LookupError
    assert isinstance(exc.__cause__, KeyError) and exc.__context__ is exc.__cause__
print("ok")
"""
    )


@pytest.mark.parametrize(
    ("module", "expected"),
    [("raises_skip", "SkipTest"), ("raises_interrupt", "CustomInterrupt")],
)
def test_exception_types_are_never_wrapped(run, module, expected):
    """Pitfall 10: unittest.SkipTest and KeyboardInterrupt subclasses keep their exact type."""
    run(
        PRELUDE
        + f"""
import ihfix.{module} as m
try:
    m.anything
except BaseException as exc:
    assert type(exc).__name__ == "{expected}", type(exc)
    assert "deferred module 'ihfix.{module}'" in notes(exc)
    if "{expected}" == "SkipTest":
        import unittest
        assert type(exc) is unittest.SkipTest
    else:
        assert isinstance(exc, KeyboardInterrupt)
print("ok")
"""
    )


@pytest.mark.skipif(sys.version_info >= (3, 11), reason="the 3.10 fallback path")
def test_note_fallback_on_310(run):
    """Pitfall 10: on 3.10 the note lands in __notes__ and, for ImportError, in msg."""
    run(
        PRELUDE
        + """
import ihfix.needs_sdk as m
try:
    m.CLIENT
except ModuleNotFoundError as exc:
    assert "hint:" in exc.__notes__[-1]
    assert "hint:" in str(exc) and exc.args[0].startswith("No module named")
print("ok")
"""
    )


def test_missing_module_fails_at_the_import_statement(run):
    """Pitfall 11: a missing matched module raises at `import`, and find_spec says None."""
    run(
        PRELUDE
        + """
import importlib.util
try:
    import ihfix.does_not_exist
except ImportError as exc:
    assert type(exc) is ModuleNotFoundError and exc.name == "ihfix.does_not_exist"
else:
    raise AssertionError("missing module imported")
assert importlib.util.find_spec("ihfix.does_not_exist") is None
assert importhooks.state("ihfix.does_not_exist") is None
try:
    from ihfix import also_missing
except ImportError:
    pass
else:
    raise AssertionError("missing name imported")
print("ok")
"""
    )


def test_syntax_error_surfaces_with_type_and_note(run):
    """A body that does not compile raises SyntaxError on first touch, with the note."""
    run(
        """
import importhooks, pathlib, sys, tempfile
tmp = pathlib.Path(tempfile.mkdtemp())
(tmp / "broken_syntax.py").write_text("def f(:\\n")
sys.path.insert(0, str(tmp))
importhooks.install(["broken_syntax"])
import broken_syntax
try:
    broken_syntax.f
except SyntaxError as exc:
    assert "deferred module 'broken_syntax'" in "".join(getattr(exc, "__notes__", []))
else:
    raise AssertionError("no SyntaxError")
print("ok")
"""
    )
