"""A loopback fake of Writer's chat API (``POST /v1/chat``) for the ``writer-sdk``.

Bodies are the payloads of `fakes.openai_server` as Writer sends them:
``content`` is always a string, no ``annotations``, usage counts only.
"""

from __future__ import annotations

from typing import Any

from ._compat import counts, reshape
from .openai_server import FakeOpenAI

__all__ = ["FakeWriter"]


def _message(message: dict) -> dict:
    return {**message, "content": message.get("content") or ""}


class FakeWriter(FakeOpenAI):
    """Writer's chat endpoint on 127.0.0.1; ``client()`` / ``async_client()`` point
    the SDK at it without retries (Writer's SDK makes 7 by default)."""

    name = "fake Writer"

    def __init__(self) -> None:
        super().__init__(endpoints={"POST /v1/chat": "chat/completions"})

    def wire(self, body: dict) -> dict:
        return reshape(body, drop=("service_tier",), message_drop=("annotations",),
                       usage=counts, message=_message)

    @property
    def base_url(self) -> str:
        return self.url  # the SDK adds /v1/chat itself

    def client(self, **options: Any):
        from writerai import Writer

        return self._keep(Writer(**{**self._client_defaults(), **options}))

    def async_client(self, **options: Any):
        import httpx
        from writerai import AsyncWriter, DefaultAsyncHttpxClient

        defaults = {**self._client_defaults(), "http_client": DefaultAsyncHttpxClient(
            limits=httpx.Limits(max_keepalive_connections=0))}
        return self._keep(AsyncWriter(**{**defaults, **options}))
