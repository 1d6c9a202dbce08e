"""The Cohere provider (v2 Chat API) against the real ``cohere`` SDK and a loopback fake."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Iterable
from typing import Literal

import pytest
from pydantic import BaseModel, field_validator

import instructor
from fakes.cohere_server import Error, chat_v2, tool_call
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import (
    ClientError,
    IncompleteOutputException,
    InstructorRetryException,
    ModeError,
    MultimodalError,
)

require_sdk("cohere")


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
    return chat_v2(tool_calls=[tool_call("User", args)], **kw)


@pytest.fixture
def client(fake_cohere):
    return instructor.from_cohere(fake_cohere.client(), model="command-a-03-2025")


# -- the client ----------------------------------------------------------------


def test_every_client_class(fake_cohere):
    assert type(instructor.from_cohere(fake_cohere.client())) is instructor.Instructor
    assert type(instructor.from_cohere(fake_cohere.v1_client())) is instructor.Instructor
    assert type(instructor.from_cohere(fake_cohere.async_client())) is instructor.AsyncInstructor
    assert type(instructor.from_cohere(fake_cohere.async_v1_client())) is \
        instructor.AsyncInstructor


def test_wrong_client_is_a_client_error(fake_mistral):
    with pytest.raises(ClientError, match=r"from_cohere needs a cohere client \(ClientV2, "
                                          r"AsyncClientV2, Client, AsyncClient\), got mistral"):
        instructor.from_cohere(fake_mistral.client())


def test_unsupported_mode_names_value_and_valid_modes(fake_cohere):
    with pytest.raises(ModeError) as info:
        instructor.from_cohere(fake_cohere.client(), mode=Mode.JSON)
    assert str(info.value) == ("cohere has no JSON ('json_mode') handler; valid modes: TOOLS, "
                               "JSON_SCHEMA, MD_JSON")
    with pytest.raises(ModeError, match="cohere has no MISTRAL_TOOLS"):
        instructor.from_cohere(fake_cohere.client(), mode=Mode.MISTRAL_TOOLS)


def test_1x_modes_are_deprecated_aliases(python):
    out = python("""
        import warnings, cohere, instructor
        from instructor import Mode
        client = cohere.ClientV2(api_key="k")
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            modes = [instructor.from_cohere(client, mode=m).mode.name for m in (
                Mode.COHERE_TOOLS, Mode.COHERE_JSON_SCHEMA, Mode.COHERE_TOOLS, Mode.MD_JSON)]
        print(modes)
        print([(w.category.__name__, w.filename.endswith("<string>")) for w in seen])
        print(str(seen[1].message))
    """)
    modes, warned, text = out.stdout.splitlines()
    assert modes == "['TOOLS', 'JSON_SCHEMA', 'TOOLS', 'MD_JSON']"
    assert warned == str([("DeprecationWarning", True)] * 2)  # once per alias
    assert text.startswith("Mode.COHERE_JSON_SCHEMA ('json_object') is deprecated")


# -- TOOLS ---------------------------------------------------------------------


def test_tools_sends_a_real_tool(client, fake_cohere):
    # 1.17 sent no tools in this mode, only the schema in a prompt
    fake_cohere.script(user_reply())
    messages = [{"role": "system", "content": "be brief"}, *MESSAGES]
    before = copy.deepcopy(messages)
    assert client.create(response_model=User, messages=messages, temperature=0) == User(**GOOD)
    assert messages == before
    request = fake_cohere.last_request
    assert request.path == "/v2/chat"
    assert request.headers["authorization"] == "Bearer test-key"
    sent = request.json
    assert sent["model"] == "command-a-03-2025" and sent["temperature"] == 0
    assert sent["messages"] == messages
    assert sent["tool_choice"] == "REQUIRED"
    (tool,) = sent["tools"]
    assert tool["type"] == "function" and tool["function"]["name"] == "User"
    assert tool["function"]["description"] == "A person named in the text."
    assert tool["function"]["parameters"]["required"] == ["age", "name"]


def test_tool_choice_can_be_left_out_for_older_models(client, fake_cohere):
    fake_cohere.script(user_reply(), user_reply())
    client.create(response_model=User, messages=MESSAGES, tool_choice=None)
    assert "tool_choice" not in fake_cohere.last_request.json
    client.create(response_model=User, messages=MESSAGES, tool_choice="NONE")
    assert fake_cohere.last_request.json["tool_choice"] == "NONE"


def test_create_with_completion_returns_the_sdk_response(client, fake_cohere):
    import cohere

    fake_cohere.script(user_reply(usage=(12, 7)))
    user, completion = client.create_with_completion(response_model=User, messages=MESSAGES)
    assert user == User(**GOOD)
    assert isinstance(completion, cohere.V2ChatResponse)
    assert completion.usage.tokens.input_tokens == 12
    assert completion.usage.billed_units.output_tokens == 7


def test_response_model_none_passes_through(client, fake_cohere):
    from fakes.cohere_server import chat_v2_stream

    fake_cohere.script(chat_v2("hello"), chat_v2_stream("hi there"))
    reply = client.create(response_model=None, messages=MESSAGES)
    assert reply.message.content[0].text == "hello"
    assert "tools" not in fake_cohere.last_request.json
    stream = client.create(response_model=None, messages=MESSAGES, stream=True)
    assert "".join(e.delta.message.content.text for e in stream
                   if e.type == "content-delta") == "hi there"
    assert fake_cohere.last_request.json["stream"] is True


@pytest.mark.parametrize(("model", "name", "args", "expected"), [
    (int, "Response", {"content": 7}, 7),
    (Literal["a", "b"], "Response", {"content": "b"}, "b"),
    (list[User], "IterableUser", {"tasks": [GOOD, {"name": "Ada", "age": 36}]},
     [User(**GOOD), User(name="Ada", age=36)]),
    (Iterable[User | Address], "IterableUserOrAddress", {"tasks": [GOOD, {"city": "Paris"}]},
     [User(**GOOD), Address(city="Paris")]),
])
def test_simple_and_list_types(client, fake_cohere, model, name, args, expected):
    fake_cohere.script(chat_v2(tool_calls=[tool_call(name, args)]))
    assert client.create(response_model=model, messages=MESSAGES) == expected
    assert fake_cohere.last_request.json["tools"][0]["function"]["name"] == name


def test_max_tokens_is_incomplete_and_not_retried(client, fake_cohere):
    fake_cohere.script(user_reply('{"name": "Ja', finish_reason="MAX_TOKENS"))
    with pytest.raises(IncompleteOutputException) as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=3)
    assert info.value.last_completion.finish_reason == "MAX_TOKENS"
    assert len(fake_cohere.requests) == 1


def test_reask_sends_the_call_and_a_tool_message(client, fake_cohere):
    fake_cohere.script(
        chat_v2(tool_calls=[tool_call("Shouty", {"name": "ada"}, id="shouty_1")],
                tool_plan="I will extract the name."),
        chat_v2(tool_calls=[tool_call("Shouty", {"name": "ADA"})]))
    messages = copy.deepcopy(MESSAGES)
    assert client.create(response_model=Shouty, messages=messages).name == "ADA"
    assert messages == MESSAGES
    first, second = (r.json for r in fake_cohere.requests)
    assert first["messages"] == MESSAGES
    assistant, tool = second["messages"][1:]
    assert assistant == {"role": "assistant", "tool_plan": "I will extract the name.",
                         "tool_calls": [{"id": "shouty_1", "type": "function", "function": {
                             "name": "Shouty", "arguments": '{"name": "ada"}'}}]}
    assert tool["role"] == "tool" and tool["tool_call_id"] == "shouty_1"
    assert tool["content"].startswith("Validation Error found:")
    assert "name must be upper case" in tool["content"]


def test_reask_after_a_reply_without_a_call(client, fake_cohere):
    fake_cohere.script(chat_v2("I'd rather chat"), user_reply())
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    assistant, user = fake_cohere.requests[1].json["messages"][1:]
    assert assistant == {"role": "assistant", "content": "I'd rather chat"}
    assert user["role"] == "user" and "did not call the tool 'User'" in user["content"]


def test_usage_is_summed_over_attempts(client, fake_cohere):
    # 1.17 kept only the last attempt's usage for Cohere
    fake_cohere.script(user_reply({"name": "J"}, usage=(10, 3)), user_reply(usage=(20, 4)))
    _, completion = client.create_with_completion(response_model=User, messages=MESSAGES)
    usage = completion.usage
    assert (usage.tokens.input_tokens, usage.tokens.output_tokens) == (30, 7)
    assert (usage.billed_units.input_tokens, usage.billed_units.output_tokens) == (30, 7)


def test_every_attempt_failing_raises_retry_exception(client, fake_cohere):
    fake_cohere.always(user_reply({"name": "J"}, usage=(5, 1)))
    with pytest.raises(InstructorRetryException) as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=2)
    error = info.value
    assert error.n_attempts == 3 and len(fake_cohere.requests) == 3
    assert error.total_usage.tokens.input_tokens == 15
    assert error.messages[0] == MESSAGES[0] and len(error.messages) == 5


def test_sdk_errors_are_wrapped_not_retried(client, fake_cohere):
    import cohere

    fake_cohere.script(Error(400, "bad request"))
    with pytest.raises(InstructorRetryException) as info:
        client.create(response_model=User, messages=MESSAGES)
    assert isinstance(info.value.__cause__, cohere.BadRequestError)
    assert len(fake_cohere.requests) == 1
    fake_cohere.script(Error(400, "bad request"))
    with pytest.raises(cohere.BadRequestError):
        client.create(response_model=None, messages=MESSAGES)


def test_async_client(fake_cohere):
    client = instructor.from_cohere(fake_cohere.async_client(), model="m")
    fake_cohere.script(user_reply({"name": "J"}), user_reply())

    async def run():
        return await client.create_with_completion(response_model=User, messages=MESSAGES)

    user, completion = asyncio.run(run())
    assert user == User(**GOOD) and completion.usage.tokens.input_tokens == 20
    assert len(fake_cohere.requests) == 2


# -- JSON modes ---------------------------------------------------------------------


def test_json_schema_mode(fake_cohere):
    client = instructor.from_cohere(fake_cohere.client(), mode=Mode.JSON_SCHEMA, model="m")
    fake_cohere.script(chat_v2('{"name": "Jason", "age": "25"}'), chat_v2(json.dumps(GOOD)))
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    first, second = (r.json for r in fake_cohere.requests)
    fmt = first["response_format"]
    # v2 calls the schema json_schema (1.17 sent v1's name, schema)
    assert fmt["type"] == "json_object" and set(fmt) == {"type", "json_schema"}
    assert fmt["json_schema"]["required"] == ["age", "name"]
    assert "tools" not in first
    assistant, user = second["messages"][1:]
    assert assistant == {"role": "assistant", "content": '{"name": "Jason", "age": "25"}'}
    assert user["role"] == "user" and user["content"].startswith("Correct your JSON")


def test_md_json_mode(fake_cohere):
    client = instructor.from_cohere(fake_cohere.client(), mode=Mode.MD_JSON, model="m")
    fake_cohere.script(chat_v2('Sure:\n```json\n{"name": "Jason", "age": 25}\n```'))
    assert client.create(response_model=User, messages=[{"role": "system", "content": "sys"},
                                                        *MESSAGES]) == User(**GOOD)
    sent = fake_cohere.last_request.json
    system, user = sent["messages"]
    assert system["role"] == "system" and system["content"].startswith("sys\n\n")
    assert '"age"' in system["content"] and "```json" in system["content"]
    assert user == MESSAGES[0]
    assert "response_format" not in sent and "tools" not in sent


# -- media ---------------------------------------------------------------------------


def test_images_become_parts(client, fake_cohere):
    from instructor.multimodal import Image

    fake_cohere.script(user_reply())
    messages = [{"role": "user", "content": [
        "Who is this?", Image.from_url("https://x.test/a.png"),
        Image.from_base64("data:image/png;base64,iVBORw0KGgo=")]}]
    client.create(response_model=User, messages=messages)
    assert fake_cohere.last_request.json["messages"][0]["content"] == [
        {"type": "text", "text": "Who is this?"},
        {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
    ]


def test_audio_and_pdf_are_refused_before_sending(client, fake_cohere):
    from instructor.multimodal import PDF, Audio

    for item in (Audio.from_base64("data:audio/wav;base64,UklGRiQAAABXQVZF"),
                 PDF.from_url("https://x.test/cv.pdf")):
        with pytest.raises(MultimodalError, match="Cohere's Chat API does not accept"):
            client.create(response_model=User,
                          messages=[{"role": "user", "content": ["read this", item]}])
    assert fake_cohere.requests == []


# -- from_provider -------------------------------------------------------------------


def test_from_provider_sets_the_base_url_on_the_client(fake_cohere):
    # 1.17 passed base_url= on to chat(), which failed
    client = instructor.from_provider("cohere/command-r-plus", base_url=fake_cohere.url,
                                      api_key="co-test", mode=Mode.JSON_SCHEMA,
                                      log_warning_experimental_features=False,
                                      temperature=0.3)
    assert isinstance(client, instructor.Instructor) and client.mode == Mode.JSON_SCHEMA
    fake_cohere.script(chat_v2(json.dumps(GOOD)))
    with client.client:  # closes the SDK's own httpx client
        assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    request = fake_cohere.last_request
    assert request.json["model"] == "command-r-plus" and request.json["temperature"] == 0.3
    assert "base_url" not in request.json
    assert request.headers["authorization"] == "Bearer co-test"


def test_from_provider_async_reads_the_environment_when_called(fake_cohere, monkeypatch):
    monkeypatch.setenv("CO_API_KEY", "co-from-env")
    monkeypatch.setenv("CO_API_URL", fake_cohere.url)  # after cohere was imported
    client = instructor.from_provider("cohere/command-a", async_client=True)
    assert isinstance(client, instructor.AsyncInstructor) and client.mode == Mode.TOOLS
    fake_cohere.script(user_reply())

    async def run():
        async with client.client:  # closes the SDK's own httpx client in this loop
            return await client.create(response_model=User, messages=MESSAGES)

    assert asyncio.run(run()) == User(**GOOD)
    assert fake_cohere.last_request.headers["authorization"] == "Bearer co-from-env"


def test_json_schema_on_v2_triggers_no_experimental_warning(fake_cohere, caplog):
    # The SDK logs a warning for v1's response_format "schema"; v2's field is another.
    client = instructor.from_cohere(
        fake_cohere.client(log_warning_experimental_features=True), mode=Mode.JSON_SCHEMA,
        model="m")
    fake_cohere.script(chat_v2(json.dumps(GOOD)))
    with caplog.at_level("WARNING"):
        assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    assert [r.getMessage() for r in caplog.records] == []


def test_docstring_examples():
    import doctest
    import importlib

    for name in ("media", "messages", "adapter"):
        module = importlib.import_module(f"instructor.providers.cohere.{name}")
        assert doctest.testmod(module).failed == 0, name
