"""The genai provider against the real ``google-genai`` SDK and a loopback fake."""

from __future__ import annotations

import copy
import json
import warnings
from collections.abc import Iterable
from typing import Literal

import pytest
from pydantic import BaseModel, field_validator

import instructor
from fakes.genai_server import Error, response
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import (
    ClientError,
    ConfigurationError,
    IncompleteOutputException,
    InstructorRetryException,
    ModeError,
)

require_sdk("google.genai")


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
GOOD = {"name": "Jason", "age": 25}
USER_TURN = {"role": "user", "parts": [{"text": "Jason is 25"}]}


def user_reply(args=GOOD, **kw):
    return response(function_calls=[("User", args)], **kw)


@pytest.fixture
def client(fake_genai):
    return instructor.from_genai(fake_genai.client(), model="gemini-x")


# -- the client ----------------------------------------------------------------


def test_sync_and_async_clients(fake_genai):
    from google.genai import types

    sdk = fake_genai.client()
    assert isinstance(instructor.from_genai(sdk), instructor.Instructor)
    assert isinstance(instructor.from_genai(sdk, use_async=True), instructor.AsyncInstructor)
    assert isinstance(instructor.from_genai(sdk.aio), instructor.AsyncInstructor)
    fake_genai.script(user_reply())
    user, completion = instructor.from_genai(sdk).create_with_completion(
        model="m", response_model=User, messages=MESSAGES)
    assert user == User(**GOOD) and isinstance(completion, types.GenerateContentResponse)


def test_wrong_client_is_a_client_error(fake_anthropic):
    with pytest.raises(ClientError, match="from_genai needs a google-genai client.*got anthropic"):
        instructor.from_genai(fake_anthropic.client())


def test_unsupported_mode_names_value_and_valid_modes(fake_genai):
    with pytest.raises(ModeError) as info:
        instructor.from_genai(fake_genai.client(), mode=Mode.MD_JSON)
    assert str(info.value) == (
        "genai has no MD_JSON ('markdown_json_mode') handler; valid modes: TOOLS, JSON")
    with pytest.raises(ModeError, match="genai has no GEMINI_TOOLS"):
        instructor.from_genai(fake_genai.client(), mode=Mode.GEMINI_TOOLS)


# -- TOOLS ---------------------------------------------------------------------


def test_tools_request_shape(client, fake_genai):
    fake_genai.script(user_reply())
    messages = [{"role": "system", "content": "be brief"},
                {"role": "system", "content": "be kind"},
                {"role": "user", "content": "Who is this?"},
                {"role": "assistant", "content": "Tell me more."},  # 1.x refused this role
                *MESSAGES]
    before = copy.deepcopy(messages)
    user = client.chat.completions.create(response_model=User, messages=messages,
                                          max_tokens=99, temperature=0.5, stop="END")
    assert user == User(**GOOD) and messages == before
    request = fake_genai.last_request
    assert request.path == "/v1beta/models/gemini-x:generateContent"
    assert request.headers["x-goog-api-key"] == "test-key"
    sent = request.json
    assert sent["contents"] == [{"role": "user", "parts": [{"text": "Who is this?"}]},
                                {"role": "model", "parts": [{"text": "Tell me more."}]},
                                USER_TURN]
    assert sent["systemInstruction"]["parts"] == [{"text": "be brief\n\nbe kind"}]
    assert sent["generationConfig"] == {"maxOutputTokens": 99, "temperature": 0.5,
                                        "stopSequences": ["END"]}
    assert sent["toolConfig"] == {"functionCallingConfig": {
        "mode": "ANY", "allowedFunctionNames": ["User"]}}
    (declaration,) = sent["tools"][0]["functionDeclarations"]
    assert declaration["name"] == "User"
    assert declaration["description"] == "A person named in the text."
    assert declaration["parameters"]["type"] == "OBJECT"
    assert declaration["parameters"]["properties"]["age"] == {"type": "INTEGER"}
    assert declaration["parameters"]["required"] == ["age", "name"]


def test_openai_tool_turns_become_function_parts(client, fake_genai):
    fake_genai.script(user_reply())
    client.create(response_model=User, messages=[
        *MESSAGES,
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function",
             "function": {"name": "lookup", "arguments": '{"q": "Jason"}'}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "age 25"}])
    _, call, result = fake_genai.last_request.json["contents"]
    assert call == {"role": "model", "parts": [
        {"functionCall": {"name": "lookup", "args": {"q": "Jason"}}}]}
    assert result == {"role": "user", "parts": [
        {"functionResponse": {"name": "lookup", "response": {"result": "age 25"}}}]}


