"""The Gemini mode that answers in text: JSON (``application/json`` with a
response schema). Vertex AI's MD_JSON of 1.x is the same request."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ...core._copy import fresh
from ...core.prompts import strip_fences
from ...exceptions import IncompleteOutputException, ResponseParsingError
from ...function_calls import gemini_schema
from ._answer import answer_parts, content_of, cut_off, text
from .tools import GeminiHandler

__all__ = ["JSON", "JSONHandler", "reask_text", "response_schema"]


def reask_text(exc: BaseException, reply: str) -> str:
    return (f"Validation Errors found:\n{exc}\nRecall the function correctly, fix the "
            f"errors found in the following attempt:\n{reply}")


def response_schema(spec: Any) -> dict[str, Any]:
    """``spec``'s schema in the form Gemini takes (a new dict)."""
    return fresh(_response_schema(spec))


@lru_cache(maxsize=512)
def _response_schema(spec: Any) -> dict[str, Any]:
    return gemini_schema(spec.parameters())


class JSONHandler(GeminiHandler):
    """JSON: the reply is JSON text that fits the schema sent as ``response_schema``."""

    __slots__ = ()

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return self.configured(request, {"response_mime_type": "application/json",
                                         "response_schema": response_schema(spec)})

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        reply = text(answer_parts(completion))
        if not reply.strip():
            raise ResponseParsingError("the reply has no text", raw_response=completion)
        return spec.validate_json(strip_fences(reply), context, strict)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        try:
            reply = text(answer_parts(completion))
        except (ResponseParsingError, IncompleteOutputException):
            return request  # nothing to show: ask again
        if not reply.strip():
            return request
        # The reply as the model's turn, the errors as the user's.
        turn = {"role": "user", "parts": [{"text": reask_text(exc, reply)}]}
        return self.reask_turns(request, [self.model_turn(content_of(completion)), turn])

    def stream_text(self, chunk: Any) -> str:
        if cut_off(chunk):
            raise IncompleteOutputException(last_completion=chunk)
        parts = getattr(content_of(chunk), "parts", None) or ()
        return text([p for p in parts if not getattr(p, "thought", False)])


JSON = JSONHandler()
