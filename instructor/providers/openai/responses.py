"""The Responses API modes: RESPONSES_TOOLS and
RESPONSES_TOOLS_WITH_INBUILT_TOOLS (web search and friends alongside)."""

from __future__ import annotations

from typing import Any

from ...core.adapter import ProviderAdapter
from ...core.handler import ModeHandler
from ...exceptions import IncompleteOutputException, ResponseParsingError
from ...multimodal import convert_messages, needs_conversion
from . import media
from ._common import reask_text


class ResponsesAdapter(ProviderAdapter):
    """``client.responses.create``: chat ``messages`` become Responses ``input``."""

    __slots__ = ()

    def sdk_create(self) -> Any:
        return self.client.responses.create

    def convert(self, request: dict[str, Any]) -> dict[str, Any]:
        if "messages" not in request and "max_tokens" not in request:
            return request
        request = dict(request)
        if "messages" in request:
            messages = request.pop("messages")
            if needs_conversion(messages):
                messages = convert_messages(messages, media.responses_part)
            request["input"] = messages
        if "max_tokens" in request:
            request["max_output_tokens"] = request.pop("max_tokens")
        return request

    def messages(self, request: dict[str, Any]) -> Any:
        return request.get("input")


class ResponsesToolsHandler(ModeHandler):
    """Call ``responses.create`` with the response model as a function tool."""

    __slots__ = ()
    adapter = "instructor.providers.openai.responses:ResponsesAdapter"
    inbuilt_tools = False

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        tool = {"type": "function", **spec.tool(), "strict": False}
        if self.inbuilt_tools:
            # The caller's own tools (web_search, file_search, ...) stay
            # usable, so the function is offered rather than forced.
            return {**request, "tools": [*request.get("tools", ()), tool],
                    "tool_choice": request.get("tool_choice", "auto")}
        return {**request, "tools": [tool],
                "tool_choice": {"type": "function", "name": spec.name}}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        details = getattr(completion, "incomplete_details", None)
        if getattr(completion, "status", None) == "incomplete" and details is not None \
                and getattr(details, "reason", None) == "max_output_tokens":
            raise IncompleteOutputException(last_completion=completion)
        for item in getattr(completion, "output", None) or ():
            if item.type == "function_call" and item.name == spec.name:
                return spec.validate_json(item.arguments or "", context, strict)
        raise ResponseParsingError(
            f"the response has no call of the function {spec.name!r}", raw_response=completion)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        previous = request.get("input")
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
        return {**request, "input": items}

    def stream_text(self, event: Any) -> str:
        kind = getattr(event, "type", "")
        if kind == "response.function_call_arguments.delta":
            return event.delta or ""
        if kind == "response.incomplete":
            raise IncompleteOutputException(last_completion=getattr(event, "response", event))
        return ""


class ResponsesInbuiltToolsHandler(ResponsesToolsHandler):
    """RESPONSES_TOOLS next to the caller's own tools (offered, not forced)."""

    __slots__ = ()
    inbuilt_tools = True


RESPONSES_TOOLS = ResponsesToolsHandler()
RESPONSES_TOOLS_WITH_INBUILT_TOOLS = ResponsesInbuiltToolsHandler()
