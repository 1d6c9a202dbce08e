"""Builders for OpenAI wire payloads, and the reply types a fake server sends.

Every builder returns exactly what OpenAI puts on the wire (ids, ``created``,
``object``, ``model``, usage with token details), so the real ``openai`` SDK
parses it into its typed objects. Streams split text and JSON arguments into
deltas the way OpenAI does.

Example::

    from fakes.openai_server import chat_completion, tool_call

    body = chat_completion(tool_calls=[tool_call("User", {"name": "Ada"})])
    assert body["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "User"
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ._scripted import Error as _Error
from ._scripted import Stream

__all__ = [
    "DEFAULT_MODEL",
    "Error",
    "Stream",
    "chat_completion",
    "chat_stream",
    "embedding",
    "moderation",
    "response",
    "response_stream",
    "tool_call",
]

DEFAULT_MODEL = "gpt-4o-mini"
_FINGERPRINT = "fp_fake0001"
_ids = itertools.count(1)

# (prompt, completion) token counts, a full usage dict, or None to leave usage out.
Usage = tuple[int, int] | Mapping[str, Any] | None
# A JSON string or an object that is serialised to one.
Arguments = str | Mapping[str, Any]


class Error(_Error):
    """A reply in OpenAI's error shape with that HTTP status.

    ``type`` defaults to what OpenAI uses for the status. The SDK raises its own
    exception for it (400 -> ``openai.BadRequestError``, 429 ->
    ``openai.RateLimitError``, 5xx -> ``openai.InternalServerError``).

    Example::

        Error(429, "Rate limit reached", code="rate_limit_exceeded",
              headers={"retry-after": "0"})
    """

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.type or _error_type(self.status),
                "param": self.param,
                "code": self.code,
            }
        }


def _error_type(status: int) -> str:
    if status == 429:
        return "requests"
    if status >= 500:
        return "server_error"
    return "invalid_request_error"


def _new_id(prefix: str) -> str:
    return f"{prefix}{next(_ids):024x}"


def _arguments(arguments: Arguments) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments)


def _pieces(text: str | Sequence[str], size: int) -> list[str]:
    """Split text into deltas of ``size`` characters; a list is taken as given."""
    if not isinstance(text, str):
        return list(text)
    if size < 1:
        raise ValueError("chunk_size must be at least 1")
    return [text[start : start + size] for start in range(0, len(text), size)]


# -- chat completions -----------------------------------------------------------


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


# -- responses API --------------------------------------------------------------


def _responses_usage(usage: Usage) -> dict[str, Any] | None:
    if usage is None or isinstance(usage, Mapping):
        return None if usage is None else dict(usage)
    input_tokens, output_tokens = usage
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": input_tokens + output_tokens,
    }


def _function_call_item(call: Mapping[str, Any] | tuple[str, Arguments]) -> dict:
    if isinstance(call, Mapping):
        return dict(call)
    name, arguments = call
    return {
        "id": _new_id("fc_"),
        "type": "function_call",
        "status": "completed",
        "call_id": _new_id("call_"),
        "name": name,
        "arguments": _arguments(arguments),
    }


def response(
    output_text: str | None = None,
    *,
    function_calls: Sequence[Mapping[str, Any] | tuple[str, Arguments]] = (),
    refusal: str | None = None,
    status: str = "completed",
    incomplete_reason: str | None = None,
    usage: Usage = (10, 5),
    model: str = DEFAULT_MODEL,
) -> dict[str, Any]:
    """A Responses API ``response`` object.

    ``output_text`` (and ``refusal``) become one ``message`` output item;
    ``function_calls`` are ``(name, arguments)`` pairs (or whole item dicts), each
    a ``function_call`` item with ``call_id``, ``name`` and ``arguments``. A
    ``status="incomplete"`` response gets ``incomplete_details.reason``
    (``incomplete_reason``, "max_output_tokens" by default).

    Example::

        response('{"name": "Ada"}').keys() >= {"id", "output", "usage"}
        response(function_calls=[("User", {"name": "Ada"})])
        response('{"na', status="incomplete")
    """
    created = int(time.time())
    output: list[dict[str, Any]] = []
    if output_text is not None or refusal is not None:
        content: list[dict[str, Any]] = []
        if output_text is not None:
            content.append(
                {
                    "type": "output_text",
                    "text": output_text,
                    "annotations": [],
                    "logprobs": [],
                }
            )
        if refusal is not None:
            content.append({"type": "refusal", "refusal": refusal})
        output.append(
            {
                "id": _new_id("msg_"),
                "type": "message",
                "status": "incomplete" if status == "incomplete" else "completed",
                "role": "assistant",
                "content": content,
            }
        )
    output += [_function_call_item(call) for call in function_calls]
    incomplete = None
    if status == "incomplete":
        incomplete = {"reason": incomplete_reason or "max_output_tokens"}
    return {
        "id": _new_id("resp_"),
        "object": "response",
        "created_at": created,
        "status": status,
        "background": False,
        "completed_at": created + 1 if status == "completed" else None,
        "error": None,
        "incomplete_details": incomplete,
        "instructions": None,
        "max_output_tokens": None,
        "max_tool_calls": None,
        "model": model,
        "output": output,
        "parallel_tool_calls": True,
        "previous_response_id": None,
        "reasoning": {"effort": None, "summary": None},
        "service_tier": "default",
        "temperature": 1.0,
        "text": {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": "auto",
        "tools": [],
        "top_logprobs": 0,
        "top_p": 1.0,
        "truncation": "disabled",
        "usage": _responses_usage(usage),
        "user": None,
        "metadata": {},
    }


def response_stream(
    output_text: str | Sequence[str] | None = None,
    *,
    function_calls: Sequence[Mapping[str, Any] | tuple[str, Arguments]] = (),
    refusal: str | None = None,
    chunk_size: int = 4,
    status: str = "completed",
    incomplete_reason: str | None = None,
    usage: Usage = (10, 5),
    model: str = DEFAULT_MODEL,
) -> Stream:
    """The Responses API event sequence for the same output as ``response(...)``.

    ``response.created``, ``response.in_progress``; per output item
    ``response.output_item.added``, its deltas (``response.content_part.added``,
    ``response.output_text.delta``/``.done``, ``response.content_part.done``, or
    ``response.function_call_arguments.delta``/``.done``) and
    ``response.output_item.done``; then ``response.completed`` (or
    ``response.incomplete`` / ``response.failed`` for that ``status``) with the
    whole response. Each event has an ``event:`` line and a ``sequence_number``.

    Example::

        response_stream("Hello", chunk_size=2)
        response_stream(function_calls=[("User", {"name": "Ada"})])
    """
    # Ready-made text deltas are sent as given; the final text is their join.
    text_pieces: list[str] | None = None
    text: str | None = None
    if isinstance(output_text, str):
        text = output_text
    elif output_text is not None:
        text_pieces = list(output_text)
        text = "".join(text_pieces)
    final = response(
        text,
        function_calls=function_calls,
        refusal=refusal,
        status=status,
        incomplete_reason=incomplete_reason,
        usage=usage,
        model=model,
    )
    started = {
        **final,
        "status": "in_progress",
        "completed_at": None,
        "incomplete_details": None,
        "output": [],
        "usage": None,
    }
    events: list[tuple[str, dict[str, Any]]] = [
        ("response.created", {"response": started}),
        ("response.in_progress", {"response": started}),
    ]
    for index, item in enumerate(final["output"]):
        where = {"item_id": item["id"], "output_index": index}
        if item["type"] == "message":
            events.append(
                (
                    "response.output_item.added",
                    {
                        "output_index": index,
                        "item": {**item, "status": "in_progress", "content": []},
                    },
                )
            )
            for content_index, part in enumerate(item["content"]):
                at = {**where, "content_index": content_index}
                if part["type"] == "output_text":
                    given = part["text"] if text_pieces is None else text_pieces
                    events.append(
                        (
                            "response.content_part.added",
                            {**at, "part": {**part, "text": ""}},
                        )
                    )
                    events += [
                        (
                            "response.output_text.delta",
                            {**at, "delta": piece, "logprobs": []},
                        )
                        for piece in _pieces(given, chunk_size)
                    ]
                    events.append(
                        (
                            "response.output_text.done",
                            {**at, "text": part["text"], "logprobs": []},
                        )
                    )
                else:
                    events.append(
                        (
                            "response.content_part.added",
                            {**at, "part": {**part, "refusal": ""}},
                        )
                    )
                    events += [
                        ("response.refusal.delta", {**at, "delta": piece})
                        for piece in _pieces(part["refusal"], chunk_size)
                    ]
                    events.append(
                        ("response.refusal.done", {**at, "refusal": part["refusal"]})
                    )
                events.append(("response.content_part.done", {**at, "part": part}))
        else:
            events.append(
                (
                    "response.output_item.added",
                    {
                        "output_index": index,
                        "item": {**item, "status": "in_progress", "arguments": ""},
                    },
                )
            )
            events += [
                ("response.function_call_arguments.delta", {**where, "delta": piece})
                for piece in _pieces(item["arguments"], chunk_size)
            ]
            events.append(
                (
                    "response.function_call_arguments.done",
                    {**where, "arguments": item["arguments"]},
                )
            )
        events.append(
            ("response.output_item.done", {"output_index": index, "item": item})
        )
    final_event = {
        "incomplete": "response.incomplete",
        "failed": "response.failed",
    }.get(status, "response.completed")
    events.append((final_event, {"response": final}))
    return Stream(
        [
            (name, {"type": name, "sequence_number": number, **payload})
            for number, (name, payload) in enumerate(events)
        ],
        done=False,
    )


# -- moderations and embeddings -------------------------------------------------

_MODERATION_CATEGORIES = {
    # category: input types OpenAI applies it to
    "harassment": ["text"],
    "harassment/threatening": ["text"],
    "hate": ["text"],
    "hate/threatening": ["text"],
    "illicit": ["text"],
    "illicit/violent": ["text"],
    "self-harm": ["text"],
    "self-harm/instructions": ["text"],
    "self-harm/intent": ["text"],
    "sexual": ["text"],
    "sexual/minors": ["text"],
    "violence": ["text"],
    "violence/graphic": ["text"],
}


def moderation(
    flagged: bool | None = None,
    categories: Iterable[str] = (),
    *,
    model: str = "omni-moderation-latest",
) -> dict[str, Any]:
    """A moderations body with one result; ``categories`` lists the flagged ones.

    ``flagged`` defaults to whether any category is flagged.

    Example::

        moderation()                                   # nothing flagged
        moderation(categories=["violence", "hate"])    # flagged=True
    """
    hits = set(categories)
    unknown = hits - _MODERATION_CATEGORIES.keys()
    if unknown:
        raise ValueError(f"unknown moderation categories: {sorted(unknown)}")
    return {
        "id": _new_id("modr-"),
        "model": model,
        "results": [
            {
                "flagged": bool(hits) if flagged is None else flagged,
                "categories": {name: name in hits for name in _MODERATION_CATEGORIES},
                "category_scores": {
                    name: 0.97 if name in hits else 0.0001
                    for name in _MODERATION_CATEGORIES
                },
                "category_applied_input_types": {
                    name: list(kinds) for name, kinds in _MODERATION_CATEGORIES.items()
                },
            }
        ],
    }


def embedding(
    *vectors: Sequence[float],
    model: str = "text-embedding-3-small",
    prompt_tokens: int = 8,
) -> dict[str, Any]:
    """An embeddings body, one ``data`` entry per vector (default: one 4-d vector).

    The fake server base64-encodes the vectors as float32 when the request asks
    for ``encoding_format="base64"``, which the SDK does by default; pick values
    exact in float32 (0.5, 0.25...) to compare them with ``==``.

    Example::

        embedding([0.5, -0.25], [1.0, 0.0])
    """
    vectors = vectors or ([0.5, -0.25, 0.125, 1.0],)
    return {
        "object": "list",
        "data": [
            {"object": "embedding", "index": index, "embedding": list(vector)}
            for index, vector in enumerate(vectors)
        ],
        "model": model,
        "usage": {"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens},
    }
