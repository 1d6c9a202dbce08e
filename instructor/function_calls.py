"""Schemas of response models for LLM tool calls, and `OpenAISchema`.

    >>> from pydantic import BaseModel, ConfigDict
    >>> from instructor import generate_openai_schema
    >>> class User(BaseModel):
    ...     name: str
    >>> generate_openai_schema(User)["name"]
    'User'
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = [
    "OpenAISchema",
    "ResponseSchema",
    "generate_anthropic_schema",
    "generate_gemini_schema",
    "generate_openai_schema",
    "openai_schema",
    "response_schema",
]


def _description(model: type[BaseModel]) -> str:
    doc = model.__doc__
    # pydantic gives BaseModel subclasses without a docstring BaseModel's own.
    if doc and doc is not BaseModel.__doc__:
        return " ".join(doc.split())
    return (
        f"Correctly extracted `{model.__name__}` with all the required "
        "parameters with correct types"
    )


@lru_cache(maxsize=1024)
def model_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``{"name", "description", "parameters"}`` of ``model``, provider-neutral.

    ``parameters`` is the model's JSON schema without its title and
    description, required names sorted. Cached per model class and shared:
    never change the result (copy it, or call `generate_openai_schema`).
    """
    schema = model.model_json_schema()
    parameters = {k: v for k, v in schema.items() if k not in ("title", "description")}
    parameters["required"] = sorted(
        name for name, field in model.model_fields.items() if field.is_required()
    )
    return {
        "name": schema.get("title", model.__name__),
        "description": _description(model),
        "parameters": parameters,
    }


def generate_openai_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The OpenAI function schema of ``model``: name, description, parameters.

    A new dict each call (the caller may change it).
    """
    from .core._copy import fresh

    return fresh(model_schema(model))


def generate_anthropic_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The Anthropic tool schema of ``model``: name, description, input_schema.

        >>> from pydantic import BaseModel
        >>> class User(BaseModel):
        ...     name: str
        >>> sorted(generate_anthropic_schema(User))
        ['description', 'input_schema', 'name']
    """
    from .core._copy import fresh

    schema = model_schema(model)
    return {
        "name": schema["name"],
        "description": schema["description"],
        "input_schema": fresh(schema["parameters"]),
    }


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref is not None:
            return _inline_refs(defs[ref.rsplit("/", 1)[-1]], defs)
        return {
            k: _inline_refs(v, defs)
            for k, v in node.items()
            if k not in ("$defs", "title", "default", "additionalProperties")
        }
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def generate_gemini_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A Gemini function declaration of ``model`` as a plain dict.

    Gemini accepts no ``$ref``; references are inlined. 1.x returned an SDK
    object; a dict needs no SDK and the SDKs accept it.
    """
    from .core._copy import fresh

    return fresh(_gemini_schema(model))


@lru_cache(maxsize=1024)
def _gemini_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema()
    named = model_schema(model)
    return {
        "name": named["name"],
        "description": named["description"],
        "parameters": _inline_refs(schema, schema.get("$defs", {})),
    }


class _ClassProperty:
    def __init__(self, fget):
        self.fget = fget

    def __get__(self, instance, owner):
        return self.fget(owner)


class OpenAISchema(BaseModel):
    """A model that knows its tool schemas and can read itself from a completion.

        >>> class User(OpenAISchema):
        ...     name: str
        >>> User.openai_schema["name"]
        'User'
    """

    model_config = ConfigDict(ignored_types=(_ClassProperty,))

    @_ClassProperty
    def openai_schema(cls) -> dict[str, Any]:
        return generate_openai_schema(cls)

    @_ClassProperty
    def anthropic_schema(cls) -> dict[str, Any]:
        return generate_anthropic_schema(cls)

    @_ClassProperty
    def gemini_schema(cls) -> dict[str, Any]:
        return generate_gemini_schema(cls)

    @classmethod
    def from_response(cls, completion: Any, validation_context: Any = None,
                      strict: bool | None = None, mode: Any = "tool_call",
                      provider: str | None = None):
        """Validate ``completion`` (an SDK response) into ``cls`` for ``mode``."""
        from .core.mode_registry import mode_registry
        from .core.response_model import response_spec

        handler = mode_registry.get_handler(mode, provider)
        spec = response_spec(cls)
        return spec.unwrap(
            handler.parse(spec, completion, context=validation_context, strict=strict)
        )

    @classmethod
    def from_json_text(cls, text: str, context: Any = None, strict: bool | None = None):
        return cls.model_validate_json(text, context=context, strict=strict)


def openai_schema(cls: type[BaseModel]) -> type[OpenAISchema]:
    """Return an `OpenAISchema` version of ``cls`` (same fields and docs).

        >>> from pydantic import BaseModel
        >>> @openai_schema
        ... class User(BaseModel):
        ...     name: str
        >>> User.openai_schema["name"]
        'User'
    """
    if not isinstance(cls, type) or not issubclass(cls, BaseModel):
        raise TypeError(f"openai_schema needs a pydantic BaseModel class, got {cls!r}")
    if issubclass(cls, OpenAISchema):
        return cls
    return _openai_schema_class(cls)


@cache
def _openai_schema_class(cls: type[BaseModel]) -> type[OpenAISchema]:
    return type(cls.__name__, (cls, OpenAISchema), {
        "__doc__": cls.__doc__ if cls.__doc__ is not BaseModel.__doc__ else None,
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
    })


ResponseSchema = OpenAISchema
response_schema = openai_schema


def dumps_arguments(obj: Any) -> str:
    """JSON text of tool arguments, as providers send them back."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