def test_generation_config_and_config_of_1x(client, fake_genai):
    from google.genai import types

    fake_genai.script(user_reply(), user_reply())
    client.create(response_model=User, messages=MESSAGES,
                  generation_config={"max_tokens": 7, "top_k": 3})
    assert fake_genai.last_request.json["generationConfig"] == {"maxOutputTokens": 7,
                                                                "topK": 3.0}
    client.create(response_model=User, messages=MESSAGES,
                  config=types.GenerateContentConfig(seed=4, system_instruction="sys"))
    sent = fake_genai.last_request.json
    assert sent["generationConfig"] == {"seed": 4}
    assert sent["systemInstruction"]["parts"] == [{"text": "sys"}]


def test_an_unknown_argument_is_refused_before_sending(client, fake_genai):
    with pytest.raises(ConfigurationError, match="generate_content takes no 'tempreature'"):
        client.create(response_model=User, messages=MESSAGES, tempreature=0)
    with pytest.raises(ConfigurationError, match="Gemini has no 'robot' role"):
        client.create(response_model=User, messages=[{"role": "robot", "content": "x"}])
    assert fake_genai.requests == []


def test_create_with_completion_and_usage_summed(client, fake_genai):
    fake_genai.script(user_reply({"name": "J"}, usage=(10, 3)), user_reply(usage=(20, 4)))
    user, completion = client.create_with_completion(response_model=User, messages=MESSAGES)
    assert user == User(**GOOD)
    usage = completion.usage_metadata
    assert (usage.prompt_token_count, usage.candidates_token_count,
            usage.total_token_count) == (30, 7, 37)


def test_response_model_none_passes_the_response_through(client, fake_genai):
    from google.genai import types

    fake_genai.script(response("hello"))
    reply = client.create(response_model=None, messages=[{"role": "system", "content": "sys"},
                                                         *MESSAGES])
    assert isinstance(reply, types.GenerateContentResponse) and reply.text == "hello"
    sent = fake_genai.last_request.json
    assert sent["contents"] == [USER_TURN] and "tools" not in sent
    assert sent["systemInstruction"]["parts"] == [{"text": "sys"}]


@pytest.mark.parametrize(("model", "args", "expected"), [
    (int, {"content": 7}, 7),
    (Literal["a", "b"], {"content": "b"}, "b"),
    (list[User], {"tasks": [GOOD, {"name": "Ada", "age": 36}]},
     [User(**GOOD), User(name="Ada", age=36)]),
    (Iterable[User], {"tasks": [GOOD]}, [User(**GOOD)]),
])
def test_simple_and_list_types(client, fake_genai, model, args, expected):
    name = "Response" if "content" in args else "IterableUser"
    fake_genai.script(response(function_calls=[(name, args)]))
    assert client.create(response_model=model, messages=MESSAGES) == expected
    sent = fake_genai.last_request.json
    assert sent["toolConfig"]["functionCallingConfig"]["allowedFunctionNames"] == [name]
    assert "$defs" not in json.dumps(sent) and "$ref" not in json.dumps(sent)


def test_max_tokens_is_incomplete_and_not_retried(client, fake_genai):
    fake_genai.script(user_reply(finish_reason="MAX_TOKENS"))
    with pytest.raises(IncompleteOutputException) as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=3)
    assert info.value.last_completion.candidates[0].finish_reason.name == "MAX_TOKENS"
    assert len(fake_genai.requests) == 1


def test_reask_sends_the_call_and_a_function_response(client, fake_genai):
    fake_genai.script(response(function_calls=[("Shouty", {"name": "ada"})]),
                      response(function_calls=[("Shouty", {"name": "ADA"})]))
    messages = copy.deepcopy(MESSAGES)
    assert client.create(response_model=Shouty, messages=messages).name == "ADA"
    assert messages == MESSAGES
    first, second = (r.json for r in fake_genai.requests)
    assert first["contents"] == [USER_TURN]
    assert second["contents"][0] == USER_TURN
    model_turn, reply = second["contents"][1:]
    assert model_turn == {"role": "model", "parts": [
        {"functionCall": {"name": "Shouty", "args": {"name": "ada"}}}]}
    (part,) = reply["parts"]
    assert reply["role"] == "user" and part["functionResponse"]["name"] == "Shouty"
    assert "name must be upper case" in part["functionResponse"]["response"]["error"]


