"""xAI content parts (``chat_pb2.Content``) for strings, `Image` and `PDF`.

xAI's chat API takes text, images (by http(s) URL or inline as a data URI)
and files (by URL or inline bytes); it takes no audio.

    >>> from instructor.multimodal import Image
    >>> part(Image.from_url("https://example.com/cat.png")).image_url.image_url
    'https://example.com/cat.png'
    >>> part("hi").text
    'hi'
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from xai_sdk import chat as xchat
from xai_sdk.proto import chat_pb2

from ...exceptions import MultimodalError
from ...multimodal import PDF, Audio, Image

__all__ = ["part"]

_WEB = ("http://", "https://")


def part(item: Any, role: Any = None) -> Any:
    """The ``chat_pb2.Content`` for one part of a message's content."""
    if isinstance(item, str):
        return xchat.text(item)
    if isinstance(item, chat_pb2.Content):
        return item
    if isinstance(item, Image):
        return xchat.image(_url(item))
    if isinstance(item, PDF):
        return _file(item)
    if isinstance(item, Audio):
        raise MultimodalError("xAI's chat API does not accept audio",
                              content_type=item.media_type)
    if isinstance(item, dict):
        return _openai_part(item)
    raise MultimodalError(
        f"xAI cannot send a {type(item).__name__} as message content: use strings, "
        "instructor.multimodal.Image / PDF, or xai_sdk.chat.text / image / file parts")


def _openai_part(item: dict[str, Any]) -> Any:
    # OpenAI-style parts, so that messages written for OpenAI work unchanged.
    kind = item.get("type")
    if kind == "text" and isinstance(item.get("text"), str):
        return xchat.text(item["text"])
    if kind == "image_url":
        image = item.get("image_url")
        url = image.get("url") if isinstance(image, dict) else image
        if isinstance(url, str):
            detail = image.get("detail", "auto") if isinstance(image, dict) else "auto"
            return xchat.image(url, detail=detail)
    raise MultimodalError(
        f"xAI cannot send the content part {kind!r}; it takes text, images and files",
        content_type=str(kind))


def _url(item: Any) -> str:
    if item.data is not None:
        return item.data_uri()
    if isinstance(item.source, str) and item.source.startswith(_WEB):
        return item.source
    raise MultimodalError(
        f"xAI fetches {item._kind}s by http(s) URL only, not {str(item.source)!r}; "
        f"load it with {type(item).__name__}.from_path or .from_base64",
        content_type=item.media_type)


def _file(item: PDF) -> Any:
    name = item.source.name if isinstance(item.source, Path) else "document.pdf"
    try:
        if item.data is None:
            return xchat.file(url=_url(item), filename=name, mime_type=item.media_type)
        return xchat.file(data=base64.b64decode(item.data), filename=name,
                          mime_type=item.media_type)
    except TypeError as exc:  # an xai-sdk whose file() takes uploaded file ids only
        raise MultimodalError(
            "this xai-sdk version sends files by upload id only; upgrade it "
            "(pip install -U xai-sdk) to send PDFs inline or by URL",
            content_type=item.media_type) from exc
