"""Chat-completions modes that call a function: TOOLS, TOOLS_STRICT,
PARALLEL_TOOLS and the legacy FUNCTIONS."""

from __future__ import annotations

from typing import Any

from ...exceptions import ResponseParsingError
from ._common import (
    OpenAIHandler,
    convert_parts,
    first_choice,
    reask_text,
    stream_delta,
    strict_schema,
    with_messages,
)


class ToolsHandler(OpenAIHandler):
    """Force one tool call whose arguments are the response model."""

    def __init__(self, strict: bool = False) -> None:
        self.strict = strict

    def prepare(self, spec: Any, kwargs: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        kwargs["messages"] = convert_parts(kwargs.get("messages"), "openai")
        if spec is None:
            return kwargs
        self.check_spec(spec)
        function = spec.schema
        if self.strict:
            function = {**function, "strict": True, "parameters": strict_schema(spec)}
        kwargs["tools"] = [{"type": "function", "function": function}]
        kwargs["tool_choice"] = {"type": "function", "function": {"name": spec.name}}
        return kwargs

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        message = first_choice(completion).message
        for call in message.tool_calls or ():
            if call.function.name == spec.name:
                return spec.validate_json(call.function.arguments or "", context, strict)
        if message.refusal:
            raise ResponseParsingError(f"the model refused: {message.refusal}",
                                       raw_response=completion)
        raise ResponseParsingError(
            f"the model did not call the tool {spec.name!r}", raw_response=completion
        )

    def reask(self, kwargs: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        message = completion.choices[0].message
        if not message.tool_calls:
            return with_messages(kwargs, [
                {"role": "assistant", "content": message.content or ""},
                {"role": "user", "content": reask_text(exc)},
            ])
        assistant = message.model_dump(exclude_none=True, exclude_unset=True)
        tool_replies = [
            {"role": "tool", "tool_call_id": call.id, "content": reask_text(exc)}
            for call in message.tool_calls
        ]
        return with_messages(kwargs, [assistant, *tool_replies])

    def stream_text(self, chunk: Any) -> str:
        delta = stream_delta(chunk)
        calls = delta.tool_calls if delta is not None else None
        if calls and calls[0].function and calls[0].function.arguments:
            return calls[0].function.arguments
        return ""


class ParallelToolsHandler(ToolsHandler):
    """Offer one tool per model of ``Iterable[A | B]``; return every call."""

    def prepare(self, spec: Any, kwargs: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        kwargs["messages"] = convert_parts(kwargs.get("messages"), "openai")
        if spec is None:
            return kwargs
        kwargs["tools"] = [{"type": "function", "function": s} for s in spec.tool_schemas()]
        kwargs["tool_choice"] = "auto"
        return kwargs

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        message = first_choice(completion).message
        if not message.tool_calls:
            raise ResponseParsingError("the model called no tool", raw_response=completion)
        results = []
        for call in message.tool_calls:
            try:
                model = spec.model_for_tool(call.function.name)
            except KeyError:
                raise ResponseParsingError(
                    f"the model called an unknown tool {call.function.name!r}",
                    raw_response=completion,
                ) from None
            results.append(model.model_validate_json(
                call.function.arguments or "", context=context, strict=strict))
        return results

    def stream_text(self, chunk: Any) -> str:
        raise TypeError("PARALLEL_TOOLS does not stream; call create without stream=True")


class FunctionsHandler(OpenAIHandler):
    """The legacy ``functions``/``function_call`` request."""

    def prepare(self, spec: Any, kwargs: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        kwargs["messages"] = convert_parts(kwargs.get("messages"), "openai")
        if spec is None:
            return kwargs
        self.check_spec(spec)
        kwargs["functions"] = [spec.schema]
        kwargs["function_call"] = {"name": spec.name}
        return kwargs

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        message = first_choice(completion).message
        call = message.function_call
        if call is None or call.name != spec.name:
            raise ResponseParsingError(
                f"the model did not call the function {spec.name!r}", raw_response=completion
            )
        return spec.validate_json(call.arguments or "", context, strict)

    def reask(self, kwargs: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        message = completion.choices[0].message
        return with_messages(kwargs, [
            message.model_dump(exclude_none=True, exclude_unset=True),
            {"role": "function", "name": message.function_call.name if message.function_call
             else "response", "content": reask_text(exc)},
        ])

    def stream_text(self, chunk: Any) -> str:
        delta = stream_delta(chunk)
        call = delta.function_call if delta is not None else None
        return (call.arguments or "") if call else ""


TOOLS = ToolsHandler()
TOOLS_STRICT = ToolsHandler(strict=True)
PARALLEL_TOOLS = ParallelToolsHandler()
FUNCTIONS = FunctionsHandler()
