"""Reading Converse responses and ConverseStream events (plain dicts from boto3).

Every read is defensive: a response that is not a Converse response is a
`ResponseParsingError` carrying it, a cut-off one an
`IncompleteOutputException`; never a KeyError.

    >>> text({"output": {"message": {"content": [{"text": "a"}, {"text": "b"}]}}})
    'ab'
    >>> stream_piece({"contentBlockDelta": {"delta": {"text": "{"}}}, "text")
    '{'
"""

from __future__ import annotations

from typing import Any

from ...exceptions import IncompleteOutputException, ResponseParsingError

__all__ = ["CUT_OFF", "message", "stream_piece", "text", "turn"]

# Stop reasons that mean the output was cut short.
CUT_OFF = frozenset({"max_tokens", "model_context_window_exceeded"})


def message(completion: Any) -> dict[str, Any]:
    """The assistant message of a Converse response (its ``content`` is a list)."""
    if isinstance(completion, dict) and completion.get("stopReason") in CUT_OFF:
        raise IncompleteOutputException(last_completion=completion)
    found = turn(completion)
    if found is None:
        raise ResponseParsingError("the response is not a Bedrock Converse response",
                                   raw_response=completion)
    return found


def turn(completion: Any) -> dict[str, Any] | None:
    """The assistant message of ``completion`` as it can be sent back, or None."""
    output = completion.get("output") if isinstance(completion, dict) else None
    found = output.get("message") if isinstance(output, dict) else None
    if not isinstance(found, dict) or not isinstance(found.get("content"), list):
        return None
    return found


def text(completion: Any) -> str:
    """The text blocks of a Converse response, joined ('' if none)."""
    return "".join(block["text"] for block in message(completion)["content"]
                   if isinstance(block, dict) and isinstance(block.get("text"), str))


def stream_piece(event: Any, kind: str) -> str:
    """The ``kind`` ("text" or "toolUse") delta one stream event carries ('' if none).

    A ``messageStop`` event that says the output was cut short raises
    `IncompleteOutputException`.
    """
    if not isinstance(event, dict):
        return ""
    block = event.get("contentBlockDelta")
    if block is not None:
        delta = block.get("delta") if isinstance(block, dict) else None
        piece = delta.get(kind) if isinstance(delta, dict) else None
        if kind == "toolUse":
            piece = piece.get("input") if isinstance(piece, dict) else None
        return piece if isinstance(piece, str) else ""
    stop = event.get("messageStop")
    if isinstance(stop, dict) and stop.get("stopReason") in CUT_OFF:
        raise IncompleteOutputException(last_completion=event)
    return ""
