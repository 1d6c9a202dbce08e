"""What the OpenAI-format handlers share: reask text, choices, strict schemas.

Other providers that speak the Chat Completions wire format through their
own SDK (Groq, Cerebras, ...) build on these too.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ...core._copy import fresh
from ...exceptions import IncompleteOutputException, ResponseParsingError


def reask_text(exc: BaseException) -> str:
    return (
        f"Validation Error found:\n{exc}\n"
        "Recall the function correctly, fix the errors"
    )


def json_reask_text(exc: BaseException) -> str:
    return f"Correct your JSON ONLY RESPONSE, based on the following errors:\n{exc}"


def arguments_text(arguments: Any) -> str:
    """A tool call's arguments as JSON text ('' for none).

    OpenAI sends a string; some compatible APIs (Fireworks) may send the
    object itself.
    """
    if arguments is None or isinstance(arguments, str):
        return arguments or ""
    return json.dumps(arguments)


def with_messages(request: dict[str, Any], extra: list[Any]) -> dict[str, Any]:
    """A copy of ``request`` whose messages end with ``extra`` (never in place)."""
    return {**request, "messages": [*request.get("messages", ()), *extra]}


def first_choice(completion: Any):
    """The first choice of a completion; typed errors for none or a cut-off one."""
    choices = getattr(completion, "choices", None)
    if not choices:
        raise ResponseParsingError("the completion has no choices", raw_response=completion)
    choice = choices[0]
    if choice.finish_reason == "length":
        raise IncompleteOutputException(last_completion=completion)
    return choice


def message_of(completion: Any):
    """The first choice's message, or None when the completion has none to show."""
    choices = getattr(completion, "choices", None)
    return getattr(choices[0], "message", None) if choices else None


def stream_delta(chunk: Any):
    """The delta of a chat stream chunk, None for a usage-only chunk.

    A chunk that ends the answer at the token limit raises
    IncompleteOutputException, as a complete response would.
    """
    choices = getattr(chunk, "choices", None)
    if not choices:
        return None
    choice = choices[0]
    if choice.finish_reason == "length":
        raise IncompleteOutputException(last_completion=chunk)
    return choice.delta


def strict_schema(spec: Any) -> dict[str, Any]:
    """The spec's parameters in OpenAI strict form (closed objects, all required).

    A new dict each call.
    """
    return fresh(_strict(spec))


@lru_cache(maxsize=512)
def _strict(spec: Any) -> dict[str, Any]:
    parameters = spec.parameters()
    _close(parameters)
    return parameters


def _close(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
            node["required"] = list(node["properties"])
        node.pop("default", None)
        for value in node.values():
            _close(value)
    elif isinstance(node, list):
        for value in node:
            _close(value)


def function(spec_tool: dict[str, Any]) -> dict[str, Any]:
    """An OpenAI ``tools`` entry for a neutral ``{name, description, parameters}``."""
    return {"type": "function", "function": spec_tool}
