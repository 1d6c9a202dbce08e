"""The ``from_<provider>`` functions of the top level, light until called.

Each one looks its provider up in the registry when called, so naming
``instructor.from_anthropic`` never imports an SDK, and a missing SDK is
reported (with the pip extra) at the call, every time.
"""

from __future__ import annotations

from .core.provider_registry import provider_registry
from .exceptions import ConfigurationError

# Providers of instructor 1.x; those not registered in this build say so.
KNOWN_1X = ("openai", "anthropic", "anyscale", "databricks", "deepseek", "litellm",
            "openrouter", "perplexity", "together", "vertexai", "gemini", "genai",
            "bedrock", "cohere", "mistral", "groq", "fireworks", "cerebras",
            "writer", "xai")


def _factory(name: str):
    # Arguments pass through as given: the factories name their first
    # parameter differently (from_litellm's is the completion function, and
    # a client= keyword there is litellm's, a default of every call).
    def factory(*args, **kwargs):
        try:
            provider_registry.get(name)
        except ConfigurationError:
            raise ConfigurationError(
                f"the {name} provider is not part of this build of instructor yet; "
                f"providers available: {', '.join(provider_registry.names())}"
            ) from None
        return provider_registry.get_factory(name)(*args, **kwargs)

    factory.__name__ = factory.__qualname__ = f"from_{name}"
    factory.__module__ = "instructor"
    factory.__doc__ = (
        f"Wrap a {name} SDK client so ``create`` returns validated response models.\n\n"
        f"    client = instructor.from_{name}(<{name} client>)\n"
    )
    return factory


from_openai = _factory("openai")
from_anthropic = _factory("anthropic")
from_anyscale = _factory("anyscale")
from_databricks = _factory("databricks")
from_deepseek = _factory("deepseek")
from_litellm = _factory("litellm")
from_openrouter = _factory("openrouter")
from_perplexity = _factory("perplexity")
from_together = _factory("together")
from_vertexai = _factory("vertexai")
from_gemini = _factory("gemini")
from_genai = _factory("genai")
from_bedrock = _factory("bedrock")
from_cohere = _factory("cohere")
from_mistral = _factory("mistral")
from_groq = _factory("groq")
from_fireworks = _factory("fireworks")
from_cerebras = _factory("cerebras")
from_writer = _factory("writer")
from_xai = _factory("xai")
