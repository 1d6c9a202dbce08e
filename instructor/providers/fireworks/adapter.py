"""How core calls the fireworks-ai SDK (`FireworksAdapter`).

``chat.completions.create`` is the sync call and stream; the async ones
are ``chat.completions.acreate``, which returns an async generator for a
stream (``stream=True`` is its default) and a coroutine otherwise.

A complete response is fetched with the SDK's own HTTP client
(``post_request_non_streaming``), the same request its ``create`` sends,
and read into the SDK's ``ChatCompletionResponse`` here: the SDK's own
``create`` fails with a bare TypeError on a body that is JSON but not an
object, losing the body, where this hands the body to the mode handler,
whose error carries it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from pydantic import ValidationError

from ..openai.adapter import ChatAdapter
from ..openai.media import text_and_images
from ._sdk import ChatCompletionResponse

__all__ = ["FireworksAdapter"]

_ENDPOINT = "chat/completions"


class FireworksAdapter(ChatAdapter):
    """Fireworks' chat completions, sync and async; text and image parts."""

    __slots__ = ()
    part = staticmethod(text_and_images("Fireworks"))

    def create(self, request: dict[str, Any]) -> Any:
        if request.get("stream"):  # a pass-through stream: the SDK's generator
            return self.stream(_without_stream(request))
        http = self._http()
        if http is None:
            return self.client.chat.completions.create(**request)
        data, headers = _body(request)
        return _completion(http.post_request_non_streaming(
            f"{http.base_url}/{_ENDPOINT}", data=data, extra_headers=headers))

    async def acreate(self, request: dict[str, Any]) -> Any:
        if request.get("stream"):  # a pass-through stream: the SDK's async generator
            return self.client.chat.completions.acreate(**_without_stream(request), stream=True)
        http = self._http()
        if http is None:
            return await self.client.chat.completions.acreate(**request, stream=False)
        data, headers = _body(request)
        return _completion(await http.post_request_async_non_streaming(
            f"{http.base_url}/{_ENDPOINT}", data=data, extra_headers=headers))

    def stream(self, request: dict[str, Any]) -> Any:
        return self.client.chat.completions.create(**request, stream=True)

    async def astream(self, request: dict[str, Any]) -> AsyncIterator[Any]:
        stream = self.client.chat.completions.acreate(**request, stream=True)
        try:
            async for chunk in stream:
                yield chunk
        finally:
            await stream.aclose()

    def _http(self) -> Any:
        """The SDK's HTTP client (None in an SDK laid out otherwise: use its create)."""
        http = getattr(self.client.chat.completions, "_client", None)
        return http if hasattr(http, "post_request_non_streaming") else None


def _without_stream(request: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in request.items() if k != "stream"}


def _body(request: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """The JSON body and extra headers the SDK's create would send for ``request``."""
    data = dict(request)
    headers = data.pop("extra_headers", None)
    data.pop("request_timeout", None)  # a create() option of the SDK, not sent
    messages = data.get("messages")
    if isinstance(messages, list):
        data["messages"] = [m if isinstance(m, dict) else m.dict() for m in messages]
    return {"model": data.pop("model", None), "stream": False, **data}, headers


def _completion(body: Any) -> Any:
    """The SDK's response object for a body that is one; anything else as it came."""
    if not isinstance(body, dict):
        return body
    try:
        return ChatCompletionResponse.model_validate(body)
    except ValidationError:
        return body  # the handler says there is no completion, with the body attached
