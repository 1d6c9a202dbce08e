"""AsyncInstructor drives the same flow as the sync client."""

from __future__ import annotations

import asyncio
import copy

import pytest
from pydantic import BaseModel

import instructor
from fakes.openai_server import Error, chat_completion, chat_stream
from instructor.exceptions import InstructorRetryException


class User(BaseModel):
    name: str
    age: int


MESSAGES = [{"role": "user", "content": "Jason is 25"}]


def run_with(fake, body, **kwargs):
    """Run ``body(client)`` on a fresh event loop with a closed-after client."""
    async def main():
        async with fake.async_client() as sdk:
            return await body(instructor.from_openai(sdk, **kwargs))

    return asyncio.run(main())


def test_async_create_reask_and_usage(fake_openai):
    fake_openai.script(chat_completion(tool_calls=[("User", {"name": "J", "age": "x"})]),
                       chat_completion(tool_calls=[("User", {"name": "J", "age": 5})]))
    messages = copy.deepcopy(MESSAGES)

    async def body(client):
        assert isinstance(client, instructor.AsyncInstructor)
        return await client.chat.completions.create_with_completion(
            model="m", response_model=User, messages=messages, max_retries=1)

    user, completion = run_with(fake_openai, body)
    assert messages == MESSAGES
    assert user == User(name="J", age=5)
    assert completion.usage.total_tokens == 30
    assert fake_openai.requests[1].json["messages"][-1]["role"] == "tool"


def test_async_retry_exhaustion_matches_sync(fake_openai):
    fake_openai.always(chat_completion(tool_calls=[("User", {"name": "J", "age": "x"})]))

    async def body(client):
        await client.create(model="m", response_model=User, messages=MESSAGES,
                            max_retries=2)

    with pytest.raises(InstructorRetryException) as info:
        run_with(fake_openai, body)
    assert info.value.n_attempts == 3
    assert len(fake_openai.requests) == 3


def test_async_sdk_error_wrapped(fake_openai):
    import openai

    fake_openai.script(Error(400, "nope"))

    async def body(client):
        await client.create(model="m", response_model=User, messages=MESSAGES)

    with pytest.raises(InstructorRetryException) as info:
        run_with(fake_openai, body)
    assert isinstance(info.value.__cause__, openai.BadRequestError)


def test_async_partial_and_iterable_streams(fake_openai):
    fake_openai.script(
        chat_stream(tool_calls=[("User", '{"name": "Jason", "age": 25}')], chunk_size=3),
        chat_stream(tool_calls=[("IterableUser",
                                 '{"tasks": [{"name": "A", "age": 1}, {"name": "B", "age": 2}]}')],
                    chunk_size=5),
        chat_stream(tool_calls=[("User", '{"name": "Al", "age": 3}')]),
    )

    async def body(client):
        partials = [p async for p in client.create_partial(
            model="m", response_model=User, messages=MESSAGES)]
        users = [u async for u in client.create_iterable(
            messages=MESSAGES, response_model=User, model="m")]
        stream = await client.create(model="m", response_model=instructor.Partial[User],
                                     messages=MESSAGES, stream=True)
        last = [p async for p in stream][-1]
        return partials, users, last

    partials, users, last = run_with(fake_openai, body)
    assert partials[-1] == User(name="Jason", age=25)
    assert [u.name for u in users] == ["A", "B"]
    assert last == User(name="Al", age=3)


def test_async_passthrough(fake_openai):
    fake_openai.script(chat_completion("raw"))

    async def body(client):
        return await client.create(model="m", response_model=None, messages=MESSAGES)

    assert run_with(fake_openai, body).choices[0].message.content == "raw"


def test_async_json_mode(fake_openai):
    fake_openai.script(chat_completion('{"name": "J", "age": 2}'))

    async def body(client):
        return await client.create(model="m", response_model=User, messages=MESSAGES)

    assert run_with(fake_openai, body, mode=instructor.Mode.JSON).age == 2
