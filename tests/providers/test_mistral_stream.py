"""Mistral streaming: create_partial / create_iterable over ``chat.stream`` and
``chat.stream_async`` (events wrapping ``chat.completion.chunk`` objects)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable

import pytest
from pydantic import BaseModel

import instructor
from fakes.mistral_server import chat_stream, tool_call
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import IncompleteOutputException

require_sdk("mistralai")


class User(BaseModel):
    name: str
    age: int


class Address(BaseModel):
    city: str


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
JASON = {"name": "Jason", "age": 25}
PEOPLE = {"tasks": [JASON, {"name": "Ada", "age": 36}, {"name": "Bo", "age": 4}]}


def check_partials(partials):
    assert len(partials) > 2
    assert partials[-1] == User(**JASON) and type(partials[-1]) is User
    names = [p.name for p in partials[:-1] if p.name is not None]
    assert names == sorted(names, key=len) and names[-1] == "Jason"  # growing


def test_create_partial_tools_with_arguments_in_pieces(fake_mistral):
    client = instructor.from_mistral(fake_mistral.client(), model="m")
    fake_mistral.script(chat_stream(tool_call=tool_call("User", JASON), chunk_size=3))
    check_partials(list(client.create_partial(response_model=User, messages=MESSAGES)))
    request = fake_mistral.last_request
    assert request.json["stream"] is True and request.json["tool_choice"] == "any"
    assert request.headers["accept"] == "text/event-stream"


@pytest.mark.parametrize("as_object", [False, True], ids=["text", "object"])
def test_a_call_sent_whole_in_one_chunk(fake_mistral, as_object):
    client = instructor.from_mistral(fake_mistral.client(), model="m")
    fake_mistral.script(chat_stream(tool_call=tool_call("User", JASON, as_object=as_object)))
    partials = list(client.create_partial(response_model=User, messages=MESSAGES))
    assert partials[-1] == User(**JASON)


def test_create_iterable_with_arguments_in_pieces(fake_mistral):
    # 1.17 raised a bare JSONDecodeError here
    client = instructor.from_mistral(fake_mistral.client(), model="m")
    fake_mistral.script(chat_stream(tool_call=tool_call("IterableUser", PEOPLE), chunk_size=7))
    users = list(client.create_iterable(response_model=User, messages=MESSAGES))
    assert users == [User(**u) for u in PEOPLE["tasks"]]


def test_create_iterable_of_a_union(fake_mistral):
    client = instructor.from_mistral(fake_mistral.client(), model="m")
    fake_mistral.script(chat_stream(tool_call=tool_call("IterableUserOrAddress", {
        "tasks": [JASON, {"city": "Paris"}]}), chunk_size=6))
    items = list(client.create_iterable(response_model=User | Address, messages=MESSAGES))
    assert items == [User(**JASON), Address(city="Paris")]


@pytest.mark.parametrize(("mode", "text"), [
    (Mode.JSON_SCHEMA, json.dumps(JASON)),
    (Mode.MD_JSON, f"Here you are:\n```json\n{json.dumps(JASON)}\n```"),
])
def test_create_partial_json_modes(fake_mistral, mode, text):
    client = instructor.from_mistral(fake_mistral.client(), mode=mode, model="m")
    fake_mistral.script(chat_stream(text, chunk_size=4))
    check_partials(list(client.create_partial(response_model=User, messages=MESSAGES)))


def test_stream_true_with_an_iterable_model(fake_mistral):
    client = instructor.from_mistral(fake_mistral.client(), model="m")
    fake_mistral.script(chat_stream(tool_call=tool_call("IterableUser", PEOPLE), chunk_size=9))
    stream = client.create(response_model=Iterable[User], messages=MESSAGES, stream=True)
    assert [u.name for u in stream] == ["Jason", "Ada", "Bo"]


def test_async_partial_and_iterable(fake_mistral):
    client = instructor.from_mistral(fake_mistral.client(), use_async=True, model="m")
    fake_mistral.script(chat_stream(tool_call=tool_call("User", JASON), chunk_size=3),
                        chat_stream(tool_call=tool_call("IterableUser", PEOPLE), chunk_size=5))

    async def run():
        partials = [p async for p in client.create_partial(response_model=User,
                                                           messages=MESSAGES)]
        users = [u async for u in client.create_iterable(response_model=User,
                                                         messages=MESSAGES)]
        return partials, users

    partials, users = asyncio.run(run())
    check_partials(partials)
    assert users == [User(**u) for u in PEOPLE["tasks"]]
    assert all(r.json["stream"] is True for r in fake_mistral.requests)


@pytest.mark.parametrize("reason", ["length", "model_length"])
def test_stream_cut_off_is_incomplete(fake_mistral, reason):
    client = instructor.from_mistral(fake_mistral.client(), model="m")
    fake_mistral.script(chat_stream(tool_call=tool_call("User", '{"name": "Ja'),
                                    finish_reason=reason, chunk_size=4))
    with pytest.raises(IncompleteOutputException):
        list(client.create_partial(response_model=User, messages=MESSAGES))
    assert len(fake_mistral.requests) == 1
