"""Mistral content chunks for `Image`, `Audio` and `PDF`.

    >>> from instructor.multimodal import Image, PDF
    >>> part(Image.from_url("https://example.com/cat.png"))
    {'type': 'image_url', 'image_url': 'https://example.com/cat.png'}
    >>> part(PDF.from_url("https://example.com/cv.pdf"))
    {'type': 'document_url', 'document_url': 'https://example.com/cv.pdf'}
"""

from __future__ import annotations

from typing import Any

from ...exceptions import MultimodalError
from ...multimodal import PDF, Audio, Image

__all__ = ["part"]


def part(item: Any, role: Any = None) -> Any:
    """A Mistral content chunk for a string, `Image`, `Audio` or `PDF` (others as given)."""
    if isinstance(item, str):
        return {"type": "text", "text": item}
    if isinstance(item, Image):
        return {"type": "image_url", "image_url": item.data_uri()}
    if isinstance(item, PDF):
        return {"type": "document_url", "document_url": item.data_uri()}
    if isinstance(item, Audio):
        if item.data is None:
            raise MultimodalError(
                f"Mistral takes audio inline only; {str(item.source)!r} is a URL and we do "
                "not download it: use Audio.from_path or Audio.from_base64",
                content_type=item.media_type)
        return {"type": "input_audio", "input_audio": item.data}
    return item
