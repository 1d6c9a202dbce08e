"""The vertexai provider: google-genai's Vertex AI client against a loopback fake."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable

import pytest
from pydantic import BaseModel

import instructor
from fakes.genai_server import response, response_stream
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import (
    ClientError,
    ConfigurationError,
    IncompleteOutputException,
    InstructorError,
    ModeError,
)

require_sdk("google.genai")

PATH = "/v1beta1/projects/proj/locations/us-central1/publishers/google/models/gemini-x"


class User(BaseModel):
    name: str
    age: int


class Address(BaseModel):
    city: str


MESSAGES = [{"role": "system", "content": "extract"}, {"role": "user", "content": "Jason is 25"}]
GOOD = {"name": "Jason", "age": 25}


def test_clients(fake_genai):
    sdk = fake_genai.vertex_client()
    assert isinstance(instructor.from_vertexai(sdk), instructor.Instructor)
    assert isinstance(instructor.from_vertexai(sdk, use_async=True), instructor.AsyncInstructor)
    assert isinstance(instructor.from_vertexai(sdk.aio), instructor.AsyncInstructor)
    assert instructor.from_vertexai(sdk).provider == instructor.Provider.VERTEXAI


def test_wrong_clients(fake_genai, fake_anthropic):
    with pytest.raises(ClientError, match="needs a Vertex AI client.*use from_genai"):
        instructor.from_vertexai(fake_genai.client())
    with pytest.raises(ClientError, match="from_vertexai needs a google-genai client"):
        instructor.from_vertexai(fake_anthropic.client())


def test_unsupported_mode(fake_genai):
    with pytest.raises(ModeError) as info:
        instructor.from_vertexai(fake_genai.vertex_client(), mode=Mode.JSON)
    assert str(info.value) == ("vertexai has no JSON ('json_mode') handler; valid modes: "
                               "TOOLS, MD_JSON, PARALLEL_TOOLS")


def test_tools_request_reask_and_usage(fake_genai):
    client = instructor.from_vertexai(fake_genai.vertex_client(), model="gemini-x")
    fake_genai.script(response(function_calls=[("User", {"name": "Jason", "age": "x"})],
                               usage=(5, 1)),
                      response(function_calls=[("User", GOOD)], usage=(7, 2)))
    user, completion = client.create_with_completion(response_model=User, messages=MESSAGES)
    assert user == User(**GOOD) and completion.usage_metadata.total_token_count == 15
    first, second = fake_genai.requests
    assert first.path == f"{PATH}:generateContent"
    assert first.headers["authorization"] == "Bearer test-token"
    assert first.json["systemInstruction"]["parts"] == [{"text": "extract"}]
    calling = first.json["toolConfig"]["functionCallingConfig"]
    # (the SDK's Vertex AI converter leaves this name in snake case; the API takes both)
    assert calling["mode"] == "ANY" and calling["allowed_function_names"] == ["User"]
    reply = second.json["contents"][-1]
    assert reply["role"] == "user" and "functionResponse" in reply["parts"][0]


def test_md_json_is_a_response_schema(fake_genai):
    client = instructor.from_vertexai(fake_genai.vertex_client(), mode=Mode.MD_JSON,
                                      model="gemini-x")
    fake_genai.script(response("not json"), response(json.dumps(GOOD)))
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    first, second = (r.json for r in fake_genai.requests)
    assert first["generationConfig"]["responseMimeType"] == "application/json"
    assert first["generationConfig"]["responseSchema"]["required"] == ["age", "name"]
    assert [c["role"] for c in second["contents"]] == ["user", "model", "user"]


def test_parallel_tools(fake_genai):
    client = instructor.from_vertexai(fake_genai.vertex_client(), mode=Mode.PARALLEL_TOOLS,
                                      model="gemini-x")
    fake_genai.script(response(function_calls=[("User", GOOD), ("Address", {"city": "Paris"})]))
    out = client.create(response_model=Iterable[User | Address], messages=MESSAGES)
    assert out == [User(**GOOD), Address(city="Paris")]
    sent = fake_genai.last_request.json
    assert [d["name"] for d in sent["tools"][0]["functionDeclarations"]] == ["User", "Address"]
    assert sent["toolConfig"] == {"functionCallingConfig": {"mode": "ANY"}}
    with pytest.raises(InstructorError, match="does not stream"):
        client.create(response_model=Iterable[User], messages=MESSAGES, stream=True)
    with pytest.raises(ConfigurationError, match="one tool per model: it needs response_model=Iterable"):
        client.create(response_model=User, messages=MESSAGES)


def test_cut_off_is_incomplete(fake_genai):
    client = instructor.from_vertexai(fake_genai.vertex_client(), model="gemini-x")
    fake_genai.script(response(function_calls=[("User", GOOD)], finish_reason="MAX_TOKENS"))
    with pytest.raises(IncompleteOutputException):
        client.create(response_model=User, messages=MESSAGES)
    assert len(fake_genai.requests) == 1


def test_streams_sync_and_async(fake_genai):
    sdk = fake_genai.vertex_client()
    sync = instructor.from_vertexai(sdk, mode=Mode.MD_JSON, model="gemini-x")
    aclient = instructor.from_vertexai(sdk, use_async=True, model="gemini-x")
    fake_genai.script(response_stream(json.dumps(GOOD), chunk_size=4),
                      response_stream(function_call=("IterableUser", {"tasks": [GOOD]})))
    partials = list(sync.create_partial(response_model=User, messages=MESSAGES))
    assert partials[-1] == User(**GOOD) and len(partials) > 2
    assert fake_genai.requests[0].path == f"{PATH}:streamGenerateContent"

    async def run():
        try:
            return [u async for u in aclient.create_iterable(response_model=User,
                                                              messages=MESSAGES)]
        finally:
            await sdk.aio.aclose()

    assert asyncio.run(run()) == [User(**GOOD)]


def test_from_provider_vertexai(fake_genai, monkeypatch):
    from google.oauth2.credentials import Credentials

    monkeypatch.delenv("GOOGLE_CLOUD_LOCATION", raising=False)
    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "proj")
    with pytest.warns(DeprecationWarning, match="use 'google/...' with vertexai=True"):
        client = instructor.from_provider("vertexai/gemini-x", base_url=fake_genai.url,
                                          credentials=Credentials(token="t"))
    assert client.provider == instructor.Provider.VERTEXAI and client.mode == Mode.TOOLS
    fake_genai.script(response(function_calls=[("User", GOOD)]))
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    assert fake_genai.last_request.path == f"{PATH}:generateContent"
    with pytest.warns(DeprecationWarning):
        aclient = instructor.from_provider("vertexai/gemini-x", async_client=True,
                                           base_url=fake_genai.url, mode=Mode.VERTEXAI_JSON,
                                           credentials=Credentials(token="t"))
    assert isinstance(aclient, instructor.AsyncInstructor) and aclient.mode == Mode.MD_JSON
    fake_genai.script(response(json.dumps(GOOD)))

    async def run():
        try:
            return await aclient.create(response_model=User, messages=MESSAGES)
        finally:
            await aclient.client.aio.aclose()

    assert asyncio.run(run()) == User(**GOOD)
    monkeypatch.delenv("GOOGLE_CLOUD_PROJECT")
    with pytest.warns(DeprecationWarning), pytest.raises(ConfigurationError,
                                                         match="set GOOGLE_CLOUD_PROJECT"):
        instructor.from_provider("vertexai/gemini-x", async_client=True)
