"""Reading a Gemini response, whichever Google SDK made it.

A response has ``candidates[0].content.parts``; a part holds ``text``
(``thought`` parts are the model's reasoning and are skipped) or a
``function_call``. google-genai gives pydantic objects, google-generativeai
proto messages whose unset fields read as empty values; both are read with
``getattr`` here, so a malformed response gives a typed error, never an
AttributeError. ``MAX_TOKENS`` means the answer was cut off.
"""

from __future__ import annotations

from typing import Any

from ...exceptions import IncompleteOutputException, ResponseParsingError

__all__ = ["answer_parts", "calls", "content_of", "cut_off", "plain", "reask_text", "text"]


def reask_text(exc: BaseException) -> str:
    return f"Validation Error found:\n{exc}\nRecall the function correctly, fix the errors"


def _first(completion: Any) -> Any:
    candidates = getattr(completion, "candidates", None)
    try:
        return candidates[0] if candidates else None
    except (TypeError, IndexError, KeyError):
        return None


def cut_off(chunk: Any) -> bool:
    """Whether the (first) candidate stopped at the output token limit."""
    return _stopped_at_limit(_first(chunk))


def _stopped_at_limit(candidate: Any) -> bool:
    reason = getattr(candidate, "finish_reason", None)
    return getattr(reason, "name", reason) == "MAX_TOKENS"


def content_of(completion: Any) -> Any:
    """The first candidate's content, or None."""
    return getattr(_first(completion), "content", None)


def answer_parts(completion: Any) -> list[Any]:
    """The non-thought parts of the first candidate; typed errors when there are none."""
    candidate = _first(completion)
    if candidate is None:
        feedback = getattr(completion, "prompt_feedback", None)
        reason = getattr(feedback, "block_reason", None)
        why = f" (the prompt was blocked: {getattr(reason, 'name', reason)})" if reason else ""
        raise ResponseParsingError(f"the response has no candidates{why}",
                                   raw_response=completion)
    if _stopped_at_limit(candidate):
        raise IncompleteOutputException(last_completion=completion)
    parts = list(getattr(getattr(candidate, "content", None), "parts", None) or ())
    parts = [p for p in parts if not getattr(p, "thought", False)]
    if not parts:
        reason = getattr(candidate, "finish_reason", None)
        raise ResponseParsingError(
            f"the model gave no answer (finish reason {getattr(reason, 'name', reason)})",
            raw_response=completion)
    return parts


def text(parts: list[Any]) -> str:
    """The text of ``parts`` joined ('' if none)."""
    return "".join(getattr(p, "text", None) or "" for p in parts)


def calls(parts: list[Any]) -> list[Any]:
    """The function calls among ``parts`` (those with a name)."""
    found = []
    for part in parts:
        call = getattr(part, "function_call", None)
        if call is not None and getattr(call, "name", None):
            found.append(call)
    return found


def plain(value: Any, whole_floats: bool = False) -> Any:
    """Function-call arguments as plain JSON values (SDK mappings and lists unwrapped).

    ``whole_floats`` turns 25.0 into 25: proto-based SDKs carry every
    number as a float, which a strict ``int`` field would refuse.
    """
    if isinstance(value, str) or value is None or isinstance(value, bool):
        return value
    if isinstance(value, float):
        return int(value) if whole_floats and value.is_integer() else value
    if hasattr(value, "items"):
        return {str(k): plain(v, whole_floats) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or hasattr(value, "__iter__"):
        return [plain(v, whole_floats) for v in value]
    return value
