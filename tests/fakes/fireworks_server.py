"""A loopback fake of Fireworks' inference API for the ``fireworks-ai`` 0.19 SDK.

``POST /inference/v1/chat/completions`` answers scripted replies: the
payloads of `fakes.openai_server` without the fields Fireworks lacks
(``annotations``, ``refusal``, ``service_tier``, token details).

Import the SDK with `require_fireworks` (at the top of a test module): the
0.19 SDK warns about its own pydantic v1 validators when it is imported.
"""

from __future__ import annotations

import warnings
from types import ModuleType
from typing import Any

from ._compat import counts, reshape
from .openai_server import FakeOpenAI
from .sdk import require_sdk

__all__ = ["FakeFireworks", "require_fireworks"]


def require_fireworks() -> ModuleType:
    """``fireworks.client`` (see `fakes.sdk.require_sdk`), its import warnings ignored."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return require_sdk("fireworks.client")


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
        return self._keep(require_fireworks().Fireworks(**{**self._defaults(), **options}))

    def async_client(self, **options: Any):
        return self._keep(require_fireworks().AsyncFireworks(**{**self._defaults(), **options}))

    def _defaults(self) -> dict[str, Any]:
        return {"base_url": self.base_url, "api_key": "test-key", "timeout": 30}
