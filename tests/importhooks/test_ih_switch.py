"""Eager switch, verify/load_all, side effects (pitfalls 24, 29, 30), in fresh interpreters."""

import pytest

from importhooks import EnvFlagWarning, env_flag


@pytest.mark.parametrize(
    ("value", "eager", "warns"),
    [
        (None, False, False),
        ("", False, False),
        ("0", False, False),
        ("1", True, False),
        ("true", True, False),
        ("false", False, False),
        ("yes", True, False),
        ("no", False, False),
        ("on", True, False),
        ("off", False, False),
        ("TRUE", True, False),
        (" On ", True, False),
        ("bogus", False, True),
        ("2", False, True),
        ("enable", False, True),
    ],
)
def test_eager_env_var_is_parsed_strictly(run, value, eager, warns):
    """Pitfall 29: table of values; bogus ones warn and stay lazy."""
    result = run(
        """
import importhooks, ihcount
importhooks.install(["ihfix.*"], eager_env="IH_TEST_EAGER")
import ihfix.simple
print(importhooks.state("ihfix.simple"), ihcount.COUNTS.get("ihfix.simple", 0), importhooks.is_eager())
""",
        env={"IH_TEST_EAGER": value},
        warnings_as_errors=False,
    )
    state, runs, flag = result.stdout.split()
    if eager:
        assert (state, runs, flag) == ("eager", "1", "True")
    else:
        assert (state, runs, flag) == ("deferred", "0", "False")
    assert ("EnvFlagWarning" in result.stderr) is warns, result.stderr
    if warns:
        assert "IH_TEST_EAGER" in result.stderr and "<string>:3" in result.stderr


def test_env_flag_in_process(monkeypatch):
    """The parser itself (reads os.environ at call time)."""
    monkeypatch.setenv("IH_UNIT_FLAG", "Yes")
    assert env_flag("IH_UNIT_FLAG") is True
    monkeypatch.setenv("IH_UNIT_FLAG", "off")
    assert env_flag("IH_UNIT_FLAG") is False
    monkeypatch.delenv("IH_UNIT_FLAG")
    assert env_flag("IH_UNIT_FLAG") is False
    monkeypatch.setenv("IH_UNIT_FLAG", "maybe")
    with pytest.warns(EnvFlagWarning, match="IH_UNIT_FLAG='maybe'"):
        assert env_flag("IH_UNIT_FLAG") is False


def test_env_is_read_at_install_and_set_eager_toggles_at_runtime(run):
    """Pitfall 29: later os.environ changes are ignored; set_eager() applies to later imports."""
    run(
        """
import os, importhooks, ihcount
finder = importhooks.install(["ihfix.*"], eager_env="IH_TEST_EAGER")
os.environ["IH_TEST_EAGER"] = "1"                # after install: ignored (documented)
import ihfix.simple
assert importhooks.state("ihfix.simple") == "deferred" and not importhooks.is_eager()
importhooks.set_eager(True)
assert importhooks.is_eager() and finder.eager
import ihfix.documented
assert importhooks.state("ihfix.documented") == "eager" and ihcount.COUNTS["ihfix.documented"] == 1
assert importhooks.state("ihfix.simple") == "deferred"   # earlier imports stay deferred
importhooks.set_eager(False)
import ihfix.registers
assert importhooks.state("ihfix.registers") == "deferred"
importhooks.set_eager(None)                       # back to the env var read at install (off)
assert not importhooks.is_eager(finder)
print("ok")
"""
    )


