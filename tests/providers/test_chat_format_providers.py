"""The registrations of the providers that speak the OpenAI chat format: the modes
and aliases of 1.x, the from_provider prefixes of 1.17, all lazy until used."""

from __future__ import annotations

import json

import pytest

from instructor import Mode
from instructor.core.mode_registry import mode_registry
from instructor.core.provider_registry import provider_registry

# The OpenAI chat modes every service behind the openai SDK takes (1.x's
# FUNCTIONS, TOOLS_STRICT and JSON_O1 included, served as by OpenAI).
CHAT = [Mode.TOOLS, Mode.TOOLS_STRICT, Mode.PARALLEL_TOOLS, Mode.FUNCTIONS, Mode.JSON,
        Mode.JSON_O1, Mode.MD_JSON, Mode.JSON_SCHEMA]

# provider -> (modes, default first; the provider-specific 1.x aliases -> what they stand for)
EXPECTED = {
    "groq": ([Mode.TOOLS, Mode.JSON, Mode.JSON_SCHEMA, Mode.MD_JSON], {}),
    "fireworks": ([Mode.TOOLS, Mode.JSON, Mode.JSON_SCHEMA, Mode.MD_JSON],
                  {Mode.FIREWORKS_TOOLS: Mode.TOOLS, Mode.FIREWORKS_JSON: Mode.MD_JSON}),
    "cerebras": ([Mode.TOOLS, Mode.JSON, Mode.JSON_SCHEMA, Mode.MD_JSON, Mode.PARALLEL_TOOLS],
                 {Mode.CEREBRAS_TOOLS: Mode.TOOLS, Mode.CEREBRAS_JSON: Mode.MD_JSON}),
    "writer": ([Mode.TOOLS, Mode.JSON_SCHEMA, Mode.MD_JSON],
               {Mode.WRITER_TOOLS: Mode.TOOLS, Mode.WRITER_JSON: Mode.MD_JSON}),
    "litellm": (CHAT, {}),
    "anyscale": (CHAT, {}),
    "together": (CHAT, {}),
    "databricks": (CHAT, {}),
    "deepseek": (CHAT, {}),
    "ollama": (CHAT, {}),
    "openrouter": (CHAT, {Mode.OPENROUTER_STRUCTURED_OUTPUTS: Mode.JSON_SCHEMA}),
    "perplexity": ([Mode.MD_JSON], {Mode.PERPLEXITY_JSON: Mode.MD_JSON}),
    "azure_openai": ([*CHAT, Mode.RESPONSES_TOOLS, Mode.RESPONSES_TOOLS_WITH_INBUILT_TOOLS], {}),
}

# from_provider prefixes of 1.17 served by the providers above (and OpenAI, Anthropic).
PREFIXES_1_17 = ["openai", "anyscale", "together", "azure_openai", "databricks", "anthropic",
                 "perplexity", "groq", "writer", "cerebras", "fireworks", "ollama", "deepseek",
                 "openrouter", "litellm"]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_modes_and_aliases_of_1x(name):
    modes, aliases = EXPECTED[name]
    assert sorted(mode_registry.modes_for(name)) == sorted(m.value for m in modes)
    assert provider_registry.get(name).default_mode == modes[0].value
    assert {a: provider_registry.normalize(name, a) for a in mode_registry.aliases_for(name)} \
        == {a.value: t.value for a, t in aliases.items()}
    for alias in aliases:  # an alias of one provider is no mode of the others
        owner = mode_registry.normalize(alias)[0]
        assert owner == name


def test_every_1_17_prefix_has_a_builder():
    for prefix in PREFIXES_1_17:
        assert provider_registry.get(prefix).builder, prefix


def test_all_registered_lazily_and_all_load(python):
    out = python("""
        import json, sys
        import instructor
        from instructor.core.provider_registry import provider_registry as p
        from instructor.core.mode_registry import mode_registry as m
        before = [p.stats(), m.stats(), sorted(n for n in sys.modules
                                               if n.startswith("instructor.providers."))]
        failures = p.load_all()
        missing = sum(not p.sdk_installed(n) for n in p.names())
        print(json.dumps([before, [f"{n}: {e!r}" for n, e in failures], p.stats(), missing]))
    """, env={"INSTRUCTOR_EAGER": "0"}, timeout=120)
    (providers, modes, loaded_modules), failures, after, missing = json.loads(out.stdout)
    assert providers["loaded"] == 0 and providers["lazy"] == providers["total"]
    assert providers["total"] >= len(EXPECTED) + 2
    assert modes["loaded"] == 0 and modes["lazy"] == modes["total"]
    assert loaded_modules == []
    assert failures == []
    assert after["loaded"] == after["total"] - missing  # every provider whose SDK is here
