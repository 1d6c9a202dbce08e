"""The Bedrock provider against the real ``boto3`` SDK and a loopback Converse fake:
the client, TOOLS, reasks, usage and errors (other modes, media and from_provider:
test_bedrock_modes)."""

from __future__ import annotations

import copy
import doctest
import importlib
from collections.abc import Iterable
from typing import Literal

import pytest
from _bedrock_common import GOOD, MESSAGES, MODEL, SENT, User, make, user_reply
from pydantic import BaseModel, field_validator

import instructor
from fakes.bedrock_server import KEY_ID, Error, Fault, converse, model_id, tool_use
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import (
    ClientError,
    IncompleteOutputException,
    InstructorRetryException,
    ModeError,
)

require_sdk("boto3")


class Shouty(BaseModel):
    name: str

    @field_validator("name")
    @classmethod
    def upper(cls, value: str) -> str:
        if value != value.upper():
            raise ValueError("name must be upper case")
        return value


@pytest.fixture
def client(fake_bedrock):
    return instructor.from_bedrock(fake_bedrock.client(), model=MODEL)


# -- the client ----------------------------------------------------------------


def test_sync_and_async_clients(fake_bedrock):
    sync = instructor.from_bedrock(fake_bedrock.client())
    asynchronous = instructor.from_bedrock(fake_bedrock.client(), async_client=True)
    assert type(sync) is instructor.Instructor and type(asynchronous) is instructor.AsyncInstructor
    assert sync.mode is Mode.TOOLS and sync.provider is instructor.Provider.BEDROCK


def test_wrong_clients_are_client_errors(fake_openai):
    with pytest.raises(ClientError, match="from_bedrock needs a boto3 'bedrock-runtime' client"
                                          ".*got openai"):
        instructor.from_bedrock(fake_openai.client())
    import boto3

    sts = boto3.client("sts", region_name="us-east-1", aws_access_key_id="a",
                       aws_secret_access_key="b")
    with pytest.raises(ClientError, match="got a 'sts' client"):
        instructor.from_bedrock(sts)
    sts.close()


def test_unsupported_mode_names_value_and_valid_modes(fake_bedrock):
    with pytest.raises(ModeError) as info:
        instructor.from_bedrock(fake_bedrock.client(), mode=Mode.JSON)
    assert str(info.value) == ("bedrock has no JSON ('json_mode') handler; valid modes: "
                               "TOOLS, TOOLS_STRICT, JSON_SCHEMA, MD_JSON")
    with pytest.raises(ModeError, match="bedrock has no ANTHROPIC_TOOLS"):
        instructor.from_bedrock(fake_bedrock.client(), mode=Mode.ANTHROPIC_TOOLS)


def test_a_missing_sdk_names_the_extra(monkeypatch):
    import sys

    from instructor.core.provider_registry import ProviderRegistry
    from instructor.exceptions import MissingSDKError
    from instructor.providers import BEDROCK

    monkeypatch.delitem(sys.modules, "instructor.providers.bedrock.client", raising=False)
    for name in ("boto3", "botocore", "botocore.client"):
        monkeypatch.setitem(sys.modules, name, None)  # as if it were not installed
    registry = ProviderRegistry()
    registry.register(BEDROCK)
    for _ in range(2):
        with pytest.raises(MissingSDKError, match=r"'boto3' package.*instructor\[bedrock\]"):
            registry.get_factory("bedrock")


def test_modules_doctests():
    for name in ("convert", "media", "reply", "schema"):
        module = importlib.import_module(f"instructor.providers.bedrock.{name}")
        failed, tried = doctest.testmod(module)
        assert failed == 0 and tried > 0, name


# -- TOOLS ---------------------------------------------------------------------


