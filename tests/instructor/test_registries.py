"""Registries: metadata-only registration, checked configs, precise errors, entry points."""

from __future__ import annotations

import pytest

from instructor import Mode
from instructor.core._provider_config import ProviderConfig
from instructor.core.handler import ModeHandler
from instructor.core.mode_registry import ModeRegistry, mode_registry
from instructor.core.provider_registry import ProviderRegistry, provider_registry
from instructor.exceptions import ConfigurationError, ModeError


def bare(*configs):
    """A provider registry with only ``configs`` (no built-ins), and its mode view."""
    providers = ProviderRegistry(default=configs[0].name if configs else None)
    providers._scanned = True  # no entry points either
    for config in configs:
        providers.register(config)
    return providers, ModeRegistry(providers)


def acme(**kw):
    return ProviderConfig("acme", factory="acme:from_acme", **kw)


def test_duplicate_handler_registration_names_both():
    _, modes = bare(acme(modes={"tool_call": "acme.handlers:TOOLS"}))
    with pytest.raises(ConfigurationError) as info:
        modes.register("acme", "tool_call", "other.handlers:TOOLS")
    assert "acme.handlers:TOOLS" in str(info.value)
    assert "other.handlers:TOOLS" in str(info.value)


def test_duplicate_provider_names_both_origins():
    providers, _ = bare(acme())
    with pytest.raises(ConfigurationError, match="already registered.*acme:from_acme.*other:f"):
        providers.register(ProviderConfig("acme", factory="other:f"))


def test_mode_error_names_the_value_and_lists_the_valid_modes():
    _, modes = bare(acme(modes={"tool_call": "x:y", "json_mode": "x:z"}))
    with pytest.raises(ModeError) as info:
        modes.get_handler(Mode.MD_JSON, "acme")
    assert str(info.value) == (
        "acme has no MD_JSON ('markdown_json_mode') handler; valid modes: TOOLS, JSON")
    assert info.value.valid_modes == ["tool_call", "json_mode"]
    assert info.value.provider == "acme"


def test_unknown_provider_lists_known_ones():
    with pytest.raises(ConfigurationError, match="unknown provider 'nope'; known providers: .*anthropic, .*openai"):
        provider_registry.get("nope")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"factory": "no_colon_here"}, "provider 'acme': factory: expected 'package.module:attr"),
    ({"modes": {"tool_call": "nocolon"}}, "handler of 'tool_call': expected"),
    ({"modes": {"tool_calls": "a:b"}},
     r"mode 'tool_calls' is not a Mode value; did you mean 'tool_call' \(Mode.TOOLS\)\?"),
    ({"modes": {"tool_call": "a:b"}, "aliases": {"anthropic_json": "json_mode"}},
     "alias 'anthropic_json' stands for 'json_mode', which is not one of its modes"),
    ({"modes": {"tool_call": "a:b"}, "default_mode": "json_mode"},
     "default mode 'json_mode' is not one of its modes"),
])
def test_provider_config_names_the_offending_entry(kwargs, message):
    with pytest.raises(ConfigurationError, match=message):
        ProviderConfig("acme", **{"factory": "acme:f", **kwargs})


def test_a_failed_registration_leaves_the_registry_as_it_was():
    providers, modes = bare(acme(modes={"tool_call": "acme.h:TOOLS"}))
    before = (providers.names(), modes.stats())
    with pytest.raises(ConfigurationError):
        modes.register("acme", "tool_calls", "acme.h:JSON")  # not a Mode value
    with pytest.raises(ConfigurationError):
        providers.register(ProviderConfig("acme", factory="b:c"))
    assert (providers.names(), modes.stats()) == before


def test_a_handler_that_cannot_be_imported_fails_the_same_way_every_time():
    providers, modes = bare(acme(modes={"tool_call": "instructor_nope_mod:TOOLS",
                                        "json_mode": "instructor.core.handler:ModeHandler"}))
    errors = []
    for _ in range(3):
        with pytest.raises(ConfigurationError) as info:
            modes.get_handler(Mode.TOOLS, "acme")
        errors.append(str(info.value))
    assert len(set(errors)) == 1
    assert "provider 'acme': its tool_call 'instructor_nope_mod:TOOLS' cannot be imported" \
        in errors[0]
    assert isinstance(modes.get_handler(Mode.JSON, "acme"), ModeHandler)  # others still work


