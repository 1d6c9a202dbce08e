"""How core calls the cohere SDK (`CohereAdapter`), for v2 and v1 clients.

Requests are put in the shape of the client's API (`messages`); calls go
to ``chat`` and streams to ``chat_stream`` (Cohere streams through its own
method, not ``stream=True``). Usage is ``usage`` on a v2 response and
``meta`` on a v1 one; its counts are floats, summed here field by field.
"""

from __future__ import annotations

from typing import Any

import cohere

from ...core.adapter import ProviderAdapter
from .messages import v1_request, v2_request

__all__ = ["CohereAdapter", "add_numbers"]

# The v2 client classes (cohere releases before the v2 API have none).
_V2 = tuple(getattr(cohere, name) for name in ("ClientV2", "AsyncClientV2")
            if hasattr(cohere, name))


class CohereAdapter(ProviderAdapter):
    """``client.chat`` / ``client.chat_stream`` in the client's API version."""

    __slots__ = ("v1",)

    def __init__(self, client: Any, create: Any = None) -> None:
        super().__init__(client, create)
        self.v1 = not isinstance(client, _V2)

    def sdk_create(self) -> Any:
        return self.client.chat

    def convert(self, request: dict[str, Any]) -> dict[str, Any]:
        return v1_request(request) if self.v1 else v2_request(request)

    def messages(self, request: dict[str, Any]) -> Any:
        if "messages" in request:
            return request["messages"]
        # v1: the whole conversation, in its own roles
        turns = [*(request.get("chat_history") or ())]
        if "message" in request:
            turns.append({"role": "USER", "message": request["message"]})
        return turns

    def create(self, request: dict[str, Any]) -> Any:
        if request.get("stream"):  # response_model=None, stream=True: the SDK's own stream
            return self.client.chat_stream(**_without_stream(request))
        return self._function()(**request)

    async def acreate(self, request: dict[str, Any]) -> Any:
        if request.get("stream"):
            return self.client.chat_stream(**_without_stream(request))
        return await self._function()(**request)

    def stream(self, request: dict[str, Any]) -> Any:
        return self.client.chat_stream(**_without_stream(request))

    async def astream(self, request: dict[str, Any]) -> Any:
        events = self.client.chat_stream(**_without_stream(request))
        try:
            async for event in events:
                yield event
        finally:
            await events.aclose()

    def usage(self, completion: Any) -> Any:
        return getattr(completion, "meta" if self.v1 else "usage", None)

    def add_usage(self, total: Any, usage: Any) -> Any:
        return add_numbers(total, usage)

    def with_usage(self, completion: Any, total: Any) -> Any:
        setattr(completion, "meta" if self.v1 else "usage", total)
        return completion


def _without_stream(request: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in request.items() if k != "stream"}


def add_numbers(total: Any, usage: Any) -> Any:
    """``total + usage`` for Cohere's usage objects (float counts), as a new object.

    Numbers add up, nested objects are added field by field, anything else
    (an API version, warnings) keeps the value of ``total``. Neither argument
    is changed (so the first usage may serve as the total as it is).

        >>> add_numbers({"tokens": {"input_tokens": 1.0}}, {"tokens": {"input_tokens": 2.0}})
        {'tokens': {'input_tokens': 3.0}}
    """
    if usage is None:
        return total
    if isinstance(usage, (int, float)) and not isinstance(usage, bool):
        return (total if isinstance(total, (int, float)) else 0) + usage
    if isinstance(usage, dict):
        base = total if isinstance(total, dict) else {}
        return {**base, **{k: add_numbers(base.get(k), v) for k, v in usage.items()}}
    if total is None:
        return usage  # the first attempt's usage is the total (nothing here changes it)
    fields = getattr(type(usage), "model_fields", None)
    if fields is not None:
        if type(total) is not type(usage):
            return usage
        out = total.model_copy()
        for name in fields:
            setattr(out, name, add_numbers(getattr(total, name, None),
                                           getattr(usage, name, None)))
        return out
    return total if total is not None else usage
