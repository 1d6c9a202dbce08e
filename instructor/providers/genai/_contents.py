"""OpenAI-style messages as Gemini ``contents``, without any SDK.

Shared by the Google providers (genai, vertexai, gemini): each SDK takes
Gemini contents as plain dicts. Roles: ``user`` stays, ``assistant`` (and
Gemini's own ``model``) becomes ``model``; ``system`` messages are taken
out and returned as text for the system instruction; OpenAI tool calls and
``tool`` results become ``function_call`` / ``function_response`` parts.
A message that already has ``parts`` (Gemini's form) or is an SDK
``Content`` object is kept as it is.

    >>> to_contents([{"role": "system", "content": "be brief"},
    ...              {"role": "user", "content": "hi"},
    ...              {"role": "assistant", "content": "hello"}], lambda item, role: item)
    ([{'role': 'user', 'parts': [{'text': 'hi'}]}, {'role': 'model', 'parts': [{'text': 'hello'}]}], ['be brief'])
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ...exceptions import ConfigurationError

__all__ = ["ROLES", "text_of", "to_contents"]

ROLES = {"user": "user", "assistant": "model", "model": "model"}


def to_contents(messages: Any, part: Callable[[Any, Any], Any]
                ) -> tuple[list[Any], list[str]]:
    """``(contents, system texts)`` for OpenAI-style ``messages`` (new lists).

    ``part(item, role)`` converts a string, `Image`, `Audio` or `PDF` of a
    content list into a Gemini part. The caller's messages are not changed.
    """
    contents: list[Any] = []
    system: list[str] = []
    names: dict[str, str] = {}  # tool call id -> function name, for tool results
    for message in messages:
        if not isinstance(message, dict):  # an SDK Content object
            contents.append(message)
            continue
        role = message.get("role", "user")
        if role == "system":
            text = text_of(message.get("content"))
            if text:
                system.append(text)
            continue
        if role in ("tool", "function"):
            response = {"name": names.get(message.get("tool_call_id", ""),
                                          message.get("name", "")),
                        "response": {"result": message.get("content")}}
            turn = {"function_response": response}
            last = contents[-1] if contents else None
            if isinstance(last, dict) and last.get("_tool_results"):
                last["parts"].append(turn)  # one user turn holds consecutive results
            else:
                contents.append({"role": "user", "parts": [turn], "_tool_results": True})
            continue
        if role not in ROLES:
            raise ConfigurationError(
                f"Gemini has no {role!r} role; use 'user', 'assistant' (or 'model') "
                "and 'system' messages")
        parts = message.get("parts")
        if parts is None:
            parts = _parts(message.get("content"), role, part)
        else:
            parts = list(parts)
        for call in message.get("tool_calls") or ():
            function = call.get("function", {})
            names[call.get("id", "")] = function.get("name", "")
            parts.append({"function_call": {"name": function.get("name"),
                                            "args": _arguments(function.get("arguments"))}})
        contents.append({"role": ROLES[role], "parts": parts})
    for content in contents:
        if isinstance(content, dict):
            content.pop("_tool_results", None)
    return contents, system


def text_of(content: Any) -> str:
    """The text of a message content: a string, or the text parts of a list."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [p if isinstance(p, str) else p.get("text", "")
                 for p in content if isinstance(p, (str, dict))]
        return "\n".join(t for t in texts if t)
    return str(content)


def _parts(content: Any, role: str, part: Callable[[Any, Any], Any]) -> list[Any]:
    if content is None:
        return []
    if isinstance(content, str):
        return [{"text": content}]
    items = content if isinstance(content, list) else [content]
    out = []
    for item in items:
        if isinstance(item, dict) and item.get("type") == "text":  # an OpenAI text part
            out.append({"text": item.get("text", "")})
        else:
            out.append(part(item, role))
    return out


def _arguments(arguments: Any) -> Any:
    if isinstance(arguments, str):
        try:
            return json.loads(arguments) if arguments.strip() else {}
        except ValueError:
            raise ConfigurationError(
                f"a tool call's arguments are not JSON: {arguments[:100]!r}") from None
    return arguments or {}
