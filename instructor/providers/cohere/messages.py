"""OpenAI-style ``messages`` as a Cohere v2 or v1 chat request.

v2 takes ``messages`` much as OpenAI does; only content lists are
converted (strings and `Image` objects become parts). v1 takes the last
user message as ``message``, the turns before it as ``chat_history`` with
v1 roles (``USER``, ``CHATBOT``), and system messages as the ``preamble``.

    >>> v1_request({"model": "m", "messages": [
    ...     {"role": "system", "content": "be brief"},
    ...     {"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"},
    ...     {"role": "user", "content": "Jason is 25"}]})
    {'model': 'm', 'message': 'Jason is 25', 'chat_history': [{'role': 'USER', 'message': 'hi'}, {'role': 'CHATBOT', 'message': 'hello'}], 'preamble': 'be brief'}
"""

from __future__ import annotations

from typing import Any

from ...exceptions import ConfigurationError
from ...multimodal import convert_messages, needs_conversion
from . import media

__all__ = ["is_v1", "v1_request", "v2_request"]

_V1_ROLES = {"user": "USER", "assistant": "CHATBOT", "chatbot": "CHATBOT"}


def is_v1(request: dict[str, Any]) -> bool:
    """Whether a (converted) request is for the v1 Chat API."""
    return "message" in request and "messages" not in request


def v2_request(request: dict[str, Any]) -> dict[str, Any]:
    messages = request.get("messages")
    if not needs_conversion(messages):
        return request
    return {**request, "messages": convert_messages(messages, media.part)}


def v1_request(request: dict[str, Any]) -> dict[str, Any]:
    messages = request.get("messages")
    if messages is None:
        return request  # already in v1 form (message=, chat_history=)
    out = {k: v for k, v in request.items() if k != "messages"}
    preamble = [request["preamble"]] if request.get("preamble") else []
    turns: list[dict[str, Any]] = []
    for message in messages:
        if not isinstance(message, dict):
            raise ConfigurationError(
                f"Cohere's v1 chat needs messages as dicts, got {type(message).__name__}")
        role = str(message.get("role", "")).lower()
        text = media.v1_text(message.get("content", message.get("message")))
        if role == "system":
            preamble.append(text)
        elif role in _V1_ROLES:
            turns.append({"role": _V1_ROLES[role], "message": text})
        else:
            raise ConfigurationError(
                f"Cohere's v1 chat takes user, assistant and system messages, not "
                f"{message.get('role')!r}; use cohere.ClientV2 for tool messages")
    if not turns or turns[-1]["role"] != "USER":
        raise ConfigurationError(
            "Cohere's v1 chat needs the conversation to end with a user message")
    out["message"] = turns[-1]["message"]
    history = [*(request.get("chat_history") or ()), *turns[:-1]]
    if history:
        out["chat_history"] = history
    if preamble:
        out["preamble"] = "\n\n".join(preamble)
    return out
