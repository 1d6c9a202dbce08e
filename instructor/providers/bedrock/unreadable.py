"""Bodies that are not a Converse response, caught before botocore hides them.

botocore reads a 200 answer to ``converse`` leniently: an empty body, or
one that is not JSON, comes back as an empty response (the body lost), and
a JSON body that is not an object makes its parser raise AttributeError.
`watch` adds a ``before-parse`` handler to a client that, only during a
call instructor makes (between `reading` and `done`), looks at the first
byte of the body and raises `UnreadableResponse` carrying the body text,
or hands a JSON value that is no object back as the completion (the mode
then finds no output in it and asks again, as for any provider). Calls the
caller makes on the same client are not affected.
"""

from __future__ import annotations

import json
from contextvars import ContextVar, Token
from typing import Any

from ...exceptions import ProviderError

__all__ = ["NotAnObject", "UnreadableResponse", "check_parsed", "done", "reading", "watch"]

_EVENT = "before-parse.bedrock-runtime.Converse"
_ID = "instructor-bedrock-unreadable-body"
# The body of the call in progress, per thread and task; None outside our calls.
_BODY: ContextVar[list[Any] | None] = ContextVar("instructor_bedrock_body", default=None)


class UnreadableResponse(ProviderError):
    """Bedrock answered 200 with a body that is not JSON (``doc`` holds the text)."""

    def __init__(self, message: str, doc: str) -> None:
        super().__init__("bedrock", message)
        self.doc = doc  # what core attaches as the raw response, as for a JSONDecodeError
        self.raw_response = doc


class NotAnObject(Exception):
    """Internal: the body was JSON but not an object; ``value`` is what it held."""

    def __init__(self, value: Any) -> None:
        super().__init__("the body is JSON but not an object")
        self.value = value


def watch(client: Any) -> None:
    """Add the handler to ``client`` once (it does nothing outside `reading`)."""
    events = getattr(getattr(client, "meta", None), "events", None)
    if events is not None:
        events.register_first(_EVENT, _check, unique_id=_ID)


def reading() -> Token:
    """Mark the calls made from now on as instructor's, so that their bodies are checked.

    Pass what it returns to `done` when the call is over.
    """
    return _BODY.set([])


def done(token: Token) -> None:
    _BODY.reset(token)


def _check(response_dict: Any = None, **_: Any) -> None:
    seen = _BODY.get()
    if seen is None or not isinstance(response_dict, dict):
        return
    status = response_dict.get("status_code")
    body = response_dict.get("body")
    if not isinstance(status, int) or status >= 300 or not isinstance(body, bytes):
        return  # botocore reads errors itself
    if body.lstrip()[:1] == b"{":
        seen.append(body)  # parsed by botocore; `check_parsed` looks again if it is odd
        return
    raise _unreadable(body)


def check_parsed(parsed: Any) -> Any:
    """``parsed``, or `UnreadableResponse` if its body (seen by `_check`) was not JSON."""
    if isinstance(parsed, dict) and "output" in parsed:
        return parsed
    seen = _BODY.get()
    if seen:
        try:
            json.loads(seen[-1])
        except ValueError:
            raise _unreadable(seen[-1]) from None
    return parsed


def _unreadable(body: bytes) -> Exception:
    text = body.decode("utf-8", "replace")
    if not text.strip():
        return UnreadableResponse("Bedrock answered converse with an empty body", text)
    try:
        value = json.loads(text)
    except ValueError:
        return UnreadableResponse(
            f"Bedrock's answer to converse is not JSON: {text[:200]!r}", text)
    return NotAnObject(value)
