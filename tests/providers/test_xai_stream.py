"""xAI streaming (gRPC server streams): create_partial / create_iterable, sync and
async, and the async client's plain calls."""

from __future__ import annotations

import asyncio
import json

import pytest
from pydantic import BaseModel

import instructor
from fakes.sdk import require_sdk
from fakes.xai_server import response, response_stream, tool_call
from instructor import Mode
from instructor.exceptions import IncompleteOutputException

require_sdk("xai_sdk")


class User(BaseModel):
    name: str
    age: int


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
JASON = {"name": "Jason", "age": 25}
PEOPLE = {"tasks": [JASON, {"name": "Ada", "age": 36}, {"name": "Bo", "age": 4}]}


def check_partials(partials, *, growing=True):
    assert partials[-1] == User(**JASON) and type(partials[-1]) is User
    if growing:
        assert len(partials) > 2
        names = [p.name for p in partials[:-1] if p.name is not None]
        assert names == sorted(names, key=len) and names[-1] == "Jason"


def test_create_partial_tools(fake_xai):
    client = instructor.from_xai(fake_xai.client(), model="grok-3")
    fake_xai.script(response_stream(tool_call=tool_call("User", JASON)))
    # xAI sends a tool call whole, so the partials jump to the complete object
    check_partials(list(client.create_partial(response_model=User, messages=MESSAGES)),
                   growing=False)
    request = fake_xai.last_request
    assert request.method == "GetCompletionChunk"
    assert request.json["toolChoice"] == {"functionName": "User"}


@pytest.mark.parametrize("mode", [Mode.JSON_SCHEMA, Mode.MD_JSON])
def test_create_partial_text_modes(fake_xai, mode):
    client = instructor.from_xai(fake_xai.client(), mode=mode, model="grok-3")
    text = json.dumps(JASON)
    if mode == Mode.MD_JSON:
        text = f"```json\n{text}\n```"
    fake_xai.script(response_stream(text, chunk_size=4))
    check_partials(list(client.create_partial(response_model=User, messages=MESSAGES)))
    assert fake_xai.last_request.method == "GetCompletionChunk"


def test_stream_true_with_a_partial_model(fake_xai):
    client = instructor.from_xai(fake_xai.client(), mode=Mode.JSON_SCHEMA, model="grok-3")
    fake_xai.script(response_stream(json.dumps(JASON), chunk_size=3))
    stream = client.create(response_model=instructor.Partial[User], messages=MESSAGES,
                           stream=True)
    check_partials(list(stream))


@pytest.mark.parametrize("mode", [Mode.TOOLS, Mode.JSON_SCHEMA])
def test_create_iterable(fake_xai, mode):
    client = instructor.from_xai(fake_xai.client(), mode=mode, model="grok-3")
    if mode == Mode.TOOLS:
        fake_xai.script(response_stream(tool_call=tool_call("IterableUser", PEOPLE)))
    else:
        fake_xai.script(response_stream(json.dumps(PEOPLE), chunk_size=7))
    users = list(client.create_iterable(response_model=User, messages=MESSAGES))
    assert users == [User(**u) for u in PEOPLE["tasks"]]


def test_a_stream_cut_off_at_the_token_limit_is_incomplete(fake_xai):
    client = instructor.from_xai(fake_xai.client(), mode=Mode.JSON_SCHEMA, model="grok-3")
    fake_xai.script(response_stream('{"name": "Jas', finish_reason="REASON_MAX_LEN"))
    with pytest.raises(IncompleteOutputException):
        list(client.create_partial(response_model=User, messages=MESSAGES, max_tokens=5))
    assert len(fake_xai.requests) == 1


def test_stream_without_a_response_model_is_the_sdks_stream(fake_xai):
    client = instructor.from_xai(fake_xai.client(), model="grok-3")
    fake_xai.script(response_stream("hello there", chunk_size=4))
    pieces = [chunk.content for _, chunk in client.create(response_model=None, stream=True,
                                                          messages=MESSAGES)]
    assert "".join(pieces) == "hello there"


def test_async_create_partial_and_iterable(fake_xai):
    fake_xai.script(response_stream(json.dumps(JASON), chunk_size=3),
                    response_stream(tool_call=tool_call("IterableUser", PEOPLE)))

    async def run():
        sdk = fake_xai.async_client()  # grpc.aio: made inside the loop that uses it
        try:
            partial = instructor.from_xai(sdk, mode=Mode.JSON_SCHEMA, model="grok-3")
            tools = instructor.from_xai(sdk, model="grok-3")
            partials = [p async for p in partial.create_partial(response_model=User,
                                                                messages=MESSAGES)]
            users = [u async for u in tools.create_iterable(response_model=User,
                                                            messages=MESSAGES)]
            return partials, users
        finally:
            await sdk.close()

    partials, users = asyncio.run(run())
    check_partials(partials)
    assert users == [User(**u) for u in PEOPLE["tasks"]]


def test_async_create_reasks_and_sums_usage(fake_xai):
    fake_xai.script(response(tool_calls=[tool_call("User", {"name": "J"})], usage=(10, 2)),
                    response(tool_calls=[tool_call("User", JASON)], usage=(20, 3)))

    async def run():
        sdk = fake_xai.async_client()
        try:
            client = instructor.from_xai(sdk, model="grok-3")
            return await client.create_with_completion(response_model=User, messages=MESSAGES)
        finally:
            await sdk.close()

    user, completion = asyncio.run(run())
    assert user == User(**JASON) and completion.usage.prompt_tokens == 30
    assert len(fake_xai.requests) == 2
    assert fake_xai.requests[1].json["messages"][2]["role"] == "ROLE_TOOL"


def test_async_stream_and_passthrough_without_a_model(fake_xai):
    fake_xai.script(response("plain"), response_stream("abcdef", chunk_size=2))

    async def run():
        sdk = fake_xai.async_client()
        try:
            client = instructor.from_xai(sdk, model="grok-3")
            reply = await client.create(response_model=None, messages=MESSAGES)
            stream = await client.create(response_model=None, messages=MESSAGES, stream=True)
            return reply.content, [chunk.content async for _, chunk in stream]
        finally:
            await sdk.close()

    content, pieces = asyncio.run(run())
    assert content == "plain" and "".join(pieces) == "abcdef"

