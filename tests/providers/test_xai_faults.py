"""xAI against a misbehaving gRPC server: the fault modes of the fakes, as gRPC has them.

tests/instructor/test_faults.py holds the HTTP providers' cases; gRPC fails
differently (a message cannot be half a JSON body, a timeout is a
DEADLINE_EXCEEDED status), so xAI's equivalents are here. Each fault gives a
typed instructor error, never a bare IndexError / KeyError / AttributeError /
JSONDecodeError, never a hang; a gRPC failure is the error's cause.
"""

from __future__ import annotations

import asyncio
import json
import time

import pytest
from pydantic import BaseModel

import instructor
from fakes.sdk import require_sdk
from fakes.xai_server import Error, Fault, Stream, response, response_stream, tool_call
from instructor import Mode
from instructor.exceptions import InstructorRetryException, ResponseParsingError

require_sdk("xai_sdk")
grpc = require_sdk("grpc")


class User(BaseModel):
    name: str
    age: int


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
JASON = {"name": "Jason", "age": 25}
BARE = (IndexError, KeyError, AttributeError, json.JSONDecodeError, TypeError)


@pytest.fixture
def client(fake_xai):
    return instructor.from_xai(fake_xai.client(timeout=0.5), model="grok-3")


def raised(call) -> InstructorRetryException:
    with pytest.raises(Exception) as info:
        call()
    error = info.value
    assert type(error) is InstructorRetryException, repr(error)
    assert not isinstance(error, BARE)
    return error


def status(error: BaseException) -> grpc.StatusCode:
    cause = error.__cause__
    assert isinstance(cause, grpc.RpcError), repr(cause)
    return cause.code()


@pytest.mark.parametrize("fault", [Fault.empty(), Fault.not_an_object()],
                         ids=["empty", "no_assistant_output"])
def test_a_response_with_nothing_in_it_is_retried(client, fake_xai, fault):
    fake_xai.always(fault)
    error = raised(lambda: client.create(response_model=User, messages=MESSAGES, max_retries=1))
    assert isinstance(error.__cause__, ResponseParsingError)
    assert error.n_attempts == 2 and len(fake_xai.requests) == 2
    assert error.raw_response is error.last_completion is not None  # the SDK's Response
    # nothing could be shown back to the model: the same request again
    assert fake_xai.requests[0].json == fake_xai.requests[1].json


def test_a_message_that_does_not_parse(client, fake_xai):
    fake_xai.always(Fault.garbled())
    error = raised(lambda: client.create(response_model=User, messages=MESSAGES))
    assert status(error) == grpc.StatusCode.INTERNAL  # the SDK could not read it
    assert "deserializing" in str(error)
    assert error.n_attempts == 1 and len(fake_xai.requests) == 1


def test_slower_than_the_client_timeout(client, fake_xai):
    fake_xai.always(Fault.slow(3.0, response(tool_calls=[tool_call("User", JASON)])))
    start = time.monotonic()
    error = raised(lambda: client.create(response_model=User, messages=MESSAGES))
    assert time.monotonic() - start < 2.5
    assert status(error) == grpc.StatusCode.DEADLINE_EXCEEDED
    assert error.n_attempts == 1


def test_a_dropped_connection_is_reported_once(client, fake_xai):
    # The SDK asks gRPC to retry UNAVAILABLE five times; the fake's clients turn
    # that off (channel option grpc.enable_retries=0), so one request is seen.
    fake_xai.always(Fault("dropped"))
    error = raised(lambda: client.create(response_model=User, messages=MESSAGES))
    assert status(error) == grpc.StatusCode.UNAVAILABLE
    assert error.n_attempts == 1 and len(fake_xai.requests) == 1


