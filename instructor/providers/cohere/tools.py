"""Cohere TOOLS: the response model as a real tool, v2 and v1.

instructor 1.17 sent Cohere no tools at all in this mode, only the schema
in a prompt; here the model gets a tool. On v2 it is a JSON-schema
function tool the model is required to call (``tool_choice="REQUIRED"``;
pass ``tool_choice=None`` for models older than Command R7B, which do not
take it). On v1 it is a tool with ``parameter_definitions``, v1's flat
parameter format: one entry per field, nested schemas in the description.
"""

from __future__ import annotations

import json
from typing import Any

from ...core.handler import ModeHandler
from ...exceptions import ResponseParsingError
from ..openai._common import function, reask_text, with_messages
from ._common import reply_of, stream_piece
from .messages import is_v1

_PY_TYPES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool",
             "array": "list", "object": "dict"}


class ToolsHandler(ModeHandler):
    """Give the model the response model as its one tool; read the call's arguments."""

    __slots__ = ()

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        if is_v1(request):
            return {**request, "tools": [v1_tool(spec.tool())]}
        out = {**request, "tools": [function(spec.tool())]}
        if "tool_choice" not in request:
            out["tool_choice"] = "REQUIRED"
        elif request["tool_choice"] is None:  # the caller's way to send none
            del out["tool_choice"]
        return out

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        _, calls = reply_of(completion)
        for call in calls:
            if call.name == spec.name:
                return spec.validate_json(call.arguments, context, strict)
        raise ResponseParsingError(f"the model did not call the tool {spec.name!r}",
                                   raw_response=completion)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        try:
            text, calls = reply_of(completion)
        except ResponseParsingError:  # a malformed response: nothing to show, ask again
            return request
        if is_v1(request):
            shown = text or "\n".join(call.arguments for call in calls)
            return v1_reask(request, shown, reask_text(exc))
        if not calls:
            turns = [{"role": "assistant", "content": text}] if text else []
            return with_messages(request, [*turns, {"role": "user", "content": reask_text(exc)}])
        assistant: dict[str, Any] = {"role": "assistant", "tool_calls": [
            {"id": call.id, "type": "function",
             "function": {"name": call.name, "arguments": call.arguments}} for call in calls]}
        plan = getattr(getattr(completion, "message", None), "tool_plan", None)
        if plan:
            assistant["tool_plan"] = plan
        replies = [{"role": "tool", "tool_call_id": call.id, "content": reask_text(exc)}
                   for call in calls]
        return with_messages(request, [assistant, *replies])

    def stream_text(self, event: Any) -> str:
        return stream_piece(event, tools=True)


def v1_reask(request: dict[str, Any], shown: str, correction: str) -> dict[str, Any]:
    """The next v1 request: the last turns moved into the history, the correction asked."""
    history = [*(request.get("chat_history") or ()),
               {"role": "USER", "message": request.get("message", "")},
               {"role": "CHATBOT", "message": shown}]
    return {**request, "chat_history": history, "message": correction}


def v1_tool(schema: dict[str, Any]) -> dict[str, Any]:
    """A v1 tool for a neutral ``{name, description, parameters}``."""
    parameters = schema["parameters"]
    defs = parameters.get("$defs")
    required = set(parameters.get("required", ()))
    definitions = {}
    for name, prop in parameters.get("properties", {}).items():
        entry: dict[str, Any] = {"type": _py_type(prop), "required": name in required}
        description = prop.get("description") or ""
        if _nested(prop):  # v1 has no nested schemas: show the structure in words
            shown = {**prop, "$defs": defs} if defs and "$ref" in json.dumps(prop) else prop
            description = f"{description} JSON schema: {json.dumps(shown)}".strip()
        if description:
            entry["description"] = description
        definitions[name] = entry
    return {"name": schema["name"], "description": schema["description"],
            "parameter_definitions": definitions}


def _py_type(prop: dict[str, Any]) -> str:
    if "$ref" in prop or "allOf" in prop:
        return "dict"
    options = prop.get("anyOf") or prop.get("oneOf")
    if options:
        kinds = [_py_type(p) for p in options if p.get("type") != "null"]
        inner = kinds[0] if len(kinds) == 1 else f"Union[{', '.join(kinds)}]"
        return f"Optional[{inner}]" if len(kinds) < len(options) else inner
    kind = prop.get("type")
    if kind == "array" and isinstance(prop.get("items"), dict):
        return f"List[{_py_type(prop['items'])}]"
    return _PY_TYPES.get(kind, "str")


def _nested(prop: dict[str, Any]) -> bool:
    return any(key in prop for key in ("$ref", "allOf", "properties")) or any(
        _nested(value) for key in ("items", "anyOf", "oneOf")
        for value in (prop.get(key) if isinstance(prop.get(key), list) else [prop.get(key)])
        if isinstance(value, dict))


TOOLS = ToolsHandler()
