"""A loopback fake of Cerebras' API for the ``cerebras-cloud-sdk``.

``POST /v1/chat/completions`` answers scripted replies (the payloads of
`fakes.openai_server` without OpenAI's ``annotations`` / ``refusal``, with
Cerebras' ``time_info``, and ``type`` on every streamed tool-call delta, as
Cerebras sends it and its SDK requires). ``GET /v1/tcp_warming``, which the SDK sends
when a client is made, is answered at once and consumes nothing; such
requests are counted in ``warmups``, not in ``requests``.
"""

from __future__ import annotations

from typing import Any

from ._compat import counts, reshape
from ._server import Request, Response
from .openai_server import FakeOpenAI

__all__ = ["FakeCerebras"]

_TIME_INFO = {"queue_time": 0.0001, "prompt_time": 0.001, "completion_time": 0.01,
              "total_time": 0.012, "created": 1700000000}


class FakeCerebras(FakeOpenAI):
    """Cerebras' chat completions on 127.0.0.1; ``client()`` / ``async_client()``
    point the SDK at it without retries or the warm-up request."""

    name = "fake Cerebras"

    def __init__(self) -> None:
        super().__init__(endpoints={"GET /v1/tcp_warming": "tcp_warming"})

    def wire(self, body: dict) -> dict:
        body = reshape(body, drop=("service_tier",), message_drop=("annotations", "refusal"),
                       usage=counts, time_info=_TIME_INFO)
        for choice in body.get("choices", ()):
            calls = (choice.get("delta") or {}).get("tool_calls")
            if calls:
                choice["delta"]["tool_calls"] = [{"type": "function", **c} for c in calls]
        return body

    def _answer(self, request: Request, endpoint: str) -> Response:
        if endpoint == "tcp_warming":
            return Response(body=b"")
        return super()._answer(request, endpoint)

    @property
    def requests(self) -> list[Request]:
        """The API requests received, in order (warm-ups left out)."""
        return [r for r in self._server.requests if r.path != "/v1/tcp_warming"]

    @property
    def last_request(self) -> Request:
        if not self.requests:
            raise LookupError(f"{self.name} has received no request")
        return self.requests[-1]

    @property
    def warmups(self) -> int:
        return sum(r.path == "/v1/tcp_warming" for r in self._server.requests)

    @property
    def base_url(self) -> str:
        return self.url  # the SDK adds /v1 itself

    def client(self, **options: Any):
        from cerebras.cloud.sdk import Cerebras

        defaults = {**self._client_defaults(), "warm_tcp_connection": False}
        return self._keep(Cerebras(**{**defaults, **options}))

    def async_client(self, **options: Any):
        import httpx
        from cerebras.cloud.sdk import AsyncCerebras, DefaultAsyncHttpxClient

        defaults = {**self._client_defaults(), "warm_tcp_connection": False,
                    "http_client": DefaultAsyncHttpxClient(
                        limits=httpx.Limits(max_keepalive_connections=0))}
        return self._keep(AsyncCerebras(**{**defaults, **options}))
