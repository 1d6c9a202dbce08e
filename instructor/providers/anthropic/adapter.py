"""How core calls the anthropic SDK's Messages API (`MessagesAdapter`).

OpenAI-style messages are accepted and put in Anthropic's shape here, for
every mode and for ``response_model=None`` alike: system messages move to
the ``system`` parameter (after a ``system=`` the caller gave), and
strings, `Image` and `PDF` objects in content lists become content blocks.
"""

from __future__ import annotations

from typing import Any

from ...core.adapter import ProviderAdapter
from ...multimodal import convert_messages, needs_conversion
from . import media

__all__ = ["MessagesAdapter", "system_blocks"]


class MessagesAdapter(ProviderAdapter):
    """``client.messages.create`` (or the beta resource) with Anthropic content blocks."""

    __slots__ = ()

    def sdk_create(self) -> Any:
        return self.client.messages.create

    def convert(self, request: dict[str, Any]) -> dict[str, Any]:
        messages = request.get("messages")
        if not isinstance(messages, list):
            return request
        system = [m for m in messages if isinstance(m, dict) and m.get("role") == "system"]
        if not system and not needs_conversion(messages):
            return request
        out = dict(request)
        if system:
            blocks = system_blocks(request.get("system"))
            for message in system:
                blocks.extend(system_blocks(message.get("content")))
            out["system"] = blocks
            messages = [m for m in messages if not (isinstance(m, dict)
                                                    and m.get("role") == "system")]
        out["messages"] = convert_messages(messages, media.part)
        return out


def system_blocks(system: Any) -> list[Any]:
    """``system`` (None, a string or blocks) as a new list of content blocks."""
    if not system:
        return []
    if isinstance(system, str):
        return [{"type": "text", "text": system}]
    return [media.part(block) if isinstance(block, str) else block for block in system]
