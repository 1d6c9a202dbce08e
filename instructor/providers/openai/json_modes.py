"""Chat-completions modes that ask for JSON text: JSON, JSON_O1, MD_JSON and
JSON_SCHEMA (structured outputs)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ...exceptions import ResponseParsingError
from ._common import (
    OpenAIHandler,
    convert_parts,
    first_choice,
    json_reask_text,
    stream_delta,
    strict_schema,
    strip_fences,
    with_messages,
)


@lru_cache(maxsize=512)
def _instructions(spec: Any, markdown: bool) -> str:
    schema = json.dumps(spec.schema["parameters"], indent=2, ensure_ascii=False)
    where = ("inside a single ```json code block" if markdown
             else "as a single JSON object and nothing else")
    return (
        "Read the conversation and answer with data that fits this JSON schema:\n\n"
        f"{schema}\n\n"
        f"Reply with an instance of the schema (not the schema itself), {where}."
    )


def _with_system(messages: list[Any], text: str) -> list[Any]:
    """Messages whose system message carries ``text`` (a new list, new dict)."""
    if messages and isinstance(messages[0], dict) and messages[0].get("role") == "system":
        first = messages[0]
        content = first.get("content")
        if isinstance(content, str):
            merged = f"{content}\n\n{text}"
        else:
            merged = [*(content or ()), {"type": "text", "text": text}]
        return [{**first, "content": merged}, *messages[1:]]
    return [{"role": "system", "content": text}, *messages]


class JSONHandler(OpenAIHandler):
    """JSON modes: the schema goes in the prompt or in ``response_format``."""

    def __init__(self, style: str) -> None:
        self.style = style  # "json", "o1", "markdown" or "schema"

    def prepare(self, spec: Any, kwargs: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        messages = convert_parts(kwargs.get("messages") or [], "openai")
        if spec is None:
            kwargs["messages"] = messages
            return kwargs
        self.check_spec(spec)
        style = self.style
        if style == "schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": spec.name, "schema": strict_schema(spec),
                                "strict": True},
            }
        elif style == "o1":
            # o1 models took no system message: the instructions go first as user text.
            messages = [{"role": "user", "content": _instructions(spec, False)}, *messages]
        elif style == "markdown":
            messages = [*_with_system(messages, _instructions(spec, True)),
                        {"role": "user", "content":
                         "Return the correct JSON response within a ```json codeblock, "
                         "not the JSON schema."}]
        else:
            kwargs["response_format"] = {"type": "json_object"}
            messages = _with_system(messages, _instructions(spec, False))
        kwargs["messages"] = messages
        return kwargs

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        message = first_choice(completion).message
        text = message.content
        if not text:
            refusal = getattr(message, "refusal", None)
            raise ResponseParsingError(
                f"the model refused: {refusal}" if refusal else "the reply has no content",
                raw_response=completion,
            )
        if self.style != "schema":
            text = strip_fences(text)
        return spec.validate_json(text, context, strict)

    def reask(self, kwargs: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        message = completion.choices[0].message
        return with_messages(kwargs, [
            {"role": "assistant", "content": message.content or ""},
            {"role": "user", "content": json_reask_text(exc)},
        ])

    def stream_text(self, chunk: Any) -> str:
        delta = stream_delta(chunk)
        return (delta.content or "") if delta is not None else ""


JSON = JSONHandler("json")
JSON_O1 = JSONHandler("o1")
MD_JSON = JSONHandler("markdown")
JSON_SCHEMA = JSONHandler("schema")
