"""The JSON schema Bedrock's strict modes (TOOLS_STRICT, JSON_SCHEMA) accept.

Bedrock enforces such a schema while decoding; it wants every object
closed (``additionalProperties: false``) and does not take numeric or
string length constraints, ``minItems`` above 1, or free-form mappings.
`strict_schema` closes the objects and refuses those keywords before
anything is sent, naming where they are; the other modes validate them
after the reply instead.

    >>> from instructor.core.response_model import response_spec
    >>> from pydantic import BaseModel
    >>> class User(BaseModel):
    ...     name: str
    >>> strict_schema(response_spec(User))["additionalProperties"]
    False
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ...core._copy import fresh
from ...exceptions import ConfigurationError

__all__ = ["strict_schema", "strict_schema_text"]

_UNSUPPORTED = ("minimum", "maximum", "multipleOf", "minLength", "maxLength")
_MAPS = ("properties", "$defs", "definitions", "patternProperties", "dependentSchemas")
_ONE = ("items", "contains", "not", "if", "then", "else", "propertyNames",
        "additionalItems", "unevaluatedItems", "unevaluatedProperties", "contentSchema")
_MANY = ("anyOf", "allOf", "oneOf", "prefixItems")


def strict_schema(spec: Any) -> dict[str, Any]:
    """``spec``'s schema closed for Bedrock (a new dict); ConfigurationError if it cannot be."""
    return fresh(_strict(spec))


@lru_cache(maxsize=512)
def strict_schema_text(spec: Any) -> str:
    """`strict_schema` as JSON text (cached: a string cannot be changed)."""
    return json.dumps(_strict(spec))


@lru_cache(maxsize=512)
def _strict(spec: Any) -> dict[str, Any]:
    return _close(spec.parameters(), "$", spec.name)


def _close(node: Any, path: str, model: str) -> Any:
    if not isinstance(node, dict):
        return node
    for keyword in _UNSUPPORTED:
        if keyword in node:
            _refuse(f"the `{keyword}` constraint", path, model)
    if node.get("minItems", 0) > 1:
        _refuse(f"`minItems` {node['minItems']} (only 0 or 1)", path, model)
    extra = node.get("additionalProperties")
    if extra is not None and extra is not False:
        _refuse("a free-form mapping (`additionalProperties`)", path, model)
    out = dict(node)
    for key, value in node.items():
        where = f"{path}.{key}"
        if key in _MAPS and isinstance(value, dict):
            out[key] = {name: _close(sub, f"{where}.{name}", model)
                        for name, sub in value.items()}
        elif key in _ONE:
            out[key] = _close(value, where, model)
        elif key in _MANY and isinstance(value, list):
            out[key] = [_close(sub, f"{where}[{i}]", model) for i, sub in enumerate(value)]
    if node.get("type") == "object" or "properties" in node:
        out["additionalProperties"] = False
    return out


def _refuse(what: str, path: str, model: str) -> None:
    raise ConfigurationError(
        f"Bedrock's strict modes (TOOLS_STRICT, JSON_SCHEMA) do not take {what}, found at "
        f"{path} in the schema of {model}; remove it from the model, or use Mode.TOOLS or "
        "Mode.MD_JSON, which check it when the reply is validated")
