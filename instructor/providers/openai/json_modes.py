"""Chat-completions modes that ask for JSON text: JSON, JSON_O1, MD_JSON and
JSON_SCHEMA (structured outputs)."""

from __future__ import annotations

from typing import Any

from ...core.handler import ModeHandler
from ...core.prompts import json_instructions, strip_fences
from ...exceptions import ResponseParsingError
from ._common import (
    first_choice,
    json_reask_text,
    message_of,
    stream_delta,
    strict_schema,
    with_messages,
)


def with_system(messages: list[Any], text: str) -> list[Any]:
    """Messages whose system message carries ``text`` (a new list, new dict)."""
    if messages and isinstance(messages[0], dict) and messages[0].get("role") == "system":
        first = messages[0]
        content = first.get("content")
        if isinstance(content, str):
            merged: Any = f"{content}\n\n{text}"
        else:
            merged = [*(content or ()), {"type": "text", "text": text}]
        return [{**first, "content": merged}, *messages[1:]]
    return [{"role": "system", "content": text}, *messages]


class JSONHandler(ModeHandler):
    """JSON mode: ``response_format=json_object`` and the schema in the system prompt."""

    __slots__ = ()
    fenced = True  # whether replies may wrap the JSON in prose or a ``` fence

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        messages = with_system(request.get("messages") or [], json_instructions(spec))
        return {**request, "messages": messages, "response_format": {"type": "json_object"}}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        message = first_choice(completion).message
        text = message.content
        if not text:
            refusal = getattr(message, "refusal", None)
            raise ResponseParsingError(
                f"the model refused: {refusal}" if refusal else "the reply has no content",
                raw_response=completion)
        return spec.validate_json(strip_fences(text) if self.fenced else text, context, strict)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        message = message_of(completion)
        if message is None:  # a malformed response: nothing to show, ask again
            return request
        return with_messages(request, [
            {"role": "assistant", "content": message.content or ""},
            {"role": "user", "content": json_reask_text(exc)},
        ])

    def stream_text(self, chunk: Any) -> str:
        delta = stream_delta(chunk)
        return (delta.content or "") if delta is not None else ""


class JSONO1Handler(JSONHandler):
    """For o1-style models, which took no system message: instructions as user text."""

    __slots__ = ()

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        messages = [{"role": "user", "content": json_instructions(spec)},
                    *(request.get("messages") or ())]
        return {**request, "messages": messages}


class MarkdownJSONHandler(JSONHandler):
    """MD_JSON: the schema in the system prompt, the answer in a ```json block."""

    __slots__ = ()

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        messages = [*with_system(request.get("messages") or [], json_instructions(spec, markdown=True)),
                    {"role": "user", "content":
                     "Return the correct JSON response within a ```json codeblock, "
                     "not the JSON schema."}]
        return {**request, "messages": messages}


class JSONSchemaHandler(JSONHandler):
    """JSON_SCHEMA: OpenAI structured outputs (``response_format=json_schema``)."""

    __slots__ = ()
    fenced = False

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return {**request, "response_format": {
            "type": "json_schema",
            "json_schema": {"name": spec.name, "schema": strict_schema(spec), "strict": True},
        }}


JSON = JSONHandler()
JSON_O1 = JSONO1Handler()
MD_JSON = MarkdownJSONHandler()
JSON_SCHEMA = JSONSchemaHandler()
