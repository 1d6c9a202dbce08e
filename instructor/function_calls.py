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


def generate_gemini_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A Gemini function declaration of ``model``: name, description, parameters.

        >>> from pydantic import BaseModel
        >>> class User(BaseModel):
        ...     name: str
        ...     nick: str | None = None
        >>> generate_gemini_schema(User)["parameters"]["properties"]["nick"]
        {'type': 'STRING', 'nullable': True}

    ``parameters`` is in the OpenAPI subset Gemini takes (see
    `gemini_schema`). 1.x returned an SDK object; a dict needs no SDK, and
    every Google SDK accepts it. A new dict each call.
    """
    from .core._copy import fresh

    return fresh(_gemini_declaration(model))


@lru_cache(maxsize=1024)
def _gemini_declaration(model: type[BaseModel]) -> dict[str, Any]:
    named = model_schema(model)
    return {"name": named["name"], "description": named["description"],
            "parameters": gemini_schema(named["parameters"])}


# What Gemini's Schema (an OpenAPI 3.0 subset) takes besides type, enum,
# properties, items and anyOf, which are rebuilt below; anything else
# (title, default, $defs, additionalProperties, examples...) is refused by
# the API or by the SDKs' typed Schema objects.
_GEMINI_KEEP = ("description", "minItems", "maxItems", "minimum", "maximum",
                "minLength", "maxLength", "pattern", "minProperties", "maxProperties")
_GEMINI_TYPES = {"string": "STRING", "integer": "INTEGER", "number": "NUMBER",
                 "boolean": "BOOLEAN", "array": "ARRAY", "object": "OBJECT"}


def gemini_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON schema rewritten in the form Gemini accepts (a new dict).

    References are inlined; ``Optional[X]`` becomes X with ``nullable``;
    ``Literal`` / ``const`` and string enums become a STRING ``enum``;
    types are upper case; ``propertyOrdering`` keeps the fields in the
    model's order. A recursive model cannot be written without references:
    it raises `ConfigurationError`.
    """
    return _gemini_node(schema, schema.get("$defs", {}), ())


def _gemini_node(node: Any, defs: dict[str, Any], seen: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(node, dict):
        return {}
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name in seen or name not in defs:
            from .exceptions import ConfigurationError

            raise ConfigurationError(
                f"Gemini schemas have no references, so the recursive model {name!r} "
                "cannot be sent; give it a fixed depth (nested models without cycles)")
        # Keywords beside the reference (a field's description) win over the target's.
        target = {**defs[name], **{k: v for k, v in node.items() if k != "$ref"}}
        return _gemini_node(target, defs, (*seen, name))
    for combinator in ("allOf", "anyOf", "oneOf"):
        options = node.get(combinator)
        if isinstance(options, list):
            rest = {k: v for k, v in node.items() if k != combinator}
            return _gemini_union(options, rest, defs, seen, combinator == "allOf")
    kind = node.get("type")
    if isinstance(kind, list):  # ["string", "null"]
        options = [{**node, "type": k} for k in kind]
        return _gemini_union(options, {}, defs, seen, False)
    out: dict[str, Any] = {}
    enum = [node["const"]] if "const" in node else node.get("enum")
    if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
        out["type"], out["enum"] = "STRING", list(enum)
    elif kind in _GEMINI_TYPES:
        out["type"] = _GEMINI_TYPES[kind]
    elif isinstance(enum, list) and enum:  # Gemini enums are strings: keep the type only
        kinds = {type(v) for v in enum}
        if kinds <= {int, bool}:
            out["type"] = "BOOLEAN" if kinds == {bool} else "INTEGER"
        elif kinds <= {int, float}:
            out["type"] = "NUMBER"
    if kind == "string" and node.get("format") == "date-time":
        out["format"] = "date-time"
    for key in _GEMINI_KEEP:
        if key in node:
            out[key] = node[key]
    if isinstance(enum, list) and "enum" not in out and enum:
        values = ", ".join(json.dumps(v) for v in enum)
        out["description"] = " ".join(filter(None, (out.get("description"),
                                                   f"One of: {values}.")))
    properties = node.get("properties")
    if isinstance(properties, dict):
        out["type"] = "OBJECT"
        out["properties"] = {k: _gemini_node(v, defs, seen) for k, v in properties.items()}
        if properties:
            out["propertyOrdering"] = list(properties)
        required = [k for k in node.get("required", ()) if k in properties]
        if required:
            out["required"] = required
    if "items" in node:
        out["items"] = _gemini_node(node["items"], defs, seen)
    elif isinstance(node.get("prefixItems"), list):  # tuples: any of the item types
        out["items"] = _gemini_union(node["prefixItems"], {}, defs, seen, False)
    return out


def _gemini_union(options: list[Any], rest: dict[str, Any], defs: dict[str, Any],
                  seen: tuple[str, ...], merge: bool) -> dict[str, Any]:
    if merge:  # allOf: one schema made of all of them
        merged: dict[str, Any] = {}
        for option in options:
            merged.update(_gemini_node(option, defs, seen))
        merged.update(_gemini_node(rest, defs, seen) if rest else {})
        return merged
    real = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
    if len(real) == 1:
        out = _gemini_node({**real[0], **rest}, defs, seen)
    else:
        out = _gemini_node(rest, defs, seen) if rest else {}
        out["anyOf"] = [_gemini_node(o, defs, seen) for o in real]
    if len(real) < len(options):
        out["nullable"] = True
    return out


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
