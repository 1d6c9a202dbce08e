"""How core calls the openai SDK's Chat Completions API (`ChatAdapter`).

Requests are already in the wire format, apart from `Image` / `Audio` /
`PDF` objects and plain strings in content lists, which become OpenAI
parts here. The SDK is reached through ``client.chat.completions`` at call
time: touching it makes the SDK import its chat resources (about 15 ms),
which a client that is built and never used should not pay.
"""

from __future__ import annotations

from typing import Any

from ...core.adapter import ProviderAdapter
from ...multimodal import convert_messages, needs_conversion
from . import media

__all__ = ["ChatAdapter"]


class ChatAdapter(ProviderAdapter):
    """``client.chat.completions.create`` with OpenAI content parts.

    Other SDKs that speak this format subclass it, changing ``part`` (what
    their API takes of `Image` / `Audio` / `PDF`) or `sdk_create`.
    """

    __slots__ = ()
    part = staticmethod(media.part)

    def sdk_create(self) -> Any:
        return self.client.chat.completions.create

    def convert(self, request: dict[str, Any]) -> dict[str, Any]:
        messages = request.get("messages")
        if not needs_conversion(messages):
            return request
        return {**request, "messages": convert_messages(messages, self.part)}
