"""The contract every provider keeps: requests share nothing, only bad answers
are re-asked, credentials never show. Run against every provider with a fake."""

from __future__ import annotations

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


def bedrock_setup(request):
    require_sdk("boto3")
    fake = request.getfixturevalue("fake_bedrock")
    reply = bedrock_server.converse(tool_uses=[bedrock_server.tool_use("User", GOOD)])
    bad = bedrock_server.converse(tool_uses=[bedrock_server.tool_use("User", {"name": 1})])

    def make(api_key=None):
        # SigV4 never sends the secret key; the session token is the credential on the wire.
        return instructor.from_bedrock(fake.client(aws_session_token=api_key))

    return fake, make, reply, bad, lambda sent: sent["toolConfig"]["tools"][0]["toolSpec"]


def schema_of(tool):
    """The JSON schema of a tool, in OpenAI's, Anthropic's or Bedrock's shape."""
    return tool.get("parameters") or tool.get("input_schema") or tool["inputSchema"]["json"]


def cohere_setup(request):
    require_sdk("cohere")
    fake = request.getfixturevalue("fake_cohere")
    reply = cohere_server.chat_v2(tool_calls=[cohere_server.tool_call("User", GOOD)])
    bad = cohere_server.chat_v2(tool_calls=[cohere_server.tool_call("User", {"name": 1})])
    return fake, (lambda **kw: instructor.from_cohere(fake.client(**kw))), reply, bad, \
        lambda sent: sent["tools"][0]["function"]


def mistral_setup(request):
    require_sdk("mistralai")
    fake = request.getfixturevalue("fake_mistral")
    reply = mistral_server.chat_completion(tool_calls=[mistral_server.tool_call("User", GOOD)])
    bad = mistral_server.chat_completion(
        tool_calls=[mistral_server.tool_call("User", {"name": 1})])
    return fake, (lambda **kw: instructor.from_mistral(fake.client(**kw))), reply, bad, \
        lambda sent: sent["tools"][0]["function"]


def _declaration(sent):
    """The function declaration in a request: the SDK call's kwargs or the wire JSON."""
    if "config" in sent:
        return sent["config"]["tools"][0]["function_declarations"][0]
    return sent["tools"][0]["functionDeclarations"][0]


def genai_setup(request):
    require_sdk("google.genai")
    fake = request.getfixturevalue("fake_genai")
    reply = genai_server.response(function_calls=[("User", GOOD)])
    bad = genai_server.response(function_calls=[("User", {"name": 1})])
    return fake, (lambda **kw: instructor.from_genai(fake.client(**kw), model="m")), \
        reply, bad, _declaration


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


SETUPS = [openai_setup, anthropic_setup, bedrock_setup, cohere_setup, mistral_setup, genai_setup,
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
        schema_of(tool)["required"].append("ghost")

    fake.script(reply, reply, reply)
    client.on("completion:kwargs", rename)
    client.create(model="m", response_model=User, messages=MESSAGES)
    client.off("completion:kwargs", rename)
    client.create(model="m", response_model=User, messages=MESSAGES)
    make().create(model="m", response_model=User, messages=MESSAGES)
    for request in fake.requests[1:]:
        tool = tool_of(request.json)
        assert tool["name"] == "User"
        assert "ghost" not in schema_of(tool)["required"]


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


# -- xAI: its requests hold the SDK's protos, so the two properties are checked on them


def test_xai_a_hook_that_edits_the_request_changes_only_that_request(request):
    require_sdk("xai_sdk")
    import json

    from fakes import xai_server

    fake = request.getfixturevalue("fake_xai")
    reply = xai_server.response(tool_calls=[xai_server.tool_call("User", GOOD)])

    def rename(*args, **kwargs):
        function = kwargs["tools"][0].function
        function.name = "Renamed"
        schema = json.loads(function.parameters)
        schema["required"].append("ghost")
        function.parameters = json.dumps(schema)
        kwargs["messages"][0].content[0].text = "edited"

    fake.script(reply, reply, reply)
    client = instructor.from_xai(fake.client(), model="m")
    messages = [{"role": "user", "content": "Jason is 25"}]
    client.on("completion:kwargs", rename)
    client.create(response_model=User, messages=messages)
    client.off("completion:kwargs", rename)
    client.create(response_model=User, messages=messages)
    instructor.from_xai(fake.client(), model="m").create(response_model=User, messages=messages)
    assert fake.requests[0].json["tools"][0]["function"]["name"] == "Renamed"  # it did edit
    for sent in fake.requests[1:]:
        function = sent.json["tools"][0]["function"]
        assert function["name"] == "User"
        assert "ghost" not in json.loads(function["parameters"])["required"]
        assert sent.json["messages"][0]["content"][0]["text"] == "Jason is 25"
    assert messages == [{"role": "user", "content": "Jason is 25"}]


def test_xai_no_credential_in_errors_reprs_or_hooks(request):
    require_sdk("xai_sdk")
    from fakes import xai_server

    fake = request.getfixturevalue("fake_xai")
    client = instructor.from_xai(fake.client(api_key=SECRET), model="m")
    seen = []
    for name in ("completion:kwargs", "completion:response", "completion:error",
                 "completion:last_attempt", "parse:error", "completion:usage"):
        client.on(name, lambda *a, **kw: seen.append(repr((a, kw))))
    fake.always(xai_server.response(tool_calls=[xai_server.tool_call("User", {"name": 1})]))
    with pytest.raises(InstructorRetryException) as info:
        client.create(response_model=User, messages=MESSAGES, max_retries=1)
    error = info.value
    shown = [str(error), repr(error), repr(error.create_kwargs), repr(error.messages),
             repr(client), str(client), repr(client.adapter), *seen]
    assert all(SECRET not in text for text in shown)
    assert len(seen) >= 6
    assert fake.last_request.headers["authorization"] == f"Bearer {SECRET}"  # sent, never shown
