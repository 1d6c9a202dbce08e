"""Builders for OpenAI chat-completion payloads: ``chat.completion`` bodies,
tool calls, and streamed ``chat.completion.chunk`` events.

Example::

    from fakes.openai_server import chat_completion, tool_call

    body = chat_completion(tool_calls=[tool_call("User", {"name": "Ada"})])
    assert body["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "User"
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from ._openai_wire import (
    _FINGERPRINT,
    DEFAULT_MODEL,
    Arguments,
    Usage,
    _arguments,
    _new_id,
    _pieces,
)
from ._scripted import Stream

__all__ = ["chat_completion", "chat_stream", "tool_call"]


def _chat_usage(usage: Usage) -> dict[str, Any] | None:
    if usage is None or isinstance(usage, Mapping):
        return None if usage is None else dict(usage)
    prompt, completion = usage
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def tool_call(name: str, arguments: Arguments = "{}", id: str | None = None) -> dict:
    """One entry of ``message.tool_calls``; dict arguments are JSON-encoded.

    Example::

        tool_call("get_weather", {"city": "Paris"})
        # {"id": "call_...", "type": "function",
        #  "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'}}
    """
    return {
        "id": id or _new_id("call_"),
        "type": "function",
        "function": {"name": name, "arguments": _arguments(arguments)},
    }


def _as_tool_call(call: Mapping[str, Any] | tuple[str, Arguments]) -> dict:
    return dict(call) if isinstance(call, Mapping) else tool_call(*call)


def _as_function(call: Mapping[str, Any] | tuple[str, Arguments]) -> dict:
    if isinstance(call, Mapping):
        return {"name": call["name"], "arguments": _arguments(call["arguments"])}
    name, arguments = call
    return {"name": name, "arguments": _arguments(arguments)}


def chat_completion(
    content: str | None = None,
    *,
    tool_calls: Sequence[Mapping[str, Any] | tuple[str, Arguments]] | None = None,
    function_call: Mapping[str, Any] | tuple[str, Arguments] | None = None,
    refusal: str | None = None,
    finish_reason: str = "stop",
    usage: Usage = (10, 5),
    model: str = DEFAULT_MODEL,
) -> dict[str, Any]:
    """A ``chat.completion`` body with one choice.

    ``tool_calls`` takes ``tool_call(...)`` dicts or ``(name, arguments)`` pairs;
    ``function_call`` (the legacy field) a pair or ``{"name", "arguments"}``.
    ``finish_reason`` stays "stop" unless given: OpenAI reports "stop" when the
    request forces a tool, "tool_calls" only when the model chose one itself.

    Example::

        chat_completion('{"name": "Ada"}', usage=(12, 7))
        chat_completion(tool_calls=[("User", {"name": "Ada"})],
                        finish_reason="tool_calls")
    """
    message: dict[str, Any] = {
        "role": "assistant",
        "content": content,
        "refusal": refusal,
        "annotations": [],
    }
    if tool_calls:
        message["tool_calls"] = [_as_tool_call(call) for call in tool_calls]
    if function_call is not None:
        message["function_call"] = _as_function(function_call)
    body: dict[str, Any] = {
        "id": _new_id("chatcmpl-"),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "service_tier": "default",
        "system_fingerprint": _FINGERPRINT,
    }
    if usage is not None:
        body["usage"] = _chat_usage(usage)
    return body


def chat_stream(
    content: str | Sequence[str] | None = None,
    *,
    tool_calls: Sequence[Mapping[str, Any] | tuple[str, Arguments]] | None = None,
    function_call: Mapping[str, Any] | tuple[str, Arguments] | None = None,
    refusal: str | None = None,
    chunk_size: int = 4,
    finish_reason: str = "stop",
    include_usage: bool = False,
    usage: Usage = (10, 5),
    model: str = DEFAULT_MODEL,
) -> Stream:
    """A streamed chat completion: ``chat.completion.chunk`` events, then ``[DONE]``.

    Text and each call's arguments are cut into ``chunk_size``-character deltas
    (``content`` may also be a list of ready-made deltas). The first delta of a
    tool call carries ``index``, ``id``, ``type`` and ``function.name``; later
    ones only ``index`` and a piece of ``function.arguments``. The last choice
    chunk carries ``finish_reason``. With ``include_usage`` every chunk has
    ``"usage": null`` and a final chunk with empty ``choices`` carries usage, as
    when the request sets ``stream_options={"include_usage": True}``.

    Example::

        chat_stream("Hello world", chunk_size=5)          # "Hello", " worl", "d"
        chat_stream(tool_calls=[("User", {"name": "Ada"})], chunk_size=3)
    """
    completion_id, created = _new_id("chatcmpl-"), int(time.time())

    def chunk(choices: list[dict[str, Any]]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "service_tier": "default",
            "system_fingerprint": _FINGERPRINT,
            "choices": choices,
        }
        if include_usage:
            body["usage"] = None
        return body

    deltas: list[dict[str, Any]] = []
    if content is not None:
        deltas += [{"content": piece} for piece in _pieces(content, chunk_size)]
    if refusal is not None:
        deltas += [{"refusal": piece} for piece in _pieces(refusal, chunk_size)]
    if function_call is not None:
        call = _as_function(function_call)
        deltas.append({"function_call": {"name": call["name"], "arguments": ""}})
        deltas += [
            {"function_call": {"arguments": piece}}
            for piece in _pieces(call["arguments"], chunk_size)
        ]
    for index, call in enumerate(_as_tool_call(c) for c in tool_calls or ()):
        opening = {
            "index": index,
            "id": call["id"],
            "type": "function",
            "function": {"name": call["function"]["name"], "arguments": ""},
        }
        deltas.append({"tool_calls": [opening]})
        deltas += [
            {"tool_calls": [{"index": index, "function": {"arguments": piece}}]}
            for piece in _pieces(call["function"]["arguments"], chunk_size)
        ]

    # OpenAI opens text with an empty-content role chunk, but puts the role on
    # the first delta of a call when there is no text.
    if content is not None or refusal is not None or not deltas:
        deltas.insert(0, {"role": "assistant", "content": "", "refusal": None})
    else:
        deltas[0] = {"role": "assistant", "content": None, "refusal": None, **deltas[0]}

    chunks = [
        chunk([{"index": 0, "delta": delta, "logprobs": None, "finish_reason": None}])
        for delta in deltas
    ]
    chunks.append(
        chunk(
            [
                {
                    "index": 0,
                    "delta": {},
                    "logprobs": None,
                    "finish_reason": finish_reason,
                }
            ]
        )
    )
    if include_usage:
        chunks.append({**chunk([]), "usage": _chat_usage(usage or (10, 5))})
    return Stream(chunks, done=True)
