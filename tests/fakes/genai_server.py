"""A loopback fake of the Gemini API, for driving the real ``google-genai`` SDK.

``POST /{version}/models/{model}:generateContent`` answers scripted replies
(see `fakes._scripted`): `response` bodies, `response_stream` streams for
``:streamGenerateContent?alt=sse`` (data-only server-sent events, each a
whole GenerateContentResponse), `Error` in Google's shape, `Fault`. The
Vertex AI paths (``/{version}/projects/{p}/locations/{l}/publishers/google/
models/{model}:...``) answer the same way. An unscripted request gets HTTP
400, which the SDK does not retry.

Example::

    with FakeGenAI() as fake:
        fake.script(response(function_calls=[("User", {"name": "Ada"})]))
        reply = fake.client().models.generate_content(model="m", contents="hi")
        assert reply.function_calls[0].args == {"name": "Ada"}
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from typing import Any

from ._scripted import Error, Fault, Reply, ScriptedFake, Stream
from ._server import Request

__all__ = ["DEFAULT_MODEL", "Error", "FakeGenAI", "Fault", "Reply", "Stream", "response",
           "response_stream"]

DEFAULT_MODEL = "gemini-2.0-flash"
_ids = itertools.count(1)

_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
           404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}
_VERTEX = "/{version}/projects/{project}/locations/{location}/publishers/google/models/{model}"


def _usage(usage: tuple[int, int]) -> dict[str, Any]:
    return {"promptTokenCount": usage[0], "candidatesTokenCount": usage[1],
            "totalTokenCount": usage[0] + usage[1]}


def parts(text: str | None = None, function_calls: Sequence[tuple[str, Any]] = (),
          thought: str | None = None) -> list[dict[str, Any]]:
    """Content parts: an optional thought, text, then one functionCall per (name, args)."""
    out: list[dict[str, Any]] = []
    if thought is not None:
        out.append({"text": thought, "thought": True})
    if text is not None:
        out.append({"text": text})
    for name, args in function_calls:
        out.append({"functionCall": {"name": name, "args": args}})
    return out


def response(text: str | None = None, *, function_calls: Sequence[tuple[str, Any]] = (),
             thought: str | None = None, finish_reason: str = "STOP",
             usage: tuple[int, int] | None = (10, 5), model: str = DEFAULT_MODEL,
             candidates: bool = True) -> dict[str, Any]:
    """A GenerateContentResponse as the API sends it (camelCase JSON)."""
    body: dict[str, Any] = {"modelVersion": model, "responseId": f"resp-{next(_ids)}"}
    if candidates:
        body["candidates"] = [{
            "content": {"role": "model",
                        "parts": parts(text, function_calls, thought)},
            "finishReason": finish_reason, "index": 0}]
    if usage is not None:
        body["usageMetadata"] = _usage(usage)
    return body


def response_stream(text: str | None = None, *, function_call: tuple[str, Any] | None = None,
                    chunk_size: int = 5, finish_reason: str = "STOP",
                    usage: tuple[int, int] = (10, 5), model: str = DEFAULT_MODEL) -> Stream:
    """The SSE stream of one answer: text in pieces, or a whole function call
    (Gemini sends a call's arguments in one chunk); the last chunk has the
    finish reason and the usage."""
    chunks: list[dict[str, Any]] = []
    if function_call is not None:
        chunks.append(response(function_calls=[function_call], usage=None, model=model,
                               finish_reason=finish_reason))
    else:
        payload = text or ""
        for i in range(0, len(payload), chunk_size):
            chunk = response(payload[i:i + chunk_size], usage=None, model=model)
            del chunk["candidates"][0]["finishReason"]
            chunks.append(chunk)
        chunks.append(response("", model=model, usage=None, finish_reason=finish_reason))
    chunks[-1]["usageMetadata"] = _usage(usage)
    return Stream(chunks)


class FakeGenAI(ScriptedFake):
    """A fake Gemini API (and Vertex AI's Gemini paths) on 127.0.0.1.

    ``client()`` builds a ``google.genai.Client`` pointed at it (API key
    ``test-key``, no SDK retries); ``vertex_client()`` one in Vertex AI
    mode with a dummy OAuth token. ``stop()`` closes them.
    """

    name = "fake Gemini"

    def __init__(self) -> None:
        super().__init__({
            "POST /{version}/models/{model}:generateContent": "generate",
            "POST /{version}/models/{model}:streamGenerateContent": "stream",
            f"POST {_VERTEX}:generateContent": "generate",
            f"POST {_VERTEX}:streamGenerateContent": "stream",
        })
        self._clients: list[Any] = []

    def error_body(self, error: Error) -> dict[str, Any]:
        return {"error": {"code": error.status, "message": error.message,
                          "status": error.type or _STATUS.get(error.status, "UNKNOWN")}}

    def event(self, chunk: Any) -> bytes:
        data = chunk if isinstance(chunk, str) else json.dumps(chunk)
        return f"data: {data}\r\n\r\n".encode()

    def garbled_event(self, endpoint: str) -> bytes:
        return b"data: {this is not json\r\n\r\n"

    def wants_stream(self, request: Request, endpoint: str) -> bool:
        return endpoint == "stream"

    def stop(self) -> None:
        clients, self._clients = self._clients, []
        for client in clients:
            client.close()
        super().stop()

    def client(self, *, timeout: float = 30.0, api_key: str = "test-key", **options: Any):
        """``google.genai.Client`` pointed at the fake (``timeout`` in seconds)."""
        from google import genai

        http = {"base_url": self.url, "api_version": "v1beta",
                "timeout": int(timeout * 1000), **options.pop("http_options", {})}
        client = genai.Client(api_key=api_key, http_options=http, **options)
        self._clients.append(client)
        return client

    def vertex_client(self, *, timeout: float = 30.0, project: str = "proj",
                      location: str = "us-central1", token: str = "test-token"):
        """``google.genai.Client(vertexai=True)`` pointed at the fake."""
        from google import genai
        from google.oauth2.credentials import Credentials

        client = genai.Client(vertexai=True, project=project, location=location,
                              credentials=Credentials(token=token),
                              http_options={"base_url": self.url,
                                            "timeout": int(timeout * 1000)})
        self._clients.append(client)
        return client
