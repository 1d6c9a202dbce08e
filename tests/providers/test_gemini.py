"""The gemini provider: the deprecated google-generativeai SDK over REST to a loopback fake."""

from __future__ import annotations

import copy
import json

import pytest
from pydantic import BaseModel, field_validator

import instructor
from fakes.gemini_server import response, response_stream
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import (
    ClientError,
    ConfigurationError,
    IncompleteOutputException,
    InstructorRetryException,
    ModeError,
)

require_sdk("fakes.gemini_sdk")


class User(BaseModel):
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


class Team(BaseModel):
    """A team."""

    lead: User
    sizes: list[int]
    ratio: float


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
GOOD = {"name": "Jason", "age": 25}
PATH = "/v1beta/models/gemini-x:generateContent"


@pytest.fixture
def tools(fake_gemini):
    return instructor.from_gemini(fake_gemini.model("gemini-x"), mode=Mode.TOOLS)


@pytest.fixture
def md_json(fake_gemini):
    return instructor.from_gemini(fake_gemini.model("gemini-x"))


def test_clients_and_modes(fake_gemini, fake_genai):
    model = fake_gemini.model()
    assert instructor.from_gemini(model).mode == Mode.MD_JSON  # the default, as in 1.x
    assert isinstance(instructor.from_gemini(model, use_async=True), instructor.AsyncInstructor)
    with pytest.raises(ClientError, match="needs a google.generativeai.GenerativeModel"):
        instructor.from_gemini(fake_genai.client())
    with pytest.raises(ModeError) as info:
        instructor.from_gemini(model, mode=Mode.JSON)
    assert str(info.value) == ("gemini has no JSON ('json_mode') handler; valid modes: "
                               "MD_JSON, TOOLS")


def test_md_json_request_parse_and_reask(md_json, fake_gemini):
    fake_gemini.script(response('```json\n{"name": "ada"}\n```', usage=(5, 2)),
                       response('{"name": "ADA"}', usage=(6, 2)))
    messages = [{"role": "system", "content": "be brief"}, *MESSAGES,
                {"role": "assistant", "content": "Go on"}, {"role": "user", "content": "ok"}]
    before = copy.deepcopy(messages)
    user, completion = md_json.create_with_completion(response_model=Shouty, messages=messages,
                                                      max_tokens=40)
    assert user.name == "ADA" and messages == before
    assert completion.usage_metadata.total_token_count == 15
    first, second = fake_gemini.requests
    assert first.path == PATH and first.headers["x-goog-api-key"] == "test-key"
    prompt, system, text = first.json["contents"][0]["parts"]
    assert "JSON schema" in prompt["text"] and '"name"' in prompt["text"]
    assert system == {"text": "be brief"} and text == {"text": "Jason is 25"}
    assert [c["role"] for c in first.json["contents"]] == ["user", "model", "user"]
    assert first.json["generationConfig"] == {"maxOutputTokens": 40,
                                              "responseMimeType": "application/json"}
    model_turn, reask = second.json["contents"][3:]
    assert model_turn["role"] == "model"
    assert reask["role"] == "user"
    assert reask["parts"][0]["text"].startswith("Validation Errors found:")


def test_tools_request_and_strict_numbers(tools, fake_gemini):
    # proto arguments carry numbers as floats; 1.x fails these under strict=True
    fake_gemini.script(response(function_calls=[("Team", {
        "lead": {"name": "Ada", "age": 36}, "sizes": [3, 4], "ratio": 0.5})]))
    team = tools.create(response_model=Team, messages=MESSAGES)
    assert team == Team(lead=User(name="Ada", age=36), sizes=[3, 4], ratio=0.5)
    sent = fake_gemini.last_request.json
    assert sent["toolConfig"] == {"functionCallingConfig": {
        "mode": 2, "allowedFunctionNames": ["Team"]}}  # this SDK sends enums as numbers
    (declaration,) = sent["tools"][0]["functionDeclarations"]
    assert declaration["description"] == "A team."
    params = declaration["parameters"]
    assert params["type"] == 6 and params["properties"]["lead"]["properties"]["age"] == {
        "type": 3}
    assert params["properties"]["sizes"] == {"type": 5, "items": {"type": 3}}


def test_tools_reask_and_usage(tools, fake_gemini):
    fake_gemini.script(response(function_calls=[("Shouty", {"name": "ada"})], usage=(10, 3)),
                       response("no call today", usage=(11, 3)),
                       response(function_calls=[("Shouty", {"name": "ADA"})], usage=(12, 3)))
    shouty, completion = tools.create_with_completion(response_model=Shouty, messages=MESSAGES)
    assert shouty.name == "ADA"
    assert completion.usage_metadata.prompt_token_count == 33
    second, third = (r.json["contents"] for r in fake_gemini.requests[1:])
    call, result = second[1:]
    assert call == {"role": "model", "parts": [{"functionCall": {"name": "Shouty",
                                                                 "args": {"name": "ada"}}}]}
    assert result["parts"][0]["functionResponse"]["name"] == "Shouty"
    assert "upper case" in result["parts"][0]["functionResponse"]["response"]["error"]
    assert third[-1]["parts"][0]["text"].startswith("Validation Error due to no function call")


