"""How core calls a boto3 ``bedrock-runtime`` client (`ConverseAdapter`).

One call is ``client.converse(**request)``; a stream is
``client.converse_stream(**request)["stream"]``, whose events are plain
dicts (``{"contentBlockDelta": {...}}``). Responses are dicts too, so the
default usage handling applies (``completion["usage"]``, summed field by
field). The async client runs the blocking one off the event loop
(`instructor.providers.bedrock.threaded`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from ...core.adapter import ProviderAdapter
from . import unreadable
from .convert import to_converse

__all__ = ["ConverseAdapter"]


class ConverseAdapter(ProviderAdapter):
    """``converse`` / ``converse_stream`` of a boto3 client, with Converse messages."""

    __slots__ = ()

    def __init__(self, client: Any, create: Any = None) -> None:
        super().__init__(client, create)
        unreadable.watch(client)

    def sdk_create(self) -> Any:
        return self.client.converse

    def create(self, request: dict[str, Any]) -> Any:
        if request.get("stream"):  # response_model=None with stream=True: the SDK's stream
            return self.client.converse_stream(
                **{k: v for k, v in request.items() if k != "stream"})
        token = unreadable.reading()
        try:
            return unreadable.check_parsed(self._function()(**request))
        except unreadable.NotAnObject as odd:
            return odd.value  # not a completion: the mode says so and asks again
        finally:
            unreadable.done(token)

    async def acreate(self, request: dict[str, Any]) -> Any:
        from .threaded import run

        return await run(self.create, request)

    def stream(self, request: dict[str, Any]) -> Iterable[Any]:
        return self.client.converse_stream(**request)["stream"]

    def astream(self, request: dict[str, Any]) -> AsyncIterator[Any]:
        from .threaded import iterate

        return iterate(self.stream, request)

    def convert(self, request: dict[str, Any]) -> dict[str, Any]:
        return to_converse(request)
