"""How core calls the mistralai SDK (`MistralAdapter`).

One ``Mistral`` object serves sync and async calls: a sync `Instructor`
calls ``chat.complete`` / ``chat.stream``, an async one
``chat.complete_async`` / ``chat.stream_async``. Mistral streams through
its own methods, not ``stream=True``, and wraps each chunk in an event
(``event.data``); the streams here yield the chunks, so the handlers read
the same objects as in a complete response.
"""

from __future__ import annotations

import json
from typing import Any

from ...core.adapter import ProviderAdapter, aclose, add_counts
from ...multimodal import convert_messages, needs_conversion
from . import media

__all__ = ["MistralAdapter"]


class MistralAdapter(ProviderAdapter):
    """``client.chat`` with Mistral content chunks; streams yield ``event.data``."""

    __slots__ = ()

    def sdk_create(self) -> Any:
        return self.client.chat.complete

    def convert(self, request: dict[str, Any]) -> dict[str, Any]:
        messages = request.get("messages")
        if not needs_conversion(messages):
            return request
        return {**request, "messages": convert_messages(messages, media.part)}

    def create(self, request: dict[str, Any]) -> Any:
        if request.get("stream"):  # response_model=None, stream=True: the SDK's own stream
            return self.client.chat.stream(**_without_stream(request))
        try:
            return self._function()(**request)
        except _unreadable() as exc:
            return _decoded(exc)

    async def acreate(self, request: dict[str, Any]) -> Any:
        if request.get("stream"):
            return await self.client.chat.stream_async(**_without_stream(request))
        try:
            return await self.client.chat.complete_async(**request)
        except _unreadable() as exc:
            return _decoded(exc)

    def add_usage(self, total: Any, usage: Any) -> Any:
        # The first attempt's usage is the total as it is: copying the SDK's
        # usage model costs more than the rest of a call, and adding never
        # changes either argument, so sharing the object is safe.
        return usage if total is None else add_counts(total, usage)

    def stream(self, request: dict[str, Any]) -> Any:
        return _Chunks(self.client.chat.stream(**_without_stream(request)))

    async def astream(self, request: dict[str, Any]) -> Any:
        events = await self.client.chat.stream_async(**_without_stream(request))
        try:
            async for event in events:
                yield event.data
        finally:
            if hasattr(events, "aclose") or hasattr(events, "close"):
                await aclose(events)
            else:  # mistralai 1.x: closed as a context manager only
                await events.__aexit__(None, None, None)


class _Chunks:
    """An SDK event stream that yields each event's chunk; ``close`` closes the stream."""

    __slots__ = ("_events", "_iterator")

    def __init__(self, events: Any) -> None:
        self._events = events
        self._iterator = iter(events)

    def __iter__(self) -> _Chunks:
        return self

    def __next__(self) -> Any:
        return next(self._iterator).data

    def close(self) -> None:
        if hasattr(self._events, "close"):
            self._events.close()
        else:  # mistralai 1.x: closed as a context manager only
            self._events.__exit__(None, None, None)


def _without_stream(request: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in request.items() if k != "stream"}


def _unreadable() -> tuple[type[BaseException], ...]:
    """The SDK's error for a 200 whose body does not fit its response type."""
    try:
        from mistralai.client.errors import ResponseValidationError
    except ImportError:  # mistralai 1.x
        try:
            from mistralai.models import ResponseValidationError
        except ImportError:  # older 1.x have no such error
            return ()
    return (ResponseValidationError,)


def _decoded(exc: Any) -> Any:
    # JSON that is not an object at all is no completion: hand it to the
    # handler, which reports it and asks again. Anything else (not JSON, or
    # an object the SDK rejects) is the SDK's error, raised as it is.
    try:
        body = json.loads(exc.body)
    except (TypeError, ValueError):
        body = exc
    if body is exc or isinstance(body, dict):
        raise exc
    return body
