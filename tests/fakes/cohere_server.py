"""A loopback fake of Cohere's Chat API (v2 and v1), for driving the real ``cohere`` SDK.

``POST /v2/chat`` answers `chat_v2` bodies and `chat_v2_stream` streams
(server-sent events with ``event:`` names: ``message-start``,
``content-delta``, ``tool-call-delta``, ... ``message-end``, then
``data: [DONE]``); ``POST /v1/chat`` answers `chat_v1` bodies and
`chat_v1_stream` streams (newline-delimited JSON: ``stream-start``,
``text-generation``, ``tool-calls-chunk``, ... ``stream-end``). Errors come
in Cohere's shape (``{"id", "message"}``); an unscripted request gets HTTP
400, which the SDK does not retry.

The SDK skips stream events it cannot decode (it only logs a warning), so
an extra bad event would go unnoticed; `garbled_event` here is a damaged
event that also swallows the one after it, as a corrupted stream does.

Example::

    with FakeCohere() as fake:
        fake.script(chat_v2(tool_calls=[tool_call("User", {"name": "Ada"})]))
        reply = fake.client().chat(model="m", messages=[])
        assert reply.message.tool_calls[0].function.name == "User"
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Sequence
from typing import Any

from ._scripted import Error, Fault, Reply, ScriptedFake, Stream

__all__ = ["DEFAULT_MODEL", "Error", "FakeCohere", "Fault", "Reply", "Stream", "chat_v1",
           "chat_v1_stream", "chat_v2", "chat_v2_stream", "tool_call"]

DEFAULT_MODEL = "command-a-03-2025"
_ids = itertools.count(1)


def _id(prefix: str = "") -> str:
    return f"{prefix}{next(_ids):08x}-0000-4000-8000-000000000000"


def _json(arguments: Any) -> str:
    return arguments if isinstance(arguments, str) else json.dumps(arguments)


def _pieces(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


def tool_call(name: str, arguments: Any = None, id: str | None = None) -> dict[str, Any]:  # noqa: A002
    """A v2 ``tool_calls`` entry (``arguments`` a dict or a JSON string)."""
    return {"id": id or f"{name.lower()}_{next(_ids):x}", "type": "function",
            "function": {"name": name, "arguments": _json(arguments or {})}}


def _usage(usage: tuple[int, int]) -> dict[str, Any]:
    counts = {"input_tokens": usage[0], "output_tokens": usage[1]}
    return {"billed_units": dict(counts), "tokens": dict(counts)}


def chat_v2(text: str | None = None, *, tool_calls: Sequence[dict[str, Any]] = (),
            tool_plan: str | None = None, finish_reason: str | None = None,
            usage: tuple[int, int] = (10, 5)) -> dict[str, Any]:
    """A v2 ``/chat`` response: text content, or a tool plan and tool calls."""
    message: dict[str, Any] = {"role": "assistant"}
    if text is not None:
        message["content"] = [{"type": "text", "text": text}]
    if tool_plan is not None:
        message["tool_plan"] = tool_plan
    if tool_calls:
        message["tool_calls"] = list(tool_calls)
    return {"id": _id(), "finish_reason": finish_reason or ("TOOL_CALL" if tool_calls
                                                            else "COMPLETE"),
            "message": message, "usage": _usage(usage)}


def chat_v2_stream(text: str | None = None, *, tool_call: dict[str, Any] | None = None,
                   chunk_size: int = 5, finish_reason: str | None = None,
                   usage: tuple[int, int] = (10, 5)) -> Stream:
    """The v2 event stream of one answer: text content, or one tool call in deltas."""
    events: list[Any] = [("message-start", {"id": _id(), "type": "message-start", "delta": {
        "message": {"role": "assistant", "content": [], "tool_plan": "", "tool_calls": [],
                    "citations": []}}})]
    if tool_call is not None:
        events.append(("tool-plan-delta", {"type": "tool-plan-delta",
                                           "delta": {"message": {"tool_plan": "I will call it."}}}))
        opening = {**tool_call, "function": {**tool_call["function"], "arguments": ""}}
        events.append(("tool-call-start", {"type": "tool-call-start", "index": 0,
                                           "delta": {"message": {"tool_calls": opening}}}))
        for piece in _pieces(tool_call["function"]["arguments"], chunk_size):
            events.append(("tool-call-delta", {"type": "tool-call-delta", "index": 0, "delta": {
                "message": {"tool_calls": {"function": {"arguments": piece}}}}}))
        events.append(("tool-call-end", {"type": "tool-call-end", "index": 0}))
    else:
        events.append(("content-start", {"type": "content-start", "index": 0, "delta": {
            "message": {"content": {"type": "text", "text": ""}}}}))
        for piece in _pieces(text or "", chunk_size):
            events.append(("content-delta", {"type": "content-delta", "index": 0, "delta": {
                "message": {"content": {"text": piece}}}}))
        events.append(("content-end", {"type": "content-end", "index": 0}))
    events.append(("message-end", {"type": "message-end", "delta": {
        "finish_reason": finish_reason or ("TOOL_CALL" if tool_call else "COMPLETE"),
        "usage": _usage(usage)}}))
    return Stream(events, done=True)


def chat_v1(text: str = "", *, tool_calls: Sequence[tuple[str, Any]] = (),
            finish_reason: str = "COMPLETE", usage: tuple[int, int] = (10, 5)) -> dict[str, Any]:
    """A v1 ``/chat`` response; ``tool_calls`` are ``(name, parameters)`` pairs."""
    body: dict[str, Any] = {
        "response_id": _id(), "text": text, "generation_id": _id(),
        "finish_reason": finish_reason,
        "chat_history": [{"role": "CHATBOT", "message": text}],
        "meta": {"api_version": {"version": "1"}, **_usage(usage)},
    }
    if tool_calls:
        body["tool_calls"] = [{"name": name, "parameters": params} for name, params in tool_calls]
    return body


def chat_v1_stream(text: str | None = None, *, tool_call: tuple[str, Any] | None = None,
                   chunk_size: int = 5, finish_reason: str = "COMPLETE",
                   usage: tuple[int, int] = (10, 5)) -> Stream:
    """The v1 stream (one JSON object a line): text pieces, or one tool call's parameters."""
    generation = _id()
    events: list[dict[str, Any]] = [{"is_finished": False, "event_type": "stream-start",
                                     "generation_id": generation}]
    calls: list[tuple[str, Any]] = []
    if tool_call is not None:
        name, params = tool_call
        calls.append((name, json.loads(_json(params))))
        events.append({"is_finished": False, "event_type": "tool-calls-chunk",
                       "tool_call_delta": {"index": 0, "name": name}})
        for piece in _pieces(_json(params), chunk_size):
            events.append({"is_finished": False, "event_type": "tool-calls-chunk",
                           "tool_call_delta": {"index": 0, "parameters": piece}})
        events.append({"is_finished": False, "event_type": "tool-calls-generation", "text": "",
                       "tool_calls": [{"name": n, "parameters": p} for n, p in calls]})
    else:
        for piece in _pieces(text or "", chunk_size):
            events.append({"is_finished": False, "event_type": "text-generation", "text": piece})
    events.append({"is_finished": True, "event_type": "stream-end",
                   "finish_reason": finish_reason,
                   "response": chat_v1(text or "", tool_calls=calls, finish_reason=finish_reason,
                                       usage=usage)})
    return Stream(events, done=False)


