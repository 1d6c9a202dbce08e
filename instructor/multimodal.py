"""Images, audio and PDFs in messages: `Image`, `Audio`, `PDF`.

Put `Image` / `Audio` / `PDF` objects (and plain strings) in a message's
content list; the provider the client talks to turns them into its own
content parts (each provider converts its own, in its folder):

    >>> img = Image.from_url("https://example.com/cat.png")
    >>> msgs = [{"role": "user", "content": ["What is this?", img]}]
    >>> img.to_openai()
    {'type': 'image_url', 'image_url': {'url': 'https://example.com/cat.png'}}
    >>> img.to_anthropic()
    {'type': 'image', 'source': {'type': 'url', 'url': 'https://example.com/cat.png'}}

`convert_messages` walks messages with a provider's part converter; the
caller's lists and dicts are never changed.

Nothing here touches the network. ``from_url`` keeps the URL and takes the
media type from the file extension (or the ``media_type`` argument); the
provider fetches the file. instructor 1.x sometimes downloads the file to
find its type or to inline it; we never do, so an ``Audio`` given by URL
cannot go to OpenAI, which takes audio inline only (load it with
``Audio.from_path`` or ``Audio.from_base64``). Unreadable files, unknown or
unsupported media types and malformed base64 raise `MultimodalError` (a
ValueError).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from ._media import AUDIO_TYPES, IMAGE_TYPES, PDF_TYPES, Media

__all__ = ["PDF", "Audio", "Image", "ImageWithCacheControl", "PDFWithCacheControl",
           "convert_messages", "is_media", "needs_conversion"]


class Image(Media):
    """An image for a message: by URL, from a file, or base64 data.

        >>> img = Image.from_base64("data:image/png;base64,iVBORw0KGgo=")
        >>> img.media_type, img.to_openai()["image_url"]["url"][:22]
        ('image/png', 'data:image/png;base64,')
        >>> img.to_anthropic()["source"]["type"]
        'base64'
    """

    _kind: ClassVar[str] = "image"
    _types: ClassVar[tuple[str, ...]] = IMAGE_TYPES
    _default_type: ClassVar[str] = "image/jpeg"

    # 1.x's converters, kept for code that calls them; each provider owns its format.
    def to_openai(self, mode: Any = None) -> dict[str, Any]:
        """An OpenAI Chat Completions part (a Responses one for a ``responses_*`` mode)."""
        from .providers.openai import media

        return media.part(self, mode=mode)

    def to_openai_responses(self) -> dict[str, Any]:
        """An OpenAI Responses API content part."""
        from .providers.openai import media

        return media.responses_part(self)

    def to_anthropic(self) -> dict[str, Any]:
        """An Anthropic Messages content block."""
        from .providers.anthropic import media

        return media.part(self)

    def to_mistral(self) -> dict[str, Any]:
        """A Mistral ``image_url`` chunk."""
        from .providers.mistral import media

        return media.part(self)

    def to_genai(self) -> dict[str, Any]:
        """A Gemini part (``inline_data`` or ``file_data``); every Google SDK takes it."""
        from .providers.genai import media

        return media.part(self)


class Audio(Media):
    """An audio clip for a message: from a file or base64 data (or a URL).

        >>> clip = Audio.from_base64("data:audio/wav;base64,UklGRiQAAABXQVZF")
        >>> clip.to_openai()["input_audio"]["format"]
        'wav'
    """

    _kind: ClassVar[str] = "audio"
    _types: ClassVar[tuple[str, ...]] = AUDIO_TYPES
    _default_type: ClassVar[str] = "audio/wav"

    def to_openai(self, mode: Any = None) -> dict[str, Any]:
        """An OpenAI ``input_audio`` part (wav or mp3 data only)."""
        from .providers.openai import media

        return media.part(self, mode=mode)

    def to_openai_responses(self) -> dict[str, Any]:
        """An OpenAI Responses API ``input_audio`` part."""
        from .providers.openai import media

        return media.responses_part(self)

    def to_anthropic(self) -> dict[str, Any]:
        """Always raises: Anthropic's Messages API takes no audio."""
        from .providers.anthropic import media

        return media.part(self)

    def to_genai(self) -> dict[str, Any]:
        """A Gemini part (``inline_data`` or ``file_data``); every Google SDK takes it."""
        from .providers.genai import media

        return media.part(self)


