"""What `import instructor` loads, checked in fresh interpreters."""

from __future__ import annotations

import json

import pytest

LAZY = {"INSTRUCTOR_EAGER": "0"}

PROBE = """
import sys, json
before = set(sys.modules)
import instructor
new = sorted(set(sys.modules) - before)
print(json.dumps(new))
"""


def new_modules(python, env):
    return json.loads(python(PROBE, env=env).stdout)


def test_import_loads_only_a_tiny_core(python):
    new = new_modules(python, LAZY)
    ours = {m for m in new if m.split(".")[0] in ("instructor", "importhooks")}
    assert "instructor" in ours
    assert {m for m in ours if not m.startswith("importhooks")} == {"instructor"}
    heavy = {"openai", "pydantic", "typing", "enum", "inspect", "asyncio",
             "importlib.abc", "importlib.metadata", "jinja2", "tenacity", "threading",
             "dataclasses", "instructor.providers", "instructor.core.client"}
    assert heavy.isdisjoint(new), heavy & set(new)


def test_registries_report_nothing_loaded(python):
    out = python("""
        import sys, json
        import instructor
        from instructor.core.provider_registry import provider_registry
        from instructor.core.mode_registry import mode_registry
        print(json.dumps([provider_registry.stats(), mode_registry.stats(),
                          [m for m in sys.modules if m.startswith(("openai", "pydantic",
                           "instructor.providers."))]]))
    """, env=LAZY)
    providers, modes, loaded = json.loads(out.stdout)
    assert providers["loaded"] == 0 and providers["lazy"] == providers["total"] >= 1
    assert modes["loaded"] == 0 and modes["lazy"] == modes["total"] >= 10
    assert loaded == []


def test_get_handler_loads_exactly_one_handler_module(python):
    out = python("""
        import sys, json
        import instructor
        from instructor.core.mode_registry import mode_registry
        h = mode_registry.get_handler(instructor.Mode.JSON)
        mods = sorted(m for m in sys.modules if m.startswith("instructor.providers.openai"))
        print(json.dumps([type(h).__name__, mode_registry.stats(), mods,
                          "openai" in sys.modules]))
    """, env=LAZY)
    name, stats, mods, sdk = json.loads(out.stdout)
    assert name == "JSONHandler"
    assert stats["loaded"] == 1
    assert mods == ["instructor.providers.openai", "instructor.providers.openai._common",
                    "instructor.providers.openai.json_modes"]
    assert sdk is False  # a handler needs no SDK


def test_get_factory_loads_the_provider(python):
    out = python("""
        import sys, json
        from instructor.core.provider_registry import provider_registry
        f = provider_registry.get_factory("openai")
        print(json.dumps([f.__name__, provider_registry.stats()["loaded"],
                          "openai" in sys.modules]))
    """, env=LAZY)
    assert json.loads(out.stdout) == ["from_openai", 1, True]


def test_names_resolve_lazily_and_are_cached(python):
    out = python("""
        import sys, json
        import instructor
        a = "pydantic" in sys.modules
        Mode = instructor.Mode
        b = "pydantic" in sys.modules
        dsl = instructor.Partial
        print(json.dumps([a, b, "pydantic" in sys.modules, "Mode" in vars(instructor)]))
    """, env=LAZY)
    assert json.loads(out.stdout) == [False, False, True, True]


def test_provider_modules_are_deferred_by_importhooks(python):
    out = python("""
        import json
        import instructor
        import importhooks
        import instructor.providers.openai.tools as tools
        state1 = importhooks.state("instructor.providers.openai.tools")
        tools.TOOLS
        print(json.dumps([state1, importhooks.state("instructor.providers.openai.tools")]))
    """, env=LAZY)
    assert json.loads(out.stdout) == ["deferred", "loaded"]


def test_eager_loads_every_installed_provider_and_handler(python):
    pytest.importorskip("openai")
    out = python("""
        import sys, json
        import instructor
        from instructor.core.provider_registry import provider_registry
        from instructor.core.mode_registry import mode_registry
        print(json.dumps([provider_registry.stats(), mode_registry.stats(),
                          "openai" in sys.modules, "pydantic" in sys.modules]))
    """, env={"INSTRUCTOR_EAGER": "1"})
    providers, modes, sdk, pyd = json.loads(out.stdout)
    assert providers["loaded"] == providers["total"] - _missing_sdks()
    assert modes["lazy"] == _modes_only_of_missing_sdks()
    assert sdk and pyd


def _missing_sdks() -> int:
    from instructor.core.provider_registry import provider_registry

    return sum(not provider_registry.sdk_installed(n) for n in provider_registry.names())


def _modes_only_of_missing_sdks() -> int:
    """The Mode values (and aliases) that only providers without their SDK here take."""
    from instructor.core.provider_registry import provider_registry

    reachable: dict[str, bool] = {}
    for name in provider_registry.names():
        config = provider_registry.get(name)
        installed = provider_registry.sdk_installed(name)
        for value in (*config.modes, *config.aliases):
            reachable[value] = reachable.get(value, False) or installed
    return sum(not ok for ok in reachable.values())


def test_eager_surfaces_a_broken_provider_at_import(python, tmp_path):
    pytest.importorskip("openai")
    dist = tmp_path / "broken_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(
        "[instructor.providers]\nbroken = broken_plugin:CONFIG\n")
    (tmp_path / "broken_plugin.py").write_text(
        "from instructor.core.provider_registry import ProviderConfig\n"
        "CONFIG = ProviderConfig('broken', factory='broken_impl:from_broken', sdk=('json',))\n")
    (tmp_path / "broken_impl.py").write_text("raise RuntimeError('broken at import')\n")
    code = f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import instructor"
    out = python(code, env={"INSTRUCTOR_EAGER": "1"}, check=False)
    assert out.returncode != 0
    assert "broken at import" in out.stderr and "INSTRUCTOR_EAGER" in out.stderr
    lazy = python(code + "; print('ok')", env=LAZY)
    assert lazy.stdout.strip() == "ok"


def test_anthropic_name_never_imports_openai(python):
    out = python("""
        import sys
        import instructor
        f = instructor.from_anthropic
        try:
            f(object())
        except Exception as exc:
            print(type(exc).__name__)
        print("openai" in sys.modules)
    """, env=LAZY)
    assert out.stdout.split() == ["ClientError", "False"]


def test_from_provider_counts_the_provider_as_loaded(python):
    out = python("""
        import instructor
        from instructor.core.provider_registry import provider_registry
        instructor.from_provider("openai/m", api_key="k")
        print(provider_registry.stats()["loaded"])
    """, env=LAZY)
    assert out.stdout.strip() == "1"
