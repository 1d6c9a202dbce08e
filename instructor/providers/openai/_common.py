"""What every OpenAI mode handler shares: usage, reask text, message helpers."""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from typing import Any

from ...exceptions import IncompleteOutputException, ResponseParsingError


def reask_text(exc: BaseException) -> str:
    return (
        f"Validation Error found:\n{exc}\n"
        "Recall the function correctly, fix the errors"
    )


def json_reask_text(exc: BaseException) -> str:
    return f"Correct your JSON ONLY RESPONSE, based on the following errors:\n{exc}"


def with_messages(kwargs: dict[str, Any], extra: list[Any]) -> dict[str, Any]:
    """A copy of ``kwargs`` whose messages end with ``extra`` (never in place)."""
    return {**kwargs, "messages": [*kwargs.get("messages", ()), *extra]}


def convert_parts(messages: Any, fmt: str) -> Any:
    """Turn Image/Audio/str content parts into wire parts; same list if none."""
    if not isinstance(messages, list):
        return messages
    for message in messages:
        if isinstance(message, dict) and isinstance(message.get("content"), list):
            from ...multimodal import convert_messages

            return convert_messages(messages, fmt)
    return messages


def first_choice(completion: Any):
    choices = getattr(completion, "choices", None)
    if not choices:
        raise ResponseParsingError("the completion has no choices", raw_response=completion)
    choice = choices[0]
    if choice.finish_reason == "length":
        raise IncompleteOutputException(last_completion=completion)
    return choice


def stream_delta(chunk: Any):
    """The delta of a chat stream chunk, None for a usage-only chunk.

    A chunk that ends the answer at the token limit raises
    IncompleteOutputException, as a complete response would.
    """
    if not chunk.choices:
        return None
    choice = chunk.choices[0]
    if choice.finish_reason == "length":
        raise IncompleteOutputException(last_completion=chunk)
    return choice.delta


def strip_fences(text: str) -> str:
    """The JSON inside a ```json fence, or the text from its first brace."""
    match = _FENCE.search(text)
    if match:
        return match.group(1)
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        return text
    start = min(starts)
    end = max(text.rfind("}"), text.rfind("]"))
    return text[start:end + 1] if end > start else text[start:]


_FENCE = re.compile(r"```(?:json)?\s*\n?(.*?)```", re.DOTALL)


@lru_cache(maxsize=512)
def strict_schema(spec: Any) -> dict[str, Any]:
    """The spec's parameters in OpenAI strict form (closed objects, all required).

    Cached per spec; callers must not change the result.
    """
    parameters = copy.deepcopy(spec.schema["parameters"])
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


class OpenAIHandler:
    """Defaults shared by the chat-completions handlers."""

    def usage(self, completion: Any) -> Any:
        return getattr(completion, "usage", None)

    def add_usage(self, total: Any, usage: Any) -> Any:
        if usage is None:
            return total
        if total is None:
            return usage.model_copy(deep=True)
        for field in ("prompt_tokens", "completion_tokens", "total_tokens",
                      "input_tokens", "output_tokens"):
            value = getattr(usage, field, None)
            if isinstance(value, int):
                setattr(total, field, (getattr(total, field, 0) or 0) + value)
        return total

    def set_usage(self, completion: Any, total: Any) -> None:
        completion.usage = total

    def check_spec(self, spec: Any) -> None:
        if spec is not None and spec.kind == "parallel":
            from ...exceptions import ConfigurationError

            raise ConfigurationError(
                "Iterable[A | B] (several response models) needs Mode.PARALLEL_TOOLS"
            )


def loads_arguments(text: str | None, completion: Any) -> str:
    if not text:
        raise ResponseParsingError("the model called no tool with arguments",
                                   raw_response=completion)
    return text


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)
