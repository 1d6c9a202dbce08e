"""Mistral modes that answer in text: JSON_SCHEMA (structured outputs,
``response_format=json_schema``) and MD_JSON (the schema in the prompt, the
answer in a ```json block)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ...core import response_model
from ...core._copy import fresh
from ...core.handler import ModeHandler
from ...core.prompts import strip_fences
from ...exceptions import ResponseParsingError
from ..openai import json_modes as openai_json
from ..openai._common import message_of, reask_text, with_messages
from ._common import choice_of, text_of
from .tools import stream_delta


class JSONSchemaHandler(ModeHandler):
    """JSON_SCHEMA: Mistral structured outputs; the reply text is the JSON."""

    __slots__ = ()
    fenced = False  # whether replies may wrap the JSON in prose or a ``` fence

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return {**request, "response_format": {"type": "json_schema", "json_schema": {
            "name": spec.name, "schema": closed_schema(spec), "strict": True}}}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        text = text_of(choice_of(completion).message.content)
        if not text.strip():
            raise ResponseParsingError("the reply has no text", raw_response=completion)
        return spec.validate_json(strip_fences(text) if self.fenced else text, context, strict)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        message = message_of(completion)
        if message is None:  # a malformed response: nothing to show, ask again
            return request
        return with_messages(request, [
            {"role": "assistant", "content": text_of(getattr(message, "content", None))},
            {"role": "user", "content": reask_text(exc)}])

    def stream_text(self, chunk: Any) -> str:
        delta = stream_delta(chunk)
        return text_of(getattr(delta, "content", None)) if delta is not None else ""


class MarkdownJSONHandler(JSONSchemaHandler):
    """MD_JSON: the schema in the system prompt, as for OpenAI; fences are stripped."""

    __slots__ = ()
    fenced = True

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return openai_json.MD_JSON.prepare(spec, request, stream=stream)


def closed_schema(spec: Any) -> dict[str, Any]:
    """The spec's schema with every object closed (``additionalProperties: false``)."""
    return fresh(_closed_schema(spec))


@lru_cache(maxsize=512)
def _closed_schema(spec: Any) -> dict[str, Any]:
    return response_model.closed_schema(spec.parameters())


JSON_SCHEMA = JSONSchemaHandler()
MD_JSON = MarkdownJSONHandler()