def test_tools_request_shape(fake_bedrock):
    client = instructor.from_bedrock(fake_bedrock.client(), model=MODEL, max_tokens=256)
    fake_bedrock.script(user_reply())
    messages = [{"role": "system", "content": "be brief"},
                {"role": "system", "content": [{"type": "text", "text": "be kind"},
                                               {"cachePoint": {"type": "default"}}]},
                *MESSAGES]
    before = copy.deepcopy(messages)
    user = client.create(response_model=User, messages=messages, temperature=0.2, top_p=0.9,
                         stop="END", top_k=5,
                         system=[{"text": "you extract people"}, {"text": "in English"}])
    assert user == User(**GOOD)
    assert messages == before
    request = fake_bedrock.last_request
    assert request.path.endswith("/converse") and model_id(request) == MODEL
    sent = request.json
    assert sent["messages"] == SENT
    # every block of system=[...] is kept, then the system messages
    assert sent["system"] == [{"text": "you extract people"}, {"text": "in English"},
                              {"text": "be brief"}, {"text": "be kind"},
                              {"cachePoint": {"type": "default"}}]
    assert sent["inferenceConfig"] == {"maxTokens": 256, "temperature": 0.2, "topP": 0.9,
                                       "stopSequences": ["END"]}
    assert sent["additionalModelRequestFields"] == {"top_k": 5}
    (tool,) = sent["toolConfig"]["tools"]
    assert sent["toolConfig"]["toolChoice"] == {"tool": {"name": "User"}}
    assert tool["toolSpec"]["name"] == "User"
    assert tool["toolSpec"]["description"] == "A person named in the text."
    assert tool["toolSpec"]["inputSchema"]["json"]["required"] == ["age", "name"]
    assert "strict" not in tool["toolSpec"]
    assert f"Credential={KEY_ID}/" in request.headers["authorization"]


def test_native_converse_arguments_win_and_pass_through(client, fake_bedrock):
    fake_bedrock.script(user_reply())
    client.create(modelId="amazon.nova-lite-v1:0", response_model=User, max_tokens=9,
                  inferenceConfig={"maxTokens": 5},
                  messages=[{"role": "user", "content": [{"text": "hi"}]}],
                  requestMetadata={"trace": "1"})
    request = fake_bedrock.last_request
    assert model_id(request) == "amazon.nova-lite-v1:0"
    assert request.json["inferenceConfig"] == {"maxTokens": 5}
    assert request.json["requestMetadata"] == {"trace": "1"}
    assert request.json["messages"] == [{"role": "user", "content": [{"text": "hi"}]}]


def test_every_1x_spelling_of_create(client, fake_bedrock):
    fake_bedrock.script(user_reply(), user_reply(), user_reply())
    for create in (client.messages.create, client.chat.completions.create, client.create):
        assert create(response_model=User, messages=MESSAGES) == User(**GOOD)


def test_create_with_completion_returns_the_converse_dict(client, fake_bedrock):
    fake_bedrock.script(user_reply(usage=(12, 7)))
    user, completion = client.create_with_completion(response_model=User, messages=MESSAGES)
    assert user == User(**GOOD)
    assert completion["usage"] == {"inputTokens": 12, "outputTokens": 7, "totalTokens": 19}
    assert completion["stopReason"] == "tool_use"


@pytest.mark.parametrize("mode", [Mode.TOOLS, Mode.TOOLS_STRICT, Mode.JSON_SCHEMA,
                                  Mode.MD_JSON])
def test_response_model_none_passes_the_dict_through(fake_bedrock, mode):
    fake_bedrock.script(converse("hello"))
    reply = make(fake_bedrock, mode).create(
        response_model=None, messages=[{"role": "system", "content": "sys"}, *MESSAGES],
        max_tokens=9)
    assert reply["output"]["message"]["content"] == [{"text": "hello"}]
    request = fake_bedrock.last_request
    assert model_id(request) == MODEL  # the model reaches modelId in every mode
    assert request.json == {"messages": SENT, "system": [{"text": "sys"}],
                            "inferenceConfig": {"maxTokens": 9}}


@pytest.mark.parametrize(("model", "args", "expected"), [
    (int, {"content": 7}, 7),
    (Literal["a", "b"], {"content": "b"}, "b"),
    (list[User], {"tasks": [GOOD, {"name": "Ada", "age": 36}]},
     [User(**GOOD), User(name="Ada", age=36)]),
    (Iterable[User], {"tasks": [GOOD]}, [User(**GOOD)]),
])
def test_simple_and_list_types(client, fake_bedrock, model, args, expected):
    name = "Response" if "content" in args else "IterableUser"
    fake_bedrock.script(converse(tool_uses=[tool_use(name, args)]))
    assert client.create(response_model=model, messages=MESSAGES) == expected
    assert fake_bedrock.last_request.json["toolConfig"]["toolChoice"]["tool"]["name"] == name


