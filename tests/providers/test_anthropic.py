"""The Anthropic provider against the real ``anthropic`` SDK and a loopback fake:
the client, TOOLS, reasks, usage and errors (thinking, the other modes, media and
from_provider: test_anthropic_modes)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Literal

import pytest
from _anthropic_common import GOOD, MESSAGES, User, sent_key, user_reply
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


class Shouty(BaseModel):
    name: str

    @field_validator("name")
    @classmethod
    def upper(cls, value: str) -> str:
        if value != value.upper():
            raise ValueError("name must be upper case")
        return value


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
