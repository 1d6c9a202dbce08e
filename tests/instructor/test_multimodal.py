"""Image, Audio and convert_messages."""

from __future__ import annotations

import base64
import copy
from pathlib import Path

import pytest

from instructor.exceptions import InstructorError, MultimodalError
from instructor.multimodal import PDF, Audio, Image, ImageWithCacheControl, convert_messages
from instructor.providers.anthropic import media as anthropic_media
from instructor.providers.openai import media as openai_media

FORMATS = {"openai": openai_media.part, "openai_responses": openai_media.responses_part,
           "anthropic": anthropic_media.part}

PNG = b"\x89PNG\r\n\x1a\n" + bytes(24)
JPEG = b"\xff\xd8\xff\xe0" + bytes(24)
GIF = b"GIF89a" + bytes(24)
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + bytes(16)
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(16)
MP3 = b"ID3\x04\x00" + bytes(24)
OGG = b"OggS" + bytes(24)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.fixture
def files(tmp_path):
    made = {}
    for name, data in [("a.png", PNG), ("a.jpg", JPEG), ("a.gif", GIF), ("a.webp", WEBP),
                       ("a.wav", WAV), ("a.mp3", MP3), ("a.ogg", OGG),
                       ("png_named.jpg", PNG), ("noext", GIF), ("fake.png", b"not an image"),
                       ("notes.txt", b"hello"), ("mystery", b"\x00\x01\x02"), ("empty.png", b"")]:
        path = tmp_path / name
        path.write_bytes(data)
        made[name] = path
    return made


# -- Image constructors -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "media_type"),
    [
        ("https://example.com/cat.png", "image/png"),
        ("https://example.com/cat.JPG?size=2#x", "image/jpeg"),
        ("http://example.com/a/b.webp", "image/webp"),
        ("gs://bucket/cat.gif", "image/gif"),
        ("https://example.com/image", "image/jpeg"),  # no extension: assumed
    ],
)
def test_image_from_url_keeps_the_url_and_infers_the_type(url, media_type):
    img = Image.from_url(url)
    assert img.source == url
    assert img.media_type == media_type
    assert img.data is None
    assert img.is_url


def test_image_from_url_takes_an_explicit_media_type():
    assert Image.from_url("https://x.test/img", media_type="image/PNG").media_type == "image/png"
    assert Image.from_url("https://x.test/a.jpg", media_type="image/jpg").media_type == "image/jpeg"


@pytest.mark.parametrize("url", ["https://example.com/doc.pdf", "https://example.com/a.svg",
                                 "https://example.com/a.txt"])
def test_image_from_url_rejects_what_is_not_a_supported_image(url):
    with pytest.raises(MultimodalError, match="unsupported image type"):
        Image.from_url(url)


def test_image_from_url_reads_data_uris():
    img = Image.from_url(f"data:image/gif;base64,{b64(GIF)}")
    assert img.media_type == "image/gif" and img.data == b64(GIF)


@pytest.mark.parametrize(
    ("name", "media_type"),
    [("a.png", "image/png"), ("a.jpg", "image/jpeg"), ("a.gif", "image/gif"),
     ("a.webp", "image/webp"), ("png_named.jpg", "image/png"), ("noext", "image/gif"),
     ("fake.png", "image/png")],
)
def test_image_from_path_reads_the_file(files, name, media_type):
    img = Image.from_path(files[name])
    assert img.media_type == media_type
    assert base64.b64decode(img.data) == files[name].read_bytes()
    assert img.source == files[name]
    assert not img.is_url
    assert Image.from_path(str(files[name])).data == img.data


