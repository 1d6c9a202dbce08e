"""Anthropic's thinking, REASONING_TOOLS, PARALLEL_TOOLS, the beta resource, the
JSON modes, media blocks and from_provider, against the real ``anthropic`` SDK and
a loopback fake."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable

import pytest
from _anthropic_common import GOOD, MESSAGES, User, sent_key, user_reply
from pydantic import BaseModel

import instructor
from fakes.anthropic_server import message, tool_use
from fakes.sdk import require_sdk
from instructor import Mode

require_sdk("anthropic")


class Address(BaseModel):
    city: str


@pytest.fixture
def client(fake_anthropic):
    return instructor.from_anthropic(fake_anthropic.client(), max_tokens=256)


# -- thinking, REASONING_TOOLS, PARALLEL_TOOLS and beta -----------------------------


def test_thinking_turns_the_forced_tool_into_auto(client, fake_anthropic):
    fake_anthropic.script(message(thinking="hmm", tool_uses=[tool_use("User", GOOD)]))
    user = client.create(model="m", response_model=User, messages=MESSAGES,
                         thinking={"type": "enabled", "budget_tokens": 1024})
    assert user == User(**GOOD)
    sent = fake_anthropic.last_request.json
    assert sent["tool_choice"] == {"type": "auto"}
    assert sent["system"][-1]["text"] == "Return only the tool call and no additional text."


def test_reasoning_tools_mode(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.client(),
                                       mode=Mode.ANTHROPIC_REASONING_TOOLS)
    assert client.mode == Mode.ANTHROPIC_REASONING_TOOLS
    fake_anthropic.script(message(thinking="hmm", tool_uses=[tool_use("User", {"name": 1})]),
                          user_reply())
    assert client.create(model="m", max_tokens=9, response_model=User, messages=MESSAGES,
                         thinking={"type": "enabled", "budget_tokens": 1024}) == User(**GOOD)
    first, second = (r.json for r in fake_anthropic.requests)
    assert first["tool_choice"] == {"type": "auto"}
    # the signed thinking block goes back unchanged, as the API requires
    assert second["messages"][1]["content"][0] == {
        "type": "thinking", "thinking": "hmm", "signature": "sig"}


def test_parallel_tools(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.client(), mode=Mode.PARALLEL_TOOLS)
    fake_anthropic.script(message(tool_uses=[tool_use("User", GOOD),
                                             tool_use("Address", {"city": "Paris"})]))
    out = client.create(model="m", max_tokens=9, response_model=Iterable[User | Address],
                        messages=MESSAGES)
    assert out == [User(**GOOD), Address(city="Paris")]
    sent = fake_anthropic.last_request.json
    assert [t["name"] for t in sent["tools"]] == ["User", "Address"]
    assert sent["tool_choice"] == {"type": "auto"}


def test_parallel_tools_refuses_to_stream_before_sending(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.client(), mode=Mode.PARALLEL_TOOLS)
    with pytest.raises(instructor.exceptions.InstructorError, match="does not stream"):
        client.create(model="m", max_tokens=9, response_model=Iterable[User],
                      messages=MESSAGES, stream=True)
    assert fake_anthropic.requests == []


def test_beta_goes_through_the_beta_resource(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.client(), beta=True)
    fake_anthropic.script(user_reply())
    user, completion = client.create_with_completion(
        model="m", max_tokens=9, response_model=User, messages=MESSAGES, betas=["x-beta-1"])
    assert user == User(**GOOD)
    assert type(completion).__name__ == "BetaMessage"  # what the beta resource returns
    assert fake_anthropic.last_request.headers["anthropic-beta"] == "x-beta-1"


# -- JSON modes ---------------------------------------------------------------------


def test_json_mode(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.client(), mode=Mode.JSON)
    fake_anthropic.script(message('Here:\n```json\n{"name": "Jason", "age": "x"}\n```'),
                          message('{"name": "Jason", "age": 25}'))
    assert client.create(model="m", max_tokens=9, response_model=User,
                         messages=[{"role": "system", "content": "sys"}, *MESSAGES]
                         ) == User(**GOOD)
    first, second = (r.json for r in fake_anthropic.requests)
    assert "tools" not in first
    assert first["system"][0] == {"type": "text", "text": "sys"}
    assert '"age"' in first["system"][1]["text"] and "JSON schema" in first["system"][1]["text"]
    (reask,) = second["messages"][1:]  # a user turn only: no assistant turn
    assert reask["role"] == "user"
    assert reask["content"].startswith("Validation Errors found:")
    assert reask["content"].endswith('{"name": "Jason", "age": "x"}\n```')


def test_json_schema_mode_uses_structured_outputs(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.client(), mode=Mode.JSON_SCHEMA)
    fake_anthropic.script(message(json.dumps(GOOD)))
    assert client.create(model="m", max_tokens=9, response_model=User,
                         messages=MESSAGES) == User(**GOOD)
    sent = fake_anthropic.last_request.json
    fmt = sent["output_config"]["format"]
    assert fmt["type"] == "json_schema"
    assert fmt["schema"]["additionalProperties"] is False
    assert set(fmt["schema"]["properties"]) == {"name", "age"}
    assert "tools" not in sent and "system" not in sent


# -- media ---------------------------------------------------------------------------


def test_images_and_pdfs_become_blocks(client, fake_anthropic):
    from instructor.multimodal import PDF, Image, PDFWithCacheControl

    fake_anthropic.script(user_reply())
    png = Image.from_base64("data:image/png;base64,iVBORw0KGgo=")
    messages = [{"role": "user", "content": [
        "Who is this?", Image.from_url("https://x.test/a.png"), png,
        PDF.from_url("https://x.test/cv.pdf"),
        PDFWithCacheControl.from_base64("data:application/pdf;base64,JVBERi0xLjQK")]}]
    client.create(model="m", response_model=User, messages=messages)
    content = fake_anthropic.last_request.json["messages"][0]["content"]
    assert content == [
        {"type": "text", "text": "Who is this?"},
        {"type": "image", "source": {"type": "url", "url": "https://x.test/a.png"}},
        {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                     "data": "iVBORw0KGgo="}},
        {"type": "document", "source": {"type": "url", "url": "https://x.test/cv.pdf"}},
        {"type": "document", "source": {"type": "base64", "media_type": "application/pdf",
                                        "data": "JVBERi0xLjQK"},
         "cache_control": {"type": "ephemeral"}},
    ]


def test_audio_is_refused_before_sending(client, fake_anthropic):
    from instructor.multimodal import Audio

    clip = Audio.from_base64("data:audio/wav;base64,UklGRiQAAABXQVZF")
    with pytest.raises(instructor.exceptions.MultimodalError, match="does not accept audio"):
        client.create(model="m", response_model=User,
                      messages=[{"role": "user", "content": ["hear this", clip]}])
    assert fake_anthropic.requests == []


# -- from_provider -------------------------------------------------------------------


def test_from_provider_configures_the_client(fake_anthropic):
    client = instructor.from_provider("anthropic/claude-x", base_url=fake_anthropic.url,
                                      api_key="sk-ant-test", max_retries=0)
    assert isinstance(client, instructor.Instructor)
    fake_anthropic.script(user_reply())
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    request = fake_anthropic.last_request
    assert request.json["max_tokens"] == 4096 and request.json["model"] == "claude-x"
    assert "base_url" not in request.json
    assert sent_key(request) == "sk-ant-test"


def test_from_provider_async_and_env(fake_anthropic, monkeypatch):
    import asyncio

    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-from-env")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", fake_anthropic.url)
    client = instructor.from_provider("anthropic/claude-x", async_client=True, max_tokens=50)
    assert isinstance(client, instructor.AsyncInstructor)
    fake_anthropic.script(user_reply())

    async def run():
        try:
            return await client.create(response_model=User, messages=MESSAGES)
        finally:
            await client.client.close()

    assert asyncio.run(run()) == User(**GOOD)
    request = fake_anthropic.last_request
    assert request.json["max_tokens"] == 50
    assert sent_key(request) == "sk-from-env"


def test_generate_anthropic_schema_at_top_level():
    schema = instructor.generate_anthropic_schema(User)
    assert schema["name"] == "User" and schema["input_schema"]["required"] == ["age", "name"]
    schema["input_schema"]["required"].append("x")  # a copy: changing it changes nothing
    assert instructor.generate_anthropic_schema(User)["input_schema"]["required"] == [
        "age", "name"]


def test_no_warning_for_generic_modes(fake_anthropic):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        instructor.from_anthropic(fake_anthropic.client(), mode=Mode.JSON)
