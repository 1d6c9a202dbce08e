"""A scripted fake provider, knowing no provider: replies, recording, fault modes.

`ScriptedFake` is what every loopback fake (OpenAI, Anthropic, ...) builds
on. Tests queue replies with ``script()``; each request to one of the
fake's endpoints consumes the next one. A reply is:

- a dict: sent as the JSON body (a provider's completion);
- a `Stream`: sent as that provider's event stream;
- an `Error`: sent in that provider's error shape with its HTTP status;
- a `Fault`: a misbehaving server (see below), the same for every provider;
- a raw `Response`, or a callable ``request -> reply``.

A subclass says how its provider frames things: `error_body`, `events`
(the bytes of a stream) and `wants_stream` (whether a request asked for
one). An unscripted request is answered with HTTP 400 in the provider's
error shape (a status no SDK retries) and noted in ``problems``, which the
pytest fixtures turn into a test failure.

Faults, so that every provider meets the same misbehaviour::

    Fault.empty()                 200 with an empty body
    Fault.garbled()               200 whose body is not JSON
    Fault.not_an_object()         200 whose JSON body is a string
    Fault.slow(seconds, reply)    the reply, after ``seconds``
    Fault.garbled_event(stream)   the stream with a malformed event in the middle
    Fault.truncated(stream)       the stream without its last events (ends cleanly)
    Fault.dropped(stream)         the stream, connection closed mid-way
"""

from __future__ import annotations

import collections
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ._server import DROP, LoopbackServer, Request, Response

__all__ = ["Error", "Fault", "Reply", "ScriptedFake", "Stream", "close_client"]


@dataclass
class Stream:
    """A reply sent as the provider's event stream.

    ``chunks`` are the events in order (what each is depends on the provider:
    a dict, an ``(event name, dict)`` pair, or a ``str`` sent verbatim as the
    data); it may be any iterable, consumed while sending. ``done`` says
    whether the provider's end-of-stream marker follows (None: what the
    provider does).
    """

    chunks: Iterable[Any]
    done: bool | None = None


@dataclass
class Error:
    """A reply in the provider's error shape with that HTTP status."""

    status: int
    message: str
    type: str | None = None
    code: str | None = None
    param: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """A misbehaving server; build one with the class methods."""

    kind: str
    stream: Stream | None = None
    seconds: float = 0.0
    reply: Any = None

    @classmethod
    def empty(cls) -> Fault:
        return cls("empty")

    @classmethod
    def garbled(cls) -> Fault:
        return cls("garbled")

    @classmethod
    def not_an_object(cls) -> Fault:
        return cls("not_an_object")

    @classmethod
    def slow(cls, seconds: float, reply: Any = None) -> Fault:
        return cls("slow", seconds=seconds, reply=reply)

    @classmethod
    def garbled_event(cls, stream: Stream) -> Fault:
        return cls("garbled_event", stream=stream)

    @classmethod
    def truncated(cls, stream: Stream) -> Fault:
        return cls("truncated", stream=stream)

    @classmethod
    def dropped(cls, stream: Stream) -> Fault:
        return cls("dropped", stream=stream)


Reply = dict | Stream | Error | Fault | Response | Callable[[Request], Any]

_GARBAGE = b'{"id": "x", "choices": [ this is not json'