def test_image_from_path_errors(files, tmp_path):
    with pytest.raises(MultimodalError, match="cannot read image file") as info:
        Image.from_path(tmp_path / "missing.png")
    assert info.value.file_path == str(tmp_path / "missing.png")
    assert isinstance(info.value, InstructorError) and isinstance(info.value, ValueError)
    with pytest.raises(MultimodalError, match="cannot read"):
        Image.from_path(tmp_path)  # a directory
    with pytest.raises(MultimodalError, match="is empty"):
        Image.from_path(files["empty.png"])
    with pytest.raises(MultimodalError, match="unsupported image type 'text/plain'"):
        Image.from_path(files["notes.txt"])
    with pytest.raises(MultimodalError, match="unsupported image type 'audio/wav'"):
        Image.from_path(files["a.wav"])
    with pytest.raises(MultimodalError, match="cannot tell the type"):
        Image.from_path(files["mystery"])


def test_image_from_base64():
    uri = f"data:image/png;base64,{b64(PNG)}"
    img = Image.from_base64(uri)
    assert (img.source, img.media_type, img.data) == (uri, "image/png", b64(PNG))


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        (b64(PNG), "not a base64 data URI"),
        ("data:image/png," + b64(PNG), "not a base64 data URI"),
        ("data:image/png;base64", "not a base64 data URI"),
        ("data:image/bmp;base64," + b64(PNG), "unsupported image type 'image/bmp'"),
        ("data:image/png;base64,not*base64!", "malformed base64"),
        ("data:image/png;base64,abc", "malformed base64"),
    ],
)
def test_image_from_base64_errors(uri, message):
    with pytest.raises(MultimodalError, match=message):
        Image.from_base64(uri)


def test_image_from_raw_base64_sniffs_the_type():
    assert Image.from_raw_base64(b64(JPEG)).media_type == "image/jpeg"
    assert Image.from_raw_base64(b64(WEBP)).media_type == "image/webp"
    with pytest.raises(MultimodalError, match="not a supported image"):
        Image.from_raw_base64(b64(WAV))
    with pytest.raises(MultimodalError, match="not a supported image"):
        Image.from_raw_base64(b64(b"plain bytes"))
    with pytest.raises(MultimodalError, match="malformed base64"):
        Image.from_raw_base64("%%%")


def test_image_autodetect(files):
    assert Image.autodetect("https://x.test/a.png").is_url
    assert Image.autodetect(f"data:image/png;base64,{b64(PNG)}").media_type == "image/png"
    assert Image.autodetect(str(files["a.gif"])).media_type == "image/gif"
    assert Image.autodetect(files["a.webp"]).media_type == "image/webp"
    assert Image.autodetect(b64(PNG)).media_type == "image/png"
    img = Image.from_url("https://x.test/a.png")
    assert Image.autodetect(img) is img
    with pytest.raises(MultimodalError, match="cannot tell what"):
        Image.autodetect("What is in this picture?")
    with pytest.raises(MultimodalError, match="cannot make image from int"):
        Image.autodetect(42)


def test_image_autodetect_safely_returns_plain_text_unchanged():
    text = "Describe this image"
    assert Image.autodetect_safely(text) is text
    assert Image.autodetect_safely("abcd") == "abcd"  # valid base64, not an image
    assert isinstance(Image.autodetect_safely("https://x.test/a.png"), Image)


# -- Image converters ---------------------------------------------------------------


def test_image_to_openai():
    assert Image.from_url("https://x.test/a.png").to_openai() == {
        "type": "image_url", "image_url": {"url": "https://x.test/a.png"}
    }
    inline = Image.from_raw_base64(b64(PNG))
    assert inline.to_openai() == {
        "type": "image_url", "image_url": {"url": f"data:image/png;base64,{b64(PNG)}"}
    }


def test_image_to_openai_responses():
    url = Image.from_url("https://x.test/a.png")
    expected = {"type": "input_image", "image_url": "https://x.test/a.png", "detail": "auto"}
    assert url.to_openai_responses() == expected
    import instructor

    assert url.to_openai(instructor.Mode.RESPONSES_TOOLS) == expected
    assert url.to_openai(instructor.Mode.TOOLS)["type"] == "image_url"
    assert Image.from_raw_base64(b64(GIF)).to_openai_responses()["image_url"].startswith(
        "data:image/gif;base64,"
    )


