"""Structured outputs from LLMs as validated pydantic objects.

    import instructor, openai
    from pydantic import BaseModel

    class User(BaseModel):
        name: str
        age: int

    client = instructor.from_openai(openai.OpenAI())
    user = client.chat.completions.create(
        model="gpt-4o-mini", response_model=User,
        messages=[{"role": "user", "content": "Jason is 25"}])

Importing this package costs almost nothing: every public name is loaded on
first access (PEP 562), and provider modules are deferred by `importhooks`
until first used. ``INSTRUCTOR_EAGER=1`` loads everything at import instead.
"""

import importhooks as _importhooks

__version__ = "1.17.0+deferred.1"

# name -> module that defines it (one table: __getattr__, __dir__ and the
# TYPE_CHECKING block below are checked against it by the tests)
_EXPORTS = {
    "Instructor": "instructor.core.client",
    "AsyncInstructor": "instructor.core.client",
    "Mode": "instructor.mode",
    "Provider": "instructor.provider",
    "patch": "instructor.core.patch",
    "apatch": "instructor.core.patch",
    "from_provider": "instructor.core.from_provider",
    "Partial": "instructor.dsl",
    "IterableModel": "instructor.dsl",
    "Maybe": "instructor.dsl",
    "CitationMixin": "instructor.dsl",
    "llm_validator": "instructor.dsl",
    "openai_moderation": "instructor.dsl",
    "OpenAISchema": "instructor.function_calls",
    "openai_schema": "instructor.function_calls",
    "ResponseSchema": "instructor.function_calls",
    "response_schema": "instructor.function_calls",
    "generate_openai_schema": "instructor.function_calls",
    "generate_anthropic_schema": "instructor.function_calls",
    "generate_gemini_schema": "instructor.function_calls",
    "Image": "instructor.multimodal",
    "Audio": "instructor.multimodal",
    **{f"from_{p}": "instructor._factories" for p in (
        "openai", "anthropic", "anyscale", "databricks", "deepseek", "litellm",
        "openrouter", "perplexity", "together", "vertexai", "gemini", "genai",
        "bedrock", "cohere", "mistral", "groq", "fireworks", "cerebras", "writer",
        "xai")},
}
_SUBMODULES = ("hooks", "exceptions", "dsl", "mode", "multimodal", "function_calls")

__all__ = [
    "AsyncInstructor",
    "Audio",
    "CitationMixin",
    "Image",
    "Instructor",
    "IterableModel",
    "Maybe",
    "Mode",
    "OpenAISchema",
    "Partial",
    "Provider",
    "ResponseSchema",
    "apatch",
    "exceptions",
    "from_anthropic",
    "from_anyscale",
    "from_bedrock",
    "from_cerebras",
    "from_cohere",
    "from_databricks",
    "from_deepseek",
    "from_fireworks",
    "from_gemini",
    "from_genai",
    "from_groq",
    "from_litellm",
    "from_mistral",
    "from_openai",
    "from_openrouter",
    "from_perplexity",
    "from_provider",
    "from_together",
    "from_vertexai",
    "from_writer",
    "from_xai",
    "generate_anthropic_schema",
    "generate_gemini_schema",
    "generate_openai_schema",
    "hooks",
    "llm_validator",
    "openai_moderation",
    "openai_schema",
    "patch",
    "response_schema",
]

_importhooks.install(["instructor.providers.*"], eager_env="INSTRUCTOR_EAGER")

TYPE_CHECKING = False


# Hidden from type checkers so that they flag misspelt names; they read the
# TYPE_CHECKING imports at the bottom instead.
if not TYPE_CHECKING:
    def __getattr__(name: str):
        module_name = _EXPORTS.get(name)
        if module_name is None:
            if name in _SUBMODULES:
                from importlib import import_module

                return import_module(f"instructor.{name}")
            raise AttributeError(f"module 'instructor' has no attribute {name!r}")
        from importlib import import_module

        value = getattr(import_module(module_name), name)
        globals()[name] = value  # later lookups skip __getattr__
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _load_everything() -> None:
    """INSTRUCTOR_EAGER=1: load every name and every installed provider now."""
    for name in __all__:
        __getattr__(name)
    from .core.provider_registry import provider_registry

    failures = provider_registry.load_all(installed_only=True)
    if failures:
        name, exc = failures[0]
        raise ImportError(
            f"INSTRUCTOR_EAGER=1: loading {name} failed: {exc!r}"
            + "".join(f"; {n}: {e!r}" for n, e in failures[1:])
        ) from exc


if _importhooks.is_eager():
    _load_everything()


if TYPE_CHECKING:
    from . import exceptions, hooks
    from ._factories import (
        from_anyscale,
        from_bedrock,
        from_cerebras,
        from_cohere,
        from_databricks,
        from_deepseek,
        from_fireworks,
        from_gemini,
        from_genai,
        from_groq,
        from_litellm,
        from_mistral,
        from_openrouter,
        from_perplexity,
        from_together,
        from_vertexai,
        from_writer,
        from_xai,
    )
    from .core.client import AsyncInstructor, Instructor
    from .core.from_provider import from_provider
    from .core.patch import apatch, patch
    from .dsl import (
        CitationMixin,
        IterableModel,
        Maybe,
        Partial,
        llm_validator,
        openai_moderation,
    )
    from .function_calls import (
        OpenAISchema,
        ResponseSchema,
        generate_anthropic_schema,
        generate_gemini_schema,
        generate_openai_schema,
        openai_schema,
        response_schema,
    )
    from .mode import Mode
    from .multimodal import Audio, Image
    from .provider import Provider
    from .providers.anthropic.client import from_anthropic
    from .providers.openai.client import from_openai
