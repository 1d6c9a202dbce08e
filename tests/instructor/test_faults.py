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
from fakes import (
    anthropic_server,
    bedrock_server,
    cohere_server,
    genai_server,
    mistral_server,
    openai_server,
)
from fakes._scripted import Fault
from fakes.sdk import require_sdk
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
    iterable: Callable[[], Any] | None = None  # a stream of IterableUser (three JASONs)
    # False where the SDK itself raises on a JSON body that is not an object
    # (it cannot hand it back; LiteLLM raises InternalServerError): the call
    # then fails once, typed, not retried, as nothing can be shown the model.
    reads_any_json: bool = True
    # faults whose body the SDK reads as an empty response without keeping
    # it (google-genai reads '' as {}; both Google SDKs drop a JSON string)
    lost_body: tuple[str, ...] = ()
    fixtures: tuple[str, ...] = ()  # more fixtures the case needs


CASES = [
    Case("openai", "fake_openai", "openai",
         lambda fake: instructor.from_openai(fake.client(timeout=0.5)),
         lambda: openai_server.chat_stream(tool_calls=[("User", JASON)])),
    Case("anthropic", "fake_anthropic", "anthropic",
         lambda fake: instructor.from_anthropic(fake.client(timeout=0.5), max_tokens=50),
         lambda: anthropic_server.message_stream(
             tool_use=anthropic_server.tool_use("User", JASON), chunk_size=3)),
    Case("bedrock", "fake_bedrock", "boto3",
         lambda fake: instructor.from_bedrock(fake.client(timeout=0.5)),
         lambda: bedrock_server.converse_stream(
             tool_use=bedrock_server.tool_use("User", JASON), chunk_size=3)),
    Case("cohere", "fake_cohere", "cohere",
         lambda fake: instructor.from_cohere(fake.client(timeout=0.5), model="m"),
         lambda: cohere_server.chat_v2_stream(
             tool_call=cohere_server.tool_call("User", JASON), chunk_size=3),
         lambda: cohere_server.chat_v2_stream(
             tool_call=cohere_server.tool_call("IterableUser", {"tasks": [JASON] * 3})),
         reads_any_json=False),
    Case("cohere-v1", "fake_cohere", "cohere",
         lambda fake: instructor.from_cohere(fake.v1_client(timeout=0.5), model="m"),
         lambda: cohere_server.chat_v1_stream(tool_call=("User", JASON), chunk_size=3),
         lambda: cohere_server.chat_v1_stream(tool_call=("IterableUser", {"tasks": [JASON] * 3})),
         reads_any_json=False),
    Case("mistral", "fake_mistral", "mistralai",
         lambda fake: instructor.from_mistral(fake.client(timeout=0.5)),
         lambda: mistral_server.chat_stream(
             tool_call=mistral_server.tool_call("User", JASON), chunk_size=3),
         lambda: mistral_server.chat_stream(tool_call=mistral_server.tool_call(
             "IterableUser", {"tasks": [JASON] * 3}), chunk_size=5)),
]


def _gemini_client(fake: Any) -> Any:
    return instructor.from_gemini(fake.model(), request_options={"timeout": 0.5})


def _google_people() -> Any:
    return genai_server.response_stream(json.dumps({"tasks": [JASON] * 3}), chunk_size=9)


CASES += [
    Case("genai", "fake_genai", "google.genai",
         lambda fake: instructor.from_genai(fake.client(timeout=0.5), mode=instructor.Mode.JSON,
                                            model="m"),
         lambda: genai_server.response_stream(json.dumps(JASON), chunk_size=3),
         _google_people, lost_body=("empty", "not_an_object")),
    Case("vertexai", "fake_genai", "google.genai",
         # MD_JSON: a function call comes whole in one chunk, text in many
         lambda fake: instructor.from_vertexai(fake.vertex_client(timeout=0.5), model="m",
                                               mode=instructor.Mode.MD_JSON),
         lambda: genai_server.response_stream(json.dumps(JASON), chunk_size=3),
         _google_people, lost_body=("empty", "not_an_object")),
    Case("gemini", "fake_gemini", "fakes.gemini_sdk", _gemini_client,
         lambda: genai_server.response_stream(json.dumps(JASON), chunk_size=3),
         _google_people, lost_body=("not_an_object",)),
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
         fixtures=("litellm_loop",), reads_any_json=False),
]
BARE = (IndexError, KeyError, AttributeError, json.JSONDecodeError, TypeError)


