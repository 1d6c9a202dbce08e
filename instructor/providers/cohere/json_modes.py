"""Cohere modes that answer in text: JSON_SCHEMA (``response_format`` with the
schema, ``COHERE_JSON_SCHEMA`` in 1.x) and MD_JSON (the schema in the
system prompt, the answer in a ```json block)."""

from __future__ import annotations

from typing import Any

from ...core.handler import ModeHandler
from ...core.prompts import json_instructions, strip_fences
from ...exceptions import ResponseParsingError
from ..openai._common import json_reask_text, with_messages
from ..openai.json_modes import with_system
from ._common import reply_of, stream_piece
from .messages import is_v1
from .tools import v1_reask


class JSONSchemaHandler(ModeHandler):
    """JSON_SCHEMA: ``response_format={"type": "json_object", ...}`` with the schema.

    v2 names the schema ``json_schema``, v1 ``schema``.
    """

    __slots__ = ()
    fenced = False  # whether replies may wrap the JSON in prose or a ``` fence

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        key = "schema" if is_v1(request) else "json_schema"
        return {**request, "response_format": {"type": "json_object", key: spec.parameters()}}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        text, _ = reply_of(completion)
        if not text.strip():
            raise ResponseParsingError("the reply has no text", raw_response=completion)
        return spec.validate_json(strip_fences(text) if self.fenced else text, context, strict)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        try:
            text, _ = reply_of(completion)
        except ResponseParsingError:  # a malformed response: nothing to show, ask again
            return request
        if is_v1(request):
            return v1_reask(request, text, json_reask_text(exc))
        turns = [{"role": "assistant", "content": text}] if text else []
        return with_messages(request, [*turns, {"role": "user", "content": json_reask_text(exc)}])

    def stream_text(self, event: Any) -> str:
        return stream_piece(event, tools=False)


class MarkdownJSONHandler(JSONSchemaHandler):
    """MD_JSON: the schema in the system prompt (v1: the preamble); fences are stripped."""

    __slots__ = ()
    fenced = True

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        instructions = json_instructions(spec, markdown=True)
        if is_v1(request):
            preamble = request.get("preamble")
            return {**request, "preamble": f"{preamble}\n\n{instructions}" if preamble
                    else instructions}
        return {**request, "messages": with_system(request.get("messages") or [], instructions)}


JSON_SCHEMA = JSONSchemaHandler()
MD_JSON = MarkdownJSONHandler()