def test_image_to_anthropic():
    assert Image.from_url("https://x.test/a.png").to_anthropic() == {
        "type": "image", "source": {"type": "url", "url": "https://x.test/a.png"}
    }
    assert Image.from_raw_base64(b64(PNG)).to_anthropic() == {
        "type": "image",
        "source": {"type": "base64", "media_type": "image/png", "data": b64(PNG)},
    }
    with pytest.raises(MultimodalError, match="http"):
        Image.from_url("gs://bucket/a.png").to_anthropic()


def test_image_is_a_pydantic_model_that_round_trips():
    img = Image.from_raw_base64(b64(PNG))
    assert Image.model_validate(img.model_dump()) == img
    assert "data" not in repr(img)
    assert set(Image.model_fields) == {"source", "media_type", "data"}


# -- Audio -------------------------------------------------------------------------


def test_audio_from_path_and_to_openai(files):
    wav = Audio.from_path(files["a.wav"])
    assert wav.media_type == "audio/wav"
    assert wav.to_openai() == {"type": "input_audio", "input_audio": {"data": b64(WAV), "format": "wav"}}
    mp3 = Audio.from_path(files["a.mp3"])
    assert mp3.to_openai()["input_audio"]["format"] == "mp3"
    assert mp3.to_openai_responses() == mp3.to_openai()


def test_audio_from_base64_and_url(files):
    clip = Audio.from_base64(f"data:audio/x-wav;base64,{b64(WAV)}")
    assert clip.media_type == "audio/wav"
    assert Audio.from_url("https://x.test/a.mp3").media_type == "audio/mpeg"
    with pytest.raises(MultimodalError, match="unsupported audio type 'image/png'"):
        Audio.from_url("https://x.test/a.png")
    with pytest.raises(MultimodalError, match="unsupported audio type 'text/plain'"):
        Audio.from_path(files["notes.txt"])
    with pytest.raises(MultimodalError, match="cannot tell the type of audio file"):
        Audio.from_path(Path(__file__))  # a .py file


def test_audio_that_openai_cannot_take(files):
    with pytest.raises(MultimodalError, match="inline only"):
        Audio.from_url("https://x.test/a.wav").to_openai()
    with pytest.raises(MultimodalError, match="wav or mp3"):
        Audio.from_path(files["a.ogg"]).to_openai()
    with pytest.raises(MultimodalError, match="does not accept audio"):
        Audio.from_path(files["a.wav"]).to_anthropic()


def test_audio_autodetect(files):
    assert Audio.autodetect(files["a.wav"]).media_type == "audio/wav"
    assert Audio.autodetect(b64(MP3)).media_type == "audio/mpeg"
    assert Audio.autodetect_safely("hello there") == "hello there"


# -- convert_messages ------------------------------------------------------------------


def test_nothing_to_convert_returns_the_same_list():
    messages = [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": [{"type": "text", "text": "hi"}]},
        {"role": "assistant", "content": None, "tool_calls": []},
    ]
    before = copy.deepcopy(messages)
    for fmt in FORMATS.values():
        assert convert_messages(messages, fmt) is messages
    assert messages == before
    assert convert_messages([], openai_media.part) == []


def test_parts_are_converted_without_touching_the_callers_messages():
    img = Image.from_url("https://x.test/a.png")
    first = {"role": "system", "content": "sys"}
    kept_part = {"type": "text", "text": "already a part"}
    second = {"role": "user", "content": ["What is this?", img, kept_part], "name": "u"}
    messages = [first, second]
    before = copy.deepcopy(messages)

    out = convert_messages(messages, openai_media.part)
    assert out is not messages
    assert messages == before
    assert out[0] is first
    assert out[1] is not second
    assert out[1] == {
        "role": "user",
        "name": "u",
        "content": [
            {"type": "text", "text": "What is this?"},
            {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}},
            kept_part,
        ],
    }
    assert out[1]["content"][2] is kept_part


