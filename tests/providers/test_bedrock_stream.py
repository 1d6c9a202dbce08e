"""Bedrock streaming (ConverseStream in the AWS event-stream encoding) and the async path."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from pydantic import BaseModel

import instructor
from fakes.bedrock_server import Fault, Stream, converse, converse_stream, model_id, tool_use
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import IncompleteOutputException, InstructorRetryException

require_sdk("boto3")


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


def make(fake, mode=Mode.TOOLS, **kw):
    return instructor.from_bedrock(fake.client(), mode=mode, model="m", **kw)


def test_create_partial_tools(fake_bedrock):
    fake_bedrock.script(converse_stream(tool_use=tool_use("User", JASON), chunk_size=3))
    check_partials(list(make(fake_bedrock).create_partial(response_model=User,
                                                          messages=MESSAGES)))
    request = fake_bedrock.last_request
    assert request.path.endswith("/converse-stream") and model_id(request) == "m"
    assert request.json["toolConfig"]["toolChoice"] == {"tool": {"name": "User"}}


@pytest.mark.parametrize(("mode", "text"), [
    (Mode.MD_JSON, '```json\n{"name": "Jason", "age": 25}\n```'),
    (Mode.JSON_SCHEMA, '{"name": "Jason", "age": 25}')])
def test_create_partial_text_modes(fake_bedrock, mode, text):
    fake_bedrock.script(converse_stream(text, chunk_size=4))
    check_partials(list(make(fake_bedrock, mode).create_partial(response_model=User,
                                                                messages=MESSAGES)))


def test_stream_true_with_a_partial_model(fake_bedrock):
    fake_bedrock.script(converse_stream(tool_use=tool_use("User", JASON)))
    check_partials(list(make(fake_bedrock).create(
        response_model=instructor.Partial[User], messages=MESSAGES, stream=True)))


def test_create_iterable_tools(fake_bedrock):
    fake_bedrock.script(converse_stream(tool_use=tool_use("IterableUser", PEOPLE), chunk_size=7))
    users = list(make(fake_bedrock).create_iterable(response_model=User, messages=MESSAGES))
    assert users == [User(**u) for u in PEOPLE["tasks"]]


def test_stream_cut_at_max_tokens_is_incomplete(fake_bedrock):
    fake_bedrock.script(converse_stream(tool_use=tool_use("User", JASON),
                                        stop_reason="max_tokens"))
    with pytest.raises(IncompleteOutputException) as info:
        list(make(fake_bedrock).create_partial(response_model=User, messages=MESSAGES))
    assert info.value.last_completion == {"messageStop": {"stopReason": "max_tokens"}}


def test_an_exception_event_mid_stream_is_a_typed_error(fake_bedrock):
    from botocore.exceptions import EventStreamError

    events = list(converse_stream(tool_use=tool_use("User", JASON)).chunks)
    events.insert(3, ("modelStreamErrorException", {"message": "the model broke"}))
    fake_bedrock.script(Stream(events))
    with pytest.raises(InstructorRetryException, match="the model broke") as info:
        list(make(fake_bedrock).create_partial(response_model=User, messages=MESSAGES))
    assert isinstance(info.value.__cause__, EventStreamError)
    assert info.value.raw_response is not None


def test_response_model_none_with_stream_is_the_sdks_stream(fake_bedrock):
    fake_bedrock.script(converse_stream("hello", chunk_size=2))
    reply = make(fake_bedrock).create(response_model=None, messages=MESSAGES, stream=True)
    texts = [e["contentBlockDelta"]["delta"]["text"] for e in reply["stream"]
             if "contentBlockDelta" in e]
    assert texts == ["he", "ll", "o"]
    assert fake_bedrock.last_request.json == {"messages": [
        {"role": "user", "content": [{"text": "Jason is 25"}]}]}


# -- async ------------------------------------------------------------------------


def test_async_create_partial_and_iterable(fake_bedrock):
    client = make(fake_bedrock, async_client=True)
    fake_bedrock.script(converse_stream(tool_use=tool_use("User", JASON), chunk_size=3),
                        converse_stream(tool_use=tool_use("IterableUser", PEOPLE)))

    async def run():
        partials = [p async for p in client.create_partial(response_model=User,
                                                           messages=MESSAGES)]
        users = [u async for u in client.create_iterable(response_model=User,
                                                         messages=MESSAGES)]
        return partials, users

    partials, users = asyncio.run(run())
    check_partials(partials)
    assert users == [User(**u) for u in PEOPLE["tasks"]]


def test_async_create_with_completion_sums_usage(fake_bedrock):
    client = make(fake_bedrock, async_client=True)
    fake_bedrock.script(converse(tool_uses=[tool_use("User", {"name": "J"})]),
                        converse(tool_uses=[tool_use("User", JASON)]))
    user, completion = asyncio.run(client.create_with_completion(response_model=User,
                                                                 messages=MESSAGES))
    assert user == User(**JASON) and completion["usage"]["inputTokens"] == 20
    assert len(fake_bedrock.requests) == 2


def _slow(stream, pause):
    for chunk in stream.chunks:
        time.sleep(pause)
        yield chunk


async def _ticking(work):
    """Run ``work`` while counting ticks of the event loop every 10 ms."""
    ticks = 0

    async def tick():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    ticker = asyncio.create_task(tick())
    try:
        return await work, ticks
    finally:
        ticker.cancel()


def test_async_calls_never_block_the_event_loop(fake_bedrock):
    client = make(fake_bedrock, async_client=True)
    reply = converse(tool_uses=[tool_use("User", JASON)])
    stream = converse_stream(tool_use=tool_use("User", JASON), chunk_size=3)
    fake_bedrock.script(Fault.slow(0.3, reply), Stream(_slow(stream, 0.03)))

    async def partials():
        return [p async for p in client.create_partial(response_model=User, messages=MESSAGES)]

    async def run():
        one = await _ticking(client.create(response_model=User, messages=MESSAGES))
        two = await _ticking(partials())
        return one, two

    (user, ticks_call), (parts, ticks_stream) = asyncio.run(run())
    assert user == User(**JASON) and ticks_call >= 10  # the loop ran while waiting 0.3 s
    check_partials(parts)
    assert ticks_stream >= 10  # and while the stream trickled in


def test_leaving_an_async_stream_early_ends_its_thread(fake_bedrock):
    client = make(fake_bedrock, async_client=True)
    events = converse_stream(tool_use=tool_use("IterableUser", PEOPLE), chunk_size=5).chunks

    def trickle():  # the answer at once, then a tail that would take 2.5 s
        yield from events[:-3]
        for _ in range(50):
            time.sleep(0.05)
            yield {"contentBlockDelta": {"contentBlockIndex": 0, "delta": {"toolUse": {
                "input": " "}}}}
        yield from events[-3:]

    fake_bedrock.script(Stream(trickle()))

    async def first():
        async for user in client.create_iterable(response_model=User, messages=MESSAGES):
            return user

    async def run():
        user = await first()
        deadline = time.monotonic() + 1.0  # the loop keeps running: only closing ends it
        while time.monotonic() < deadline and _pumps():
            await asyncio.sleep(0.02)
        return user, _pumps()

    user, pumps = asyncio.run(run())
    assert user == User(**JASON) and not pumps


def _pumps():
    return [t for t in threading.enumerate() if t.name == "instructor-bedrock-stream"]
