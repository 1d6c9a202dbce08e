"""`Media`: what `Image`, `Audio` and `PDF` share (source, type, data).

Reading files, data URIs and bare base64, and telling the media type from
the first bytes or the extension, without touching the network.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, Field

from .exceptions import MultimodalError

__all__ = ["AUDIO_TYPES", "IMAGE_TYPES", "PDF_TYPES", "Media"]

IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
AUDIO_TYPES = (
    "audio/wav", "audio/mpeg", "audio/ogg", "audio/flac", "audio/aac",
    "audio/mp4", "audio/webm", "audio/aiff",
)
# Own table rather than `mimetypes`: that module reads system files on first
# use, and its answers differ between machines (.wav, .webp).
_BY_EXTENSION = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".jpe": "image/jpeg",
    ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp",
    ".wav": "audio/wav", ".wave": "audio/wav", ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg", ".oga": "audio/ogg", ".flac": "audio/flac",
    ".aac": "audio/aac", ".m4a": "audio/mp4", ".weba": "audio/webm",
    ".aif": "audio/aiff", ".aiff": "audio/aiff",
    ".pdf": "application/pdf",
    # Common files that are none of those, so the error can say what they are.
    ".txt": "text/plain", ".html": "text/html",
    ".htm": "text/html", ".json": "application/json", ".csv": "text/csv",
    ".svg": "image/svg+xml", ".bmp": "image/bmp", ".tif": "image/tiff",
    ".tiff": "image/tiff", ".heic": "image/heic", ".mp4": "video/mp4",
}
_ALIASES = {
    "image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg",
    "audio/x-wav": "audio/wav", "audio/wave": "audio/wav", "audio/vnd.wave": "audio/wav",
    "audio/mp3": "audio/mpeg", "audio/x-flac": "audio/flac", "audio/x-aiff": "audio/aiff",
    "audio/x-m4a": "audio/mp4", "audio/m4a": "audio/mp4",
}
_URL_SCHEMES = ("http://", "https://", "gs://")
PDF_TYPES = ("application/pdf",)


def _sniff(head: bytes) -> str | None:
    """The media type the first bytes of a file announce, if we know it."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"FORM") and head[8:12] in (b"AIFF", b"AIFC"):
        return "audio/aiff"
    return None


def _normal(media_type: str) -> str:
    media_type = media_type.strip().lower()
    return _ALIASES.get(media_type, media_type)


def _extension_type(name: str) -> str | None:
    return _BY_EXTENSION.get(os.path.splitext(name)[1].lower())


