"""What every OpenAI payload builder shares: the default model, ids, the error
reply, and how text and arguments are cut into stream deltas.

The builders themselves live in `fakes._openai_chat` (chat completions),
`fakes._openai_responses` (the Responses API) and
`fakes._openai_moderation_embedding`; `fakes._openai_payloads` re-exports them.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from typing import Any

from ._scripted import Error as _Error

__all__ = ["DEFAULT_MODEL", "Arguments", "Error", "Usage"]

DEFAULT_MODEL = "gpt-4o-mini"
_FINGERPRINT = "fp_fake0001"
_ids = itertools.count(1)

# (prompt, completion) token counts, a full usage dict, or None to leave usage out.
Usage = tuple[int, int] | Mapping[str, Any] | None
# A JSON string or an object that is serialised to one.
Arguments = str | Mapping[str, Any]


class Error(_Error):
    """A reply in OpenAI's error shape with that HTTP status.

    ``type`` defaults to what OpenAI uses for the status. The SDK raises its own
    exception for it (400 -> ``openai.BadRequestError``, 429 ->
    ``openai.RateLimitError``, 5xx -> ``openai.InternalServerError``).

    Example::

        Error(429, "Rate limit reached", code="rate_limit_exceeded",
              headers={"retry-after": "0"})
    """

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.type or _error_type(self.status),
                "param": self.param,
                "code": self.code,
            }
        }


def _error_type(status: int) -> str:
    if status == 429:
        return "requests"
    if status >= 500:
        return "server_error"
    return "invalid_request_error"


def _new_id(prefix: str) -> str:
    return f"{prefix}{next(_ids):024x}"


def _arguments(arguments: Arguments) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments)


def _pieces(text: str | Sequence[str], size: int) -> list[str]:
    """Split text into deltas of ``size`` characters; a list is taken as given."""
    if not isinstance(text, str):
        return list(text)
    if size < 1:
        raise ValueError("chunk_size must be at least 1")
    return [text[start : start + size] for start in range(0, len(text), size)]