@pytest.mark.parametrize("mode", [Mode.TOOLS, Mode.MD_JSON])
@pytest.mark.parametrize("stop", ["max_tokens", "model_context_window_exceeded"])
def test_a_cut_off_answer_is_incomplete_and_not_retried(fake_bedrock, mode, stop):
    reply = user_reply({"name": "Ja"}) if mode is Mode.TOOLS else converse('{"name": "Ja')
    reply["stopReason"] = stop
    fake_bedrock.script(reply)
    with pytest.raises(IncompleteOutputException) as info:
        make(fake_bedrock, mode).create(response_model=User, messages=MESSAGES, max_retries=3)
    assert info.value.last_completion["stopReason"] == stop
    assert len(fake_bedrock.requests) == 1


def test_reask_sends_a_tool_result_with_the_error(client, fake_bedrock):
    fake_bedrock.script(converse(tool_uses=[tool_use("Shouty", {"name": "ada"}, id="tu_1")]),
                        converse(tool_uses=[tool_use("Shouty", {"name": "ADA"})]))
    messages = copy.deepcopy(MESSAGES)
    assert client.create(response_model=Shouty, messages=messages).name == "ADA"
    assert messages == MESSAGES
    first, second = (r.json for r in fake_bedrock.requests)
    assert first["messages"] == SENT
    assert second["messages"][0] == SENT[0]
    assistant, result = second["messages"][1:]
    assert assistant == {"role": "assistant", "content": [
        {"toolUse": {"toolUseId": "tu_1", "name": "Shouty", "input": {"name": "ada"}}}]}
    (block,) = [b["toolResult"] for b in result["content"]]
    assert result["role"] == "user" and block["toolUseId"] == "tu_1"
    assert block["status"] == "error"
    assert "name must be upper case" in block["content"][0]["text"]
    assert second["toolConfig"] == first["toolConfig"]


def test_reask_without_a_tool_call(client, fake_bedrock):
    fake_bedrock.script(converse("I will not use tools"), user_reply())
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    assistant, user = fake_bedrock.requests[1].json["messages"][1:]
    assert assistant["content"] == [{"text": "I will not use tools"}]
    assert user["content"][0]["text"].startswith("You did not call the tool.")


def test_usage_is_summed_over_attempts(client, fake_bedrock):
    fake_bedrock.script(user_reply({"name": "J"}, usage=(10, 3)), user_reply(usage=(20, 4)))
    _, completion = client.create_with_completion(response_model=User, messages=MESSAGES)
    assert completion["usage"] == {"inputTokens": 30, "outputTokens": 7, "totalTokens": 37}


def test_every_attempt_failing_raises_retry_exception(client, fake_bedrock):
    fake_bedrock.always(user_reply({"name": "J"}, usage=(5, 1)))
    with pytest.raises(InstructorRetryException) as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=2)
    error = info.value
    assert error.n_attempts == 3 and len(fake_bedrock.requests) == 3
    assert error.total_usage == {"inputTokens": 15, "outputTokens": 3, "totalTokens": 18}
    assert error.messages[0] == SENT[0] and len(error.messages) == 5


def test_sdk_errors_are_wrapped_not_retried(client, fake_bedrock):
    from botocore.exceptions import ClientError as BotoClientError
    from botocore.exceptions import ParamValidationError

    fake_bedrock.script(Error(400, "bad request"))
    with pytest.raises(InstructorRetryException) as info:
        client.create(response_model=User, messages=MESSAGES)
    assert isinstance(info.value.__cause__, BotoClientError)
    assert info.value.__cause__.response["Error"]["Code"] == "ValidationException"
    fake_bedrock.script(Error(429, "slow down"))
    with pytest.raises(BotoClientError, match="ThrottlingException"):
        client.create(response_model=None, messages=MESSAGES)
    assert len(fake_bedrock.requests) == 2
    # botocore refuses an argument Converse does not take, before sending
    with pytest.raises(InstructorRetryException) as info:
        client.create(response_model=User, messages=MESSAGES, response_format={"x": 1})
    assert isinstance(info.value.__cause__, ParamValidationError)
    assert len(fake_bedrock.requests) == 2


def test_an_unreadable_body_is_a_typed_error_and_the_callers_calls_are_untouched(
        client, fake_bedrock):
    from instructor.providers.bedrock.unreadable import UnreadableResponse

    fake_bedrock.script(Fault.garbled(), Fault.empty())
    with pytest.raises(UnreadableResponse, match="not JSON") as info:
        client.create(response_model=None, messages=MESSAGES)
    assert info.value.doc.startswith('{"id": "x"')
    # the same client used directly: botocore's own (lenient) reading
    raw = client.client.converse(modelId="m", messages=SENT)
    assert "output" not in raw
