"""A loopback fake of Fireworks' inference API for the ``fireworks-ai`` 0.19 SDK.

``POST /inference/v1/chat/completions`` answers scripted replies: the
payloads of `fakes.openai_server` without the fields Fireworks lacks
(``annotations``, ``refusal``, ``service_tier``, token details).

Import ``fireworks.client`` before using it, with deprecation warnings
ignored: the 0.19 SDK warns about its own pydantic v1 validators.
"""

from __future__ import annotations

from typing import Any

from ._compat import counts, reshape
from .openai_server import FakeOpenAI

__all__ = ["FakeFireworks"]


class FakeFireworks(FakeOpenAI):
    """Fireworks' chat completions on 127.0.0.1.

    ``client()`` / ``async_client()`` build ``fireworks.client.Fireworks`` /
    ``AsyncFireworks`` pointed at it (the SDK does not retry). Close an
    async one with ``await client.aclose()`` in its event loop: its aiohttp
    session warns otherwise.
    """

    name = "fake Fireworks"

    def __init__(self) -> None:
        super().__init__(prefix="/inference/v1")

    def wire(self, body: dict) -> dict:
        return reshape(body, drop=("service_tier", "system_fingerprint"),
                       message_drop=("annotations", "refusal"), usage=counts)

    def stop(self) -> None:
        clients, self._clients = self._clients, []
        for client in clients:  # close() of the SDK's sync client closes nothing
            client._client_v1._client.close()
        super().stop()

    def client(self, **options: Any):
        from fireworks.client import Fireworks

        return self._keep(Fireworks(**{**self._defaults(), **options}))

    def async_client(self, **options: Any):
        from fireworks.client import AsyncFireworks

        return self._keep(AsyncFireworks(**{**self._defaults(), **options}))

    def _defaults(self) -> dict[str, Any]:
        return {"base_url": self.base_url, "api_key": "test-key", "timeout": 30}
