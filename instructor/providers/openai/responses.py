"""The Responses API modes: RESPONSES_TOOLS and
RESPONSES_TOOLS_WITH_INBUILT_TOOLS (web search and friends alongside)."""

from __future__ import annotations

from typing import Any

from ...exceptions import IncompleteOutputException, ResponseParsingError
from ._common import OpenAIHandler, convert_parts, reask_text


class ResponsesToolsHandler(OpenAIHandler):
    """Call ``responses.create`` with the response model as a function tool."""

    def __init__(self, inbuilt_tools: bool = False) -> None:
        self.inbuilt_tools = inbuilt_tools

    def prepare(self, spec: Any, kwargs: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        if "messages" in kwargs:
            kwargs["input"] = convert_parts(kwargs.pop("messages"), "openai_responses")
        if "max_tokens" in kwargs:
            kwargs["max_output_tokens"] = kwargs.pop("max_tokens")
        if spec is None:
            return kwargs
        self.check_spec(spec)
        schema = spec.schema
        tool = {"type": "function", "name": schema["name"],
                "description": schema["description"],
                "parameters": schema["parameters"], "strict": False}
        if self.inbuilt_tools:
            # The caller's own tools (web_search, file_search, ...) stay
            # usable, so the function is offered rather than forced.
            kwargs["tools"] = [*kwargs.get("tools", ()), tool]
            kwargs.setdefault("tool_choice", "auto")
        else:
            kwargs["tools"] = [tool]
            kwargs["tool_choice"] = {"type": "function", "name": schema["name"]}
        return kwargs

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        details = getattr(completion, "incomplete_details", None)
        if getattr(completion, "status", None) == "incomplete" and details is not None \
                and getattr(details, "reason", None) == "max_output_tokens":
            raise IncompleteOutputException(last_completion=completion)
        for item in completion.output or ():
            if item.type == "function_call" and item.name == spec.name:
                return spec.validate_json(item.arguments or "", context, strict)
        raise ResponseParsingError(
            f"the response has no call of the function {spec.name!r}",
            raw_response=completion,
        )

    def reask(self, kwargs: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        previous = kwargs.get("input")
        items: list[Any] = (
            [{"role": "user", "content": previous}] if isinstance(previous, str)
            else list(previous or ())
        )
        calls = [item for item in completion.output or () if item.type == "function_call"]
        for call in calls:
            items.append({"type": "function_call", "call_id": call.call_id,
                          "name": call.name, "arguments": call.arguments})
            items.append({"type": "function_call_output", "call_id": call.call_id,
                          "output": reask_text(exc)})
        if not calls:
            items.append({"role": "user", "content": reask_text(exc)})
        return {**kwargs, "input": items}

    def stream_text(self, event: Any) -> str:
        kind = getattr(event, "type", "")
        if kind == "response.function_call_arguments.delta":
            return event.delta or ""
        if kind == "response.incomplete":
            raise IncompleteOutputException(last_completion=getattr(event, "response", event))
        return ""


RESPONSES_TOOLS = ResponsesToolsHandler()
RESPONSES_TOOLS_WITH_INBUILT_TOOLS = ResponsesToolsHandler(inbuilt_tools=True)
