"""Built-in providers, declared as data; each loads on first use.

One `ProviderConfig` per provider, each a module attribute (the package's
entry points name them) collected in `BUILTIN_PROVIDERS`: adding a provider
means adding its folder and its entry here. Paths are strings, so declaring
them imports nothing. `docs/providers.md` is the recipe.
"""

from __future__ import annotations

from ..core._provider_config import ProviderConfig

__all__ = ["ANTHROPIC", "BUILTIN_PROVIDERS", "DEFAULT_PROVIDER", "GEMINI", "GENAI", "OPENAI",
           "VERTEXAI"]

# What a client that names no provider talks to, as in 1.x.
DEFAULT_PROVIDER = "openai"

_OPENAI = "instructor.providers.openai"
_ANTHROPIC = "instructor.providers.anthropic"
_GENAI = "instructor.providers.genai"
_VERTEXAI = "instructor.providers.vertexai"
_GEMINI = "instructor.providers.gemini"

OPENAI = ProviderConfig(
    "openai",
    factory=f"{_OPENAI}.client:from_openai",
    builder=f"{_OPENAI}.client:build",
    adapter=f"{_OPENAI}.adapter:ChatAdapter",
    sdk=("openai",),
    extra="openai",
    default_mode="tool_call",
    modes={
        "tool_call": f"{_OPENAI}.tools:TOOLS",
        "tools_strict": f"{_OPENAI}.tools:TOOLS_STRICT",
        "parallel_tool_call": f"{_OPENAI}.tools:PARALLEL_TOOLS",
        "function_call": f"{_OPENAI}.tools:FUNCTIONS",
        "json_mode": f"{_OPENAI}.json_modes:JSON",
        "json_o1": f"{_OPENAI}.json_modes:JSON_O1",
        "markdown_json_mode": f"{_OPENAI}.json_modes:MD_JSON",
        "json_schema_mode": f"{_OPENAI}.json_modes:JSON_SCHEMA",
        "responses_tools": f"{_OPENAI}.responses:RESPONSES_TOOLS",
        "responses_tools_with_inbuilt_tools":
            f"{_OPENAI}.responses:RESPONSES_TOOLS_WITH_INBUILT_TOOLS",
    },
)

ANTHROPIC = ProviderConfig(
    "anthropic",
    factory=f"{_ANTHROPIC}.client:from_anthropic",
    builder=f"{_ANTHROPIC}.client:build",
    adapter=f"{_ANTHROPIC}.adapter:MessagesAdapter",
    sdk=("anthropic",),
    extra="anthropic",
    default_mode="tool_call",
    modes={
        "tool_call": f"{_ANTHROPIC}.tools:TOOLS",
        "parallel_tool_call": f"{_ANTHROPIC}.tools:PARALLEL_TOOLS",
        "anthropic_reasoning_tools": f"{_ANTHROPIC}.tools:REASONING_TOOLS",
        "json_mode": f"{_ANTHROPIC}.json_modes:JSON",
        "json_schema_mode": f"{_ANTHROPIC}.json_modes:JSON_SCHEMA",
    },
    aliases={
        "anthropic_tools": "tool_call",
        "anthropic_json": "json_mode",
        "anthropic_parallel_tools": "parallel_tool_call",
    },
)

GENAI = ProviderConfig(
    "genai",
    factory=f"{_GENAI}.client:from_genai",
    # 1.x has no "genai/" prefix: google-genai is "google/" (and "generative-ai/").
    prefixes={"google": f"{_GENAI}.client:build",
              "generative-ai": f"{_GENAI}.client:build_generative_ai"},
    adapter=f"{_GENAI}.adapter:GenAIAdapter",
    sdk=("google.genai",),
    extra="google-genai",
    default_mode="tool_call",
    modes={
        "tool_call": f"{_GENAI}.tools:TOOLS",
        "json_mode": f"{_GENAI}.json_modes:JSON",
    },
    aliases={
        "genai_tools": "tool_call",
        "genai_json": "json_mode",
        "genai_structured_outputs": "json_mode",
    },
)

# Gemini on Vertex AI, through google-genai's Vertex AI client and the genai
# provider's adapter and handlers (1.x's MD_JSON is the JSON request).
VERTEXAI = ProviderConfig(
    "vertexai",
    factory=f"{_VERTEXAI}.client:from_vertexai",
    builder=f"{_VERTEXAI}.client:build",
    adapter=f"{_GENAI}.adapter:GenAIAdapter",
    sdk=("google.genai",),
    extra="vertexai",
    default_mode="tool_call",
    modes={
        "tool_call": f"{_GENAI}.tools:TOOLS",
        "markdown_json_mode": f"{_GENAI}.json_modes:JSON",
        "parallel_tool_call": f"{_GENAI}.tools:PARALLEL_TOOLS",
    },
    aliases={
        "vertexai_tools": "tool_call",
        "vertexai_json": "markdown_json_mode",
        "vertexai_parallel_tools": "parallel_tool_call",
    },
)

# The deprecated google-generativeai SDK (GenerativeModel); shares the genai
# provider's SDK-free contents and handler code.
GEMINI = ProviderConfig(
    "gemini",
    factory=f"{_GEMINI}.client:from_gemini",
    builder=f"{_GEMINI}.client:build",
    adapter=f"{_GEMINI}.adapter:GeminiAdapter",
    sdk=("google.generativeai",),
    extra="gemini",
    default_mode="markdown_json_mode",
    modes={
        "markdown_json_mode": f"{_GEMINI}.handlers:MD_JSON",
        "tool_call": f"{_GEMINI}.handlers:TOOLS",
    },
    aliases={
        "gemini_json": "markdown_json_mode",
        "gemini_tools": "tool_call",
    },
)

BUILTIN_PROVIDERS = (OPENAI, ANTHROPIC, GENAI, VERTEXAI, GEMINI)
