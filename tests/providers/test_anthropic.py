"""The Anthropic provider against the real ``anthropic`` SDK and a loopback fake."""

from __future__ import annotations

import copy
import json
import warnings
from collections.abc import Iterable
from typing import Literal

import pytest
from pydantic import BaseModel, field_validator

import instructor
from fakes.anthropic_server import Error, message, tool_use
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import (
    ClientError,
    IncompleteOutputException,
    InstructorRetryException,
    ModeError,
)

require_sdk("anthropic")


class User(BaseModel):
    """A person named in the text."""

    name: str
    age: int


class Shouty(BaseModel):
    name: str

    @field_validator("name")
    @classmethod
    def upper(cls, value: str) -> str:
        if value != value.upper():
            raise ValueError("name must be upper case")
        return value


class Address(BaseModel):
    city: str


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
GOOD = {"name": "Jason", "age": 25}


def sent_key(request):
    """The API key a request carried (SDK versions use x-api-key or a bearer token)."""
    return request.headers.get("x-api-key") or request.headers["authorization"].removeprefix(
        "Bearer ")


def user_reply(args=GOOD, **kw):
    return message(tool_uses=[tool_use("User", args)], **kw)


@pytest.fixture
def client(fake_anthropic):
    return instructor.from_anthropic(fake_anthropic.client(), max_tokens=256)


# -- the client ----------------------------------------------------------------


def test_sync_and_async_clients(fake_anthropic):
    assert isinstance(instructor.from_anthropic(fake_anthropic.client()), instructor.Instructor)
    assert isinstance(instructor.from_anthropic(fake_anthropic.async_client()),
                      instructor.AsyncInstructor)


def test_bedrock_and_vertex_clients_are_accepted():
    import anthropic

    bedrock = anthropic.AnthropicBedrock(aws_access_key="a", aws_secret_key="b",
                                         aws_region="us-east-1")
    vertex = anthropic.AsyncAnthropicVertex(region="us-east5", project_id="p",
                                            access_token="t")
    assert isinstance(instructor.from_anthropic(bedrock), instructor.Instructor)
    assert isinstance(instructor.from_anthropic(vertex), instructor.AsyncInstructor)


def test_vertex_client_end_to_end(fake_anthropic):
    fake_anthropic.script(user_reply())
    client = instructor.from_anthropic(fake_anthropic.vertex_client())
    assert client.create(model="claude-x", max_tokens=10, response_model=User,
                         messages=MESSAGES) == User(**GOOD)
    request = fake_anthropic.last_request
    assert request.path.endswith("/publishers/anthropic/models/claude-x:rawPredict")
    assert request.headers["authorization"] == "Bearer test-token"


def test_wrong_client_is_a_client_error(fake_openai):
    with pytest.raises(ClientError, match="from_anthropic needs an anthropic client.*got openai"):
        instructor.from_anthropic(fake_openai.client())


def test_unsupported_mode_names_value_and_valid_modes(fake_anthropic):
    with pytest.raises(ModeError) as info:
        instructor.from_anthropic(fake_anthropic.client(), mode=Mode.MD_JSON)
    assert str(info.value) == (
        "anthropic has no MD_JSON ('markdown_json_mode') handler; valid modes: TOOLS, "
        "PARALLEL_TOOLS, ANTHROPIC_REASONING_TOOLS, JSON, JSON_SCHEMA")
    with pytest.raises(ModeError, match="anthropic has no GENAI_TOOLS"):
        instructor.from_anthropic(fake_anthropic.client(), mode=Mode.GENAI_TOOLS)


def test_1x_modes_are_deprecated_aliases(python):
    out = python("""
        import warnings, anthropic, instructor
        from instructor import Mode
        client = anthropic.Anthropic(api_key="k")
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            modes = [instructor.from_anthropic(client, mode=m).mode.name for m in (
                Mode.ANTHROPIC_TOOLS, Mode.ANTHROPIC_TOOLS, Mode.ANTHROPIC_JSON,
                Mode.ANTHROPIC_PARALLEL_TOOLS, Mode.TOOLS)]
        print(modes)
        print([(w.category.__name__, w.filename.endswith("<string>")) for w in seen])
        print(str(seen[0].message))
    """)
    modes, warned, text = out.stdout.splitlines()
    assert modes == "['TOOLS', 'TOOLS', 'JSON', 'PARALLEL_TOOLS', 'TOOLS']"
    assert warned == str([("DeprecationWarning", True)] * 3)  # once per alias
    assert text.startswith("Mode.ANTHROPIC_TOOLS ('anthropic_tools') is deprecated")


# -- TOOLS ---------------------------------------------------------------------


def test_tools_request_shape(client, fake_anthropic):
    fake_anthropic.script(user_reply())
    messages = [{"role": "system", "content": "be brief"},
                {"role": "system", "content": [{"type": "text", "text": "be kind",
                                                "cache_control": {"type": "ephemeral"}}]},
                *MESSAGES]
    before = copy.deepcopy(messages)
    user = client.messages.create(model="claude-x", response_model=User, messages=messages,
                                  system="you extract people")
    assert user == User(**GOOD)
    assert messages == before
    sent = fake_anthropic.last_request.json
    assert sent["max_tokens"] == 256 and sent["model"] == "claude-x"
    assert sent["messages"] == MESSAGES
    assert sent["system"] == [
        {"type": "text", "text": "you extract people"},
        {"type": "text", "text": "be brief"},
        {"type": "text", "text": "be kind", "cache_control": {"type": "ephemeral"}},
    ]
    assert sent["tool_choice"] == {"type": "tool", "name": "User",
                                   "disable_parallel_tool_use": True}
    (tool,) = sent["tools"]
    assert tool["name"] == "User" and tool["description"] == "A person named in the text."
    assert tool["input_schema"]["required"] == ["age", "name"]
    assert sent_key(fake_anthropic.last_request) == "test-key"


