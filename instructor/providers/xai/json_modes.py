"""xAI modes that answer in text: JSON_SCHEMA (structured outputs, the
``response_format`` of the request) and MD_JSON (the schema in the system
prompt, the answer in a ```json block)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from xai_sdk import chat as xchat
from xai_sdk.proto import chat_pb2

from ...core.handler import ModeHandler
from ...core.prompts import json_instructions, strip_fences
from ...exceptions import ResponseParsingError
from .messages import ROLE_SYSTEM
from .reply import (
    assistant_output,
    assistant_turn,
    check_chunk,
    has_output,
    json_reask_text,
    with_messages,
)

__all__ = ["JSON_SCHEMA", "MD_JSON", "with_system"]


@lru_cache(maxsize=512)
def _schema(spec: Any) -> str:
    return json.dumps(spec.parameters())


def with_system(messages: Any, text: str) -> list[Any]:
    """Messages whose first system message ends with ``text`` (a new list and message)."""
    messages = list(messages or ())
    if messages and isinstance(messages[0], chat_pb2.Message) and messages[0].role == ROLE_SYSTEM:
        first = chat_pb2.Message()
        first.CopyFrom(messages[0])
        if first.content and first.content[-1].WhichOneof("content") == "text":
            first.content[-1].text = f"{first.content[-1].text}\n\n{text}"
        else:
            first.content.append(xchat.text(text))
        return [first, *messages[1:]]
    return [xchat.system(text), *messages]


class JSONSchemaHandler(ModeHandler):
    """JSON_SCHEMA: the API holds the answer to the schema; the reply text is the JSON."""

    __slots__ = ()
    fenced = False  # whether replies may wrap the JSON in prose or a ``` fence

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return {**request, "response_format": chat_pb2.ResponseFormat(
            format_type=chat_pb2.FormatType.FORMAT_TYPE_JSON_SCHEMA, schema=_schema(spec))}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        text = assistant_output(completion).content
        if not text.strip():
            raise ResponseParsingError("the reply has no content", raw_response=completion)
        return spec.validate_json(strip_fences(text) if self.fenced else text, context, strict)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        if not has_output(completion):  # a malformed response: nothing to show, ask again
            return request
        return with_messages(request, [assistant_turn(completion),
                                       xchat.user(json_reask_text(exc))])

    def stream_text(self, chunk: Any) -> str:
        return check_chunk(chunk).content


class MarkdownJSONHandler(JSONSchemaHandler):
    """MD_JSON: the schema joins the first system message (or becomes one)."""

    __slots__ = ()
    fenced = True

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return {**request, "messages": with_system(request.get("messages"),
                                                   json_instructions(spec, markdown=True))}


JSON_SCHEMA = JSONSchemaHandler()
MD_JSON = MarkdownJSONHandler()
