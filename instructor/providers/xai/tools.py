"""xAI modes that call a tool: TOOLS (one forced tool) and PARALLEL_TOOLS."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from xai_sdk import chat as xchat
from xai_sdk.proto import chat_pb2

from ...core.handler import ModeHandler
from ...core.prompts import strip_fences
from ...exceptions import ResponseParsingError
from .reply import (
    assistant_output,
    assistant_turn,
    check_chunk,
    has_output,
    reask_text,
    with_messages,
)

__all__ = ["PARALLEL_TOOLS", "TOOLS", "tool"]


def tool(schema: dict[str, Any]) -> Any:
    """A ``chat_pb2.Tool`` for a neutral ``{name, description, parameters}``
    (the API takes the parameters as a JSON string)."""
    return chat_pb2.Tool(function=chat_pb2.Function(
        name=schema["name"], description=schema["description"] or "",
        parameters=json.dumps(schema["parameters"])))


# Serialized once per response model: each request parses its own new protos
# from these bytes, which costs less than building them from the schema.
@lru_cache(maxsize=512)
def _tool_bytes(spec: Any) -> bytes:
    return tool(spec.tool()).SerializeToString()


@lru_cache(maxsize=512)
def _member_bytes(spec: Any) -> tuple[bytes, ...]:
    return tuple(tool(t).SerializeToString() for t in spec.member_tools())


class ToolsHandler(ModeHandler):
    """Force one tool call whose arguments are the response model."""

    __slots__ = ()

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return {**request, "tools": [chat_pb2.Tool.FromString(_tool_bytes(spec))],
                "tool_choice": xchat.required_tool(spec.name)}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        calls = assistant_output(completion).tool_calls
        for call in calls:
            if call.function.name == spec.name:
                return spec.validate_json(call.function.arguments, context, strict)
        if calls:
            raise ResponseParsingError(
                f"the model called {', '.join(repr(c.function.name) for c in calls)}, "
                f"not the tool {spec.name!r}", raw_response=completion)
        text = completion.content
        if text.strip():  # as 1.x: a model that answered in text may still have answered
            return spec.validate_json(strip_fences(text), context, strict)
        raise ResponseParsingError(
            f"the model did not call the tool {spec.name!r}", raw_response=completion)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        if not has_output(completion):  # a malformed response: nothing to show, ask again
            return request
        calls = completion.tool_calls
        if calls:
            replies = [xchat.tool_result(reask_text(exc), tool_call_id=c.id) for c in calls]
        else:
            replies = [xchat.user(reask_text(exc))]
        return with_messages(request, [assistant_turn(completion), *replies])

    def stream_text(self, chunk: Any) -> str:
        # xAI sends each tool call whole, in one chunk.
        return "".join(c.function.arguments for c in check_chunk(chunk).tool_calls)


class ParallelToolsHandler(ToolsHandler):
    """Offer one tool per model of ``Iterable[A | B]``; return every call."""

    __slots__ = ()
    streams = False
    parallel = True

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        # No tool_choice: the model picks which tools to call, and how often.
        return {**request, "tools": [chat_pb2.Tool.FromString(b) for b in _member_bytes(spec)]}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        calls = assistant_output(completion).tool_calls
        if not calls:
            raise ResponseParsingError("the model called no tool", raw_response=completion)
        items = []
        for call in calls:
            try:
                model = spec.member_for_tool(call.function.name)
            except KeyError:
                raise ResponseParsingError(
                    f"the model called an unknown tool {call.function.name!r}",
                    raw_response=completion) from None
            items.append(model.model_validate_json(call.function.arguments, context=context,
                                                   strict=strict))
        return spec.from_items(items)


TOOLS = ToolsHandler()
PARALLEL_TOOLS = ParallelToolsHandler()
