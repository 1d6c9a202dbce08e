"""Writer's text modes: JSON_SCHEMA (``response_format`` json_schema) and MD_JSON.

Both re-ask by showing the model its reply, quoted in the user turn, and
the errors it must fix.
"""

from __future__ import annotations

from typing import Any

from ..openai._common import message_of, with_messages
from ..openai.json_modes import JSONSchemaHandler, MarkdownJSONHandler


def reask_text(exc: BaseException, reply: str) -> str:
    return f"Correct your JSON response:\n{reply}\nIt has these errors:\n{exc}"


class _Reask:
    """The Writer re-ask: the reply as the assistant turn, then the correction."""

    __slots__ = ()

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        message = message_of(completion)
        if message is None:  # a malformed response: nothing to show, ask again
            return request
        reply = message.content or ""
        return with_messages(request, [{"role": "assistant", "content": reply},
                                       {"role": "user", "content": reask_text(exc, reply)}])


class WriterJSONSchemaHandler(_Reask, JSONSchemaHandler):
    """``response_format={"type": "json_schema", "json_schema": {"schema": ...}}``."""

    __slots__ = ()

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return {**request, "response_format": {"type": "json_schema",
                                               "json_schema": {"schema": spec.parameters()}}}


class WriterMarkdownJSONHandler(_Reask, MarkdownJSONHandler):
    """OpenAI's MD_JSON request (the schema in the system prompt, a ```json answer)."""

    __slots__ = ()


JSON_SCHEMA = WriterJSONSchemaHandler()
MD_JSON = WriterMarkdownJSONHandler()