def test_eager_mode_parity(run):
    """Pitfall 30: eager loads at import, a missing dependency fails at import, stats say eager."""
    run(
        """
import sys, importhooks, ihcount
importhooks.install(["ihfix.*"], eager_env="IH_TEST_EAGER",
                    install_hints={"ihfix.needs_sdk": "pip install 'ihfix[sdk]'"})
import ihfix.simple, ihfix.registers
assert type(ihfix.simple) is type(sys) and ihcount.COUNTS["ihfix.simple"] == 1
assert "ihfix.registers" in ihcount.REGISTRY
try:
    import ihfix.needs_sdk
except ModuleNotFoundError as exc:
    assert exc.name == "not_installed_sdk_for_importhooks"
    assert "pip install 'ihfix[sdk]'" in "".join(getattr(exc, "__notes__", [])) + str(exc)
else:
    raise AssertionError("eager import of a missing dependency succeeded")
assert "ihfix.needs_sdk" not in sys.modules
stats = importhooks.stats()
assert stats["modules"]["ihfix.simple"]["state"] == "eager"
assert stats["modules"]["ihfix.simple"]["trigger"]["kind"] == "eager"
assert stats["modules"]["ihfix.simple"]["load_ns"] > 0
assert stats["modules"]["ihfix.needs_sdk"]["state"] == "failed"
assert stats["totals"]["eager"] == 2 and stats["totals"]["failed"] == 1
print("ok")
""",
        env={"IH_TEST_EAGER": "1"},
    )


def test_registration_side_effects(run):
    """Pitfall 24: lazy registry lacks a module until touched; exclude= keeps one eager."""
    run(
        """
import importhooks, ihcount
importhooks.install(["ihfix.*"], exclude=["ihfix.registers_too"])
import ihfix.registers, ihfix.registers_too
assert ihcount.REGISTRY == ["ihfix.registers_too"]   # the excluded one ran at import
assert importhooks.state("ihfix.registers_too") is None
assert importhooks.stats()["totals"]["never_loaded"] == ["ihfix.registers"]
assert ihfix.registers.PLUGIN == "registered"
assert ihcount.REGISTRY == ["ihfix.registers_too", "ihfix.registers"]
assert importhooks.stats()["totals"]["never_loaded"] == []
print("ok")
"""
    )


def test_load_all_collects_every_failure(run):
    """Pitfall 30: load_all() loads what is deferred and reports each failure without stopping."""
    run(
        """
import sys, importhooks, ihcount
importhooks.install(["ihfix.*"])
ihcount.FAIL.add("ihfix.flaky")
import ihfix.simple, ihfix.flaky, ihfix.needs_sdk, ihfix.pkg_parent
failures = importhooks.load_all()
assert sorted((name, type(exc).__name__) for name, exc in failures) == [
    ("ihfix.flaky", "RuntimeError"), ("ihfix.needs_sdk", "ModuleNotFoundError")], failures
assert importhooks.state("ihfix.simple") == importhooks.state("ihfix.pkg_parent") == "loaded"
assert importhooks.stats()["modules"]["ihfix.simple"]["trigger"]["kind"] == "load_all"
assert importhooks.load_all() == [] or True            # failed ones are retried once per call
ihcount.FAIL.discard("ihfix.flaky")
assert [n for n, _ in importhooks.load_all()] == ["ihfix.needs_sdk"]
assert importhooks.state("ihfix.flaky") == "loaded" and sys.modules["ihfix.flaky"].FINAL == "complete"
print("ok")
"""
    )


def test_verify_walks_the_packages_and_reports_failures(run):
    """Pitfall 30: verify() imports every matched module (even unimported ones) and loads them."""
    run(
        """
import sys, importhooks, ihcount
importhooks.install(["ihfix.*"], exclude=["ihfix.raises_interrupt"])
failures = importhooks.verify()
failed = sorted(name for name, _ in failures)
assert failed == ["ihfix.attr_error", "ihfix.needs_sdk", "ihfix.raises_skip",
                  "ihfix.slow_fail"], failed
assert importhooks.testing.deferred_modules() == []
assert importhooks.state("ihfix.deep.inner.leaf") == "loaded"
assert importhooks.state("ihfix.nsp.mod") == "loaded"
assert importhooks.state("ihfix.nsp") == "not-deferrable"
assert "ihfix.raises_interrupt" not in sys.modules
print("ok")
"""
    )
