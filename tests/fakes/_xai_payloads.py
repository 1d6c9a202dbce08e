"""Payloads of the fake xAI service (`fakes.xai_server`), as proto-JSON dicts.

``response`` is a ``GetChatCompletionResponse``, ``response_stream`` the
``GetChatCompletionChunk`` messages of one answer, ``tool_call`` one
client-side tool call. Field and enum names are protobuf's JSON names.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from ._scripted import Stream

__all__ = ["DEFAULT_MODEL", "new_id", "response", "response_stream", "tool_call"]

DEFAULT_MODEL = "grok-3"
_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}{next(_ids):012x}"


def tool_call(name: str, arguments: Any = None, id: str | None = None) -> dict[str, Any]:  # noqa: A002
    """A client-side tool call (``arguments``: a dict, or a JSON string as given)."""
    if not isinstance(arguments, str):
        arguments = json.dumps(arguments or {})
    return {"id": id or new_id("call_"), "type": "TOOL_CALL_TYPE_CLIENT_SIDE_TOOL",
            "function": {"name": name, "arguments": arguments}}


def _usage(usage: tuple[int, int]) -> dict[str, int]:
    return {"promptTokens": usage[0], "completionTokens": usage[1],
            "totalTokens": usage[0] + usage[1]}


def response(content: str | None = None, *, tool_calls: Any = (),
             finish_reason: str | None = None, usage: tuple[int, int] = (10, 5),
             model: str = DEFAULT_MODEL) -> dict[str, Any]:
    """A ``GetChatCompletionResponse``: one assistant output with text and/or tool calls."""
    message: dict[str, Any] = {"role": "ROLE_ASSISTANT"}
    if content is not None:
        message["content"] = content
    if tool_calls:
        message["toolCalls"] = list(tool_calls)
    reason = finish_reason or ("REASON_TOOL_CALLS" if tool_calls else "REASON_STOP")
    return {"id": new_id("resp_"), "model": model, "usage": _usage(usage),
            "outputs": [{"index": 0, "finishReason": reason, "message": message}]}


def response_stream(content: str | None = None, *, tool_call: dict[str, Any] | None = None,
                    chunk_size: int = 5, finish_reason: str | None = None,
                    usage: tuple[int, int] = (10, 5), model: str = DEFAULT_MODEL) -> Stream:
    """The chunks of one answer: text in pieces of ``chunk_size``, or a tool call.

    A tool call comes whole in one chunk, as xAI sends them; the last chunk
    carries the finish reason and the usage.
    """
    rid = new_id("resp_")

    def chunk(delta: dict[str, Any], reason: str | None = None) -> dict[str, Any]:
        output: dict[str, Any] = {"index": 0, "delta": {"role": "ROLE_ASSISTANT", **delta}}
        if reason:
            output["finishReason"] = reason
        return {"id": rid, "model": model, "outputs": [output]}

    chunks = []
    if tool_call is not None:
        chunks.append(chunk({"toolCalls": [tool_call]}))
    else:
        text = content or ""
        chunks.extend(chunk({"content": text[i:i + chunk_size]})
                      for i in range(0, len(text), chunk_size))
    last = chunk({}, finish_reason or ("REASON_TOOL_CALLS" if tool_call else "REASON_STOP"))
    last["usage"] = _usage(usage)
    chunks.append(last)
    return Stream(chunks)