def test_aliases_belong_to_their_provider():
    assert mode_registry.normalize(Mode.ANTHROPIC_JSON) == ("anthropic", "json_mode")
    assert mode_registry.normalize(Mode.ANTHROPIC_JSON, "anthropic") == ("anthropic", "json_mode")
    with pytest.raises(ModeError, match="openai has no ANTHROPIC_JSON"):
        mode_registry.normalize(Mode.ANTHROPIC_JSON, "openai")
    assert "anthropic_json" in mode_registry.aliases_for("anthropic")
    assert mode_registry.aliases_for("openai") == []


def test_registering_on_an_alias_is_refused():
    with pytest.raises(ConfigurationError, match="alias of 'json_mode' for anthropic"):
        ProviderRegistry.add_handler(provider_registry, "anthropic", Mode.ANTHROPIC_JSON, "a:b")


def test_handlers_are_frozen():
    handler = mode_registry.get_handler(Mode.TOOLS, "openai")
    with pytest.raises(AttributeError, match="frozen"):
        handler.streaming = True
    assert not hasattr(handler, "__dict__")


def test_stats_keep_the_phase_plan_shape():
    for stats in (provider_registry.stats(), mode_registry.stats()):
        assert set(stats) == {"total", "lazy", "loaded"}
        assert stats["total"] == stats["lazy"] + stats["loaded"]


def test_builtin_entry_points_resolve_to_the_builtin_configs():
    from importlib.metadata import distribution

    from instructor.providers import BUILTIN_PROVIDERS

    eps = [ep for ep in distribution("instructor").entry_points
           if ep.group == "instructor.providers"]
    assert {ep.name for ep in eps} == {c.name for c in BUILTIN_PROVIDERS}
    for ep in eps:
        config = ep.load()
        assert isinstance(config, ProviderConfig) and config.name == ep.name
        assert config is provider_registry.get(ep.name)


def test_decorator_forms_of_the_phase_plan(python):
    out = python("""
        import sys
        from instructor import Mode
        from instructor.core.handler import ModeHandler
        from instructor.core.mode_registry import mode_registry, register_mode_handler
        from instructor.core.provider_registry import (ProviderConfig, provider_registry,
                                                       register_provider)

        @register_provider(ProviderConfig("acme", modes={Mode.TOOLS: "json:JSONDecoder"}),
                           lazy=True)
        def from_acme(client, mode=Mode.TOOLS, **kwargs):
            return ("acme client", client)

        @register_mode_handler(Mode.MD_JSON, provider="acme", lazy=True)
        class Markdown(ModeHandler):
            pass

        class Strict(ModeHandler):
            provider = "acme"

        register_mode_handler(Mode.JSON_SCHEMA, lazy=False)(Strict)
        assert provider_registry.get_factory("acme") is from_acme
        assert isinstance(mode_registry.get_handler(Mode.MD_JSON, "acme"), Markdown)
        assert isinstance(mode_registry.get_handler(Mode.JSON_SCHEMA, "acme"), Strict)
        print(sorted(mode_registry.modes_for("acme")))
        try:
            register_mode_handler(Mode.JSON)(type("NoProvider", (ModeHandler,), {}))
        except Exception as exc:
            print(type(exc).__name__, "say which provider" in str(exc))
    """)
    lines = out.stdout.splitlines()
    assert lines[0] == "['json_schema_mode', 'markdown_json_mode', 'tool_call']"
    assert lines[1] == "ConfigurationError True"


def test_registration_is_metadata_and_lookup_loads(tmp_path, python, eager):
    (tmp_path / "acme_handlers.py").write_text("LOADED = True\nclass Tools:\n    pass\n")
    out = python(f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from instructor.core.mode_registry import mode_registry, register_mode_handler
        from instructor.core.provider_registry import ProviderConfig, register_provider
        register_provider(ProviderConfig("acme", factory="acme_handlers:Tools"))
        register_mode_handler("acme", "tool_call", "acme_handlers:Tools")
        assert "acme_handlers" not in sys.modules
        before = mode_registry.stats()
        handler = mode_registry.get_handler("tool_call", "acme")
        after = mode_registry.stats()
        assert type(handler).__name__ == "Tools"
        assert mode_registry.get_handler("tool_call", "acme") is handler
        print(after["loaded"] - before["loaded"], after["total"] - before["total"])
    """)
    # tool_call is a mode value of the built-ins already: the total stays, and
    # it counts as loaded once some provider's tool_call handler is (eagerly:
    # at import already)
    assert out.stdout.split() == (["0", "0"] if eager else ["1", "0"])