def test_simple_types_and_passthrough(tools, fake_gemini):
    fake_gemini.script(response(function_calls=[("Response", {"content": 7})]),
                       response("plain"))
    assert tools.create(response_model=int, messages=MESSAGES) == 7
    reply = tools.create(response_model=None, messages=[{"role": "system", "content": "s"},
                                                         *MESSAGES])
    assert reply.text == "plain"
    assert fake_gemini.last_request.json["contents"] == [
        {"role": "user", "parts": [{"text": "s"}, {"text": "Jason is 25"}]}]


def test_cut_off_model_argument_and_errors(tools, md_json, fake_gemini):
    from google.api_core import exceptions

    fake_gemini.script(response(function_calls=[("User", GOOD)], finish_reason="MAX_TOKENS"))
    with pytest.raises(IncompleteOutputException):
        tools.create(response_model=User, messages=MESSAGES, max_retries=2)
    assert len(fake_gemini.requests) == 1
    with pytest.raises(ConfigurationError, match="GenerativeModel's .*gemini-x.*drop model="):
        md_json.create(model="other", response_model=User, messages=MESSAGES)
    from fakes.gemini_server import Error

    fake_gemini.script(Error(400, "bad"))
    with pytest.raises(InstructorRetryException) as info:
        md_json.create(response_model=User, messages=MESSAGES)
    assert isinstance(info.value.__cause__, exceptions.BadRequest)
    assert len(fake_gemini.requests) == 2


def test_streams(tools, md_json, fake_gemini):
    fake_gemini.script(response_stream(json.dumps(GOOD), chunk_size=4),
                       response_stream(function_call=("User", GOOD)),
                       response_stream(function_call=("IterableUser", {"tasks": [GOOD] * 2})),
                       response_stream('{"name": "Ja', finish_reason="MAX_TOKENS"))
    partials = list(md_json.create_partial(response_model=User, messages=MESSAGES))
    assert partials[-1] == User(**GOOD) and len(partials) > 3
    assert fake_gemini.requests[0].path == "/v1beta/models/gemini-x:streamGenerateContent"
    assert list(tools.create_partial(response_model=User, messages=MESSAGES))[-1] == User(**GOOD)
    assert list(tools.create_iterable(response_model=User, messages=MESSAGES)) == [
        User(**GOOD)] * 2
    with pytest.raises(IncompleteOutputException):
        list(md_json.create_partial(response_model=User, messages=MESSAGES))


def test_media_parts(tools, fake_gemini):
    from instructor.multimodal import PDF, Image

    fake_gemini.script(response(function_calls=[("User", GOOD)]))
    tools.create(response_model=User, messages=[{"role": "user", "content": [
        "look", Image.from_base64("data:image/png;base64,iVBORw0KGgo="),
        PDF.from_url("gs://b/cv.pdf")]}])
    assert fake_gemini.last_request.json["contents"][0]["parts"] == [
        {"text": "look"}, {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}},
        {"fileData": {"mimeType": "application/pdf", "fileUri": "gs://b/cv.pdf"}}]


def test_from_provider_gemini(fake_gemini, monkeypatch):
    client = instructor.from_provider("gemini/gemini-x", api_key="k-gem", transport="rest",
                                      client_options={"api_endpoint": fake_gemini.url})
    assert client.provider == instructor.Provider.GEMINI and client.mode == Mode.MD_JSON
    fake_gemini.script(response(json.dumps(GOOD)), response(json.dumps(GOOD)))
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    assert fake_gemini.last_request.path == PATH
    assert fake_gemini.last_request.headers["x-goog-api-key"] == "k-gem"
    aclient = instructor.from_provider("gemini/gemini-x", async_client=True)
    assert isinstance(aclient, instructor.AsyncInstructor)  # (its calls need gRPC)
    monkeypatch.setenv("GOOGLE_API_KEY", "k-env")
    client = instructor.from_provider("gemini/gemini-x", mode=Mode.MD_JSON, transport="rest",
                                      client_options={"api_endpoint": fake_gemini.url})
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    assert fake_gemini.last_request.headers["x-goog-api-key"] == "k-env"


def test_async_over_rest_says_it_needs_grpc(fake_gemini):
    import asyncio

    client = instructor.from_gemini(fake_gemini.model(), use_async=True)
    fake_gemini.script(response(json.dumps(GOOD)))
    with pytest.raises(InstructorRetryException, match="async calls over gRPC only") as info:
        asyncio.run(client.create(response_model=User, messages=MESSAGES))
    assert isinstance(info.value.__cause__, ConfigurationError)
    # the SDK's "async" REST call did go out, blocking, before it failed
    assert len(fake_gemini.requests) == 1 and fake_gemini.pending == 0
