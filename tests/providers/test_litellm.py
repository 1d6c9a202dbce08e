"""The LiteLLM provider: litellm's own completion functions against the loopback OpenAI fake.

LiteLLM routes ``model="openai/<name>"`` with ``api_base=`` to an
OpenAI-compatible server, through the openai SDK, so the fake OpenAI server
sees what LiteLLM sends.
"""

from __future__ import annotations

import asyncio
import copy
import json

import pytest
from pydantic import BaseModel, field_validator

import instructor
from fakes.litellm_route import quiet
from fakes.litellm_route import route as litellm_route
from fakes.openai_server import chat_completion, chat_stream
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import ClientError, IncompleteOutputException, ModeError

litellm = require_sdk("litellm")
# litellm's own warnings about its schemas, and the event loop it leaves open
pytestmark = [quiet, pytest.mark.usefixtures("litellm_loop")]

MESSAGES = [{"role": "user", "content": "Jason is 25"}]
JASON = {"name": "Jason", "age": 25}


class User(BaseModel):
    name: str
    age: int


class Shouty(BaseModel):
    name: str

    @field_validator("name")
    @classmethod
    def upper(cls, value: str) -> str:
        if value != value.upper():
            raise ValueError("name must be upper case")
        return value


@pytest.fixture
def route(fake_openai):
    return litellm_route(fake_openai)


def test_the_function_decides_sync_or_async(route):
    assert type(instructor.from_litellm(litellm.completion)) is instructor.Instructor
    client = instructor.from_litellm(litellm.acompletion)
    assert type(client) is instructor.AsyncInstructor
    assert client.provider == "litellm" and client.client is None
    with pytest.raises(ClientError, match="from_litellm needs LiteLLM's completion function"):
        instructor.from_litellm(object())


def test_responses_modes_are_a_mode_error():
    # 1.17 raises a bare AssertionError
    with pytest.raises(ModeError, match="litellm has no RESPONSES_TOOLS .* valid modes: TOOLS"):
        instructor.from_litellm(litellm.completion, mode=Mode.RESPONSES_TOOLS)


def test_tools_request_reask_and_usage(fake_openai, route):
    client = instructor.from_litellm(litellm.completion, **route)
    fake_openai.script(chat_completion(tool_calls=[("Shouty", {"name": "ada"})], usage=(10, 3)),
                       chat_completion(tool_calls=[("Shouty", {"name": "ADA"})], usage=(20, 4)))
    messages = copy.deepcopy(MESSAGES)
    shouty, completion = client.create_with_completion(model="openai/gpt-x",
                                                       response_model=Shouty, messages=messages)
    assert shouty == Shouty(name="ADA") and messages == MESSAGES
    assert isinstance(completion, litellm.ModelResponse)
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (30, 7)
    first, second = (r.json for r in fake_openai.requests)
    assert fake_openai.last_request.path == "/v1/chat/completions"
    assert fake_openai.last_request.headers["authorization"] == "Bearer test-key"
    assert first["model"] == "gpt-x" and first["messages"] == MESSAGES
    assert first["tool_choice"] == {"type": "function", "function": {"name": "Shouty"}}
    assistant, tool = second["messages"][1:]
    assert assistant["tool_calls"][0]["function"]["name"] == "Shouty"
    assert tool["role"] == "tool" and "name must be upper case" in tool["content"]


@pytest.mark.parametrize("mode", [Mode.JSON, Mode.MD_JSON, Mode.JSON_SCHEMA])
def test_text_modes(fake_openai, route, mode):
    client = instructor.from_litellm(litellm.completion, mode=mode, **route)
    fake_openai.script(chat_completion(json.dumps(JASON)))
    assert client.create(model="openai/m", response_model=User, messages=MESSAGES) == \
        User(**JASON)
    sent = fake_openai.last_request.json
    assert "tools" not in sent
    kind = {Mode.JSON: "json_object", Mode.JSON_SCHEMA: "json_schema"}.get(mode)
    assert sent.get("response_format", {}).get("type") == kind


def test_cut_off_is_incomplete(fake_openai, route):
    client = instructor.from_litellm(litellm.completion, **route)
    fake_openai.script(chat_completion(tool_calls=[("User", '{"name"')], finish_reason="length"))
    with pytest.raises(IncompleteOutputException):
        client.create(model="openai/m", response_model=User, messages=MESSAGES)
    assert len(fake_openai.requests) == 1