def _params():
    from fakes.litellm_route import quiet

    for case in CASES:
        yield pytest.param(case, id=case.name, marks=[quiet] if case.name == "litellm" else [])


@pytest.fixture(params=list(_params()))
def case(request):
    sdk = request.param.sdk
    sdk() if callable(sdk) else require_sdk(sdk)
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
    spec, fake, client = case
    fake.always(fault)
    if fault.kind in spec.lost_body:
        return _lost_body(fake, client)
    error = raised(lambda: client.create(response_model=User, messages=MESSAGES,
                                         **_model(client)))
    assert error.n_attempts == 1  # the SDK could not read it: not the model's fault
    assert isinstance(error.raw_response, str)  # the body as received
    assert len(fake.requests) == 1


def test_a_json_body_that_is_no_completion_is_retried(case):
    spec, fake, client = case
    fake.always(Fault.not_an_object())
    if not spec.reads_any_json:
        error = raised(lambda: client.create(response_model=User, messages=MESSAGES,
                                             max_retries=1, **_model(client)))
        assert error.n_attempts == 1 and len(fake.requests) == 1
        assert error.__cause__ is not None
        return
    if "not_an_object" in spec.lost_body:
        return _lost_body(fake, client)
    error = raised(lambda: client.create(response_model=User, messages=MESSAGES,
                                         max_retries=1, **_model(client)))
    assert isinstance(error.__cause__, ResponseParsingError)
    assert error.__cause__.raw_response == "this is a string, not an object"
    assert error.n_attempts == 2 and len(fake.requests) == 2
    # nothing could be shown back to the model: the same request again
    assert fake.requests[0].json == fake.requests[1].json


def test_slower_than_the_client_timeout(case):
    _, fake, client = case
    fake.always(Fault.slow(2.0))
    error = raised(lambda: client.create(response_model=User, messages=MESSAGES,
                                         **_model(client)))
    text = str(error).lower()
    assert "timed out" in text or "read timeout" in text  # httpx's words, botocore's
    assert error.n_attempts == 1


@pytest.mark.parametrize("kind", ["garbled_event", "truncated", "dropped"])
@pytest.mark.parametrize("call", ["create_partial", "create_iterable"])
def test_a_stream_that_breaks(case, kind, call):
    spec, fake, client = case
    stream = spec.stream()
    if call == "create_iterable":
        stream = _as_iterable(spec, stream)
    fake.script(getattr(Fault, kind)(stream))
    error = raised(lambda: list(getattr(client, call)(response_model=User, messages=MESSAGES,
                                                       **_model(client))))
    assert error.n_attempts == 1 and error.raw_response is not None
    assert error.__cause__ is not None


def _lost_body(fake: Any, client: Any) -> None:
    """What the SDK read as an empty response: no completion in it, retried unchanged."""
    error = raised(lambda: client.create(response_model=User, messages=MESSAGES, max_retries=1,
                                         **_model(client)))
    assert isinstance(error.__cause__, ResponseParsingError)
    assert error.__cause__.raw_response is error.last_completion is not None  # the SDK's object
    assert error.n_attempts == 2 and len(fake.requests) == 2
    assert fake.requests[0].json == fake.requests[1].json


def _model(client: Any) -> dict[str, Any]:
    # google-generativeai's model is the GenerativeModel's; the others take model=
    return {} if client.provider == "gemini" else {"model": "m"}


def _as_iterable(spec: Case, stream: Any) -> Any:
    if spec.iterable is not None:
        return spec.iterable()
    if spec.name == "openai":
        return openai_server.chat_stream(tool_calls=[("IterableUser", {"tasks": [JASON] * 3})])
    if spec.name == "bedrock":
        return bedrock_server.converse_stream(
            tool_use=bedrock_server.tool_use("IterableUser", {"tasks": [JASON] * 3}))
    return anthropic_server.message_stream(
        tool_use=anthropic_server.tool_use("IterableUser", {"tasks": [JASON] * 3}))
