"""Reading an xAI ``Response`` (or stream ``Chunk``), and the turns of a re-ask.

What the SDK returns is a ``xai_sdk.chat.Response`` around the
``GetChatCompletionResponse`` proto; a completion without an assistant
output (an empty or odd message from the server) is a
`ResponseParsingError`, one that stopped at a limit an
`IncompleteOutputException`.
"""

from __future__ import annotations

from typing import Any

from xai_sdk import chat as xchat
from xai_sdk.proto import sample_pb2

from ...exceptions import IncompleteOutputException, ResponseParsingError
from .messages import ROLE_ASSISTANT

__all__ = ["assistant_output", "assistant_turn", "check_chunk", "has_output",
           "json_reask_text", "reask_text", "with_messages"]

# Stop reasons that mean the answer was cut off, not finished.
CUT_OFF = frozenset(sample_pb2.FinishReason.Value(name) for name in (
    "REASON_MAX_LEN", "REASON_MAX_CONTEXT", "REASON_TIME_LIMIT")
    if name in sample_pb2.FinishReason.keys())


def reask_text(exc: BaseException) -> str:
    return f"Validation Error found:\n{exc}\nRecall the function correctly, fix the errors"


def json_reask_text(exc: BaseException) -> str:
    return f"Correct your JSON ONLY RESPONSE, based on the following errors:\n{exc}"


def _outputs(completion: Any) -> list[Any]:
    """The assistant outputs of ``completion`` ([] for anything else)."""
    outputs = getattr(getattr(completion, "proto", None), "outputs", None) or ()
    return [o for o in outputs if o.message.role == ROLE_ASSISTANT]


def has_output(completion: Any) -> bool:
    """Whether ``completion`` holds an assistant output (something to show back)."""
    return bool(_outputs(completion))


def assistant_output(completion: Any) -> Any:
    """``completion`` itself, once it is known to hold a finished assistant output."""
    outputs = _outputs(completion)
    if not outputs:
        raise ResponseParsingError("the xAI response has no assistant output",
                                   raw_response=completion)
    for output in outputs:
        if output.finish_reason in CUT_OFF:
            raise IncompleteOutputException(last_completion=completion)
    return completion


def check_chunk(chunk: Any) -> Any:
    """``chunk`` itself; IncompleteOutputException if it ends a cut-off answer."""
    for choice in getattr(chunk, "choices", ()):
        if choice.finish_reason in CUT_OFF:
            raise IncompleteOutputException(last_completion=chunk)
    return chunk


def assistant_turn(completion: Any) -> Any:
    """What the model answered, as the assistant message of the next request."""
    turn = xchat.assistant(completion.content)
    turn.tool_calls.extend(completion.tool_calls)
    # Reasoning models continue from their (possibly encrypted) reasoning.
    for name in ("reasoning_content", "encrypted_content"):
        value = getattr(completion, name, "")
        if value:
            setattr(turn, name, value)
    return turn


def with_messages(request: dict[str, Any], extra: list[Any]) -> dict[str, Any]:
    """A copy of ``request`` whose messages end with ``extra`` (never in place)."""
    return {**request, "messages": [*(request.get("messages") or ()), *extra]}
