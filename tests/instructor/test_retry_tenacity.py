"""A tenacity Retrying/AsyncRetrying may stand in for max_retries."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel

import instructor
from fakes.openai_server import chat_completion
from instructor.exceptions import InstructorRetryException

tenacity = pytest.importorskip("tenacity")


class User(BaseModel):
    name: str
    age: int


BAD = chat_completion(tool_calls=[("User", {"name": "J", "age": "x"})])
GOOD = chat_completion(tool_calls=[("User", {"name": "J", "age": 1})])
MESSAGES = [{"role": "user", "content": "x"}]


def test_retrying_stop_after_attempt(fake_openai):
    fake_openai.always(BAD)
    client = instructor.from_openai(fake_openai.client())
    slept = []
    retrying = tenacity.Retrying(stop=tenacity.stop_after_attempt(2),
                                 wait=tenacity.wait_fixed(0.01),
                                 before_sleep=lambda state: slept.append(state.attempt_number))
    with pytest.raises(InstructorRetryException) as info:
        client.create(model="m", response_model=User, messages=MESSAGES,
                      max_retries=retrying)
    assert len(fake_openai.requests) == 2
    assert info.value.n_attempts == 2
    assert slept == [1]


def test_retrying_succeeds_after_failure(fake_openai):
    fake_openai.script(BAD, GOOD)
    client = instructor.from_openai(fake_openai.client())
    retrying = tenacity.Retrying(stop=tenacity.stop_after_attempt(3))
    assert client.create(model="m", response_model=User, messages=MESSAGES,
                         max_retries=retrying).age == 1


def test_async_retrying(fake_openai):
    fake_openai.script(BAD, BAD, GOOD)
    retrying = tenacity.AsyncRetrying(stop=tenacity.stop_after_attempt(3),
                                      wait=tenacity.wait_fixed(0.01))

    async def main():
        async with fake_openai.async_client() as sdk:
            client = instructor.from_openai(sdk)
            return await client.create(model="m", response_model=User, messages=MESSAGES,
                                       max_retries=retrying)

    out = asyncio.run(main())
    assert out.age == 1
    assert len(fake_openai.requests) == 3


def test_bad_max_retries_type(fake_openai):
    client = instructor.from_openai(fake_openai.client())
    with pytest.raises(TypeError):
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries="3")
    assert fake_openai.requests == []
