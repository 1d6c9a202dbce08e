"""Gemini content parts for `Image`, `Audio` and `PDF`, without any SDK.

Data becomes ``inline_data`` (the bytes, which the SDKs send as base64);
a URL (``https://``, ``gs://``, a Files API URI) becomes ``file_data``,
which Gemini fetches itself. Every Google SDK takes these dicts.

    >>> from instructor.multimodal import Image
    >>> part(Image.from_url("gs://bucket/cat.png"))
    {'file_data': {'file_uri': 'gs://bucket/cat.png', 'mime_type': 'image/png'}}
    >>> part("hi")
    {'text': 'hi'}
"""

from __future__ import annotations

import base64
from typing import Any

from ...exceptions import MultimodalError
from ...multimodal import is_media

__all__ = ["part"]

_URLS = ("http://", "https://", "gs://")


def part(item: Any, role: Any = None) -> Any:
    """A Gemini part for a string, `Image`, `Audio` or `PDF` (other parts as given)."""
    if isinstance(item, str):
        return {"text": item}
    if not is_media(item):
        return item
    if item.data is not None:
        return {"inline_data": {"mime_type": item.media_type,
                                "data": base64.b64decode(item.data)}}
    if isinstance(item.source, str) and item.source.startswith(_URLS):
        return {"file_data": {"file_uri": item.source, "mime_type": item.media_type}}
    raise MultimodalError(
        f"Gemini takes media as data or by URL, not {str(item.source)!r}; "
        f"load it with {type(item).__name__}.from_path or .from_base64",
        content_type=item.media_type)
