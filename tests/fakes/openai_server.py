"""A loopback fake of the OpenAI HTTP API, for driving the real ``openai`` SDK.

Tests queue replies with ``script()``; each request to any endpoint consumes
the next one. A reply is a JSON body dict (see the builders), a ``Stream``
(sent as server-sent events), an ``Error`` (OpenAI's error shape), a raw
``Response``, or a callable ``request -> reply``. Every request is recorded.

Endpoints, under ``/v1`` (``prefix``): ``/chat/completions``, ``/responses``,
``/moderations``, ``/embeddings``; Azure's ``/openai/deployments/{name}/...``
paths too. Anything else answers 404 in OpenAI's error shape.

Example::

    from fakes.openai_server import FakeOpenAI, chat_completion, chat_stream

    with FakeOpenAI() as fake:
        fake.script(chat_completion("Hi!"), chat_stream("Hello again"))
        client = fake.client()
        reply = client.chat.completions.create(model="gpt-4o-mini", messages=[])
        assert reply.choices[0].message.content == "Hi!"
        stream = client.chat.completions.create(model="m", messages=[], stream=True)
        text = "".join(chunk.choices[0].delta.content or ""
                       for chunk in stream if chunk.choices)
        assert text == "Hello again"
        assert fake.last_request.json["stream"] is True
"""

from __future__ import annotations

import array
import base64
import collections
import itertools
import json
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ._openai_payloads import (
    DEFAULT_MODEL,
    Error,
    Stream,
    chat_completion,
    chat_stream,
    embedding,
    moderation,
    response,
    response_stream,
    tool_call,
)
from ._server import LoopbackServer, Request, Response

if TYPE_CHECKING:
    import openai

__all__ = [
    "DEFAULT_MODEL",
    "Error",
    "FakeOpenAI",
    "Reply",
    "Request",
    "Response",
    "Stream",
    "chat_completion",
    "chat_stream",
    "embedding",
    "moderation",
    "response",
    "response_stream",
    "tool_call",
]

Reply = dict | Stream | Error | Response | Callable[[Request], Any]

# Endpoint name -> whether a Stream reply ends with "data: [DONE]" by default.
_ENDPOINTS = {
    "chat/completions": True,
    "responses": False,
    "moderations": False,
    "embeddings": False,
}
_request_ids = itertools.count(1)


