"""`ProviderAdapter`: how core talks to one provider's SDK.

The half of the provider contract that knows the SDK but no mode. One
adapter wraps one SDK client for the life of an `Instructor`; it keeps the
client and nothing about any request. Core calls:

===================  ==================================================
``convert``          caller's request -> the provider's wire format
                     (messages, system prompts, media parts); a new dict
``create``           one call, blocking; ``acreate`` awaits it
``stream``           one streamed call, an iterable of chunks;
                     ``astream`` an async iterator of them
``messages``         the conversation a request carries, for errors
``usage``            the token usage a completion reports (or None)
``add_usage``        two usages summed, as a new object
``with_usage``       the completion carrying the summed usage
===================  ==================================================

The defaults fit an SDK whose call is ``create(**request)`` and which
streams with ``stream=True`` (OpenAI, Anthropic, Groq, ...); usage may be
an object with integer fields (pydantic or not) or a dict.

    >>> calls = []
    >>> adapter = ProviderAdapter(None, create=lambda **kw: calls.append(kw) or kw)
    >>> adapter.create({"model": "m"})
    {'model': 'm'}
    >>> adapter.add_usage({"input": 3, "output": 1}, {"input": 2, "output": 5})
    {'input': 5, 'output': 6}
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

from ..exceptions import ConfigurationError

__all__ = ["ProviderAdapter", "add_counts"]


class ProviderAdapter:
    """Calls, streams, usage and wire-format messages for one SDK client.

    ``create`` is the SDK function to call; when None, `sdk_create` picks it
    from the client (subclasses look it up at call time, so that building
    an `Instructor` does not make the SDK import its resources).
    """

    __slots__ = ("client", "create_fn")

    def __init__(self, client: Any, create: Callable[..., Any] | None = None) -> None:
        self.client = client
        self.create_fn = create

    def sdk_create(self) -> Callable[..., Any]:
        """The SDK function that makes one call for this client."""
        raise ConfigurationError(
            f"{type(self).__name__} has no SDK function to call: pass create="
        )

    def _function(self) -> Callable[..., Any]:
        return self.create_fn if self.create_fn is not None else self.sdk_create()

    # -- calls ----------------------------------------------------------------

    def create(self, request: dict[str, Any]) -> Any:
        return self._function()(**request)

    async def acreate(self, request: dict[str, Any]) -> Any:
        return await self._function()(**request)

    def stream(self, request: dict[str, Any]) -> Iterable[Any]:
        return self._function()(**request, stream=True)

    async def astream(self, request: dict[str, Any]) -> AsyncIterator[Any]:
        stream = await self._function()(**request, stream=True)
        try:
            async for chunk in stream:
                yield chunk
        finally:
            await aclose(stream)

    # -- requests -------------------------------------------------------------

    def convert(self, request: dict[str, Any]) -> dict[str, Any]:
        """``request`` in the provider's wire format (the same dict if nothing changes)."""
        return request

    def messages(self, request: dict[str, Any]) -> Any:
        """The conversation ``request`` sends."""
        return request.get("messages")

    # -- usage ----------------------------------------------------------------

    def usage(self, completion: Any) -> Any:
        if isinstance(completion, dict):
            return completion.get("usage")
        return getattr(completion, "usage", None)

    def add_usage(self, total: Any, usage: Any) -> Any:
        return add_counts(total, usage)

    def with_usage(self, completion: Any, total: Any) -> Any:
        if isinstance(completion, dict):
            completion["usage"] = total
        else:
            completion.usage = total
        return completion

    def __repr__(self) -> str:
        # Never the client's own repr: some show their configuration, keys included.
        return f"{type(self).__name__}({type(self.client).__name__})"


def add_counts(total: Any, usage: Any) -> Any:
    """``total + usage`` counted field by field, as a new object.

    Integers add up; nested objects and dicts are added field by field;
    anything else keeps the value of ``total`` (or of ``usage`` when
    ``total`` has none). Neither argument is changed.
    """
    if usage is None:
        return total
    if isinstance(usage, bool):
        return total if total is not None else usage
    if isinstance(usage, int):
        return (total if isinstance(total, int) else 0) + usage
    if isinstance(usage, dict):
        base = total if isinstance(total, dict) else {}
        out = dict(base)
        for key, value in usage.items():
            out[key] = add_counts(base.get(key), value)
        return out
    fields = getattr(type(usage), "model_fields", None)
    if fields is not None:  # a pydantic model (the SDKs' usage objects)
        if total is None or type(total) is not type(usage):
            total = usage.model_construct()
        out = total.model_copy()
        for name in fields:
            setattr(out, name, add_counts(getattr(total, name, None), getattr(usage, name, None)))
        return out
    return total if total is not None else usage


async def aclose(stream: Any) -> None:
    """Close an SDK stream whose ``close`` may or may not be a coroutine."""
    close = getattr(stream, "aclose", None) or getattr(stream, "close", None)
    if close is not None:
        result = close()
        if hasattr(result, "__await__"):
            await result
