"""The contract every provider keeps: requests share nothing, only bad answers
are re-asked, credentials never show. Run against OpenAI, Anthropic and the
providers that speak the OpenAI chat format through their own SDK."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

import instructor
from fakes import anthropic_server, openai_server
from fakes.sdk import require_sdk
from instructor.core.adapter import ProviderAdapter
from instructor.core.handler import ModeHandler
from instructor.core.provider_registry import ProviderConfig, provider_registry
from instructor.exceptions import InstructorRetryException


class User(BaseModel):
    name: str
    age: int


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
GOOD = {"name": "Jason", "age": 25}
SECRET = "sk-RECOGNISABLE-0123456789"


def openai_setup(request):
    fake = request.getfixturevalue("fake_openai")
    reply = openai_server.chat_completion(tool_calls=[("User", GOOD)])
    bad = openai_server.chat_completion(tool_calls=[("User", {"name": 1})])
    return fake, (lambda **kw: instructor.from_openai(fake.client(**kw))), reply, bad, \
        lambda sent: sent["tools"][0]["function"]


def anthropic_setup(request):
    require_sdk("anthropic")
    fake = request.getfixturevalue("fake_anthropic")
    reply = anthropic_server.message(tool_uses=[anthropic_server.tool_use("User", GOOD)])
    bad = anthropic_server.message(tool_uses=[anthropic_server.tool_use("User", {"name": 1})])
    return fake, (lambda **kw: instructor.from_anthropic(fake.client(**kw), max_tokens=50)), \
        reply, bad, lambda sent: sent["tools"][0]


def _chat_sdk_setup(name, fixture, sdk, factory):
    """A provider that speaks the OpenAI chat format through its own SDK."""
    def setup(request):
        if callable(sdk):
            sdk()
        else:
            require_sdk(sdk)
        fake = request.getfixturevalue(fixture)
        reply = openai_server.chat_completion(tool_calls=[("User", GOOD)])
        bad = openai_server.chat_completion(tool_calls=[("User", {"name": 1})])
        return fake, (lambda **kw: factory()(fake.client(**kw))), reply, bad, \
            lambda sent: sent["tools"][0]["function"]

    setup.__name__ = f"{name}_setup"
    return setup


def _fireworks():
    from fakes.fireworks_server import require_fireworks

    require_fireworks()


def litellm_setup(request):
    litellm = require_sdk("litellm")
    from fakes.litellm_route import route

    request.getfixturevalue("litellm_loop")
    fake, _, reply, bad, tool_of = openai_setup(request)
    return fake, (lambda **kw: instructor.from_litellm(
        litellm.completion, **route(fake, custom_llm_provider="openai", **kw))), \
        reply, bad, tool_of


SETUPS = [openai_setup, anthropic_setup,
          _chat_sdk_setup("groq", "fake_groq", "groq", lambda: instructor.from_groq),
          _chat_sdk_setup("cerebras", "fake_cerebras", "cerebras.cloud.sdk",
                          lambda: instructor.from_cerebras),
          _chat_sdk_setup("writer", "fake_writer", "writerai", lambda: instructor.from_writer),
          _chat_sdk_setup("fireworks", "fake_fireworks", _fireworks,
                          lambda: instructor.from_fireworks),
          litellm_setup]


def _params():
    from fakes.litellm_route import quiet

    for setup in SETUPS:
        name = setup.__name__.removesuffix("_setup")
        yield pytest.param(setup, id=name, marks=[quiet] if name == "litellm" else [])


@pytest.fixture(params=list(_params()))
def provider(request):
    return request.param(request)


def test_a_hook_that_edits_the_request_changes_only_that_request(provider):
    fake, make, reply, _, tool_of = provider
    client = make()

    def rename(*args, **kwargs):
        tool = tool_of(kwargs)
        tool["name"] = "Renamed"
        tool.get("parameters", tool.get("input_schema"))["required"].append("ghost")

    fake.script(reply, reply, reply)
    client.on("completion:kwargs", rename)
    client.create(model="m", response_model=User, messages=MESSAGES)
    client.off("completion:kwargs", rename)
    client.create(model="m", response_model=User, messages=MESSAGES)
    make().create(model="m", response_model=User, messages=MESSAGES)
    for request in fake.requests[1:]:
        tool = tool_of(request.json)
        assert tool["name"] == "User"
        assert "ghost" not in tool.get("parameters", tool.get("input_schema"))["required"]


def test_no_credential_in_errors_reprs_or_hooks(provider):
    fake, make, _, bad, _ = provider
    client = make(api_key=SECRET)
    seen = []
    for name in ("completion:kwargs", "completion:response", "completion:error",
                 "completion:last_attempt", "parse:error", "completion:usage"):
        client.on(name, lambda *a, **kw: seen.append(repr((a, kw))))
    fake.always(bad)
    with pytest.raises(InstructorRetryException) as info:
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries=1)
    error = info.value
    shown = [str(error), repr(error), repr(error.create_kwargs), repr(error.messages),
             repr(client), str(client), repr(client.adapter), *seen]
    assert all(SECRET not in text for text in shown)
    assert len(seen) >= 6
    assert SECRET in repr(fake.last_request.headers)  # it was sent, only never shown


def test_a_per_call_api_key_is_masked_in_hooks_and_errors(fake_openai):
    client = instructor.from_openai(fake_openai.client())
    seen = []
    client.on("completion:kwargs", lambda *a, **kw: seen.append(kw))
    fake_openai.script(openai_server.Error(400, "no"))
    with pytest.raises(InstructorRetryException) as info:
        client.create(model="m", response_model=User, messages=MESSAGES,
                      extra_headers={"x-trace": "1"}, api_key=SECRET)
    assert seen[0]["api_key"] == "***"
    assert info.value.create_kwargs["api_key"] == "***"


class _Buggy(ModeHandler):
    """A handler with a bug: its parse raises a plain ValueError."""

    def prepare(self, spec, request, *, stream):
        return request

    def parse(self, spec, completion, *, context, strict):
        raise ValueError("a bug in the handler, not a bad answer")

    def reask(self, request, completion, exc):  # pragma: no cover - must not be reached
        raise AssertionError("a handler bug must not be re-asked")


class _Echo(ProviderAdapter):
    calls = 0

    def create(self, request):
        type(self).calls += 1
        return request["messages"][-1]["content"]


@pytest.fixture
def buggy():
    provider_registry.register(ProviderConfig(
        "buggy", factory="x:y", adapter=f"{__name__}:_Echo", modes={"tool_call": _Buggy}))
    yield "buggy"
    provider_registry.unregister("buggy")


def test_only_bad_answers_are_reasked(buggy):
    client = instructor.Instructor(None, provider=buggy)
    with pytest.raises(ValueError, match="a bug in the handler") as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=3)
    assert not isinstance(info.value, InstructorRetryException)
    assert _Echo.calls == 1