def test_each_format_has_its_own_parts():
    img = Image.from_url("https://x.test/a.png")
    messages = [
        {"role": "user", "content": ["look", img]},
        {"role": "assistant", "content": ["I see a cat"]},
    ]
    responses = convert_messages(messages, openai_media.responses_part)
    assert responses[0]["content"] == [
        {"type": "input_text", "text": "look"},
        {"type": "input_image", "image_url": "https://x.test/a.png", "detail": "auto"},
    ]
    assert responses[1]["content"] == [{"type": "output_text", "text": "I see a cat"}]
    anthropic = convert_messages(messages, anthropic_media.part)
    assert anthropic[0]["content"] == [
        {"type": "text", "text": "look"},
        {"type": "image", "source": {"type": "url", "url": "https://x.test/a.png"}},
    ]
    assert anthropic[1]["content"] == [{"type": "text", "text": "I see a cat"}]


def test_a_single_media_object_as_content_becomes_a_list(files):
    clip = Audio.from_path(files["a.wav"])
    out = convert_messages([{"role": "user", "content": clip}], openai_media.part)
    assert out[0]["content"] == [clip.to_openai()]


def test_autodetect_images_turns_image_strings_into_images(files):
    messages = [{"role": "user", "content": ["what is this", "https://x.test/a.png",
                                             str(files["a.gif"])]}]
    plain = convert_messages(messages, openai_media.part)
    assert [p["type"] for p in plain[0]["content"]] == ["text", "text", "text"]
    detected = convert_messages(messages, openai_media.part, autodetect_images=True)
    assert [p["type"] for p in detected[0]["content"]] == ["text", "image_url", "image_url"]


def test_convert_messages_errors(files):
    with pytest.raises(MultimodalError, match="does not accept audio"):
        convert_messages([{"role": "user", "content": [Audio.from_path(files["a.wav"])]}],
                         anthropic_media.part)


# -- PDF and cache control ----------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n" + bytes(24)


def test_pdf_constructors_and_parts(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(PDF_BYTES)
    doc = PDF.from_path(path)
    assert doc.media_type == "application/pdf"
    assert PDF.autodetect(str(path)) == doc
    assert PDF.from_raw_base64(b64(PDF_BYTES)).data == b64(PDF_BYTES)
    assert doc.to_anthropic() == {"type": "document", "source": {
        "type": "base64", "media_type": "application/pdf", "data": b64(PDF_BYTES)}}
    assert PDF.from_url("https://x.test/r.pdf").to_anthropic() == {
        "type": "document", "source": {"type": "url", "url": "https://x.test/r.pdf"}}
    assert doc.to_openai() == {"type": "file", "file": {
        "file_data": f"data:application/pdf;base64,{b64(PDF_BYTES)}", "filename": "report.pdf"}}
    assert openai_media.responses_part(PDF.from_url("https://x.test/r.pdf")) == {
        "type": "input_file", "file_url": "https://x.test/r.pdf"}
    with pytest.raises(MultimodalError, match="inline only"):
        PDF.from_url("https://x.test/r.pdf").to_openai()
    with pytest.raises(MultimodalError, match="unsupported pdf type 'image/png'"):
        PDF.from_url("https://x.test/r.png")


def test_cache_control_reaches_the_anthropic_block():
    img = ImageWithCacheControl.from_image_params(
        "https://x.test/a.png", {"cache_control": {"type": "ephemeral", "ttl": "1h"}})
    assert img.to_anthropic() == {
        "type": "image", "source": {"type": "url", "url": "https://x.test/a.png"},
        "cache_control": {"type": "ephemeral", "ttl": "1h"}}
    assert "cache_control" not in img.to_openai()
    assert "cache_control" not in Image.from_url("https://x.test/a.png").to_anthropic()


def test_docstring_examples_run():
    import doctest

    import instructor.multimodal

    assert doctest.testmod(instructor.multimodal).failed == 0
