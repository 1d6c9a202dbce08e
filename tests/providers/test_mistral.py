"""The Mistral provider against the real ``mistralai`` SDK and a loopback fake."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Iterable
from typing import Literal

import pytest
from pydantic import BaseModel, field_validator

import instructor
from fakes.mistral_server import Error, chat_completion, chat_stream, sdk_class, tool_call
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import (
    ClientError,
    IncompleteOutputException,
    InstructorRetryException,
    ModeError,
    MultimodalError,
)

require_sdk("mistralai")


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


def user_reply(args=GOOD, **kw):
    return chat_completion(tool_calls=[tool_call("User", args)], **kw)


@pytest.fixture
def client(fake_mistral):
    return instructor.from_mistral(fake_mistral.client(), model="mistral-small-latest")


# -- the client ----------------------------------------------------------------


def test_sync_and_async_from_one_client(fake_mistral):
    sdk = fake_mistral.client()
    assert type(instructor.from_mistral(sdk)) is instructor.Instructor
    assert type(instructor.from_mistral(sdk, use_async=True)) is instructor.AsyncInstructor


def test_wrong_client_is_a_client_error(fake_openai):
    with pytest.raises(ClientError, match="from_mistral needs a mistralai.*Mistral client.*got"
                                          " openai"):
        instructor.from_mistral(fake_openai.client())


def test_unsupported_mode_names_value_and_valid_modes(fake_mistral):
    with pytest.raises(ModeError) as info:
        instructor.from_mistral(fake_mistral.client(), mode=Mode.JSON)
    assert str(info.value) == ("mistral has no JSON ('json_mode') handler; valid modes: TOOLS, "
                               "JSON_SCHEMA, MD_JSON")
    with pytest.raises(ModeError, match="mistral has no COHERE_TOOLS"):
        instructor.from_mistral(fake_mistral.client(), mode=Mode.COHERE_TOOLS)


def test_1x_modes_are_deprecated_aliases(python):
    out = python("""
        import warnings, instructor
        from fakes.mistral_server import sdk_class
        from instructor import Mode
        Mistral = sdk_class("Mistral")
        client = Mistral(api_key="k")
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            modes = [instructor.from_mistral(client, mode=m).mode.name for m in (
                Mode.MISTRAL_TOOLS, Mode.MISTRAL_TOOLS, Mode.MISTRAL_STRUCTURED_OUTPUTS,
                Mode.MD_JSON)]
        print(modes)
        print([(w.category.__name__, w.filename.endswith("<string>")) for w in seen])
        print(str(seen[0].message))
    """)
    modes, warned, text = out.stdout.splitlines()
    assert modes == "['TOOLS', 'TOOLS', 'JSON_SCHEMA', 'MD_JSON']"
    assert warned == str([("DeprecationWarning", True)] * 2)  # once per alias
    assert text.startswith("Mode.MISTRAL_TOOLS ('mistral_tools') is deprecated")


# -- TOOLS ---------------------------------------------------------------------


def test_tools_request_shape(client, fake_mistral):
    fake_mistral.script(user_reply())
    messages = [{"role": "system", "content": "be brief"}, *MESSAGES]
    before = copy.deepcopy(messages)
    assert client.create(response_model=User, messages=messages, temperature=0) == User(**GOOD)
    assert messages == before
    request = fake_mistral.last_request
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer test-key"
    sent = request.json
    assert sent["model"] == "mistral-small-latest" and sent["temperature"] == 0
    assert sent["messages"] == [{"content": "be brief", "role": "system"},
                                {"content": "Jason is 25", "role": "user"}]
    assert sent["tool_choice"] == "any"
    (tool,) = sent["tools"]
    assert tool["type"] == "function" and tool["function"]["name"] == "User"
    assert tool["function"]["description"] == "A person named in the text."
    assert tool["function"]["parameters"]["required"] == ["age", "name"]


def test_arguments_sent_as_an_object_are_read(client, fake_mistral):
    fake_mistral.script(chat_completion(tool_calls=[tool_call("User", GOOD, as_object=True)]))
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)


def test_create_with_completion_returns_the_sdk_response(client, fake_mistral):
    fake_mistral.script(user_reply(usage=(12, 7)))
    user, completion = client.create_with_completion(response_model=User, messages=MESSAGES)
    assert user == User(**GOOD)
    assert isinstance(completion, sdk_class("ChatCompletionResponse"))
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (12, 7)


def test_response_model_none_passes_through(client, fake_mistral):
    fake_mistral.script(chat_completion("hello"), chat_stream("hi there"))
    reply = client.create(response_model=None, messages=MESSAGES)
    assert reply.choices[0].message.content == "hello"
    assert "tools" not in fake_mistral.last_request.json
    stream = client.create(response_model=None, messages=MESSAGES, stream=True)
    assert "".join(e.data.choices[0].delta.content or "" for e in stream) == "hi there"
    assert fake_mistral.last_request.json["stream"] is True


@pytest.mark.parametrize(("model", "name", "args", "expected"), [
    (int, "Response", {"content": 7}, 7),
    (Literal["a", "b"], "Response", {"content": "b"}, "b"),
    (list[User], "IterableUser", {"tasks": [GOOD, {"name": "Ada", "age": 36}]},
     [User(**GOOD), User(name="Ada", age=36)]),
    (Iterable[User], "IterableUser", {"tasks": [GOOD]}, [User(**GOOD)]),
])
def test_simple_and_list_types(client, fake_mistral, model, name, args, expected):
    fake_mistral.script(chat_completion(tool_calls=[tool_call(name, args)]))
    assert client.create(response_model=model, messages=MESSAGES) == expected
    assert fake_mistral.last_request.json["tools"][0]["function"]["name"] == name


def test_iterable_of_a_union_returns_every_item(client, fake_mistral):
    # 1.17 returned [] here
    fake_mistral.script(chat_completion(tool_calls=[tool_call("IterableUserOrAddress", {
        "tasks": [GOOD, {"city": "Paris"}]})]))
    out = client.create(response_model=Iterable[User | Address], messages=MESSAGES)
    assert out == [User(**GOOD), Address(city="Paris")]


@pytest.mark.parametrize("reason", ["length", "model_length"])
def test_cut_off_answer_is_incomplete_and_not_retried(client, fake_mistral, reason):
    fake_mistral.script(user_reply({"name": "Ja"}, finish_reason=reason))
    with pytest.raises(IncompleteOutputException) as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=3)
    assert info.value.last_completion.choices[0].finish_reason == reason
    assert len(fake_mistral.requests) == 1


def test_reask_sends_the_call_and_a_tool_message(client, fake_mistral):
    fake_mistral.script(
        chat_completion(tool_calls=[tool_call("Shouty", {"name": "ada"}, as_object=True,
                                              id="abcDEF123")]),
        chat_completion(tool_calls=[tool_call("Shouty", {"name": "ADA"})]))
    messages = copy.deepcopy(MESSAGES)
    assert client.create(response_model=Shouty, messages=messages).name == "ADA"
    assert messages == MESSAGES
    first, second = (r.json for r in fake_mistral.requests)
    assert first["messages"] == [{"content": "Jason is 25", "role": "user"}]
    assistant, tool = second["messages"][1:]
    assert assistant["role"] == "assistant"
    # arguments go back as JSON text, although they came as an object (the SDK
    # adds the call's index)
    assert assistant["tool_calls"] == [{"id": "abcDEF123", "type": "function", "index": 0,
                                        "function": {"name": "Shouty",
                                                     "arguments": '{"name": "ada"}'}}]
    assert tool["role"] == "tool" and tool["tool_call_id"] == "abcDEF123"
    assert tool["name"] == "Shouty"
    assert tool["content"].startswith("Validation Error found:")
    assert "name must be upper case" in tool["content"]


def test_reask_after_a_reply_without_tool_calls(client, fake_mistral):
    # 1.17 crashed with KeyError here
    fake_mistral.script(chat_completion("I'd rather chat"), user_reply())
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    assistant, user = fake_mistral.requests[1].json["messages"][1:]
    assert assistant == {"content": "I'd rather chat", "role": "assistant", "prefix": False}
    assert user["role"] == "user" and "did not call the tool 'User'" in user["content"]


def test_usage_is_summed_over_attempts(client, fake_mistral):
    fake_mistral.script(user_reply({"name": "J"}, usage=(10, 3)), user_reply(usage=(20, 4)))
    _, completion = client.create_with_completion(response_model=User, messages=MESSAGES)
    usage = completion.usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (30, 7, 37)


def test_every_attempt_failing_raises_retry_exception(client, fake_mistral):
    fake_mistral.always(user_reply({"name": "J"}, usage=(5, 1)))
    with pytest.raises(InstructorRetryException) as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=2)
    error = info.value
    assert error.n_attempts == 3 and len(fake_mistral.requests) == 3
    assert error.total_usage.prompt_tokens == 15
    assert error.messages[0] == MESSAGES[0] and len(error.messages) == 5


def test_sdk_errors_are_wrapped_not_retried(client, fake_mistral):
    SDKError = sdk_class("SDKError")
    fake_mistral.script(Error(400, "bad request"))
    with pytest.raises(InstructorRetryException) as info:
        client.create(response_model=User, messages=MESSAGES)
    assert isinstance(info.value.__cause__, SDKError)
    assert len(fake_mistral.requests) == 1
    fake_mistral.script(Error(400, "bad request"))
    with pytest.raises(SDKError):
        client.create(response_model=None, messages=MESSAGES)


def test_async_create_retries_through_complete_async(fake_mistral):
    client = instructor.from_mistral(fake_mistral.client(), use_async=True, model="m")
    fake_mistral.script(user_reply({"name": "J"}), user_reply())

    async def run():
        return await client.create_with_completion(response_model=User, messages=MESSAGES)

    user, completion = asyncio.run(run())
    assert user == User(**GOOD) and completion.usage.prompt_tokens == 20
    assert len(fake_mistral.requests) == 2


# -- JSON modes ---------------------------------------------------------------------


def test_json_schema_mode_uses_structured_outputs(fake_mistral):
    client = instructor.from_mistral(fake_mistral.client(), mode=Mode.JSON_SCHEMA, model="m")
    fake_mistral.script(chat_completion('{"name": "Jason", "age": "25"}'),
                        chat_completion(json.dumps(GOOD)))
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    first, second = (r.json for r in fake_mistral.requests)
    fmt = first["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "User" and fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"]["additionalProperties"] is False
    assert fmt["json_schema"]["schema"]["required"] == ["age", "name"]
    assert "tools" not in first
    assistant, user = second["messages"][1:]
    assert assistant == {"content": '{"name": "Jason", "age": "25"}', "role": "assistant",
                         "prefix": False}
    assert user["content"].startswith("Validation Error found:")


def test_md_json_mode_and_text_in_chunks(fake_mistral):
    client = instructor.from_mistral(fake_mistral.client(), mode=Mode.MD_JSON, model="m")
    # A reasoning model answers with a thinking chunk, then the text.
    fake_mistral.script(chat_completion([
        {"type": "thinking", "thinking": [{"type": "text", "text": "hmm {no}"}]},
        {"type": "text", "text": 'Sure:\n```json\n{"name": "Jason", "age": 25}\n```'}]))
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    sent = fake_mistral.last_request.json
    system, user, trailer = sent["messages"]
    assert system["role"] == "system" and '"age"' in system["content"]
    assert "```json" in system["content"]
    assert user == {"content": "Jason is 25", "role": "user"}
    assert trailer["role"] == "user" and "```json" in trailer["content"]
    assert "response_format" not in sent and "tools" not in sent


# -- media ---------------------------------------------------------------------------


def test_images_documents_and_audio_become_chunks(client, fake_mistral):
    from instructor.multimodal import PDF, Audio, Image

    fake_mistral.script(user_reply())
    messages = [{"role": "user", "content": [
        "Who is this?", Image.from_url("https://x.test/a.png"),
        Image.from_base64("data:image/png;base64,iVBORw0KGgo="),
        PDF.from_url("https://x.test/cv.pdf"),
        Audio.from_base64("data:audio/wav;base64,UklGRiQAAABXQVZF")]}]
    client.create(response_model=User, messages=messages)
    assert fake_mistral.last_request.json["messages"][0]["content"] == [
        {"text": "Who is this?", "type": "text"},
        {"image_url": "https://x.test/a.png", "type": "image_url"},
        {"image_url": "data:image/png;base64,iVBORw0KGgo=", "type": "image_url"},
        {"document_url": "https://x.test/cv.pdf", "type": "document_url"},
        {"input_audio": "UklGRiQAAABXQVZF", "type": "input_audio"},
    ]


def test_audio_by_url_is_refused_before_sending(client, fake_mistral):
    from instructor.multimodal import Audio

    with pytest.raises(MultimodalError, match="Mistral takes audio inline only"):
        client.create(response_model=User, messages=[
            {"role": "user", "content": ["hear this", Audio.from_url("https://x.test/a.wav")]}])
    assert fake_mistral.requests == []


# -- from_provider -------------------------------------------------------------------


def test_from_provider_configures_the_client_and_keeps_the_mode(fake_mistral):
    # 1.17 ignored mode= for mistral and could not reach another server
    client = instructor.from_provider("mistral/mistral-large-latest", mode=Mode.JSON_SCHEMA,
                                      base_url=fake_mistral.url, api_key="sk-mistral-test",
                                      timeout=5, temperature=0.5)
    assert isinstance(client, instructor.Instructor) and client.mode == Mode.JSON_SCHEMA
    fake_mistral.script(chat_completion(json.dumps(GOOD)))
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    request = fake_mistral.last_request
    assert request.json["model"] == "mistral-large-latest"
    assert request.json["temperature"] == 0.5 and "response_format" in request.json
    assert request.headers["authorization"] == "Bearer sk-mistral-test"


def test_from_provider_async_with_the_key_from_the_environment(fake_mistral, monkeypatch):
    monkeypatch.setenv("MISTRAL_API_KEY", "sk-from-env")
    client = instructor.from_provider("mistral/m", async_client=True,
                                      server_url=fake_mistral.url)
    assert isinstance(client, instructor.AsyncInstructor) and client.mode == Mode.TOOLS
    fake_mistral.script(user_reply())

    async def run():
        async with client.client:  # closes the SDK's own httpx client in this loop
            return await client.create(response_model=User, messages=MESSAGES)

    assert asyncio.run(run()) == User(**GOOD)
    assert fake_mistral.last_request.headers["authorization"] == "Bearer sk-from-env"


def test_from_provider_without_a_key_says_what_to_do(monkeypatch):
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    with pytest.raises(ValueError, match="pass api_key= or set MISTRAL_API_KEY") as info:
        instructor.from_provider("mistral/m")
    assert isinstance(info.value, instructor.exceptions.ConfigurationError)


def test_1x_media_converters():
    from instructor.multimodal import PDF, Image

    assert Image.from_url("https://x.test/a.png").to_mistral() == {
        "type": "image_url", "image_url": "https://x.test/a.png"}
    assert PDF.from_url("https://x.test/cv.pdf").to_mistral() == {
        "type": "document_url", "document_url": "https://x.test/cv.pdf"}


def test_docstring_examples():
    import doctest
    import importlib

    for name in ("_common", "media"):
        module = importlib.import_module(f"instructor.providers.mistral.{name}")
        assert doctest.testmod(module).failed == 0, name
