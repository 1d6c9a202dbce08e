"""Every provider against a misbehaving server (the fakes' fault modes).

Each fault gives a typed instructor error carrying what the provider sent
(``raw_response``), never a bare IndexError / KeyError / AttributeError /
JSONDecodeError, never a hang. A provider joins by adding a `Case`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import BaseModel

import instructor
from fakes import anthropic_server, openai_server
from fakes._scripted import Fault
from instructor.exceptions import InstructorRetryException, ResponseParsingError


class User(BaseModel):
    name: str
    age: int


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
JASON = {"name": "Jason", "age": 25}


@dataclass
class Case:
    """How to reach one provider's fake: its fixture, a client, a good stream."""

    name: str
    fixture: str
    sdk: str | Callable[[], Any]  # its import name, or what imports it (or skips)
    client: Callable[[Any], Any]  # fake -> instructor client with a short timeout
    stream: Callable[[], Any]  # a well-formed stream of User JASON
    iterable: Callable[[], Any] | None = None  # ... of IterableUser (None: as below)
    # The SDK refuses a JSON body that is no completion itself (LiteLLM's
    # InternalServerError), so there is nothing to show the model again.
    refuses_non_completions: bool = False
    fixtures: tuple[str, ...] = ()  # more fixtures the case needs


CASES = [
    Case("openai", "fake_openai", "openai",
         lambda fake: instructor.from_openai(fake.client(timeout=0.5)),
         lambda: openai_server.chat_stream(tool_calls=[("User", JASON)])),
    Case("anthropic", "fake_anthropic", "anthropic",
         lambda fake: instructor.from_anthropic(fake.client(timeout=0.5), max_tokens=50),
         lambda: anthropic_server.message_stream(
             tool_use=anthropic_server.tool_use("User", JASON), chunk_size=3)),
]


def _chat_stream():
    return openai_server.chat_stream(tool_calls=[("User", JASON)])


def _chat_iterable():
    return openai_server.chat_stream(tool_calls=[("IterableUser", {"tasks": [JASON] * 3})])


def _require_fireworks():
    from fakes.fireworks_server import require_fireworks

    require_fireworks()


def _litellm(fake):
    import litellm

    from fakes.litellm_route import route

    # num_retries: LiteLLM's own retries (max_retries would be instructor's);
    # custom_llm_provider: the tests call model="m", without LiteLLM's prefix.
    return instructor.from_litellm(litellm.completion, **route(
        fake, timeout=0.5, num_retries=0, custom_llm_provider="openai"))


# The SDKs that speak the OpenAI chat format, and LiteLLM through the fake OpenAI.
CASES += [
    Case("groq", "fake_groq", "groq",
         lambda fake: instructor.from_groq(fake.client(timeout=0.5)),
         _chat_stream, _chat_iterable),
    Case("cerebras", "fake_cerebras", "cerebras.cloud.sdk",
         lambda fake: instructor.from_cerebras(fake.client(timeout=0.5)),
         _chat_stream, _chat_iterable),
    Case("writer", "fake_writer", "writerai",
         lambda fake: instructor.from_writer(fake.client(timeout=0.5)),
         _chat_stream, _chat_iterable),
    Case("fireworks", "fake_fireworks", _require_fireworks,
         lambda fake: instructor.from_fireworks(fake.client(timeout=0.5)),
         _chat_stream, _chat_iterable),
    Case("litellm", "fake_openai", "litellm", _litellm, _chat_stream, _chat_iterable,
         fixtures=("litellm_loop",), refuses_non_completions=True),
]
BARE = (IndexError, KeyError, AttributeError, json.JSONDecodeError, TypeError)


def _params():
    from fakes.litellm_route import quiet

    for case in CASES:
        yield pytest.param(case, id=case.name, marks=[quiet] if case.name == "litellm" else [])


@pytest.fixture(params=list(_params()))
def case(request):
    sdk = request.param.sdk
    sdk() if callable(sdk) else pytest.importorskip(sdk)
    fake = request.getfixturevalue(request.param.fixture)
    for name in request.param.fixtures:
        request.getfixturevalue(name)
    return request.param, fake, request.param.client(fake)


def raised(call) -> InstructorRetryException:
    with pytest.raises(Exception) as info:
        call()
    error = info.value
    assert type(error) is InstructorRetryException, repr(error)
    assert not isinstance(error, BARE)
    return error


@pytest.mark.parametrize("fault", [Fault.empty(), Fault.garbled()], ids=["empty", "garbled"])
def test_a_body_that_is_not_json(case, fault):
    _, fake, client = case
    fake.always(fault)
    error = raised(lambda: client.create(model="m", response_model=User, messages=MESSAGES))
    assert error.n_attempts == 1  # the SDK could not read it: not the model's fault
    assert isinstance(error.raw_response, str)  # the body as received
    assert len(fake.requests) == 1


def test_a_json_body_that_is_no_completion_is_retried(case):
    spec, fake, client = case
    fake.always(Fault.not_an_object())
    error = raised(lambda: client.create(model="m", response_model=User, messages=MESSAGES,
                                         max_retries=1))
    if spec.refuses_non_completions:
        assert error.n_attempts == 1 and len(fake.requests) == 1
        assert "this is a string, not an object" in str(error.__cause__)
        assert error.raw_response is not None
        return
    assert isinstance(error.__cause__, ResponseParsingError)
    assert error.__cause__.raw_response == "this is a string, not an object"
    assert error.n_attempts == 2 and len(fake.requests) == 2
    # nothing could be shown back to the model: the same request again
    assert fake.requests[0].json == fake.requests[1].json


def test_slower_than_the_client_timeout(case):
    _, fake, client = case
    fake.always(Fault.slow(2.0))
    error = raised(lambda: client.create(model="m", response_model=User, messages=MESSAGES))
    assert "timed out" in str(error).lower()
    assert error.n_attempts == 1


@pytest.mark.parametrize("kind", ["garbled_event", "truncated", "dropped"])
@pytest.mark.parametrize("call", ["create_partial", "create_iterable"])
def test_a_stream_that_breaks(case, kind, call):
    spec, fake, client = case
    stream = spec.stream()
    if call == "create_iterable":
        stream = _as_iterable(spec, stream)
    fake.script(getattr(Fault, kind)(stream))
    error = raised(lambda: list(getattr(client, call)(model="m", response_model=User,
                                                       messages=MESSAGES)))
    assert error.n_attempts == 1 and error.raw_response is not None
    assert error.__cause__ is not None


def _as_iterable(spec: Case, stream: Any) -> Any:
    if spec.iterable is not None:
        return spec.iterable()
    if spec.name == "openai":
        return openai_server.chat_stream(tool_calls=[("IterableUser", {"tasks": [JASON] * 3})])
    return anthropic_server.message_stream(
        tool_use=anthropic_server.tool_use("IterableUser", {"tasks": [JASON] * 3}))
