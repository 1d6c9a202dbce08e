"""Built-in providers, declared as data; each loads on first use.

One `ProviderConfig` per provider, each a module attribute (the package's
entry points name them) collected in `BUILTIN_PROVIDERS`: adding a provider
means adding its folder and its entry here. Paths are strings, so declaring
them imports nothing. `docs/providers.md` is the recipe.
"""

from __future__ import annotations

from ..core._provider_config import ProviderConfig

__all__ = [
    "ANTHROPIC", "ANYSCALE", "AZURE_OPENAI", "BEDROCK", "BUILTIN_PROVIDERS", "CEREBRAS", "COHERE",
    "DATABRICKS", "DEEPSEEK", "DEFAULT_PROVIDER", "FIREWORKS", "GEMINI", "GENAI", "GROQ",
    "LITELLM", "MISTRAL", "OLLAMA", "OPENAI", "OPENROUTER", "PERPLEXITY", "TOGETHER", "VERTEXAI",
    "WRITER", "XAI",
]

# What a client that names no provider talks to, as in 1.x.
DEFAULT_PROVIDER = "openai"

_OPENAI = "instructor.providers.openai"
_ANTHROPIC = "instructor.providers.anthropic"
_BEDROCK = "instructor.providers.bedrock"
_XAI = "instructor.providers.xai"
_COHERE = "instructor.providers.cohere"
_MISTRAL = "instructor.providers.mistral"
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

BEDROCK = ProviderConfig(
    "bedrock",
    factory=f"{_BEDROCK}.client:from_bedrock",
    builder=f"{_BEDROCK}.client:build",
    adapter=f"{_BEDROCK}.adapter:ConverseAdapter",
    sdk=("boto3", "botocore"),
    extra="bedrock",
    default_mode="tool_call",
    modes={
        "tool_call": f"{_BEDROCK}.tools:TOOLS",
        "tools_strict": f"{_BEDROCK}.tools:TOOLS_STRICT",
        "json_schema_mode": f"{_BEDROCK}.json_modes:JSON_SCHEMA",
        "markdown_json_mode": f"{_BEDROCK}.json_modes:MD_JSON",
    },
    aliases={
        "bedrock_tools": "tool_call",
        "bedrock_json": "markdown_json_mode",
    },
)

XAI = ProviderConfig(
    "xai",
    factory=f"{_XAI}.client:from_xai",
    builder=f"{_XAI}.client:build",
    adapter=f"{_XAI}.adapter:ChatAdapter",
    sdk=("xai_sdk",),
    extra="xai",
    default_mode="tool_call",
    modes={
        "tool_call": f"{_XAI}.tools:TOOLS",
        "parallel_tool_call": f"{_XAI}.tools:PARALLEL_TOOLS",
        "json_schema_mode": f"{_XAI}.json_modes:JSON_SCHEMA",
        "markdown_json_mode": f"{_XAI}.json_modes:MD_JSON",
    },
    aliases={"xai_tools": "tool_call", "xai_json": "markdown_json_mode"},
)

COHERE = ProviderConfig(
    "cohere",
    factory=f"{_COHERE}.client:from_cohere",
    builder=f"{_COHERE}.client:build",
    adapter=f"{_COHERE}.adapter:CohereAdapter",
    sdk=("cohere",),
    extra="cohere",
    default_mode="tool_call",
    modes={
        "tool_call": f"{_COHERE}.tools:TOOLS",
        "json_schema_mode": f"{_COHERE}.json_modes:JSON_SCHEMA",
        "markdown_json_mode": f"{_COHERE}.json_modes:MD_JSON",
    },
    aliases={
        "cohere_tools": "tool_call",
        "json_object": "json_schema_mode",  # Mode.COHERE_JSON_SCHEMA
    },
)