def test_sync_streams(fake_openai, route):
    # 1.17 fails here: 'async_generator' object is not iterable
    client = instructor.from_litellm(litellm.completion, **route)
    fake_openai.script(chat_stream(tool_calls=[("User", JASON)], chunk_size=3),
                       chat_stream(tool_calls=[("IterableUser", {"tasks": [JASON, JASON]})]))
    partials = list(client.create_partial(model="openai/m", response_model=User,
                                          messages=MESSAGES))
    assert len(partials) > 2 and partials[-1] == User(**JASON)
    assert list(client.create_iterable(model="openai/m", response_model=User,
                                       messages=MESSAGES)) == [User(**JASON)] * 2
    assert fake_openai.last_request.json["stream"] is True


def test_async_calls_and_streams(fake_openai, route):
    client = instructor.from_litellm(litellm.acompletion, **route)
    fake_openai.script(chat_completion(tool_calls=[("User", {"name": "J"})]),
                       chat_completion(tool_calls=[("User", JASON)]),
                       chat_stream(tool_calls=[("User", JASON)], chunk_size=3))

    async def run():
        user = await client.create(model="openai/m", response_model=User, messages=MESSAGES)
        partials = [p async for p in client.create_partial(model="openai/m",
                                                           response_model=User,
                                                           messages=MESSAGES)]
        return user, partials

    user, partials = asyncio.run(run())
    assert user == User(**JASON) and partials[-1] == User(**JASON) and len(partials) > 2
    assert len(fake_openai.requests) == 3


def test_from_provider_keeps_the_model(fake_openai, route):
    # 1.17 drops it: every create then needs model=
    client = instructor.from_provider("litellm/openai/gpt-x", mode=Mode.MD_JSON, **route)
    assert type(client) is instructor.Instructor and client.mode == Mode.MD_JSON
    fake_openai.script(chat_completion(json.dumps(JASON)), chat_completion(json.dumps(JASON)))
    assert client.create(response_model=User, messages=MESSAGES) == User(**JASON)
    assert fake_openai.last_request.json["model"] == "gpt-x"
    aclient = instructor.from_provider("litellm/openai/gpt-y", async_client=True, **route)
    assert type(aclient) is instructor.AsyncInstructor
    raw = asyncio.run(aclient.create(response_model=None, messages=MESSAGES))
    assert raw.choices[0].message.content == json.dumps(JASON)
    assert fake_openai.last_request.json["model"] == "gpt-y"


def test_using_litellm_loads_no_other_providers_sdk(python):
    out = python("""
        import json, sys
        import litellm
        sdk_loads_openai = "openai" in sys.modules
        import instructor
        from pydantic import BaseModel
        from fakes.openai_server import FakeOpenAI, chat_completion

        class User(BaseModel):
            name: str

        with FakeOpenAI() as fake:
            fake.script(chat_completion(tool_calls=[("User", {"name": "A"})]))
            client = instructor.from_litellm(litellm.completion, api_base=fake.base_url,
                                             api_key="k")
            name = client.create(model="openai/m", response_model=User, messages=[]).name
        sdks = [m for m in ("anthropic", "groq", "cerebras", "writerai", "fireworks")
                if m in sys.modules]
        ours = sorted(m for m in sys.modules if m.startswith("instructor.providers."))
        print(json.dumps([sdk_loads_openai, name, sdks, ours]))
    """, env={"INSTRUCTOR_EAGER": "0"}, timeout=120)
    sdk_loads_openai, name, sdks, ours = json.loads(out.stdout)
    # LiteLLM imports openai when it is imported (its OpenAI transport): that is
    # litellm's cost; instructor loads nothing of the OpenAI provider's client.
    assert sdk_loads_openai is True and name == "A" and sdks == []
    assert "instructor.providers.openai.client" not in ours
    assert {m.split(".")[2] for m in ours} == {"litellm", "openai"}


def test_a_client_keyword_is_litellms(fake_openai):
    # from_litellm's first parameter is the function: client= is a default of
    # every call, which LiteLLM takes as the openai client to use.
    client = instructor.from_litellm(litellm.completion, client=fake_openai.client())
    fake_openai.script(chat_completion(tool_calls=[("User", JASON)]))
    assert client.create(model="openai/m", response_model=User, messages=MESSAGES) == \
        User(**JASON)
    assert fake_openai.last_request.headers["authorization"] == "Bearer test-key"