class Media(BaseModel):
    """What `Image` and `Audio` share: where the bytes are and what they are."""

    _kind: ClassVar[str] = "media"
    _types: ClassVar[tuple[str, ...]] = ()
    _default_type: ClassVar[str] = ""

    source: str | Path = Field(
        description="Where the content came from: a URL, a file path or base64 data"
    )
    media_type: str = Field(description="The MIME type, such as image/png")
    data: str | None = Field(
        default=None, repr=False, description="The content, base64 encoded"
    )

    # -- constructors ---------------------------------------------------------

    @classmethod
    def from_url(cls, url: str, media_type: str | None = None) -> Any:
        """Refer to content by URL (``http(s)://`` or ``gs://``); nothing is fetched.

        The media type comes from ``media_type`` or the URL's extension; with
        neither, a default is assumed (``image/jpeg``, ``audio/wav``). A
        ``data:`` URI is read as by `from_base64`.
        """
        if url.startswith("data:"):
            return cls.from_base64(url)
        if media_type is None:
            from urllib.parse import urlsplit

            media_type = _extension_type(urlsplit(url).path) or cls._default_type
        return cls(source=url, media_type=cls._check_type(media_type, url), data=None)

    @classmethod
    def from_path(cls, path: str | Path) -> Any:
        """Read a local file; its type comes from its first bytes, or its extension."""
        path = Path(path)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise MultimodalError(
                f"cannot read {cls._kind} file {str(path)!r}: {exc.strerror or exc}",
                content_type=cls._kind, file_path=str(path),
            ) from exc
        if not content:
            raise MultimodalError(
                f"{cls._kind} file {str(path)!r} is empty",
                content_type=cls._kind, file_path=str(path),
            )
        media_type = _sniff(content[:16]) or _extension_type(path.name)
        if media_type is None:
            raise MultimodalError(
                f"cannot tell the type of {cls._kind} file {str(path)!r}; "
                f"supported: {', '.join(cls._types)}",
                content_type=cls._kind, file_path=str(path),
            )
        return cls(
            source=path,
            media_type=cls._check_type(media_type, str(path)),
            data=base64.b64encode(content).decode("ascii"),
        )

    @classmethod
    def from_base64(cls, data_uri: str) -> Any:
        """Read a ``data:<media type>;base64,<data>`` URI."""
        header, comma, payload = data_uri.partition(",")
        if not (header.startswith("data:") and header.endswith(";base64") and comma):
            raise MultimodalError(
                f"not a base64 data URI (data:<type>;base64,<data>): {data_uri[:40]!r}",
                content_type=cls._kind,
            )
        media_type = cls._check_type(header[5:-7], data_uri[:40])
        _decode(payload, cls._kind)
        return cls(source=data_uri, media_type=media_type, data=payload)

    @classmethod
    def from_raw_base64(cls, data: str) -> Any:
        """Read bare base64 data; the type comes from the decoded bytes."""
        media_type = _sniff(_decode(data, cls._kind)[:16])
        if media_type is None or _normal(media_type) not in cls._types:
            raise MultimodalError(
                f"the base64 data is not a supported {cls._kind} "
                f"({', '.join(cls._types)})",
                content_type=cls._kind,
            )
        return cls(source=data, media_type=media_type, data=data)

    @classmethod
    def autodetect(cls, source: Any) -> Any:
        """Build from a URL, a data URI, a file path or bare base64, whichever it is."""
        if isinstance(source, cls):
            return source
        if isinstance(source, Path):
            return cls.from_path(source)
        if not isinstance(source, str):
            raise MultimodalError(
                f"cannot make {cls._kind} from {type(source).__name__}: "
                "give a URL, a data URI, a path or base64 data",
                content_type=cls._kind,
            )
        text = source.strip()
        if text.startswith("data:"):
            return cls.from_base64(text)
        if text.startswith(_URL_SCHEMES):
            return cls.from_url(text)
        if _could_be_path(text) and os.path.isfile(text):
            return cls.from_path(text)
        try:
            return cls.from_raw_base64(text)
        except MultimodalError:
            pass
        raise MultimodalError(
            f"cannot tell what {text[:40]!r} is: not a URL, a data URI, an "
            f"existing file or base64 {cls._kind} data",
            content_type=cls._kind,
        )

    @classmethod
    def autodetect_safely(cls, source: Any) -> Any:
        """`autodetect`, or ``source`` itself when it is none of those (plain text)."""
        try:
            return cls.autodetect(source)
        except MultimodalError:
            return source

    @classmethod
    def _check_type(cls, media_type: str, where: str) -> str:
        normal = _normal(media_type)
        if normal not in cls._types:
            raise MultimodalError(
                f"unsupported {cls._kind} type {media_type!r} for {where!r}; "
                f"supported: {', '.join(cls._types)}",
                content_type=media_type,
            )
        return normal

    # -- helpers --------------------------------------------------------------

    @property
    def is_url(self) -> bool:
        """Whether the content is referred to by URL rather than held inline."""
        return self.data is None and isinstance(self.source, str) and self.source.startswith(
            _URL_SCHEMES
        )

    def data_uri(self) -> str:
        """The content as a ``data:`` URI (the URL itself for URL content)."""
        if self.data is None:
            return str(self.source)
        return f"data:{self.media_type};base64,{self.data}"


def _decode(data: str, kind: str) -> bytes:
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MultimodalError(f"malformed base64 {kind} data: {exc}", content_type=kind) from exc


def _could_be_path(text: str) -> bool:
    return 0 < len(text) < 4096 and "\n" not in text and "\x00" not in text
