"""OpenAI content parts for `Image`, `Audio` and `PDF` (Chat Completions and Responses).

    >>> from instructor.multimodal import Image
    >>> part(Image.from_url("https://example.com/cat.png"))
    {'type': 'image_url', 'image_url': {'url': 'https://example.com/cat.png'}}
    >>> responses_part("hi", "assistant")
    {'type': 'output_text', 'text': 'hi'}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...exceptions import MultimodalError
from ...multimodal import PDF, Audio, Image

__all__ = ["part", "responses_part", "text_and_images"]

_AUDIO_FORMATS = {"audio/wav": "wav", "audio/mpeg": "mp3"}


def part(item: Any, role: Any = None, *, mode: Any = None) -> Any:
    """A Chat Completions content part (a Responses one for a ``responses_*`` mode)."""
    if mode is not None and str(getattr(mode, "value", mode)).startswith("responses"):
        return responses_part(item, role)
    if isinstance(item, str):
        return {"type": "text", "text": item}
    if isinstance(item, Image):
        return {"type": "image_url", "image_url": {"url": item.data_uri()}}
    if isinstance(item, Audio):
        return _audio(item)
    if isinstance(item, PDF):
        return {"type": "file", "file": {"file_data": _inline(item).data_uri(),
                                         "filename": _filename(item)}}
    return item


def text_and_images(provider: str) -> Any:
    """A `part` for an OpenAI-format chat API that takes text and images only.

        >>> from instructor.multimodal import Audio
        >>> text_and_images("Groq")(Audio.from_base64("data:audio/wav;base64,UklGRiQAAABXQVZF"))
        Traceback (most recent call last):
        ...
        instructor.exceptions.MultimodalError: Groq's chat API takes text and images, not audio
    """
    def convert(item: Any, role: Any = None) -> Any:
        if isinstance(item, (Audio, PDF)):
            raise MultimodalError(f"{provider}'s chat API takes text and images, not {item._kind}",
                                  content_type=item.media_type)
        return part(item, role)

    convert.__qualname__ = f"text_and_images({provider!r})"
    return convert


def responses_part(item: Any, role: Any = None) -> Any:
    """A Responses API content part (``output_text`` for what the assistant said)."""
    if isinstance(item, str):
        return {"type": "output_text" if role == "assistant" else "input_text", "text": item}
    if isinstance(item, Image):
        return {"type": "input_image", "image_url": item.data_uri(), "detail": "auto"}
    if isinstance(item, Audio):
        return _audio(item)
    if isinstance(item, PDF):
        if item.data is None:
            return {"type": "input_file", "file_url": str(item.source)}
        return {"type": "input_file", "file_data": item.data_uri(), "filename": _filename(item)}
    return item


def _audio(item: Audio) -> dict[str, Any]:
    _inline(item)
    audio_format = _AUDIO_FORMATS.get(item.media_type)
    if audio_format is None:
        raise MultimodalError(
            f"OpenAI takes wav or mp3 audio, not {item.media_type}", content_type=item.media_type)
    return {"type": "input_audio", "input_audio": {"data": item.data, "format": audio_format}}


def _inline(item: Any) -> Any:
    if item.data is None:
        raise MultimodalError(
            f"OpenAI takes this {item._kind} inline only; {str(item.source)!r} is a URL and "
            f"we do not download it: use {type(item).__name__}.from_path or .from_base64",
            content_type=item.media_type)
    return item


def _filename(item: Any) -> str:
    return item.source.name if isinstance(item.source, Path) else "document.pdf"
