"""OpenAI-style messages as the xAI SDK's ``chat_pb2.Message`` protos.

``{"role": "user", "content": "hi"}`` becomes ``xai_sdk.chat.user("hi")``;
content lists may hold strings, `Image` / `PDF` objects, OpenAI-style text
and image parts, or the SDK's own parts. Assistant messages keep their
``tool_calls``; ``tool`` messages become ``tool_result`` with their
``tool_call_id``. Messages that already are protos pass through.

    >>> to_protos([{"role": "system", "content": "be brief"}])[0].role == ROLE_SYSTEM
    True
"""

from __future__ import annotations

import json
from typing import Any

from xai_sdk import chat as xchat
from xai_sdk.proto import chat_pb2

from ...exceptions import ConfigurationError
from ...multimodal import is_media
from . import media

__all__ = ["ROLE_ASSISTANT", "ROLE_SYSTEM", "to_protos", "tool_call"]

ROLE_SYSTEM = chat_pb2.MessageRole.ROLE_SYSTEM
ROLE_ASSISTANT = chat_pb2.MessageRole.ROLE_ASSISTANT

_MAKERS = {"system": xchat.system, "user": xchat.user, "assistant": xchat.assistant,
           # older SDKs have no developer helper; the API reads it as system
           "developer": getattr(xchat, "developer", xchat.system)}


def to_protos(messages: Any) -> Any:
    """``messages`` as a new list of ``chat_pb2.Message`` (None stays None)."""
    if messages is None:
        return None
    if not isinstance(messages, (list, tuple)):
        raise ConfigurationError(
            f"messages must be a list of messages, got {type(messages).__name__}")
    return [_message(m) for m in messages]


def _message(message: Any) -> Any:
    if isinstance(message, chat_pb2.Message):
        return message
    if not isinstance(message, dict) or "role" not in message:
        raise ConfigurationError(
            "xAI messages are dicts with a 'role' and a 'content' (or xai_sdk.chat "
            f"messages), got {message!r:.80}")
    role, content = message["role"], message.get("content")
    if isinstance(content, str) and role in ("user", "system") and len(message) == 2:
        return _MAKERS[role](content)  # the common case, kept short
    if role == "tool":
        return xchat.tool_result(_text(content), tool_call_id=message.get("tool_call_id"))
    make = _MAKERS.get(role)
    if make is None:
        raise ConfigurationError(
            f"xAI has no {role!r} role; use system, developer, user, assistant or tool")
    proto = make(*_parts(content, role))
    if role == "assistant" and message.get("tool_calls"):
        proto.tool_calls.extend(tool_call(c) for c in message["tool_calls"])
    return proto


def _parts(content: Any, role: str) -> list[Any]:
    if content is None:
        return []
    if isinstance(content, str) or is_media(content):
        return [media.part(content, role)]
    if isinstance(content, (list, tuple)):
        return [media.part(item, role) for item in content]
    return [media.part(content, role)]


def _text(content: Any) -> str:
    """A tool result's text: the string, or the text parts of a list joined."""
    if isinstance(content, str):
        return content
    if isinstance(content, (list, tuple)):
        return "".join(p if isinstance(p, str) else p.get("text", "") for p in content
                       if isinstance(p, (str, dict)))
    return "" if content is None else json.dumps(content)


def tool_call(call: Any) -> Any:
    """A ``chat_pb2.ToolCall`` for an OpenAI-style tool call (or the proto itself)."""
    if isinstance(call, chat_pb2.ToolCall):
        return call
    function = call.get("function") or {}
    arguments = function.get("arguments", "")
    if not isinstance(arguments, str):
        arguments = json.dumps(arguments)
    return chat_pb2.ToolCall(id=call.get("id") or "", function=chat_pb2.FunctionCall(
        name=function.get("name", ""), arguments=arguments))
