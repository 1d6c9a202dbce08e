"""Converse content blocks for strings, `Image`, `Audio` and `PDF`.

Bedrock takes media as raw bytes (boto3 base64-encodes them on the wire)
or as an ``s3://`` location; it does not fetch http(s) URLs, and neither do
we. OpenAI-style parts (``{"type": "text"}``, ``{"type": "image_url"}`` with a
data URI) are accepted too; Converse-native blocks pass through.

    >>> part("hi")
    {'text': 'hi'}
    >>> from instructor.multimodal import Image
    >>> part(Image.from_url("s3://bucket/cat.png"))
    {'image': {'format': 'png', 'source': {'s3Location': {'uri': 's3://bucket/cat.png'}}}}
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

from ...exceptions import MultimodalError
from ...multimodal import PDF, Audio, Image

__all__ = ["part"]

_IMAGE_FORMATS = {"image/jpeg": "jpeg", "image/png": "png", "image/gif": "gif",
                  "image/webp": "webp"}
_AUDIO_FORMATS = {"audio/wav": "wav", "audio/mpeg": "mp3", "audio/ogg": "ogg",
                  "audio/flac": "flac", "audio/aac": "aac", "audio/mp4": "mp4",
                  "audio/webm": "webm"}
# A document name may hold letters, digits, single spaces, hyphens, parentheses
# and square brackets only.
_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9\-()\[\] ]+")


def part(item: Any, role: Any = None) -> Any:
    """The Converse content block for one part of a message's content."""
    if isinstance(item, str):
        return {"text": item}
    if isinstance(item, Image):
        return {"image": {"format": _format(item, _IMAGE_FORMATS), "source": _source(item)}}
    if isinstance(item, Audio):
        return {"audio": {"format": _format(item, _AUDIO_FORMATS), "source": _source(item)}}
    if isinstance(item, PDF):
        return {"document": {"format": "pdf", "name": _name(item), "source": _source(item)}}
    if isinstance(item, dict) and "type" in item:
        return _openai_part(item)
    return item


def _openai_part(item: dict[str, Any]) -> Any:
    kind = item["type"]
    if kind in ("text", "input_text"):
        return {"text": item.get("text", "")}
    if kind == "image_url":
        url = item.get("image_url")
        url = url.get("url") if isinstance(url, dict) else url
        if not isinstance(url, str):
            raise MultimodalError("an image_url part needs image_url.url", content_type="image")
        return part(Image.from_url(url))
    return item  # Converse blocks have no "type"; botocore names what it rejects


def _format(item: Any, formats: dict[str, str]) -> str:
    found = formats.get(item.media_type)
    if found is None:
        raise MultimodalError(
            f"Bedrock does not take {item.media_type} {item._kind}; it takes "
            f"{', '.join(formats)}", content_type=item.media_type)
    return found


def _source(item: Any) -> dict[str, Any]:
    if item.data is not None:
        return {"bytes": base64.b64decode(item.data)}
    if isinstance(item.source, str) and item.source.startswith("s3://"):
        return {"s3Location": {"uri": item.source}}
    raise MultimodalError(
        f"Bedrock takes a {item._kind} as bytes or from s3://, not {str(item.source)!r}, and "
        f"we do not download it: load it with {type(item).__name__}.from_path or .from_base64",
        content_type=item.media_type)


def _name(item: PDF) -> str:
    stem = item.source.stem if isinstance(item.source, Path) else ""
    name = " ".join(_NOT_IN_NAME.sub(" ", stem).split())
    return name[:200] or "document"
