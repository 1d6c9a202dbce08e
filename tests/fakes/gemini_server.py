"""A loopback fake of the Gemini API's REST surface as google-generativeai uses it.

``POST /v1beta/models/{model}:generateContent`` (the SDK adds
``?$alt=json;enum-encoding=int`` and sends enums as integers) answers
scripted replies: the same `response` bodies as the google-genai fake, and
for ``:streamGenerateContent`` a `Stream` sent as one JSON array written
piece by piece (this transport does not use server-sent events). An
unscripted request gets HTTP 400, which the SDK does not retry.

Example::

    with FakeGemini() as fake:
        fake.script(response("hi"))
        assert fake.model("gemini-x").generate_content("hello").text == "hi"
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ._scripted import Error, Fault, Reply, ScriptedFake, Stream
from ._server import Request
from .genai_server import DEFAULT_MODEL, response, response_stream

__all__ = ["DEFAULT_MODEL", "Error", "FakeGemini", "Fault", "Reply", "Stream", "response",
           "response_stream"]


class FakeGemini(ScriptedFake):
    """A fake Gemini REST API on 127.0.0.1 for google-generativeai.

    ``model(name)`` configures the SDK (REST transport, API key
    ``test-key``) to talk to this fake and returns a GenerativeModel.
    The SDK's configuration is process-wide: the last fake configured wins.
    """

    name = "fake Gemini (REST)"
    stream_type = "application/json"

    def __init__(self) -> None:
        super().__init__({
            "POST /v1beta/models/{model}:generateContent": "generate",
            "POST /v1beta/models/{model}:streamGenerateContent": "stream",
        })

    def error_body(self, error: Error) -> dict[str, Any]:
        from .genai_server import FakeGenAI

        return FakeGenAI.error_body(self, error)  # type: ignore[arg-type]

    def events(self, stream: Stream, endpoint: str) -> Iterator[bytes]:
        first = True
        for chunk in stream.chunks:
            data = chunk if isinstance(chunk, str) else json.dumps(chunk)
            yield (b"[" if first else b",\r\n") + data.encode()
            first = False
        yield b"]" if not first else b"[]"

    def garbled_event(self, endpoint: str) -> bytes:
        return b",\r\n{this is not json"

    def wants_stream(self, request: Request, endpoint: str) -> bool:
        return endpoint == "stream"

    def configure(self, api_key: str = "test-key") -> None:
        """Point google-generativeai (process-wide) at this fake over REST."""
        from instructor.providers.gemini._sdk import genai

        genai.configure(api_key=api_key, transport="rest",
                        client_options={"api_endpoint": self.url})

    def model(self, name: str = DEFAULT_MODEL, **options: Any):
        """A ``GenerativeModel`` whose calls reach this fake."""
        from instructor.providers.gemini._sdk import genai

        self.configure()
        return genai.GenerativeModel(name, **options)
