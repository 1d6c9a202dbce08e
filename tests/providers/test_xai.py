"""The xAI provider against the real ``xai_sdk`` and a loopback gRPC fake: the
client, TOOLS, reasks, usage, errors and message conversion (other modes:
test_xai_modes)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from typing import Literal

import pytest
from pydantic import BaseModel, field_validator

import instructor
from fakes.sdk import require_sdk
from fakes.xai_server import Error, response, tool_call
from instructor import Mode
from instructor.exceptions import (
    ClientError,
    ConfigurationError,
    IncompleteOutputException,
    InstructorRetryException,
    ModeError,
)

require_sdk("xai_sdk")


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


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
SENT_MESSAGES = [{"content": [{"text": "Jason is 25"}], "role": "ROLE_USER"}]
GOOD = {"name": "Jason", "age": 25}


def user_reply(args=GOOD, **kw):
    return response(tool_calls=[tool_call("User", args)], **kw)


@pytest.fixture
def client(fake_xai):
    return instructor.from_xai(fake_xai.client(), model="grok-3")


# -- the client ----------------------------------------------------------------


def test_sync_and_async_clients(fake_xai):
    import asyncio

    assert isinstance(instructor.from_xai(fake_xai.client()), instructor.Instructor)

    async def make():
        client = fake_xai.async_client()
        try:
            return instructor.from_xai(client)
        finally:
            await client.close()

    assert isinstance(asyncio.run(make()), instructor.AsyncInstructor)


def test_wrong_client_is_a_client_error():
    class OpenAI:  # another SDK's client, say
        pass

    with pytest.raises(ClientError, match=r"from_xai needs an xai_sdk client .*got test_xai"):
        instructor.from_xai(OpenAI())


def test_unsupported_mode_names_value_and_valid_modes(fake_xai):
    with pytest.raises(ModeError) as info:
        instructor.from_xai(fake_xai.client(), mode=Mode.JSON)
    assert str(info.value) == (
        "xai has no JSON ('json_mode') handler; valid modes: TOOLS, PARALLEL_TOOLS, "
        "JSON_SCHEMA, MD_JSON")
    with pytest.raises(ModeError, match="xai has no ANTHROPIC_TOOLS"):
        instructor.from_xai(fake_xai.client(), mode=Mode.ANTHROPIC_TOOLS)


def test_a_missing_sdk_names_the_extra(python):
    out = python("""
        import sys
        sys.modules["xai_sdk"] = None  # what the import system reports for an absent package
        import instructor
        for make in (lambda: instructor.from_xai(object()),
                     lambda: instructor.from_provider("xai/grok-3", api_key="k")):
            try:
                make()
            except ImportError as exc:
                print(type(exc).__name__, str(exc))
    """)
    lines = out.stdout.splitlines()
    assert len(lines) == 2
    for line in lines:
        assert line.startswith("MissingSDKError provider 'xai' needs the 'xai_sdk' package")
        assert line.endswith("pip install 'instructor[xai]'")


def test_a_model_is_required_before_anything_is_sent(fake_xai):
    client = instructor.from_xai(fake_xai.client())
    with pytest.raises(ConfigurationError, match="xAI needs a model name: pass model="):
        client.create(response_model=User, messages=MESSAGES)
    fake_xai.script(user_reply())
    assert client.create(model="grok-4", response_model=User, messages=MESSAGES).age == 25
    assert fake_xai.last_request.json["model"] == "grok-4"
    assert len(fake_xai.requests) == 1


def test_an_argument_the_sdk_does_not_take_is_refused_before_sending(client, fake_xai):
    with pytest.raises(ConfigurationError, match=r"takes no 'frequency' argument; it takes "):
        client.create(response_model=User, messages=MESSAGES, frequency=3)
    assert fake_xai.requests == []


# -- TOOLS ---------------------------------------------------------------------


def test_tools_request_shape(client, fake_xai):
    fake_xai.script(user_reply())
    messages = [{"role": "system", "content": "be brief"}, *MESSAGES]
    before = copy.deepcopy(messages)
    user = client.create(response_model=User, messages=messages, max_tokens=99,
                         temperature=0.5)
    assert user == User(**GOOD)
    assert messages == before
    request = fake_xai.last_request
    assert request.method == "GetCompletion"
    sent = request.json
    assert sent["messages"] == [{"content": [{"text": "be brief"}], "role": "ROLE_SYSTEM"},
                                *SENT_MESSAGES]
    assert sent["model"] == "grok-3" and sent["maxTokens"] == 99 and sent["temperature"] == 0.5
    assert sent["toolChoice"] == {"functionName": "User"}
    (tool,) = sent["tools"]
    function = tool["function"]
    assert function["name"] == "User" and function["description"] == "A person named in the text."
    assert json.loads(function["parameters"])["required"] == ["age", "name"]
    assert request.headers["authorization"] == "Bearer test-key"


def test_every_1x_spelling_of_create(client, fake_xai):
    fake_xai.script(user_reply(), user_reply(), user_reply())
    for create in (client.chat.completions.create, client.messages.create, client.create):
        assert create(response_model=User, messages=MESSAGES) == User(**GOOD)


def test_create_with_completion_returns_the_sdk_response(client, fake_xai):
    from xai_sdk.chat import Response

    fake_xai.script(user_reply(usage=(12, 7)))
    user, completion = client.create_with_completion(response_model=User, messages=MESSAGES)
    assert user == User(**GOOD)
    assert isinstance(completion, Response)
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (12, 7)


def test_response_model_none_passes_the_response_through(client, fake_xai):
    from xai_sdk.chat import Response

    fake_xai.script(response("hello"))
    reply = client.create(response_model=None,
                          messages=[{"role": "system", "content": "sys"}, *MESSAGES])
    assert isinstance(reply, Response) and reply.content == "hello"
    sent = fake_xai.last_request.json
    assert sent["messages"][0] == {"content": [{"text": "sys"}], "role": "ROLE_SYSTEM"}
    assert "tools" not in sent and "toolChoice" not in sent


@pytest.mark.parametrize(("model", "args", "expected"), [
    (int, {"content": 7}, 7),
    (Literal["a", "b"], {"content": "b"}, "b"),
    (list[User], {"tasks": [GOOD, {"name": "Ada", "age": 36}]},
     [User(**GOOD), User(name="Ada", age=36)]),
    (Iterable[User], {"tasks": [GOOD]}, [User(**GOOD)]),
])
def test_simple_and_list_types(client, fake_xai, model, args, expected):
    name = "Response" if "content" in args else "IterableUser"
    fake_xai.script(response(tool_calls=[tool_call(name, args)]))
    assert client.create(response_model=model, messages=MESSAGES) == expected
    assert fake_xai.last_request.json["toolChoice"] == {"functionName": name}


@pytest.mark.parametrize("reason", ["REASON_MAX_LEN", "REASON_MAX_CONTEXT"])
def test_a_cut_off_answer_is_incomplete_and_not_retried(client, fake_xai, reason):
    fake_xai.script(user_reply(finish_reason=reason))
    with pytest.raises(IncompleteOutputException) as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=3)
    assert info.value.last_completion.finish_reason == reason
    assert len(fake_xai.requests) == 1


def test_reask_sends_a_tool_result_with_the_error(client, fake_xai):
    fake_xai.script(response(tool_calls=[tool_call("Shouty", {"name": "ada"}, id="call_1")]),
                    response(tool_calls=[tool_call("Shouty", {"name": "ADA"})]))
    messages = copy.deepcopy(MESSAGES)
    assert client.create(response_model=Shouty, messages=messages).name == "ADA"
    assert messages == MESSAGES
    first, second = (r.json for r in fake_xai.requests)
    assert first["messages"] == SENT_MESSAGES
    assert second["messages"][0] == SENT_MESSAGES[0]
    assistant, result = second["messages"][1:]
    assert assistant["role"] == "ROLE_ASSISTANT"
    assert assistant["toolCalls"] == [{
        "id": "call_1", "type": "TOOL_CALL_TYPE_CLIENT_SIDE_TOOL",
        "function": {"name": "Shouty", "arguments": '{"name": "ada"}'}}]
    assert result["role"] == "ROLE_TOOL" and result["toolCallId"] == "call_1"
    assert "name must be upper case" in result["content"][0]["text"]
    assert second["tools"] == first["tools"] and second["toolChoice"] == first["toolChoice"]


def test_an_answer_in_text_is_read_and_reasked_with_a_user_turn(client, fake_xai):
    # As 1.x does, JSON in the text counts when the model called no tool.
    fake_xai.script(response('```json\n{"name": "Jason", "age": "x"}\n```'),
                    response('{"name": "Jason", "age": 25}'))
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    assistant, user = fake_xai.requests[1].json["messages"][1:]
    assert assistant["content"][0]["text"].startswith("```json")
    assert user["role"] == "ROLE_USER"
    assert user["content"][0]["text"].startswith("Validation Error found:")


def test_a_reply_with_neither_tool_nor_text_is_retried(client, fake_xai):
    fake_xai.script(response(), user_reply())
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    assert len(fake_xai.requests) == 2


def test_usage_is_summed_over_attempts(client, fake_xai):
    fake_xai.script(user_reply({"name": "J"}, usage=(10, 3)), user_reply(usage=(20, 4)))
    _, completion = client.create_with_completion(response_model=User, messages=MESSAGES)
    usage = completion.usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (30, 7, 37)


def test_every_attempt_failing_raises_retry_exception(client, fake_xai):
    fake_xai.always(user_reply({"name": "J"}, usage=(5, 1)))
    with pytest.raises(InstructorRetryException) as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=2)
    error = info.value
    assert error.n_attempts == 3 and len(fake_xai.requests) == 3
    assert error.total_usage.prompt_tokens == 15 and error.total_usage.total_tokens == 18
    assert len(error.failed_attempts) == 3
    assert len(error.messages) == 5  # the question, then two (assistant, tool) pairs


def test_token_budget_stops_the_retries(client, fake_xai):
    fake_xai.always(user_reply({"name": "J"}, usage=(5, 1)))
    with pytest.raises(instructor.exceptions.TokenBudgetExceeded):
        client.create(response_model=User, messages=MESSAGES, max_retries=5, token_budget=10)
    assert len(fake_xai.requests) == 2


def test_grpc_errors_are_wrapped_not_retried(client, fake_xai):
    import grpc

    fake_xai.script(Error("PERMISSION_DENIED", "bad key"))
    with pytest.raises(InstructorRetryException) as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=3)
    cause = info.value.__cause__
    assert isinstance(cause, grpc.RpcError) and cause.code() == grpc.StatusCode.PERMISSION_DENIED
    assert info.value.n_attempts == 1 and len(fake_xai.requests) == 1
    fake_xai.script(Error("PERMISSION_DENIED", "bad key"))
    with pytest.raises(grpc.RpcError):  # no response model: the SDK's own error
        client.create(response_model=None, messages=MESSAGES)


def test_openai_style_conversation_is_converted(client, fake_xai):
    fake_xai.script(user_reply())
    messages = [
        {"role": "developer", "content": "dev"},
        {"role": "user", "content": [{"type": "text", "text": "a"}, "b"]},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c9", "type": "function",
             "function": {"name": "lookup", "arguments": '{"q": 1}'}}]},
        {"role": "tool", "tool_call_id": "c9", "content": "found"},
    ]
    client.create(response_model=User, messages=messages)
    sent = fake_xai.last_request.json["messages"]
    assert sent[1] == {"content": [{"text": "a"}, {"text": "b"}], "role": "ROLE_USER"}
    assert sent[2]["toolCalls"][0]["function"] == {"name": "lookup", "arguments": '{"q": 1}'}
    assert sent[3] == {"content": [{"text": "found"}], "role": "ROLE_TOOL", "toolCallId": "c9"}


def test_sdk_messages_pass_through(client, fake_xai):
    from xai_sdk.chat import system, user

    fake_xai.script(user_reply())
    client.create(response_model=User, messages=[system("s"), user("u")])
    assert [m["role"] for m in fake_xai.last_request.json["messages"]] == [
        "ROLE_SYSTEM", "ROLE_USER"]


def test_an_unknown_role_is_refused_before_sending(client, fake_xai):
    with pytest.raises(ConfigurationError, match="xAI has no 'robot' role"):
        client.create(response_model=User, messages=[{"role": "robot", "content": "x"}])
    assert fake_xai.requests == []


def test_jinja_context_is_rendered(client, fake_xai):
    fake_xai.script(user_reply())
    client.create(response_model=User, context={"who": "Jason"},
                  messages=[{"role": "user", "content": "{{ who }} is 25"}])
    assert fake_xai.last_request.json["messages"] == SENT_MESSAGES


@pytest.mark.parametrize("name", ["media", "messages"])
def test_docstring_examples(name):
    import doctest
    import importlib

    module = importlib.import_module(f"instructor.providers.xai.{name}")
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0
