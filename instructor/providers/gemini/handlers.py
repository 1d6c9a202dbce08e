"""google-generativeai's modes: MD_JSON (the default) and TOOLS.

Both reuse the genai provider's SDK-free handlers; what differs is where
settings go (``tools`` / ``tool_config`` are arguments of
``generate_content``, the rest is ``generation_config``), the schema (this
SDK's proto Schema has fewer fields) and the numbers: proto arguments
carry every number as a float, so whole floats are read as integers and
``strict=True`` (the default) works, where 1.x fails on every call.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ...core._copy import fresh
from ...core.prompts import json_instructions
from ...function_calls import gemini_schema
from ..genai import json_modes, tools
from ..genai._answer import plain
from .adapter import _inline_system

__all__ = ["MD_JSON", "TOOLS", "proto_schema"]

# The fields of google-generativeai's Schema proto, by their JSON names.
_PROTO_FIELDS = {"type": "type", "format": "format", "description": "description",
                 "nullable": "nullable", "enum": "enum", "required": "required",
                 "minItems": "min_items", "maxItems": "max_items"}


def proto_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A Gemini schema cut down to the fields this SDK's Schema proto has.

    ``anyOf`` has no field there: the first alternative is sent and the
    description names the others.
    """
    options = schema.get("anyOf")
    if isinstance(options, list) and options:
        first = {**options[0], **{k: v for k, v in schema.items() if k != "anyOf"}}
        others = ", ".join(o.get("type", "?") for o in options[1:])
        note = f"(or {others})" if others else ""
        first["description"] = " ".join(filter(None, (first.get("description"), note)))
        return proto_schema(first)
    out = {name: schema[key] for key, name in _PROTO_FIELDS.items() if key in schema}
    if isinstance(schema.get("properties"), dict):
        out["properties"] = {k: proto_schema(v) for k, v in schema["properties"].items()}
    if isinstance(schema.get("items"), dict):
        out["items"] = proto_schema(schema["items"])
    return out


@lru_cache(maxsize=512)
def _declaration(spec: Any) -> dict[str, Any]:
    tool = spec.tool()
    return {"name": tool["name"], "description": tool["description"],
            "parameters": proto_schema(gemini_schema(tool["parameters"]))}


class _Settings:
    """Where google-generativeai takes each setting."""

    __slots__ = ()

    def configured(self, request: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
        out = dict(request)
        generation = dict(out.get("generation_config") or {})
        for key, value in settings.items():
            if key in ("tools", "tool_config"):
                out[key] = value
            else:
                generation[key] = value
        if generation:
            out["generation_config"] = generation
        return out


class ToolsHandler(_Settings, tools.ToolsHandler):
    """TOOLS: one forced function; proto floats read back as the integers they are."""

    __slots__ = ()

    def arguments(self, call: Any) -> Any:
        # The proto's own converter (fast); every number comes back a float.
        args = type(call).to_dict(call).get("args") if hasattr(call, "_pb") else call.args
        return plain(args or {}, whole_floats=True)

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return self.configured(request, {
            "tools": [{"function_declarations": [fresh(_declaration(spec))]}],
            "tool_config": {"function_calling_config": {
                "mode": "ANY", "allowed_function_names": [spec.name]}}})


class MarkdownJSONHandler(_Settings, json_modes.JSONHandler):
    """MD_JSON: the schema in the prompt (at the start of the first user turn),
    ``application/json`` asked for; fences are stripped from the reply."""

    __slots__ = ()

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        contents = _inline_system(list(request.get("contents") or ()),
                                  [json_instructions(spec, True)])
        return self.configured({**request, "contents": contents},
                               {"response_mime_type": "application/json"})


TOOLS = ToolsHandler()
MD_JSON = MarkdownJSONHandler()
