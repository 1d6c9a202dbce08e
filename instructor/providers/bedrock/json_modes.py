"""Bedrock modes that answer in text: MD_JSON (the schema in a system block)
and JSON_SCHEMA (Bedrock structured outputs, ``outputConfig``)."""

from __future__ import annotations

from typing import Any

from ...core.handler import ModeHandler
from ...core.prompts import json_instructions, strip_fences
from ...exceptions import ResponseParsingError
from . import reply
from .convert import system_blocks
from .schema import strict_schema, strict_schema_text
from .tools import reask_turns

__all__ = ["JSON_SCHEMA", "MD_JSON"]


def reask_text(exc: BaseException) -> str:
    return (f"That JSON did not validate:\n{exc}\n"
            "Answer again with corrected JSON only.")


class MarkdownJSONHandler(ModeHandler):
    """MD_JSON: the schema goes in a system block; the reply's JSON is read from its text."""

    __slots__ = ()
    fenced = True

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        system = [*system_blocks(request.get("system")),
                  {"text": json_instructions(spec, markdown=True)}]
        return {**request, "system": system}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        found = reply.text(completion)
        if not found.strip():
            raise ResponseParsingError("the reply has no text", raw_response=completion)
        return spec.validate_json(strip_fences(found) if self.fenced else found, context, strict)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        if reply.turn(completion) is None:  # a malformed response: nothing to show, ask again
            return request
        return reask_turns(request, completion, [{"text": reask_text(exc)}])

    def stream_text(self, event: Any) -> str:
        return reply.stream_piece(event, "text")


class JSONSchemaHandler(MarkdownJSONHandler):
    """JSON_SCHEMA: Bedrock decodes to the schema; the reply text is the JSON."""

    __slots__ = ()
    fenced = False

    def check(self, spec: Any, *, stream: bool) -> None:
        super().check(spec, stream=stream)
        strict_schema(spec)  # refuses what Bedrock cannot enforce, before sending

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        schema = {"schema": strict_schema_text(spec), "name": spec.name,
                  "description": spec.description}
        config = dict(request.get("outputConfig") or {})
        config["textFormat"] = {"type": "json_schema", "structure": {"jsonSchema": schema}}
        return {**request, "outputConfig": config}


MD_JSON = MarkdownJSONHandler()
JSON_SCHEMA = JSONSchemaHandler()
