"""Anthropic streaming: create_partial / create_iterable from the SDK's event stream."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel

import instructor
from fakes.anthropic_server import message_stream, tool_use
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import IncompleteOutputException

require_sdk("anthropic")


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


def test_create_partial_tools(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.client())
    fake_anthropic.script(message_stream(tool_use=tool_use("User", JASON), chunk_size=3))
    check_partials(list(client.create_partial(model="m", max_tokens=99, response_model=User,
                                              messages=MESSAGES)))
    sent = fake_anthropic.last_request.json
    assert sent["stream"] is True and sent["tool_choice"]["name"] == "User"


def test_create_partial_json_mode(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.client(), mode=Mode.JSON)
    fake_anthropic.script(message_stream('```json\n{"name": "Jason", "age": 25}\n```',
                                         chunk_size=4))
    check_partials(list(client.create_partial(model="m", max_tokens=99, response_model=User,
                                              messages=MESSAGES)))


def test_stream_true_with_partial_model(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.client())
    fake_anthropic.script(message_stream(tool_use=tool_use("User", JASON)))
    stream = client.create(model="m", max_tokens=99, response_model=instructor.Partial[User],
                           messages=MESSAGES, stream=True)
    check_partials(list(stream))


def test_create_iterable_tools(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.client())
    fake_anthropic.script(message_stream(tool_use=tool_use("IterableUser", PEOPLE), chunk_size=7))
    users = list(client.create_iterable(model="m", max_tokens=99, response_model=User,
                                        messages=MESSAGES))
    assert users == [User(**u) for u in PEOPLE["tasks"]]


def test_async_partial_and_iterable(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.async_client())
    fake_anthropic.script(message_stream(tool_use=tool_use("User", JASON), chunk_size=3),
                          message_stream(tool_use=tool_use("IterableUser", PEOPLE)))

    async def run():
        partials = [p async for p in client.create_partial(
            model="m", max_tokens=99, response_model=User, messages=MESSAGES)]
        users = [u async for u in client.create_iterable(
            model="m", max_tokens=99, response_model=User, messages=MESSAGES)]
        await client.client.close()
        return partials, users

    partials, users = asyncio.run(run())
    check_partials(partials)
    assert users == [User(**u) for u in PEOPLE["tasks"]]


def test_async_create(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.async_client(), max_tokens=9)
    from fakes.anthropic_server import message

    fake_anthropic.script(message(tool_uses=[tool_use("User", {"name": "J"})]),
                          message(tool_uses=[tool_use("User", JASON)]))

    async def run():
        try:
            return await client.create_with_completion(model="m", response_model=User,
                                                       messages=MESSAGES)
        finally:
            await client.client.close()

    user, completion = asyncio.run(run())
    assert user == User(**JASON) and completion.usage.input_tokens == 20
    assert len(fake_anthropic.requests) == 2


def test_stream_cut_at_max_tokens_is_incomplete(fake_anthropic):
    client = instructor.from_anthropic(fake_anthropic.client())
    fake_anthropic.script(message_stream(tool_use=tool_use("User", JASON),
                                         stop_reason="max_tokens"))
    with pytest.raises(IncompleteOutputException):
        list(client.create_partial(model="m", max_tokens=5, response_model=User,
                                   messages=MESSAGES))
