"""A loopback fake of the OpenAI HTTP API, for driving the real ``openai`` SDK.

Tests queue replies with ``script()``; each request to any endpoint consumes
the next one. A reply is a JSON body dict (see the builders), a ``Stream``
(sent as server-sent events), an ``Error`` (OpenAI's error shape), a
``Fault`` (a misbehaving server), a raw ``Response``, or a callable
``request -> reply``. Every request is recorded (see `fakes._scripted`).

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
import itertools
from collections.abc import Iterator
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
from ._scripted import Fault, Reply, ScriptedFake, close_client
from ._server import Request, Response

if TYPE_CHECKING:
    import openai

__all__ = [
    "DEFAULT_MODEL",
    "Error",
    "Fault",
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

# Endpoint name -> whether a Stream reply ends with "data: [DONE]" by default.
_ENDPOINTS = {
    "chat/completions": True,
    "responses": False,
    "moderations": False,
    "embeddings": False,
}
_request_ids = itertools.count(1)


class FakeOpenAI(ScriptedFake):
    """A fake OpenAI server on 127.0.0.1 with scripted replies.

    Use it as a context manager (or ``start()``/``stop()``), or through the
    ``fake_openai`` pytest fixture. ``client()`` / ``async_client()`` build SDK
    clients pointed at it with ``max_retries=0``, closed again by ``stop()``.

    When no reply is scripted, the server answers 400 with
    "fake OpenAI: no scripted reply for POST /v1/... (request #N)" and notes it
    in ``problems``, which the fixture turns into a test failure. So does a
    stream reply to a non-stream request and the other way round.

    Example::

        with FakeOpenAI() as fake:
            fake.script(Error(400, "bad schema"))
            with pytest.raises(openai.BadRequestError):
                fake.client().chat.completions.create(model="m", messages=[])
    """

    name = "fake OpenAI"

    def __init__(self, *, prefix: str = "/v1", endpoints: dict[str, str] | None = None) -> None:
        routes = {}
        for endpoint in _ENDPOINTS:
            routes[f"POST {prefix.rstrip('/')}/{endpoint}"] = endpoint
            routes[f"POST /openai/deployments/{{deployment}}/{endpoint}"] = endpoint
            routes[f"POST /openai/{endpoint}"] = endpoint
        # Subclasses for OpenAI-compatible APIs add their own paths, naming
        # the endpoint whose framing they share ("chat/completions").
        routes.update(endpoints or {})
        super().__init__(routes)
        self._prefix = prefix.rstrip("/")
        self._clients: list[Any] = []

    # -- how OpenAI frames things -----------------------------------------------------

    def error_body(self, error: Error) -> dict:
        if not isinstance(error, Error):
            error = Error(error.status, error.message, error.type, error.code, error.param,
                          error.headers)
        return error.body()

    def events(self, stream: Stream, endpoint: str) -> Iterator[bytes]:
        for chunk in stream.chunks:
            if isinstance(chunk, dict) and endpoint == "chat/completions":
                chunk = self.wire(chunk)
            yield self.event(chunk)
        if _ENDPOINTS.get(endpoint, False) if stream.done is None else stream.done:
            yield b"data: [DONE]\n\n"

    def wire(self, body: dict) -> dict:
        """A chat completion (or chunk) as this API sends it; OpenAI's as built.

        Fakes of OpenAI-compatible APIs override it to drop the fields their
        API lacks and add its own, so that what the SDK parses, and what a
        re-ask echoes back, is what that API would have sent.
        """
        return body

    def response_headers(self) -> dict[str, str]:
        return {"x-request-id": _new_request_id()}

    def _render(self, reply: Any, request: Request, endpoint: str, where: str) -> Response:
        body = request.json if isinstance(request.json, dict) else {}
        if (isinstance(reply, dict) and endpoint == "embeddings"
                and body.get("encoding_format") == "base64"):
            reply = _base64_embeddings(reply)
        elif isinstance(reply, dict) and endpoint == "chat/completions":
            reply = self.wire(reply)
        return super()._render(reply, request, endpoint, where)

    # -- lifecycle ---------------------------------------------------------

    def stop(self) -> None:
        """Close the clients made by ``client()`` and stop the server."""
        clients, self._clients = self._clients, []
        for client in clients:
            close_client(client)
        super().stop()

    @property
    def base_url(self) -> str:
        """What to pass as the SDK's ``base_url``: the root plus ``/v1``."""
        return self.url + self._prefix

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

    def _keep(self, client: Any) -> Any:
        """Remember ``client`` so that ``stop()`` closes it; return it."""
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


def _new_request_id() -> str:
    return f"req_{next(_request_ids):032x}"


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
