"""Cohere streaming: create_partial / create_iterable over ``chat_stream`` (v2 typed
server-sent events, v1 newline-delimited JSON), sync and async."""

from __future__ import annotations

import asyncio
import json

import pytest
from pydantic import BaseModel

import instructor
from fakes.cohere_server import chat_v1_stream, chat_v2_stream, tool_call
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import IncompleteOutputException

require_sdk("cohere")


class User(BaseModel):
    name: str
    age: int


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
JASON = {"name": "Jason", "age": 25}
PEOPLE = {"tasks": [JASON, {"name": "Ada", "age": 36}, {"name": "Bo", "age": 4}]}


def check_partials(partials):
    assert len(partials) > 2
    assert partials[-1] == User(**JASON) and type(partials[-1]) is User
    names = [p.name for p in partials[:-1] if p.name is not None]
    assert names == sorted(names, key=len) and names[-1] == "Jason"  # growing


def test_v2_partial_tools(fake_cohere):
    client = instructor.from_cohere(fake_cohere.client(), model="m")
    fake_cohere.script(chat_v2_stream(tool_call=tool_call("User", JASON), chunk_size=3))
    check_partials(list(client.create_partial(response_model=User, messages=MESSAGES)))
    request = fake_cohere.last_request
    assert request.path == "/v2/chat" and request.json["stream"] is True
    assert request.json["tool_choice"] == "REQUIRED"


def test_v2_iterable_tools(fake_cohere):
    client = instructor.from_cohere(fake_cohere.client(), model="m")
    fake_cohere.script(chat_v2_stream(tool_call=tool_call("IterableUser", PEOPLE), chunk_size=7))
    users = list(client.create_iterable(response_model=User, messages=MESSAGES))
    assert users == [User(**u) for u in PEOPLE["tasks"]]


@pytest.mark.parametrize(("mode", "text"), [
    (Mode.JSON_SCHEMA, json.dumps(JASON)),
    (Mode.MD_JSON, f"Here:\n```json\n{json.dumps(JASON)}\n```"),
])
def test_v2_partial_json_modes(fake_cohere, mode, text):
    # 1.17 streamed TOOLS only
    client = instructor.from_cohere(fake_cohere.client(), mode=mode, model="m")
    fake_cohere.script(chat_v2_stream(text, chunk_size=4))
    check_partials(list(client.create_partial(response_model=User, messages=MESSAGES)))


def test_v1_partial_and_iterable(fake_cohere):
    client = instructor.from_cohere(fake_cohere.v1_client(), model="m")
    fake_cohere.script(chat_v1_stream(tool_call=("User", JASON), chunk_size=3),
                       chat_v1_stream(tool_call=("IterableUser", PEOPLE), chunk_size=6))
    check_partials(list(client.create_partial(response_model=User, messages=MESSAGES)))
    users = list(client.create_iterable(response_model=User, messages=MESSAGES))
    assert users == [User(**u) for u in PEOPLE["tasks"]]
    assert [r.path for r in fake_cohere.requests] == ["/v1/chat", "/v1/chat"]
    assert fake_cohere.last_request.json["stream"] is True


def test_v1_partial_json_mode(fake_cohere):
    client = instructor.from_cohere(fake_cohere.v1_client(), mode=Mode.JSON_SCHEMA, model="m")
    fake_cohere.script(chat_v1_stream(json.dumps(JASON), chunk_size=4))
    check_partials(list(client.create_partial(response_model=User, messages=MESSAGES)))


def test_async_v2_and_v1(fake_cohere):
    v2 = instructor.from_cohere(fake_cohere.async_client(), model="m")
    v1 = instructor.from_cohere(fake_cohere.async_v1_client(), model="m")
    fake_cohere.script(chat_v2_stream(tool_call=tool_call("User", JASON), chunk_size=3),
                       chat_v1_stream(tool_call=("IterableUser", PEOPLE), chunk_size=5))

    async def run():
        partials = [p async for p in v2.create_partial(response_model=User, messages=MESSAGES)]
        users = [u async for u in v1.create_iterable(response_model=User, messages=MESSAGES)]
        return partials, users

    partials, users = asyncio.run(run())
    check_partials(partials)
    assert users == [User(**u) for u in PEOPLE["tasks"]]
    assert [r.path for r in fake_cohere.requests] == ["/v2/chat", "/v1/chat"]


@pytest.mark.parametrize("version", ["v2", "v1"])
def test_stream_cut_at_max_tokens_is_incomplete(fake_cohere, version):
    if version == "v2":
        client = instructor.from_cohere(fake_cohere.client(), model="m")
        stream = chat_v2_stream(tool_call=tool_call("User", '{"name": "Ja'),
                                finish_reason="MAX_TOKENS")
    else:
        client = instructor.from_cohere(fake_cohere.v1_client(), mode=Mode.JSON_SCHEMA,
                                        model="m")
        stream = chat_v1_stream('{"name": "Ja', finish_reason="MAX_TOKENS")
    fake_cohere.script(stream)
    with pytest.raises(IncompleteOutputException):
        list(client.create_partial(response_model=User, messages=MESSAGES))
    assert len(fake_cohere.requests) == 1