class PDF(Media):
    """A PDF document for a message: by URL, from a file, or base64 data.

        >>> doc = PDF.from_base64("data:application/pdf;base64,JVBERi0xLjQK")
        >>> doc.media_type, doc.to_anthropic()["type"]
        ('application/pdf', 'document')
    """

    _kind: ClassVar[str] = "pdf"
    _types: ClassVar[tuple[str, ...]] = PDF_TYPES
    _default_type: ClassVar[str] = "application/pdf"

    def to_openai(self, mode: Any = None) -> dict[str, Any]:
        """An OpenAI ``file`` part (``input_file`` for a ``responses_*`` mode)."""
        from .providers.openai import media

        return media.part(self, mode=mode)

    def to_anthropic(self) -> dict[str, Any]:
        """An Anthropic ``document`` block."""
        from .providers.anthropic import media

        return media.part(self)

    def to_mistral(self) -> dict[str, Any]:
        """A Mistral ``document_url`` chunk."""
        from .providers.mistral import media

        return media.part(self)

    def to_genai(self) -> dict[str, Any]:
        """A Gemini part (``inline_data`` or ``file_data``); every Google SDK takes it."""
        from .providers.genai import media

        return media.part(self)


class ImageWithCacheControl(Image):
    """An `Image` whose Anthropic block carries ``cache_control`` (ephemeral by default).

        >>> img = ImageWithCacheControl.from_url("https://example.com/a.png")
        >>> img.to_anthropic()["cache_control"]
        {'type': 'ephemeral'}
    """

    cache_control: dict[str, Any] | None = Field(
        default_factory=lambda: {"type": "ephemeral"},
        description="Anthropic's cache_control for this block",
    )

    @classmethod
    def from_image_params(cls, source: Any, image_params: dict[str, Any] | None = None) -> Any:
        """An image from any source (as `autodetect`) with 1.x's ``{"cache_control": ...}``."""
        image = Image.autodetect(source)
        params = image_params or {}
        return cls(source=image.source, media_type=image.media_type, data=image.data,
                   cache_control=params.get("cache_control", {"type": "ephemeral"}))


class PDFWithCacheControl(PDF):
    """A `PDF` whose Anthropic block carries ``cache_control`` (ephemeral by default)."""

    cache_control: dict[str, Any] | None = Field(
        default_factory=lambda: {"type": "ephemeral"},
        description="Anthropic's cache_control for this block",
    )


def is_media(value: Any) -> bool:
    """Whether ``value`` is an `Image`, `Audio` or `PDF`."""
    return isinstance(value, Media)


def convert_messages(messages: Any, to_part: Any, *, autodetect_images: bool = False) -> Any:
    """Messages with media objects and strings in content lists converted by ``to_part``.

    ``to_part(item, role)`` is a provider's converter (for example
    ``instructor.providers.anthropic.media.part``): it receives each string
    and each `Image` / `Audio` / `PDF` of a content list, and a content that
    is a single media object (which becomes a one-part list). Other parts
    are kept as they are. With ``autodetect_images``, strings in content
    lists that are image URLs, paths or data become images first.

    The caller's list and dicts are never changed: when nothing needs
    converting the same list comes back, otherwise a new list holding the
    untouched messages and new dicts for the converted ones.

        >>> msgs = [{"role": "user", "content": "hi"}]
        >>> convert_messages(msgs, lambda item, role: item) is msgs
        True
    """
    converted: list[Any] | None = None
    for index, message in enumerate(messages):
        new = _convert_message(message, to_part, autodetect_images)
        if converted is None and new is not message:
            converted = list(messages[:index])
        if converted is not None:
            converted.append(new)
    return messages if converted is None else converted


def needs_conversion(messages: Any) -> bool:
    """Whether any message has a content list or a media object as content (cheap)."""
    if not isinstance(messages, list):
        return False
    for message in messages:
        if isinstance(message, dict):
            content = message.get("content")
            if isinstance(content, (list, Media)):
                return True
    return False


def _convert_message(message: Any, to_part: Any, autodetect: bool) -> Any:
    if not isinstance(message, dict):
        return message
    content = message.get("content")
    role = message.get("role")
    if isinstance(content, Media):
        return {**message, "content": [to_part(content, role)]}
    if not isinstance(content, list):
        return message
    parts: list[Any] | None = None
    for index, part in enumerate(content):
        new = part
        if isinstance(part, str):
            if autodetect:
                image = Image.autodetect_safely(part)
                new = to_part(image if isinstance(image, Image) else part, role)
            else:
                new = to_part(part, role)
        elif isinstance(part, Media):
            new = to_part(part, role)
        if parts is None and new is not part:
            parts = content[:index]
        if parts is not None:
            parts.append(new)
    return message if parts is None else {**message, "content": parts}
