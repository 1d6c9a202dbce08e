"""Mistral TOOLS: the response model as one function tool the model must call."""

from __future__ import annotations

from typing import Any

from ...core.handler import ModeHandler
from ...exceptions import IncompleteOutputException, ResponseParsingError
from ..openai._common import function, message_of, reask_text, with_messages
from ._common import CUT_OFF, arguments_json, calls_of, choice_of, text_of


class ToolsHandler(ModeHandler):
    """Offer one function tool and require a call (``tool_choice="any"``).

    ``Iterable[A | B]`` is one tool too, whose ``tasks`` hold the items.
    """

    __slots__ = ()

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return {**request, "tools": [function(spec.tool())], "tool_choice": "any"}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        message = choice_of(completion).message
        for call in calls_of(message):
            if getattr(call.function, "name", None) == spec.name:
                return spec.validate_json(arguments_json(call.function.arguments), context,
                                          strict)
        raise ResponseParsingError(f"the model did not call the tool {spec.name!r}",
                                   raw_response=completion)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        message = message_of(completion)
        if message is None:  # a malformed response: nothing to show, ask again
            return request
        calls = calls_of(message)
        text = text_of(getattr(message, "content", None))
        if not calls:
            return with_messages(request, [{"role": "assistant", "content": text},
                                           {"role": "user", "content": reask_text(exc)}])
        # The arguments go back as JSON text, however they came.
        assistant = {"role": "assistant", "content": text, "tool_calls": [
            {"id": call.id, "type": "function",
             "function": {"name": call.function.name,
                          "arguments": arguments_json(call.function.arguments)}}
            for call in calls]}
        replies = [{"role": "tool", "tool_call_id": call.id, "name": call.function.name,
                    "content": reask_text(exc)} for call in calls]
        return with_messages(request, [assistant, *replies])

    def stream_text(self, chunk: Any) -> str:
        delta = stream_delta(chunk)
        calls = calls_of(delta)
        if calls and calls[0].function is not None:
            return arguments_json(calls[0].function.arguments)
        return ""


def stream_delta(chunk: Any) -> Any:
    """The delta of a stream chunk (None if it has no choice); cut-off raises."""
    choices = getattr(chunk, "choices", None)
    if not isinstance(choices, list) or not choices:
        return None
    choice = choices[0]
    if getattr(choice, "finish_reason", None) in CUT_OFF:
        raise IncompleteOutputException(last_completion=chunk)
    return choice.delta


TOOLS = ToolsHandler()