def test_the_sdks_own_retries_of_unavailable(fake_xai):
    # With the SDK's default channel options gRPC itself retries UNAVAILABLE:
    # instructor still makes one attempt and reports the last status.
    sdk = fake_xai.client(channel_options=[])
    fake_xai.always(Fault("dropped"))
    error = raised(lambda: instructor.from_xai(sdk, model="m").create(
        response_model=User, messages=MESSAGES))
    assert status(error) == grpc.StatusCode.UNAVAILABLE and error.n_attempts == 1
    assert len(fake_xai.requests) == 5


def test_an_unscripted_request_is_invalid_argument_and_a_problem(client, fake_xai):
    error = raised(lambda: client.create(response_model=User, messages=MESSAGES))
    assert status(error) == grpc.StatusCode.INVALID_ARGUMENT
    assert len(fake_xai.requests) == 1 and len(fake_xai.problems) == 1
    fake_xai.problems.clear()  # provoked on purpose


@pytest.mark.parametrize("code", ["RESOURCE_EXHAUSTED", "UNAUTHENTICATED", "INTERNAL"])
def test_error_statuses_are_typed_errors(client, fake_xai, code):
    fake_xai.script(Error(code, "no"))
    error = raised(lambda: client.create(response_model=User, messages=MESSAGES, max_retries=2))
    assert status(error) == grpc.StatusCode[code] and len(fake_xai.requests) == 1


def _stream(call: str, mode: Mode) -> Stream:
    """A good stream of User JASON (or three of them) in ``mode``."""
    body = {"tasks": [JASON] * 3} if call == "create_iterable" else JASON
    if mode != Mode.TOOLS:
        return response_stream(json.dumps(body), chunk_size=4)
    name = "IterableUser" if call == "create_iterable" else "User"
    # A tool call comes whole in one chunk: text before it gives the stream a middle.
    text = response_stream("thinking...", chunk_size=3).chunks[:-1]
    return Stream([*text, *response_stream(tool_call=tool_call(name, body)).chunks])


@pytest.mark.parametrize("kind", ["garbled_event", "truncated", "dropped"])
@pytest.mark.parametrize("call", ["create_partial", "create_iterable"])
@pytest.mark.parametrize("mode", [Mode.TOOLS, Mode.JSON_SCHEMA])
def test_a_stream_that_breaks(fake_xai, kind, call, mode):
    client = instructor.from_xai(fake_xai.client(timeout=2), mode=mode, model="grok-3")
    fake_xai.script(getattr(Fault, kind)(_stream(call, mode)))
    error = raised(lambda: list(getattr(client, call)(response_model=User, messages=MESSAGES)))
    assert error.n_attempts == 1 and error.raw_response is not None  # the last chunk
    assert error.__cause__ is not None
    if kind == "garbled_event":
        assert status(error) == grpc.StatusCode.INTERNAL
    elif kind == "dropped":
        assert status(error) == grpc.StatusCode.UNAVAILABLE
    else:  # ends cleanly, but what came does not validate
        assert not isinstance(error.__cause__, grpc.RpcError)
    assert len(fake_xai.requests) == 1


def test_an_async_stream_that_drops(fake_xai):
    fake_xai.script(Fault.dropped(response_stream(json.dumps(JASON), chunk_size=2)))

    async def run():
        sdk = fake_xai.async_client(timeout=2)
        client = instructor.from_xai(sdk, mode=Mode.JSON_SCHEMA, model="grok-3")
        try:
            return [p async for p in client.create_partial(response_model=User,
                                                           messages=MESSAGES)]
        finally:
            await sdk.close()

    error = raised(lambda: asyncio.run(run()))
    assert status(error) == grpc.StatusCode.UNAVAILABLE and error.raw_response is not None


def test_async_slower_than_the_timeout(fake_xai):
    fake_xai.always(Fault.slow(3.0))

    async def run():
        sdk = fake_xai.async_client(timeout=0.5)
        try:
            return await instructor.from_xai(sdk, model="grok-3").create(
                response_model=User, messages=MESSAGES)
        finally:
            await sdk.close()

    error = raised(lambda: asyncio.run(run()))
    assert status(error) == grpc.StatusCode.DEADLINE_EXCEEDED
