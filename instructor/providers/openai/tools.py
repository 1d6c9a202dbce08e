"""Chat-completions modes that call a function: TOOLS, TOOLS_STRICT,
PARALLEL_TOOLS and the legacy FUNCTIONS."""

from __future__ import annotations

from typing import Any

from ...core.handler import ModeHandler
from ...exceptions import ResponseParsingError
from ._common import (
    arguments_text,
    first_choice,
    function,
    message_of,
    reask_text,
    stream_delta,
    strict_schema,
    with_messages,
)


class ToolsHandler(ModeHandler):
    """Force one tool call whose arguments are the response model."""

    __slots__ = ()
    closed_schema = False  # TOOLS_STRICT: OpenAI's strict function schemas

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        tool = spec.tool()
        if self.closed_schema:
            tool["strict"] = True
            tool["parameters"] = strict_schema(spec)
        return {**request, "tools": [function(tool)],
                "tool_choice": {"type": "function", "function": {"name": spec.name}}}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        message = first_choice(completion).message
        for call in message.tool_calls or ():
            if call.function.name == spec.name:
                return spec.validate_json(arguments_text(call.function.arguments), context,
                                          strict)
        if getattr(message, "refusal", None):
            raise ResponseParsingError(f"the model refused: {message.refusal}",
                                       raw_response=completion)
        raise ResponseParsingError(
            f"the model did not call the tool {spec.name!r}", raw_response=completion)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        message = message_of(completion)
        if message is None:  # a malformed response: nothing to show, ask again
            return request
        if not message.tool_calls:
            return with_messages(request, [
                {"role": "assistant", "content": message.content or ""},
                {"role": "user", "content": reask_text(exc)},
            ])
        assistant = message.model_dump(exclude_none=True, exclude_unset=True)
        tool_replies = [
            {"role": "tool", "tool_call_id": call.id, "content": reask_text(exc)}
            for call in message.tool_calls
        ]
        return with_messages(request, [assistant, *tool_replies])

    def stream_text(self, chunk: Any) -> str:
        delta = stream_delta(chunk)
        calls = delta.tool_calls if delta is not None else None
        arguments = getattr(getattr(calls[0], "function", None), "arguments", None) \
            if calls else None
        return arguments if isinstance(arguments, str) else ""


class ToolsStrictHandler(ToolsHandler):
    """TOOLS with OpenAI's strict schema (closed objects, every field required)."""

    __slots__ = ()
    closed_schema = True


class ParallelToolsHandler(ToolsHandler):
    """Offer one tool per model of ``Iterable[A | B]``; return every call."""

    __slots__ = ()
    streams = False
    parallel = True

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return {**request, "tools": [function(t) for t in spec.member_tools()],
                "tool_choice": "auto"}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        message = first_choice(completion).message
        if not message.tool_calls:
            raise ResponseParsingError("the model called no tool", raw_response=completion)
        items = []
        for call in message.tool_calls:
            try:
                model = spec.member_for_tool(call.function.name)
            except KeyError:
                raise ResponseParsingError(
                    f"the model called an unknown tool {call.function.name!r}",
                    raw_response=completion) from None
            items.append(model.model_validate_json(
                arguments_text(call.function.arguments), context=context, strict=strict))
        return spec.from_items(items)


class FunctionsHandler(ModeHandler):
    """The legacy ``functions``/``function_call`` request."""

    __slots__ = ()

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return {**request, "functions": [spec.tool()], "function_call": {"name": spec.name}}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        message = first_choice(completion).message
        call = message.function_call
        if call is None or call.name != spec.name:
            raise ResponseParsingError(
                f"the model did not call the function {spec.name!r}", raw_response=completion)
        return spec.validate_json(call.arguments or "", context, strict)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        message = message_of(completion)
        if message is None:  # a malformed response: nothing to show, ask again
            return request
        return with_messages(request, [
            message.model_dump(exclude_none=True, exclude_unset=True),
            {"role": "function", "name": message.function_call.name if message.function_call
             else "response", "content": reask_text(exc)},
        ])

    def stream_text(self, chunk: Any) -> str:
        delta = stream_delta(chunk)
        call = delta.function_call if delta is not None else None
        return (call.arguments or "") if call else ""


TOOLS = ToolsHandler()
TOOLS_STRICT = ToolsStrictHandler()
PARALLEL_TOOLS = ParallelToolsHandler()
FUNCTIONS = FunctionsHandler()
