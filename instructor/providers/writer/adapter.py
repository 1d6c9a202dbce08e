"""How core calls the Writer SDK: ``client.chat.chat`` with OpenAI-style parts."""

from __future__ import annotations

from typing import Any

from ..openai.adapter import ChatAdapter
from ..openai.media import text_and_images

__all__ = ["WriterAdapter"]


class WriterAdapter(ChatAdapter):
    """Writer's chat endpoint; it takes text and images (Palmyra X5), no audio or PDF."""

    __slots__ = ()
    part = staticmethod(text_and_images("Writer"))

    def sdk_create(self) -> Any:
        return self.client.chat.chat
