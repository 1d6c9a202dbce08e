"""Cohere v2 content parts for `Image` (audio and PDFs are not accepted).

    >>> from instructor.multimodal import Image
    >>> part(Image.from_url("https://example.com/cat.png"))
    {'type': 'image_url', 'image_url': {'url': 'https://example.com/cat.png'}}
    >>> part("hi", "user")
    {'type': 'text', 'text': 'hi'}
"""

from __future__ import annotations

from typing import Any

from ...exceptions import MultimodalError
from ...multimodal import PDF, Audio, Image

__all__ = ["part", "v1_text"]


def part(item: Any, role: Any = None) -> Any:
    """A v2 content part for a string or an `Image` (other parts as given)."""
    if isinstance(item, str):
        return {"type": "text", "text": item}
    if isinstance(item, Image):
        return {"type": "image_url", "image_url": {"url": item.data_uri()}}
    if isinstance(item, (Audio, PDF)):
        raise MultimodalError(
            f"Cohere's Chat API does not accept {item._kind} parts; send text or images "
            "(pass documents as text in documents=)", content_type=item.media_type)
    return item


def v1_text(content: Any) -> str:
    """The text of a message content for the v1 Chat API, which takes text only."""
    if content is None or isinstance(content, str):
        return content or ""
    items = content if isinstance(content, list) else [content]
    texts = []
    for item in items:
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, dict) and item.get("type") == "text":
            texts.append(item.get("text") or "")
        else:
            kind = getattr(item, "_kind", None) or (item.get("type") if isinstance(item, dict)
                                                     else type(item).__name__)
            raise MultimodalError(
                f"Cohere's v1 chat takes text only, not {kind} parts; use cohere.ClientV2 "
                "for images", content_type=getattr(item, "media_type", None))
    return "\n".join(texts)
