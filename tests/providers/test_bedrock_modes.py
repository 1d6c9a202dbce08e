"""Bedrock's other modes (TOOLS_STRICT, JSON_SCHEMA, MD_JSON), media blocks and
from_provider, against the real ``boto3`` SDK and a loopback Converse fake."""

from __future__ import annotations

import json

import pytest
from _bedrock_common import GOOD, MESSAGES, MODEL, User, make, user_reply
from pydantic import BaseModel, Field

import instructor
from fakes.bedrock_server import converse, model_id, tool_use
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import ConfigurationError, InstructorRetryException

require_sdk("boto3")


class Pet(BaseModel):
    kind: str


class Owner(BaseModel):
    name: str
    pets: list[Pet]


@pytest.fixture
def client(fake_bedrock):
    return instructor.from_bedrock(fake_bedrock.client(), model=MODEL)


# -- TOOLS_STRICT --------------------------------------------------------------------


def test_tools_strict_closes_the_schema(fake_bedrock):
    fake_bedrock.script(converse(tool_uses=[tool_use("Owner", {"name": "A", "pets": []})]))
    client = make(fake_bedrock, Mode.TOOLS_STRICT)
    assert client.create(response_model=Owner, messages=MESSAGES) == Owner(name="A", pets=[])
    spec = fake_bedrock.last_request.json["toolConfig"]["tools"][0]["toolSpec"]
    assert spec["strict"] is True
    schema = spec["inputSchema"]["json"]
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Pet"]["additionalProperties"] is False


class Bounded(BaseModel):
    age: int = Field(ge=0)


class Mapping(BaseModel):
    scores: dict[str, int]


@pytest.mark.parametrize("mode", [Mode.TOOLS_STRICT, Mode.JSON_SCHEMA])
@pytest.mark.parametrize(("model", "what"), [(Bounded, "`minimum` constraint"),
                                              (Mapping, "free-form mapping")])
def test_strict_modes_refuse_what_bedrock_cannot_enforce_before_sending(
        fake_bedrock, mode, model, what):
    with pytest.raises(ConfigurationError, match=what) as info:
        make(fake_bedrock, mode).create(response_model=model, messages=MESSAGES)
    assert "Mode.TOOLS" in str(info.value) and model.__name__ in str(info.value)
    assert fake_bedrock.requests == []


# -- JSON modes ----------------------------------------------------------------------


def test_json_schema_mode_uses_output_config(fake_bedrock):
    fake_bedrock.script(converse('{"name": "Jason", "age": "x"}'), converse(json.dumps(GOOD)))
    client = make(fake_bedrock, Mode.JSON_SCHEMA)
    assert client.create(response_model=User, messages=MESSAGES,
                         outputConfig={"effort": "low"}) == User(**GOOD)
    first, second = (r.json for r in fake_bedrock.requests)
    config = first["outputConfig"]
    assert config["effort"] == "low"
    assert config["textFormat"]["type"] == "json_schema"
    schema = config["textFormat"]["structure"]["jsonSchema"]
    assert schema["name"] == "User" and schema["description"] == "A person named in the text."
    assert json.loads(schema["schema"])["additionalProperties"] is False  # a JSON string
    assert "toolConfig" not in first and "system" not in first
    assistant, user = second["messages"][1:]
    assert assistant == {"role": "assistant", "content": [{"text": '{"name": "Jason", "age": "x"}'}]}
    assert user["content"][0]["text"].startswith("That JSON did not validate:")


def test_md_json_mode(fake_bedrock):
    fake_bedrock.script(converse('Here:\n```json\n{"name": "Jason", "age": "x"}\n```'),
                        converse('```json\n{"name": "Jason", "age": 25}\n```'))
    client = make(fake_bedrock, Mode.MD_JSON)
    assert client.create(response_model=User, system="sys", messages=[
        {"role": "system", "content": "more"}, *MESSAGES]) == User(**GOOD)
    first, second = (r.json for r in fake_bedrock.requests)
    assert first["system"][:2] == [{"text": "sys"}, {"text": "more"}]
    instructions = first["system"][2]["text"]
    assert '"age"' in instructions and "```json" in instructions
    assert "toolConfig" not in first
    assert second["system"] == first["system"]
    assert [m["role"] for m in second["messages"]] == ["user", "assistant", "user"]


def test_md_json_without_text_is_reasked(fake_bedrock):
    fake_bedrock.script(converse(), converse(json.dumps(GOOD)))
    assert make(fake_bedrock, Mode.MD_JSON).create(response_model=User,
                                                   messages=MESSAGES) == User(**GOOD)
    # an empty assistant turn is not sent back: Converse refuses one
    assert [m["role"] for m in fake_bedrock.requests[1].json["messages"]] == ["user", "user"]


# -- media ---------------------------------------------------------------------------


