"""Anthropic content blocks for `Image` and `PDF` (audio is not accepted).

    >>> from instructor.multimodal import Image
    >>> part(Image.from_url("https://example.com/cat.png"))
    {'type': 'image', 'source': {'type': 'url', 'url': 'https://example.com/cat.png'}}
    >>> part("hi", "user")
    {'type': 'text', 'text': 'hi'}
"""

from __future__ import annotations

from typing import Any

from ...exceptions import MultimodalError
from ...multimodal import PDF, Audio, Image

__all__ = ["part"]


def part(item: Any, role: Any = None) -> Any:
    """An Anthropic content block for a string, `Image` or `PDF` (other parts as given)."""
    if isinstance(item, str):
        return {"type": "text", "text": item}
    if isinstance(item, Image):
        block = {"type": "image", "source": _source(item)}
    elif isinstance(item, PDF):
        block = {"type": "document", "source": _source(item)}
    elif isinstance(item, Audio):
        raise MultimodalError("Anthropic's Messages API does not accept audio",
                              content_type=item.media_type)
    else:
        return item
    cache_control = getattr(item, "cache_control", None)
    if cache_control:
        block["cache_control"] = dict(cache_control)
    return block


def _source(item: Any) -> dict[str, Any]:
    if item.data is not None:
        return {"type": "base64", "media_type": item.media_type, "data": item.data}
    if isinstance(item.source, str) and item.source.startswith(("http://", "https://")):
        return {"type": "url", "url": item.source}
    raise MultimodalError(
        f"Anthropic fetches files by http(s) URL only, not {str(item.source)!r}; "
        f"load it with {type(item).__name__}.from_path or .from_base64",
        content_type=item.media_type)
