"""A loopback fake of Groq's API (``/openai/v1/chat/completions``) for the ``groq`` SDK.

Groq serves the OpenAI chat format under ``/openai/v1``; bodies are the
payloads of `fakes.openai_server` (``chat_completion``, ``chat_stream``)
without OpenAI's ``annotations`` / ``refusal`` and with Groq's timing
fields and ``x_groq``.

    with FakeGroq() as fake:
        fake.script(chat_completion("hi"))
        fake.client().chat.completions.create(model="m", messages=[])
"""

from __future__ import annotations

import itertools
from typing import Any

from ._compat import counts, reshape
from .openai_server import FakeOpenAI

__all__ = ["FakeGroq"]

_ids = itertools.count(1)


def _usage(usage: dict[str, Any]) -> dict[str, Any]:
    return {**counts(usage), "queue_time": 0.01, "prompt_time": 0.002,
            "completion_time": 0.02, "total_time": 0.022}


class FakeGroq(FakeOpenAI):
    """Groq's chat completions on 127.0.0.1; ``client()`` / ``async_client()`` point
    the SDK at it without retries."""

    name = "fake Groq"

    def __init__(self) -> None:
        super().__init__(prefix="/openai/v1")

    def wire(self, body: dict) -> dict:
        return reshape(body, drop=("service_tier",), message_drop=("annotations", "refusal"),
                       usage=_usage, x_groq={"id": f"req_{next(_ids):026d}"})

    @property
    def base_url(self) -> str:
        return self.url  # the SDK adds /openai/v1 itself

    def client(self, **options: Any):
        import groq

        return self._keep(groq.Groq(**{**self._client_defaults(), **options}))

    def async_client(self, **options: Any):
        import groq
        import httpx

        defaults = {**self._client_defaults(), "http_client": groq.DefaultAsyncHttpxClient(
            limits=httpx.Limits(max_keepalive_connections=0))}
        return self._keep(groq.AsyncGroq(**{**defaults, **options}))