class FakeOpenAI:
    """A fake OpenAI server on 127.0.0.1 with scripted replies.

    Use it as a context manager (or ``start()``/``stop()``), or through the
    ``fake_openai`` pytest fixture. ``client()`` / ``async_client()`` build SDK
    clients pointed at it with ``max_retries=0``, closed again by ``stop()``.

    When no reply is scripted, the server answers 500 with
    "fake OpenAI: no scripted reply for POST /v1/... (request #N)" and notes it
    in ``problems``, which the fixture turns into a test failure. So does a
    stream reply to a non-stream request and the other way round.

    Example::

        with FakeOpenAI() as fake:
            fake.script(Error(400, "bad schema"))
            with pytest.raises(openai.BadRequestError):
                fake.client().chat.completions.create(model="m", messages=[])
    """

    def __init__(self, *, prefix: str = "/v1") -> None:
        routes = {}
        for endpoint in _ENDPOINTS:
            handler = self._handler(endpoint)
            routes[f"POST {prefix.rstrip('/')}/{endpoint}"] = handler
            routes[f"POST /openai/deployments/{{deployment}}/{endpoint}"] = handler
            routes[f"POST /openai/{endpoint}"] = handler
        self._prefix = prefix.rstrip("/")
        self._server = LoopbackServer(
            routes, fallback=self._not_found, name="fake OpenAI"
        )
        self._replies: collections.deque[Reply] = collections.deque()
        self._always: Reply | None = None
        self._lock = threading.Lock()
        self._clients: list[Any] = []

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> FakeOpenAI:
        self._server.start()
        return self

    def stop(self) -> None:
        """Close the clients made by ``client()`` and stop the server."""
        clients, self._clients = self._clients, []
        for client in clients:
            _close_client(client)
        self._server.stop()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The server root, ``http://127.0.0.1:<port>``."""
        return self._server.url

    @property
    def base_url(self) -> str:
        """What to pass as the SDK's ``base_url``: the root plus ``/v1``."""
        return self._server.url + self._prefix

    # -- scripting ---------------------------------------------------------

    def script(self, *replies: Reply) -> FakeOpenAI:
        """Queue replies, consumed in order by the next requests to any endpoint."""
        with self._lock:
            self._replies.extend(replies)
        return self

    def always(self, reply: Reply | None) -> FakeOpenAI:
        """Answer with ``reply`` whenever the queue is empty (None: fail again)."""
        self._always = reply
        return self

    @property
    def pending(self) -> int:
        """How many scripted replies are still queued."""
        return len(self._replies)

    # -- inspection --------------------------------------------------------

    @property
    def requests(self) -> list[Request]:
        """Every request received, in order (including unknown paths)."""
        return self._server.requests

    @property
    def last_request(self) -> Request:
        if not self._server.requests:
            raise LookupError("fake OpenAI has received no request")
        return self._server.requests[-1]

    @property
    def problems(self) -> list[str]:
        """Failures the test should see: unscripted requests, handler errors..."""
        return self._server.problems

    # -- SDK clients -------------------------------------------------------

    def client(self, **options: Any) -> openai.OpenAI:
        """``openai.OpenAI`` pointed at the fake; ``options`` override the defaults."""
        import openai

        client = openai.OpenAI(**{**self._client_defaults(), **options})
        self._clients.append(client)
        return client

    def async_client(self, **options: Any) -> openai.AsyncOpenAI:
        """``openai.AsyncOpenAI`` pointed at the fake; close it in its event loop.

        ``stop()`` closes it too if still open, but an async client is best
        closed by the test (``async with`` or ``await client.close()``).
        """
        import httpx2
        import openai

        # Without keep-alive no socket outlives the test's event loop, so an
        # async client the test forgot to close leaks nothing.
        defaults = {
            **self._client_defaults(),
            "http_client": openai.DefaultAsyncHttpxClient(
                limits=httpx2.Limits(max_keepalive_connections=0)
            ),
        }
        client = openai.AsyncOpenAI(**{**defaults, **options})
        self._clients.append(client)
        return client

    def azure_client(self, **options: Any) -> openai.AzureOpenAI:
        """``openai.AzureOpenAI`` using the fake's ``/openai/deployments`` paths."""
        import openai

        defaults = {
            "azure_endpoint": self.url,
            "api_key": "test-key",
            "api_version": "2024-10-21",
            "max_retries": 0,
            "timeout": 30.0,
        }
        client = openai.AzureOpenAI(**{**defaults, **options})
        self._clients.append(client)
        return client

    def _client_defaults(self) -> dict[str, Any]:
        # No retries: a scripted 429/5xx must reach the code under test once.
        # A short timeout: a broken test fails instead of waiting ten minutes.
        return {
            "base_url": self.base_url,
            "api_key": "test-key",
            "max_retries": 0,
            "timeout": 30.0,
        }

    # -- serving -----------------------------------------------------------

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
            return self._problem(f"fake OpenAI: no scripted reply for {where}")
        while callable(reply):
            reply = reply(request)
        body = request.json if isinstance(request.json, dict) else {}
        wants_stream = body.get("stream") is True
        if isinstance(reply, Error):
            return _error_response(reply)
        if isinstance(reply, Response):
            return reply
        if isinstance(reply, Stream):
            if not wants_stream:
                return self._problem(
                    f"fake OpenAI: a Stream is scripted for {where}, "
                    "but the request did not ask for stream=true"
                )
            done = _ENDPOINTS[endpoint] if reply.done is None else reply.done
            return Response(
                body=_sse(reply.chunks, done),
                headers={
                    "content-type": "text/event-stream; charset=utf-8",
                    "cache-control": "no-cache",
                    "x-request-id": _new_request_id(),
                },
            )
        if isinstance(reply, dict):
            if wants_stream:
                return self._problem(
                    f"fake OpenAI: a JSON body is scripted for {where}, "
                    "but the request asked for stream=true (script a Stream)"
                )
            if endpoint == "embeddings" and body.get("encoding_format") == "base64":
                reply = _base64_embeddings(reply)
            return Response.json(reply, headers={"x-request-id": _new_request_id()})
        return self._problem(
            f"fake OpenAI: cannot send {type(reply).__name__} as a reply to {where}"
        )

    def _problem(self, message: str) -> Response:
        self._server.problems.append(message)
        return _error_response(Error(500, message, code="fake_openai"))

    def _not_found(self, request: Request) -> Response:
        return _error_response(
            Error(404, f"Invalid URL ({request.method} {request.path})")
        )


def _new_request_id() -> str:
    return f"req_{next(_request_ids):032x}"


def _error_response(error: Error) -> Response:
    return Response.json(
        error.body(),
        status=error.status,
        headers={"x-request-id": _new_request_id(), **error.headers},
    )


def _sse(chunks: Any, done: bool) -> Iterator[bytes]:
    for chunk in chunks:
        if isinstance(chunk, tuple):
            name, data = chunk
            yield f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()
        elif isinstance(chunk, str):
            yield f"data: {chunk}\n\n".encode()
        else:
            yield f"data: {json.dumps(chunk)}\n\n".encode()
    if done:
        yield b"data: [DONE]\n\n"


def _base64_embeddings(body: dict) -> dict:
    """Encode list vectors as OpenAI does for ``encoding_format="base64"``."""
    data = [
        {
            **item,
            "embedding": base64.b64encode(
                array.array("f", item["embedding"]).tobytes()
            ).decode(),
        }
        if isinstance(item.get("embedding"), list)
        else item
        for item in body.get("data", [])
    ]
    return {**body, "data": data}


def _close_client(client: Any) -> None:
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
