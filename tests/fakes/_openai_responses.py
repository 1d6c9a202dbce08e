"""Builders for OpenAI Responses API payloads: ``response`` objects and their
streamed event sequences.

Example::

    from fakes.openai_server import response

    body = response(function_calls=[("User", {"name": "Ada"})])
    assert body["output"][0]["type"] == "function_call"
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from ._openai_wire import DEFAULT_MODEL, Arguments, Usage, _arguments, _new_id, _pieces
from ._scripted import Stream

__all__ = ["response", "response_stream"]


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