class FakeCohere(ScriptedFake):
    """A fake Cohere Chat API (v1 and v2) on 127.0.0.1 with scripted replies.

    ``client()`` / ``async_client()`` build ``ClientV2`` / ``AsyncClientV2``,
    ``v1_client()`` / ``async_v1_client()`` the v1 ``Client`` / ``AsyncClient``,
    all pointed at the fake through ``base_url`` (the SDK reads CO_API_URL
    only when it is imported); ``stop()`` closes them.
    """

    name = "fake Cohere"

    def __init__(self) -> None:
        super().__init__({"POST /v2/chat": "v2", "POST /v1/chat": "v1"})
        self._http: list[Any] = []

    def error_body(self, error: Error) -> dict[str, Any]:
        return {"id": _id(), "message": error.message}

    def events(self, stream: Stream, endpoint: str) -> Iterator[bytes]:
        for chunk in stream.chunks:
            if endpoint == "v1":
                yield (chunk if isinstance(chunk, str) else json.dumps(chunk)).encode() + b"\n"
            else:
                yield self.event(chunk)
        if endpoint == "v2" and stream.done is not False:
            yield b"data: [DONE]\n\n"

    def garbled_event(self, endpoint: str) -> bytes:
        # No end of event (v2) or of line (v1): the next event is damaged too.
        if endpoint == "v1":
            return b'{"is_finished": false, "event_type": "tool-calls-chunk", "tool_'
        return b"event: tool-call-delta\ndata: {this is not json\n"

    def response_headers(self) -> dict[str, str]:
        return {"x-trial-endpoint-call-remaining": "999"}

    # -- SDK clients -------------------------------------------------------------------

    def stop(self) -> None:
        http, self._http = self._http, []
        for client in http:
            _close(client)
        super().stop()

    def client(self, **options: Any):
        """``cohere.ClientV2`` pointed at the fake; ``options`` override the defaults."""
        import cohere

        return cohere.ClientV2(**self._defaults(False, options))

    def async_client(self, **options: Any):
        """``cohere.AsyncClientV2`` pointed at the fake (no keep-alive)."""
        import cohere

        return cohere.AsyncClientV2(**self._defaults(True, options))

    def v1_client(self, **options: Any):
        """The v1 ``cohere.Client`` pointed at the fake."""
        import cohere

        return cohere.Client(**self._defaults(False, options))

    def async_v1_client(self, **options: Any):
        """The v1 ``cohere.AsyncClient`` pointed at the fake (no keep-alive)."""
        import cohere

        return cohere.AsyncClient(**self._defaults(True, options))

    def _defaults(self, is_async: bool, options: dict[str, Any]) -> dict[str, Any]:
        import httpx

        timeout = options.pop("timeout", 30.0)
        # Our own httpx client, so that stop() can close it; without keep-alive
        # no socket outlives an async test's event loop.
        limits = httpx.Limits(max_keepalive_connections=0)
        http = (httpx.AsyncClient(timeout=timeout, limits=limits) if is_async
                else httpx.Client(timeout=timeout))
        self._http.append(http)
        return {"api_key": "test-key", "base_url": self.url, "timeout": timeout,
                "httpx_client": http, "log_warning_experimental_features": False, **options}


def _close(http: Any) -> None:
    import asyncio

    if http.is_closed:
        return
    if not hasattr(http, "aclose"):
        http.close()
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(http.aclose())