def test_images_audio_and_pdfs_become_blocks(client, fake_bedrock, tmp_path):
    from instructor.multimodal import PDF, Audio, Image

    pdf = tmp_path / "my cv (2024)!.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    fake_bedrock.script(user_reply())
    messages = [{"role": "user", "content": [
        "Who is this?", Image.from_base64("data:image/png;base64,iVBORw0KGgo="),
        Image.from_url("s3://bucket/a.jpg"), PDF.from_path(pdf),
        Audio.from_base64("data:audio/wav;base64,UklGRiQAAABXQVZF"),
        {"type": "text", "text": "and this?"},
        {"type": "image_url", "image_url": {"url": "data:image/gif;base64,R0lGODlh"}}]}]
    client.create(response_model=User, messages=messages)
    content = fake_bedrock.last_request.json["messages"][0]["content"]
    assert content == [
        {"text": "Who is this?"},
        {"image": {"format": "png", "source": {"bytes": "iVBORw0KGgo="}}},
        {"image": {"format": "jpeg", "source": {"s3Location": {"uri": "s3://bucket/a.jpg"}}}},
        {"document": {"format": "pdf", "name": "my cv (2024)",
                      "source": {"bytes": "JVBERi0xLjQK"}}},
        {"audio": {"format": "wav", "source": {"bytes": "UklGRiQAAABXQVZF"}}},
        {"text": "and this?"},
        {"image": {"format": "gif", "source": {"bytes": "R0lGODlh"}}},
    ]


@pytest.mark.parametrize(("part", "match"), [
    ("https://x.test/a.png", "we do not download it"),
    ({"type": "image_url", "image_url": {"url": "https://x.test/a.png"}}, "from_path"),
    ("aiff", "does not take audio/aiff"),
])
def test_media_bedrock_cannot_take_is_refused_before_sending(client, fake_bedrock, part, match):
    from instructor.multimodal import Audio, Image

    if part == "aiff":
        part = Audio(source="x.aiff", media_type="audio/aiff", data="Rk9STQ==")
    elif isinstance(part, str):
        part = Image.from_url(part)
    with pytest.raises(instructor.exceptions.MultimodalError, match=match):
        client.create(response_model=User, messages=[{"role": "user", "content": ["x", part]}])
    assert fake_bedrock.requests == []


# -- from_provider -------------------------------------------------------------------


@pytest.mark.parametrize(("model", "mode"), [
    (MODEL, Mode.TOOLS), ("us.anthropic.claude-sonnet-4-v1:0", Mode.TOOLS),
    ("amazon.nova-lite-v1:0", Mode.MD_JSON), ("meta.llama3-8b-instruct-v1:0", Mode.MD_JSON)])
def test_from_provider_picks_the_mode_from_the_model(fake_bedrock, model, mode):
    client = instructor.from_provider(f"bedrock/{model}", endpoint_url=fake_bedrock.url,
                                      aws_access_key_id="a", aws_secret_access_key="b")
    assert client.mode is mode
    assert instructor.from_provider(f"bedrock/{model}", mode=Mode.JSON_SCHEMA,
                                    endpoint_url=fake_bedrock.url).mode is Mode.JSON_SCHEMA


def test_from_provider_configures_the_client(fake_bedrock, monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")  # region= wins
    client = instructor.from_provider(
        f"bedrock/{MODEL}", endpoint_url=fake_bedrock.url, region="ap-south-1",
        aws_access_key_id="AKIDKW", aws_secret_access_key="s", max_tokens=77, max_retries=0)
    assert isinstance(client, instructor.Instructor)
    fake_bedrock.script(user_reply({"name": 1}))
    with pytest.raises(InstructorRetryException):  # max_retries=0 reached create
        client.create(response_model=User, messages=MESSAGES)
    request = fake_bedrock.last_request
    assert model_id(request) == MODEL and request.json["inferenceConfig"] == {"maxTokens": 77}
    assert "/ap-south-1/bedrock/aws4_request" in request.headers["authorization"]
    assert "Credential=AKIDKW/" in request.headers["authorization"]
    client.client.close()


def test_from_provider_refuses_an_api_key_saying_what_bedrock_takes(fake_bedrock):
    with pytest.raises(ConfigurationError, match="aws_access_key_id=.*AWS_BEARER_TOKEN_BEDROCK"):
        instructor.from_provider(f"bedrock/{MODEL}", api_key="sk-1", endpoint_url=fake_bedrock.url)
    client = instructor.from_provider(f"bedrock/{MODEL}", api_key=None,
                                      endpoint_url=fake_bedrock.url)
    assert "api_key" not in client.kwargs


def test_from_provider_async_reads_the_aws_environment(fake_bedrock, monkeypatch, tmp_path):
    import asyncio

    for name in ("AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "env-token")
    monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", fake_bedrock.url)
    client = instructor.from_provider(f"bedrock/{MODEL}", async_client=True)
    assert isinstance(client, instructor.AsyncInstructor)
    fake_bedrock.script(user_reply())
    assert asyncio.run(client.create(response_model=User, messages=MESSAGES)) == User(**GOOD)
    client.client.close()
    headers = fake_bedrock.last_request.headers
    assert "Credential=AKIDENV/" in headers["authorization"]
    assert "/us-east-1/bedrock/aws4_request" in headers["authorization"]  # the default
    assert headers["x-amz-security-token"] == "env-token"


def test_no_warning_for_generic_modes(fake_bedrock):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        instructor.from_bedrock(fake_bedrock.client(), mode=Mode.MD_JSON)