class ScriptedFake:
    """A fake provider on 127.0.0.1 answering scripted replies.

    ``endpoints`` maps routing keys (``"POST /v1/messages"``) to endpoint
    names that `events` and `wants_stream` receive. Use it as a context
    manager or with ``start()`` / ``stop()``.
    """

    name = "fake"
    json_type = "application/json"
    stream_type = "text/event-stream; charset=utf-8"

    def __init__(self, endpoints: dict[str, str]) -> None:
        routes = {key: self._handler(endpoint) for key, endpoint in endpoints.items()}
        self._server = LoopbackServer(routes, fallback=self._not_found, name=self.name)
        self._replies: collections.deque[Reply] = collections.deque()
        self._always: Reply | None = None
        self._lock = threading.Lock()

    # -- what a provider says differently ------------------------------------------

    def error_body(self, error: Error) -> Any:
        return {"error": {"message": error.message, "type": error.type, "code": error.code}}

    def events(self, stream: Stream, endpoint: str) -> Iterator[bytes]:
        """The bytes of ``stream``, one piece per event (server-sent events by default)."""
        for chunk in stream.chunks:
            yield self.event(chunk)

    def event(self, chunk: Any) -> bytes:
        if isinstance(chunk, tuple):
            name, data = chunk
            return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()
        if isinstance(chunk, str):
            return f"data: {chunk}\n\n".encode()
        return f"data: {json.dumps(chunk)}\n\n".encode()

    def garbled_event(self, endpoint: str) -> bytes:
        return b"data: {this is not json\n\n"

    def wants_stream(self, request: Request, endpoint: str) -> bool:
        body = request.json if isinstance(request.json, dict) else {}
        return body.get("stream") is True

    def response_headers(self) -> dict[str, str]:
        return {}

    # -- lifecycle ------------------------------------------------------------------

    def start(self) -> ScriptedFake:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The server root, ``http://127.0.0.1:<port>``."""
        return self._server.url

    # -- scripting and inspection -----------------------------------------------------

    def script(self, *replies: Reply):
        """Queue replies, consumed in order by the next requests."""
        with self._lock:
            self._replies.extend(replies)
        return self

    def always(self, reply: Reply | None):
        """Answer with ``reply`` whenever the queue is empty (None: fail again)."""
        self._always = reply
        return self

    @property
    def pending(self) -> int:
        return len(self._replies)

    @property
    def requests(self) -> list[Request]:
        """Every request received, in order (including unknown paths)."""
        return self._server.requests

    @property
    def last_request(self) -> Request:
        if not self._server.requests:
            raise LookupError(f"{self.name} has received no request")
        return self._server.requests[-1]

    @property
    def problems(self) -> list[str]:
        """Failures the test should see: unscripted requests, handler errors..."""
        return self._server.problems

    # -- serving ----------------------------------------------------------------------

    def _handler(self, endpoint: str) -> Callable[[Request], Response]:
        return lambda request: self._answer(request, endpoint)

    def _next_reply(self) -> Reply | None:
        with self._lock:
            if self._replies:
                return self._replies.popleft()
        return self._always

    def _answer(self, request: Request, endpoint: str) -> Response:
        reply = self._next_reply()
        where = f"{request.method} {request.path} (request #{request.index})"
        if reply is None:
            return self._problem(f"{self.name}: no scripted reply for {where}")
        return self._render(reply, request, endpoint, where)

    def _render(self, reply: Any, request: Request, endpoint: str, where: str) -> Response:
        while callable(reply):
            reply = reply(request)
        if isinstance(reply, Fault):
            return self._fault(reply, request, endpoint, where)
        if isinstance(reply, Error):
            return self._error(reply)
        if isinstance(reply, Response):
            return reply
        wants_stream = self.wants_stream(request, endpoint)
        if isinstance(reply, Stream):
            if not wants_stream:
                return self._problem(
                    f"{self.name}: a Stream is scripted for {where}, but the request "
                    "did not ask for a stream")
            return self._stream_response(self.events(reply, endpoint))
        if isinstance(reply, (dict, list)):
            if wants_stream:
                return self._problem(
                    f"{self.name}: a JSON body is scripted for {where}, but the request "
                    "asked for a stream (script a Stream)")
            return Response.json(reply, headers=self.response_headers())
        return self._problem(f"{self.name}: cannot send {type(reply).__name__} to {where}")

    def _fault(self, fault: Fault, request: Request, endpoint: str, where: str) -> Response:
        if fault.kind == "empty":
            return self._body(b"")
        if fault.kind == "garbled":
            return self._body(_GARBAGE)
        if fault.kind == "not_an_object":
            return self._body(b'"this is a string, not an object"')
        if fault.kind == "slow":
            time.sleep(fault.seconds)
            if fault.reply is None:
                return self._body(b"{}")
            return self._render(fault.reply, request, endpoint, where)
        assert fault.stream is not None, f"Fault.{fault.kind} needs a stream"
        pieces = list(self.events(fault.stream, endpoint))
        if fault.kind == "garbled_event":
            middle = len(pieces) // 2
            pieces = [*pieces[:middle], self.garbled_event(endpoint), *pieces[middle:]]
        elif fault.kind == "truncated":
            pieces = pieces[: max(1, len(pieces) // 2)]
        elif fault.kind == "dropped":
            pieces = [*pieces[: max(1, len(pieces) // 2)], DROP]
        return self._stream_response(iter(pieces))

    def _body(self, body: bytes) -> Response:
        return Response(body=body, headers={"content-type": self.json_type,
                                            **self.response_headers()})

    def _stream_response(self, pieces: Iterator[Any]) -> Response:
        return Response(body=pieces, headers={"content-type": self.stream_type,
                                              "cache-control": "no-cache",
                                              **self.response_headers()})

    def _error(self, error: Error) -> Response:
        return Response.json(self.error_body(error), status=error.status,
                             headers={**self.response_headers(), **error.headers})

    def _problem(self, message: str) -> Response:
        self._server.problems.append(message)
        # 400: a status no SDK retries, so the test sees it once.
        return self._error(Error(400, message, type="invalid_request_error",
                                 code="fake_unscripted"))

    def _not_found(self, request: Request) -> Response:
        return self._error(Error(404, f"Invalid URL ({request.method} {request.path})",
                                 type="not_found_error"))


def close_client(client: Any) -> None:
    """Close an SDK client; an async one on a private event loop when none runs."""
    import asyncio
    import inspect

    if client.is_closed():
        return
    if not inspect.iscoroutinefunction(client.close):
        client.close()
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(client.close())
    # Inside a running loop we cannot wait; the client holds no idle sockets
    # (no keep-alive), so leaving it to the garbage collector leaks nothing.