def test_a_reply_without_the_call_is_reasked(client, fake_genai):
    # 1.x fails an assert here and never re-asks
    fake_genai.script(response("I would rather chat", thought="hmm"), user_reply())
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    model_turn, reply = fake_genai.requests[1].json["contents"][1:]
    assert model_turn["role"] == "model"
    assert model_turn["parts"][-1] == {"text": "I would rather chat"}
    assert reply["role"] == "user"
    assert reply["parts"][0]["text"].startswith("Validation Error due to no function call")


def test_a_blocked_prompt_is_retried_then_reported(client, fake_genai):
    blocked = {"promptFeedback": {"blockReason": "SAFETY"},
               "usageMetadata": {"promptTokenCount": 4, "totalTokenCount": 4}}
    fake_genai.always(blocked)
    with pytest.raises(InstructorRetryException, match="prompt was blocked: SAFETY") as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=1)
    assert info.value.n_attempts == 2 and info.value.total_usage.total_token_count == 8
    assert fake_genai.requests[0].json == fake_genai.requests[1].json  # nothing to show


def test_every_attempt_failing_raises_retry_exception(client, fake_genai):
    fake_genai.always(user_reply({"name": "J"}, usage=(5, 1)))
    with pytest.raises(InstructorRetryException) as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=2)
    error = info.value
    assert error.n_attempts == 3 and len(fake_genai.requests) == 3
    assert error.total_usage.prompt_token_count == 15  # 1.x never sums Gemini usage
    assert error.messages[0] == USER_TURN and len(error.messages) == 5


def test_sdk_errors_are_wrapped_not_retried(client, fake_genai):
    from google.genai import errors

    fake_genai.script(Error(400, "bad request"))
    with pytest.raises(InstructorRetryException) as info:
        client.create(response_model=User, messages=MESSAGES)
    assert isinstance(info.value.__cause__, errors.ClientError)
    assert len(fake_genai.requests) == 1
    fake_genai.script(Error(400, "bad request"))
    with pytest.raises(errors.ClientError):
        client.create(response_model=None, messages=MESSAGES)


def test_vertex_ai_client(fake_genai):
    client = instructor.from_genai(fake_genai.vertex_client())
    fake_genai.script(user_reply())
    assert client.create(model="gemini-x", response_model=User,
                         messages=MESSAGES) == User(**GOOD)
    request = fake_genai.last_request
    assert request.path == ("/v1beta1/projects/proj/locations/us-central1/publishers/google/"
                            "models/gemini-x:generateContent")
    assert request.headers["authorization"] == "Bearer test-token"


# -- JSON ---------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [Mode.JSON, Mode.GENAI_JSON, Mode.GENAI_STRUCTURED_OUTPUTS])
def test_json_mode(fake_genai, mode):
    with warnings.catch_warnings():  # the aliases warn once per process (test_google_state)
        warnings.simplefilter("ignore", DeprecationWarning)
        client = instructor.from_genai(fake_genai.client(), mode=mode, model="gemini-x")
    assert client.mode == Mode.JSON
    fake_genai.script(response('{"name": "jason", "age": 25}', usage=(3, 2)),
                      response('```json\n{"name": "JASON", "age": 25}\n```', usage=(4, 2)))
    user, completion = client.create_with_completion(response_model=Shouty, messages=MESSAGES)
    assert user.name == "JASON" and completion.usage_metadata.total_token_count == 11
    first, second = (r.json for r in fake_genai.requests)
    assert "tools" not in first
    config = first["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert config["responseSchema"]["properties"] == {"name": {"type": "STRING"}}
    # the reply as the model's turn, the errors as a user turn (1.x sends them as the model's)
    model_turn, reask = second["contents"][1:]
    assert model_turn == {"role": "model", "parts": [{"text": '{"name": "jason", "age": 25}'}]}
    assert reask["role"] == "user"
    assert reask["parts"][0]["text"].startswith("Validation Errors found:")
    assert reask["parts"][0]["text"].endswith('{"name": "jason", "age": 25}')


def test_json_mode_cut_off_and_empty(fake_genai):
    client = instructor.from_genai(fake_genai.client(), mode=Mode.JSON, model="m")
    fake_genai.script(response('{"name": "Ja', finish_reason="MAX_TOKENS"))
    with pytest.raises(IncompleteOutputException):
        client.create(response_model=User, messages=MESSAGES)
    fake_genai.script(response(""), response(json.dumps(GOOD)))
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    assert fake_genai.requests[1].json == fake_genai.requests[2].json  # nothing to show
