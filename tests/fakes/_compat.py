"""Reshaping OpenAI chat payloads into what an OpenAI-compatible API sends.

The fakes of Groq, Cerebras, Fireworks and Writer serve the payloads of
`fakes._openai_payloads` (their APIs are OpenAI's format) after `reshape`
drops the fields their API lacks and adds its own.

    >>> reshape({"choices": [{"message": {"content": "x", "annotations": []}}]},
    ...         message_drop=("annotations",))
    {'choices': [{'message': {'content': 'x'}}]}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["reshape"]


def reshape(body: dict[str, Any], *, drop: Iterable[str] = (),
            message_drop: Iterable[str] = (), usage: Callable[[dict], dict] | None = None,
            message: Callable[[dict], dict] | None = None, **extra: Any) -> dict[str, Any]:
    """A new completion (or chunk) body: ``drop`` top-level keys, ``message_drop``
    keys of each message / delta, ``usage`` and ``message`` applied to those
    parts, ``extra`` added at the top."""
    out = {k: v for k, v in body.items() if k not in set(drop)}
    choices = []
    for choice in body.get("choices", ()):
        choice = dict(choice)
        for key in ("message", "delta"):
            if isinstance(choice.get(key), dict):
                part = {k: v for k, v in choice[key].items() if k not in set(message_drop)}
                choice[key] = message(part) if message is not None and key == "message" else part
        choices.append(choice)
    if "choices" in body:
        out["choices"] = choices
    if usage is not None and isinstance(body.get("usage"), dict):
        out["usage"] = usage(body["usage"])
    out.update(extra)
    return out


def counts(usage: dict[str, Any]) -> dict[str, Any]:
    """Only the three token counts of an OpenAI usage."""
    return {k: usage[k] for k in ("prompt_tokens", "completion_tokens", "total_tokens")
            if k in usage}
