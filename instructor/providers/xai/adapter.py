"""How core calls the xAI SDK (`ChatAdapter`).

The SDK is not ``create(**kwargs)``-shaped: ``client.chat.create(model=...,
messages=[...], tools=..., ...)`` builds a ``Chat`` and ``.sample()`` /
``.stream()`` makes the gRPC call. A request here is the keyword arguments
of ``chat.create`` with its messages as the SDK's protos (`convert` makes
them from OpenAI-style dicts, for every mode and for ``response_model=None``
alike). Usage is the response's ``SamplingUsage`` proto, summed field by
field over attempts.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from functools import lru_cache
from typing import Any

from ...core.adapter import ProviderAdapter, add_counts
from ...exceptions import ConfigurationError
from .messages import to_protos

__all__ = ["ChatAdapter"]


@lru_cache(maxsize=8)
def _parameters(chat_client: type) -> frozenset[str]:
    """The keyword arguments ``chat.create`` of this SDK version accepts."""
    return frozenset(inspect.signature(chat_client.create).parameters) - {"self"}


class ChatAdapter(ProviderAdapter):
    """``client.chat.create(**request)`` then ``.sample()`` or ``.stream()``."""

    __slots__ = ()

    def convert(self, request: dict[str, Any]) -> dict[str, Any]:
        if not request.get("model"):
            raise ConfigurationError(
                "xAI needs a model name: pass model= to from_xai(...) or to create(...), "
                "for example model='grok-3'")
        unknown = set(request) - _parameters(type(self.client.chat)) - {"stream"}
        if unknown:
            raise ConfigurationError(
                f"xAI's chat.create() takes no {', '.join(map(repr, sorted(unknown)))} "
                f"argument; it takes {', '.join(sorted(_parameters(type(self.client.chat))))}")
        return {**request, "messages": to_protos(request.get("messages"))}

    def _chat(self, request: dict[str, Any]) -> Any:
        if "stream" in request:
            request = {k: v for k, v in request.items() if k != "stream"}
        return self.client.chat.create(**request)

    # -- calls ----------------------------------------------------------------

    def create(self, request: dict[str, Any]) -> Any:
        chat = self._chat(request)
        # stream=True without a response model: the SDK's own (response, chunk) pairs
        return chat.stream() if request.get("stream") else chat.sample()

    async def acreate(self, request: dict[str, Any]) -> Any:
        chat = self._chat(request)
        if request.get("stream"):
            return chat.stream()
        try:
            return await chat.sample()
        except RuntimeError as exc:
            if _other_loop(exc):
                raise ConfigurationError(_OTHER_LOOP) from exc
            raise

    def stream(self, request: dict[str, Any]) -> Iterator[Any]:
        stream = self._chat(request).stream()
        try:
            for _, chunk in stream:
                yield chunk
        finally:
            stream.close()

    async def astream(self, request: dict[str, Any]) -> AsyncIterator[Any]:
        stream = self._chat(request).stream()
        try:
            async for _, chunk in stream:
                yield chunk
        except RuntimeError as exc:
            if _other_loop(exc):
                raise ConfigurationError(_OTHER_LOOP) from exc
            raise
        finally:
            await stream.aclose()

    # -- usage ----------------------------------------------------------------

    def add_usage(self, total: Any, usage: Any) -> Any:
        if usage is None or not hasattr(usage, "ListFields"):
            return add_counts(total, usage)
        if total is None:  # the first attempt: its own usage (never changed here)
            return usage
        out = type(usage)()
        out.CopyFrom(total)
        for field, value in usage.ListFields():
            if isinstance(value, int):
                setattr(out, field.name, getattr(out, field.name) + value)
            else:  # a repeated field (the server-side tools used)
                getattr(out, field.name).extend(value)
        return out

    def with_usage(self, completion: Any, total: Any) -> Any:
        proto = getattr(completion, "proto", None)
        if proto is None or not hasattr(total, "ListFields"):
            return super().with_usage(completion, total)
        proto.usage.CopyFrom(total)
        return completion


_OTHER_LOOP = (
    "this xai_sdk.AsyncClient was made in another event loop (grpc.aio binds a channel "
    "to the loop running when it is made): make the client, and call from_xai / "
    "from_provider(..., async_client=True), inside the coroutine that uses it")


def _other_loop(exc: RuntimeError) -> bool:
    """Whether ``exc`` is asyncio's complaint about a channel of another event loop."""
    text = str(exc)
    return "attached to a different loop" in text or text == "Event loop is closed"