MISTRAL = ProviderConfig(
    "mistral",
    factory=f"{_MISTRAL}.client:from_mistral",
    builder=f"{_MISTRAL}.client:build",
    adapter=f"{_MISTRAL}.adapter:MistralAdapter",
    sdk=("mistralai",),
    extra="mistral",
    default_mode="tool_call",
    modes={
        "tool_call": f"{_MISTRAL}.tools:TOOLS",
        "json_schema_mode": f"{_MISTRAL}.json_modes:JSON_SCHEMA",
        "markdown_json_mode": f"{_MISTRAL}.json_modes:MD_JSON",
    },
    aliases={
        "mistral_tools": "tool_call",
        "mistral_structured_outputs": "json_schema_mode",
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


# -- the OpenAI chat format through other SDKs and services ----------------------------

_COMPAT = "instructor.providers.openai_compatible"
_CHAT_ADAPTER = f"{_OPENAI}.adapter:ChatAdapter"

# The Chat Completions modes (OpenAI's, without its Responses API), which every
# service behind the openai SDK takes.
_CHAT_MODES = {mode: path for mode, path in OPENAI.modes.items()
               if not mode.startswith("responses")}


def _chat_modes(*modes: str) -> dict[str, str]:
    """The OpenAI chat handlers of ``modes``, for an SDK that speaks that format."""
    return {mode: _CHAT_MODES[mode] for mode in modes}


def _openai_service(name: str, **config) -> ProviderConfig:
    """A service reached with the openai SDK (see providers/openai_compatible)."""
    return ProviderConfig(name, factory=f"{_COMPAT}.client:from_{name}",
                          builder=f"{_COMPAT}.client:build_{name}", adapter=_CHAT_ADAPTER,
                          sdk=("openai",), extra="openai", **{"modes": _CHAT_MODES, **config})


AZURE_OPENAI = ProviderConfig(
    "azure_openai",
    factory=f"{_COMPAT}.azure:from_azure_openai",
    builder=f"{_COMPAT}.azure:build",
    adapter=_CHAT_ADAPTER,
    sdk=("openai",),
    extra="openai",
    default_mode="tool_call",
    modes=OPENAI.modes,  # the Responses API too: Azure serves it
)
ANYSCALE = _openai_service("anyscale")
TOGETHER = _openai_service("together")
DATABRICKS = _openai_service("databricks")
DEEPSEEK = _openai_service("deepseek")
OLLAMA = _openai_service("ollama")
OPENROUTER = _openai_service(
    "openrouter", aliases={"openrouter_structured_outputs": "json_schema_mode"})
PERPLEXITY = _openai_service(
    "perplexity", default_mode="markdown_json_mode",
    modes={"markdown_json_mode": f"{_COMPAT}.perplexity:MD_JSON"},
    aliases={"perplexity_json": "markdown_json_mode"})

GROQ = ProviderConfig(
    "groq",
    factory="instructor.providers.groq.client:from_groq",
    builder="instructor.providers.groq.client:build",
    adapter="instructor.providers.groq.adapter:GroqAdapter",
    sdk=("groq",),
    extra="groq",
    default_mode="tool_call",
    modes=_chat_modes("tool_call", "json_mode", "json_schema_mode", "markdown_json_mode"),
)

CEREBRAS = ProviderConfig(
    "cerebras",
    factory="instructor.providers.cerebras.client:from_cerebras",
    builder="instructor.providers.cerebras.client:build",
    adapter="instructor.providers.cerebras.adapter:CerebrasAdapter",
    sdk=("cerebras.cloud.sdk",),
    extra="cerebras",
    default_mode="tool_call",
    modes=_chat_modes("tool_call", "json_mode", "json_schema_mode", "markdown_json_mode",
                      "parallel_tool_call"),
    aliases={"cerebras_tools": "tool_call", "cerebras_json": "markdown_json_mode"},
)

FIREWORKS = ProviderConfig(
    "fireworks",
    factory="instructor.providers.fireworks.client:from_fireworks",
    builder="instructor.providers.fireworks.client:build",
    adapter="instructor.providers.fireworks.adapter:FireworksAdapter",
    sdk=("fireworks",),
    extra="fireworks",
    default_mode="tool_call",
    modes=_chat_modes("tool_call", "json_mode", "json_schema_mode", "markdown_json_mode"),
    aliases={"fireworks_tools": "tool_call", "fireworks_json": "markdown_json_mode"},
)

_WRITER = "instructor.providers.writer"
WRITER = ProviderConfig(
    "writer",
    factory=f"{_WRITER}.client:from_writer",
    builder=f"{_WRITER}.client:build",
    adapter=f"{_WRITER}.adapter:WriterAdapter",
    sdk=("writerai",),
    extra="writer",
    default_mode="tool_call",
    modes={
        "tool_call": f"{_WRITER}.tools:TOOLS",
        "json_schema_mode": f"{_WRITER}.json_modes:JSON_SCHEMA",
        "markdown_json_mode": f"{_WRITER}.json_modes:MD_JSON",
    },
    aliases={"writer_tools": "tool_call", "writer_json": "markdown_json_mode"},
)

LITELLM = ProviderConfig(
    "litellm",
    factory="instructor.providers.litellm.client:from_litellm",
    builder="instructor.providers.litellm.client:build",
    adapter="instructor.providers.litellm.adapter:LiteLLMAdapter",
    sdk=("litellm",),
    extra="litellm",
    default_mode="tool_call",
    modes=_CHAT_MODES,
)

BUILTIN_PROVIDERS = (
    OPENAI, ANTHROPIC, BEDROCK, XAI, COHERE, MISTRAL, GENAI, VERTEXAI, GEMINI,
    AZURE_OPENAI, ANYSCALE, TOGETHER, DATABRICKS, DEEPSEEK, OLLAMA, OPENROUTER, PERPLEXITY,
    GROQ, CEREBRAS, FIREWORKS, WRITER, LITELLM,
)
