"""xAI's other modes (PARALLEL_TOOLS, JSON_SCHEMA, MD_JSON), media parts and
from_provider, against the real ``xai_sdk`` and a loopback gRPC fake."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable

import pytest
from pydantic import BaseModel

import instructor
from fakes.sdk import require_sdk
from fakes.xai_server import response, tool_call
from instructor import Mode
from instructor.exceptions import ConfigurationError, IncompleteOutputException

require_sdk("xai_sdk")


class User(BaseModel):
    """A person named in the text."""

    name: str
    age: int


class Address(BaseModel):
    city: str


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
SENT_MESSAGES = [{"content": [{"text": "Jason is 25"}], "role": "ROLE_USER"}]
GOOD = {"name": "Jason", "age": 25}


def user_reply(args=GOOD, **kw):
    return response(tool_calls=[tool_call("User", args)], **kw)


@pytest.fixture
def client(fake_xai):
    return instructor.from_xai(fake_xai.client(), model="grok-3")


# -- PARALLEL_TOOLS ------------------------------------------------------------


def test_parallel_tools(fake_xai):
    client = instructor.from_xai(fake_xai.client(), mode=Mode.PARALLEL_TOOLS, model="grok-3")
    fake_xai.script(response(tool_calls=[tool_call("User", GOOD),
                                         tool_call("Address", {"city": "Paris"}),
                                         tool_call("User", {"name": "Ada", "age": 36})]))
    out = client.create(response_model=Iterable[User | Address], messages=MESSAGES)
    assert out == [User(**GOOD), Address(city="Paris"), User(name="Ada", age=36)]
    sent = fake_xai.last_request.json
    assert [t["function"]["name"] for t in sent["tools"]] == ["User", "Address"]
    assert "toolChoice" not in sent


def test_parallel_tools_reasks_an_unknown_tool_and_refuses_to_stream(fake_xai):
    client = instructor.from_xai(fake_xai.client(), mode=Mode.PARALLEL_TOOLS, model="grok-3")
    fake_xai.script(response(tool_calls=[tool_call("Weather", {})]),
                    response(tool_calls=[tool_call("User", GOOD)]))
    assert client.create(response_model=Iterable[User], messages=MESSAGES) == [User(**GOOD)]
    assert fake_xai.requests[1].json["messages"][2]["role"] == "ROLE_TOOL"
    with pytest.raises(instructor.exceptions.InstructorError, match="does not stream"):
        client.create(response_model=Iterable[User], messages=MESSAGES, stream=True)
    with pytest.raises(ConfigurationError, match="one tool per model: it needs response_model=Iterable"):
        client.create(response_model=User, messages=MESSAGES)
    assert len(fake_xai.requests) == 2


# -- JSON modes ---------------------------------------------------------------------


def test_json_schema_mode_uses_the_response_format(fake_xai):
    client = instructor.from_xai(fake_xai.client(), mode=Mode.JSON_SCHEMA, model="grok-3")
    fake_xai.script(response('{"name": "Jason", "age": "x"}'), response(json.dumps(GOOD)))
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    first, second = (r.json for r in fake_xai.requests)
    fmt = first["responseFormat"]
    assert fmt["formatType"] == "FORMAT_TYPE_JSON_SCHEMA"
    assert json.loads(fmt["schema"])["required"] == ["age", "name"]
    assert "tools" not in first and first["messages"] == SENT_MESSAGES
    assistant, user = second["messages"][1:]
    assert assistant == {"content": [{"text": '{"name": "Jason", "age": "x"}'}],
                         "role": "ROLE_ASSISTANT"}
    assert user["content"][0]["text"].startswith("Correct your JSON ONLY RESPONSE")
    assert second["responseFormat"] == fmt


def test_md_json_merges_the_schema_into_the_system_message(fake_xai):
    client = instructor.from_xai(fake_xai.client(), mode=Mode.MD_JSON, model="grok-3")
    fake_xai.script(response('Sure:\n```json\n{"name": "Jason", "age": 25}\n```'),
                    response('```json\n{"name": "Jason", "age": 25}\n```'))
    messages = [{"role": "system", "content": "sys"}, *MESSAGES]
    assert client.create(response_model=User, messages=messages) == User(**GOOD)
    system = fake_xai.last_request.json["messages"][0]
    assert system["role"] == "ROLE_SYSTEM" and len(system["content"]) == 1
    text = system["content"][0]["text"]
    assert text.startswith("sys\n\n") and '"age"' in text and "```json" in text
    assert messages[0] == {"role": "system", "content": "sys"}
    # without a system message, the instructions become one
    client.create(response_model=User, messages=MESSAGES)
    first, *rest = fake_xai.last_request.json["messages"]
    assert first["role"] == "ROLE_SYSTEM" and rest == SENT_MESSAGES
    assert "tools" not in fake_xai.last_request.json


def test_md_json_reask_shows_the_failed_reply(fake_xai):
    with warnings.catch_warnings():  # the alias warns once per process (test_xai_state)
        warnings.simplefilter("ignore", DeprecationWarning)
        client = instructor.from_xai(fake_xai.client(), mode=Mode.XAI_JSON, model="grok-3")
    assert client.mode == Mode.MD_JSON
    fake_xai.script(response('```json\n{"name": "Jason"}\n```'),
                    response('```json\n{"name": "Jason", "age": 25}\n```'))
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    first, second = (r.json for r in fake_xai.requests)
    assert second["messages"][:2] == first["messages"]
    assistant, user = second["messages"][2:]
    assert assistant["content"][0]["text"] == '```json\n{"name": "Jason"}\n```'
    assert user["content"][0]["text"].startswith("Correct your JSON ONLY RESPONSE")
    assert "age" in user["content"][0]["text"]


@pytest.mark.parametrize("mode", [Mode.JSON_SCHEMA, Mode.MD_JSON, Mode.PARALLEL_TOOLS])
def test_every_mode_stops_at_a_cut_off_answer(fake_xai, mode):
    client = instructor.from_xai(fake_xai.client(), mode=mode, model="grok-3")
    model = Iterable[User] if mode == Mode.PARALLEL_TOOLS else User
    fake_xai.script(response('{"name": "Ja', tool_calls=[tool_call("User", GOOD)],
                             finish_reason="REASON_MAX_LEN"))
    with pytest.raises(IncompleteOutputException):
        client.create(response_model=model, messages=MESSAGES, max_retries=2)
    assert len(fake_xai.requests) == 1


# -- media ---------------------------------------------------------------------------


def test_images_become_sdk_parts(client, fake_xai):
    from instructor.multimodal import Image

    fake_xai.script(user_reply())
    messages = [{"role": "user", "content": [
        "Who is this?", Image.from_url("https://x.test/a.png"),
        Image.from_base64("data:image/png;base64,iVBORw0KGgo="),
        {"type": "image_url", "image_url": {"url": "https://x.test/b.png", "detail": "low"}}]}]
    client.create(response_model=User, messages=messages)
    content = fake_xai.last_request.json["messages"][0]["content"]
    assert content[0] == {"text": "Who is this?"}
    assert content[1]["imageUrl"]["imageUrl"] == "https://x.test/a.png"
    assert content[2]["imageUrl"]["imageUrl"] == "data:image/png;base64,iVBORw0KGgo="
    assert content[3]["imageUrl"] == {"imageUrl": "https://x.test/b.png", "detail": "DETAIL_LOW"}


def test_pdfs_become_file_parts(client, fake_xai):
    import inspect

    from xai_sdk import chat as xchat

    from instructor.multimodal import PDF

    pdfs = [PDF.from_url("https://x.test/cv.pdf"),
            PDF.from_base64("data:application/pdf;base64,JVBERi0xLjQK")]
    messages = [{"role": "user", "content": ["Read these", *pdfs]}]
    if "url" not in inspect.signature(xchat.file).parameters:  # xai-sdk < 1.12: ids only
        with pytest.raises(instructor.exceptions.MultimodalError, match="upgrade it"):
            client.create(response_model=User, messages=messages)
        assert fake_xai.requests == []
        return
    fake_xai.script(user_reply())
    client.create(response_model=User, messages=messages)
    content = fake_xai.last_request.json["messages"][0]["content"]
    assert content[1]["file"]["url"] == "https://x.test/cv.pdf"
    assert content[2]["file"]["data"] == "JVBERi0xLjQK"  # bytes, base64 in proto JSON
    assert content[2]["file"]["mimeType"] == "application/pdf"


def test_audio_is_refused_before_sending(client, fake_xai):
    from instructor.multimodal import Audio

    clip = Audio.from_base64("data:audio/wav;base64,UklGRiQAAABXQVZF")
    with pytest.raises(instructor.exceptions.MultimodalError, match="does not accept audio"):
        client.create(response_model=User,
                      messages=[{"role": "user", "content": ["hear this", clip]}])
    assert fake_xai.requests == []


# -- from_provider -------------------------------------------------------------------


def test_from_provider_with_base_url(fake_xai):
    client = instructor.from_provider("xai/grok-3", base_url=fake_xai.url, api_key="xai-test",
                                      channel_options=[("grpc.enable_retries", 0)],
                                      max_tokens=64)
    assert isinstance(client, instructor.Instructor) and client.mode == Mode.TOOLS
    fake_xai.script(user_reply())
    try:
        assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    finally:
        client.client.close()
    request = fake_xai.last_request
    assert request.json["model"] == "grok-3" and request.json["maxTokens"] == 64
    assert request.headers["authorization"] == "Bearer xai-test"


def test_from_provider_async_reads_the_key_from_the_environment(fake_xai, monkeypatch):
    import asyncio

    monkeypatch.setenv("XAI_API_KEY", "xai-from-env")

    async def run():
        client = instructor.from_provider("xai/grok-3", async_client=True, mode=Mode.JSON_SCHEMA,
                                          api_host=fake_xai.host, use_insecure_channel=True)
        assert isinstance(client, instructor.AsyncInstructor)
        try:
            return await client.create(response_model=User, messages=MESSAGES)
        finally:
            await client.client.close()

    fake_xai.script(response(json.dumps(GOOD)))
    assert asyncio.run(run()) == User(**GOOD)
    assert fake_xai.last_request.headers["authorization"] == "Bearer xai-from-env"
    assert "responseFormat" in fake_xai.last_request.json


def test_from_provider_without_a_key_says_what_to_do(monkeypatch):
    monkeypatch.delenv("XAI_API_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="set XAI_API_KEY or pass api_key="):
        instructor.from_provider("xai/grok-3")
    with pytest.raises(ConfigurationError, match="not both"):
        instructor.from_provider("xai/grok-3", api_key="k", api_host="h:1", base_url="http://h:1")