def test_every_1x_spelling_of_create(client, fake_anthropic):
    fake_anthropic.script(user_reply(), user_reply(), user_reply())
    for create in (client.messages.create, client.chat.completions.create, client.create):
        assert create(model="m", response_model=User, messages=MESSAGES) == User(**GOOD)


def test_create_with_completion_returns_the_message(client, fake_anthropic):
    import anthropic

    fake_anthropic.script(user_reply(usage=(12, 7)))
    user, completion = client.create_with_completion(model="m", response_model=User,
                                                     messages=MESSAGES)
    assert user == User(**GOOD)
    assert isinstance(completion, anthropic.types.Message)
    assert (completion.usage.input_tokens, completion.usage.output_tokens) == (12, 7)


def test_response_model_none_passes_the_message_through(client, fake_anthropic):
    import anthropic

    fake_anthropic.script(message("hello"))
    reply = client.create(model="m", response_model=None,
                          messages=[{"role": "system", "content": "sys"}, *MESSAGES])
    assert isinstance(reply, anthropic.types.Message) and reply.content[0].text == "hello"
    sent = fake_anthropic.last_request.json
    assert sent["system"] == [{"type": "text", "text": "sys"}] and "tools" not in sent


@pytest.mark.parametrize(("model", "args", "expected"), [
    (int, {"content": 7}, 7),
    (Literal["a", "b"], {"content": "b"}, "b"),
    (list[User], {"tasks": [GOOD, {"name": "Ada", "age": 36}]},
     [User(**GOOD), User(name="Ada", age=36)]),
    (Iterable[User], {"tasks": [GOOD]}, [User(**GOOD)]),
])
def test_simple_and_list_types(client, fake_anthropic, model, args, expected):
    name = "Response" if "content" in args else "IterableUser"
    fake_anthropic.script(message(tool_uses=[tool_use(name, args)]))
    assert client.create(model="m", response_model=model, messages=MESSAGES) == expected
    assert fake_anthropic.last_request.json["tool_choice"]["name"] == name


def test_max_tokens_stop_is_incomplete_and_not_retried(client, fake_anthropic):
    fake_anthropic.script(user_reply(stop_reason="max_tokens"))
    with pytest.raises(IncompleteOutputException) as info:
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries=3)
    assert info.value.last_completion.stop_reason == "max_tokens"
    assert len(fake_anthropic.requests) == 1


def test_reask_sends_tool_result_with_the_error(client, fake_anthropic):
    fake_anthropic.script(message(tool_uses=[tool_use("Shouty", {"name": "ada"}, id="toolu_1")]),
                          message(tool_uses=[tool_use("Shouty", {"name": "ADA"})]))
    messages = copy.deepcopy(MESSAGES)
    assert client.create(model="m", response_model=Shouty, messages=messages).name == "ADA"
    assert messages == MESSAGES
    first, second = (r.json for r in fake_anthropic.requests)
    assert first["messages"] == MESSAGES
    assistant, result = second["messages"][1:]
    assert assistant == {"role": "assistant", "content": [
        {"type": "tool_use", "id": "toolu_1", "name": "Shouty", "input": {"name": "ada"}}]}
    (block,) = result["content"]
    assert result["role"] == "user" and block["type"] == "tool_result"
    assert block["tool_use_id"] == "toolu_1" and block["is_error"] is True
    assert "name must be upper case" in block["content"]


def test_reask_without_a_tool_call(client, fake_anthropic):
    fake_anthropic.script(message("I will not use tools"), user_reply())
    assert client.create(model="m", response_model=User, messages=MESSAGES) == User(**GOOD)
    assistant, user = fake_anthropic.requests[1].json["messages"][1:]
    assert assistant["content"] == [{"type": "text", "text": "I will not use tools"}]
    assert user["content"][0]["text"].startswith("Validation Error due to no tool invocation")


def test_usage_is_summed_over_attempts(client, fake_anthropic):
    fake_anthropic.script(user_reply({"name": "J"}, usage=(10, 3)), user_reply(usage=(20, 4)))
    _, completion = client.create_with_completion(model="m", response_model=User,
                                                  messages=MESSAGES)
    assert (completion.usage.input_tokens, completion.usage.output_tokens) == (30, 7)


def test_every_attempt_failing_raises_retry_exception(client, fake_anthropic):
    fake_anthropic.always(user_reply({"name": "J"}, usage=(5, 1)))
    with pytest.raises(InstructorRetryException) as info:
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries=2)
    error = info.value
    assert error.n_attempts == 3 and len(fake_anthropic.requests) == 3
    assert error.total_usage.input_tokens == 15
    assert error.messages[0] == MESSAGES[0] and len(error.messages) == 5


def test_sdk_errors_are_wrapped_not_retried(client, fake_anthropic):
    import anthropic

    fake_anthropic.script(Error(400, "bad request"))
    with pytest.raises(InstructorRetryException) as info:
        client.create(model="m", response_model=User, messages=MESSAGES)
    assert isinstance(info.value.__cause__, anthropic.BadRequestError)
    assert len(fake_anthropic.requests) == 1
    fake_anthropic.script(Error(400, "bad request"))
    with pytest.raises(anthropic.BadRequestError):
        client.create(model="m", response_model=None, messages=MESSAGES)


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
