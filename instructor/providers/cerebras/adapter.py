"""How core calls the Cerebras SDK: ``client.chat.completions.create``, OpenAI parts."""

from __future__ import annotations

from ..openai.adapter import ChatAdapter
from ..openai.media import text_and_images

__all__ = ["CerebrasAdapter"]


class CerebrasAdapter(ChatAdapter):
    """The OpenAI chat adapter; Cerebras takes text and images, no audio or PDF."""

    __slots__ = ()
    part = staticmethod(text_and_images("Cerebras"))
