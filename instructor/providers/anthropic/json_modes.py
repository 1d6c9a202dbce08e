"""Anthropic modes that answer in text: JSON (the schema in the system prompt)
and JSON_SCHEMA (Anthropic structured outputs, ``output_config``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ...core.handler import ModeHandler
from ...core.prompts import json_instructions, strip_fences
from ...core.response_model import closed_schema
from ...exceptions import ResponseParsingError
from .adapter import system_blocks
from .tools import content, stream_delta


def reask_text(exc: BaseException, text: str) -> str:
    return (f"Validation Errors found:\n{exc}\nRecall the function correctly, fix the "
            f"errors found in the following attempt:\n{text}")


def last_text(completion: Any) -> str:
    """The text of the last text block of a Message ('' if none)."""
    texts = [b.text for b in content(completion) if getattr(b, "type", None) == "text"]
    return texts[-1] if texts else ""


class JSONHandler(ModeHandler):
    """JSON: the schema goes in a system block; the reply is the last text block."""

    __slots__ = ()
    fenced = True

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        system = [*system_blocks(request.get("system")),
                  {"type": "text", "text": json_instructions(spec)}]
        return {**request, "system": system}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        text = last_text(completion)
        if not text.strip():
            raise ResponseParsingError("the reply has no text", raw_response=completion)
        return spec.validate_json(strip_fences(text) if self.fenced else text, context, strict)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        try:
            text = last_text(completion)
        except ResponseParsingError:  # a malformed response: nothing to show, ask again
            return request
        turn = {"role": "user", "content": reask_text(exc, text)}
        return {**request, "messages": [*request.get("messages", ()), turn]}

    def stream_text(self, event: Any) -> str:
        return stream_delta(event, "text_delta")


class JSONSchemaHandler(JSONHandler):
    """JSON_SCHEMA: Anthropic structured outputs; the reply text is the JSON."""

    __slots__ = ()
    fenced = False

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        config = dict(request.get("output_config") or {})
        config["format"] = {"type": "json_schema", "schema": output_schema(spec)}
        return {**request, "output_config": config}


def output_schema(spec: Any) -> dict[str, Any]:
    """The spec's JSON schema as Anthropic structured outputs accept it (a new dict)."""
    from ...core._copy import fresh

    return fresh(_output_schema(spec))


@lru_cache(maxsize=512)
def _output_schema(spec: Any) -> dict[str, Any]:
    # The SDK knows which keywords the API takes and moves the others into
    # descriptions; an SDK without the helper gets the schema closed by hand.
    import anthropic

    transform = getattr(anthropic, "transform_schema", None)
    schema = spec.parameters()
    return transform(schema) if transform is not None else closed_schema(schema)


JSON = JSONHandler()
JSON_SCHEMA = JSONSchemaHandler()
