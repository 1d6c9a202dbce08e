"""Reading Cohere chat responses and stream events, v2 and v1 alike.

A v2 response (``V2ChatResponse``) has ``message.content`` parts and
``message.tool_calls`` whose arguments are JSON text; a v1 one
(``NonStreamedChatResponse``) has ``text`` and ``tool_calls`` whose
``parameters`` are an object. `reply_of` reads either as the text and the
calls; `stream_piece` reads one event of either stream.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from ...exceptions import IncompleteOutputException, ResponseParsingError

__all__ = ["Call", "reply_of", "stream_piece"]

CUT_OFF = "MAX_TOKENS"  # the finish reason of an answer stopped at max_tokens


class Call(NamedTuple):
    """One tool call: its id (None on v1), name and arguments as JSON text."""

    id: str | None
    name: str | None
    arguments: str


def reply_of(completion: Any) -> tuple[str, list[Call]]:
    """The text and tool calls of a v2 or v1 response; typed errors otherwise."""
    if getattr(completion, "finish_reason", None) == CUT_OFF:
        raise IncompleteOutputException(last_completion=completion)
    if isinstance(completion, (str, bytes, dict, list)) or completion is None:
        raise ResponseParsingError("the response is not a Cohere chat response",
                                   raw_response=completion)
    message = getattr(completion, "message", None)
    if message is not None:  # v2
        text = "".join(part.text for part in getattr(message, "content", None) or ()
                       if getattr(part, "type", None) == "text"
                       and isinstance(getattr(part, "text", None), str))
        calls = [Call(call.id, getattr(call.function, "name", None),
                      getattr(call.function, "arguments", None) or "")
                 for call in getattr(message, "tool_calls", None) or ()]
        return text, calls
    text = getattr(completion, "text", None)
    if isinstance(text, str):  # v1
        calls = [Call(None, call.name, json.dumps(call.parameters))
                 for call in getattr(completion, "tool_calls", None) or ()]
        return text, calls
    raise ResponseParsingError("the response is not a Cohere chat response",
                               raw_response=completion)


def _get(obj: Any, *names: str) -> Any:
    for name in names:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


def stream_piece(event: Any, *, tools: bool) -> str:
    """The JSON text one stream event carries: tool arguments or answer text.

    Only the first tool call counts; an event ending the answer at
    max_tokens raises IncompleteOutputException.
    """
    kind = getattr(event, "type", None)
    if kind is not None:  # v2: typed server-sent events
        if kind == "message-end":
            if _get(event, "delta", "finish_reason") == CUT_OFF:
                raise IncompleteOutputException(last_completion=event)
        elif getattr(event, "index", None) not in (0, None):
            pass
        elif tools and kind in ("tool-call-start", "tool-call-delta"):
            return _get(event, "delta", "message", "tool_calls", "function", "arguments") or ""
        elif not tools and kind == "content-delta":
            return _get(event, "delta", "message", "content", "text") or ""
        return ""
    kind = getattr(event, "event_type", None)  # v1: one JSON object a line
    if kind == "stream-end":
        if getattr(event, "finish_reason", None) == CUT_OFF:
            raise IncompleteOutputException(last_completion=event)
    elif tools and kind == "tool-calls-chunk":
        delta = getattr(event, "tool_call_delta", None)
        if getattr(delta, "index", None) in (0, None):
            return getattr(delta, "parameters", None) or ""
    elif not tools and kind == "text-generation":
        return getattr(event, "text", None) or ""
    return ""
