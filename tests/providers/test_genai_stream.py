"""genai streaming (``generate_content_stream``, SSE) and the async client."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel

import instructor
from fakes.genai_server import response, response_stream
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import IncompleteOutputException

require_sdk("google.genai")


class User(BaseModel):
    name: str
    age: int


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
JASON = {"name": "Jason", "age": 25}
PEOPLE = {"tasks": [JASON, {"name": "Ada", "age": 36}, {"name": "Bo", "age": 4}]}
JSON_TEXT = '{"name": "Jason", "age": 25}'


def check_partials(partials, growing=True):
    assert partials[-1] == User(**JASON) and type(partials[-1]) is User
    if growing:
        assert len(partials) > 2
        names = [p.name for p in partials[:-1] if p.name is not None]
        assert names == sorted(names, key=len) and names[-1] == "Jason"


def test_create_partial_json_streams_text(fake_genai):
    client = instructor.from_genai(fake_genai.client(), mode=Mode.JSON, model="gemini-x")
    fake_genai.script(response_stream(JSON_TEXT, chunk_size=3))
    check_partials(list(client.create_partial(response_model=User, messages=MESSAGES)))
    request = fake_genai.last_request
    assert request.path == "/v1beta/models/gemini-x:streamGenerateContent"
    assert request.query == {"alt": "sse"}
    assert request.json["generationConfig"]["responseMimeType"] == "application/json"


def test_create_partial_tools_gets_the_whole_call(fake_genai):
    client = instructor.from_genai(fake_genai.client(), model="gemini-x")
    fake_genai.script(response_stream(function_call=("User", JASON)))
    check_partials(list(client.create_partial(response_model=User, messages=MESSAGES)),
                   growing=False)
    assert fake_genai.last_request.json["toolConfig"]["functionCallingConfig"]["mode"] == "ANY"


def test_stream_true_with_a_partial_model(fake_genai):
    client = instructor.from_genai(fake_genai.client(), mode=Mode.JSON, model="m")
    fake_genai.script(response_stream(JSON_TEXT))
    stream = client.create(response_model=instructor.Partial[User], messages=MESSAGES,
                           stream=True)
    check_partials(list(stream))


def test_create_iterable_json_and_tools(fake_genai):
    import json

    json_client = instructor.from_genai(fake_genai.client(), mode=Mode.JSON, model="m")
    tools_client = instructor.from_genai(fake_genai.client(), model="m")
    fake_genai.script(response_stream(json.dumps(PEOPLE), chunk_size=7),
                      response_stream(function_call=("IterableUser", PEOPLE)))
    expected = [User(**u) for u in PEOPLE["tasks"]]
    assert list(json_client.create_iterable(response_model=User, messages=MESSAGES)) == expected
    assert list(tools_client.create_iterable(response_model=User, messages=MESSAGES)) == expected


def test_stream_cut_at_max_tokens_is_incomplete(fake_genai):
    client = instructor.from_genai(fake_genai.client(), mode=Mode.JSON, model="m")
    fake_genai.script(response_stream(JSON_TEXT[:12], finish_reason="MAX_TOKENS"))
    with pytest.raises(IncompleteOutputException):
        list(client.create_partial(response_model=User, messages=MESSAGES))


def test_passthrough_stream_is_the_sdks(fake_genai):
    client = instructor.from_genai(fake_genai.client(), model="m")
    fake_genai.script(response_stream("hello there"))
    chunks = list(client.create(response_model=None, messages=MESSAGES, stream=True))
    assert "".join(c.text or "" for c in chunks) == "hello there"


def test_async_create_partial_iterable_and_passthrough(fake_genai):
    sdk = fake_genai.client()
    client = instructor.from_genai(sdk, mode=Mode.JSON, model="m", use_async=True)
    fake_genai.script(response('{"name": 1}', usage=(3, 1)), response(JSON_TEXT, usage=(4, 1)),
                      response_stream(JSON_TEXT, chunk_size=3),
                      response_stream('{"tasks": [{"name": "Jason", "age": 25}]}'),
                      response_stream("raw"))

    async def run():
        try:
            user, completion = await client.create_with_completion(response_model=User,
                                                                   messages=MESSAGES)
            partials = [p async for p in client.create_partial(response_model=User,
                                                               messages=MESSAGES)]
            users = [u async for u in client.create_iterable(response_model=User,
                                                             messages=MESSAGES)]
            raw = [c.text async for c in await client.create(response_model=None,
                                                             messages=MESSAGES, stream=True)]
            return user, completion, partials, users, raw
        finally:
            await sdk.aio.aclose()

    user, completion, partials, users, raw = asyncio.run(run())
    assert user == User(**JASON) and completion.usage_metadata.total_token_count == 9
    check_partials(partials)
    assert users == [User(**JASON)]
    assert "".join(t or "" for t in raw) == "raw"
    assert fake_genai.requests[2].query == {"alt": "sse"}
