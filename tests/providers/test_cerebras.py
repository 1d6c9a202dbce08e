"""The Cerebras provider against the real ``cerebras-cloud-sdk`` and a loopback fake."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable

import pytest

import instructor
from fakes.openai_server import chat_completion
from fakes.sdk import require_sdk
from instructor import Mode

require_sdk("cerebras.cloud.sdk")
from _chat_suite import *  # noqa: E402, F403 - the chat-format tests, run for Cerebras
from _chat_suite import JASON, MESSAGES, ChatSDK, User  # noqa: E402
from cerebras.cloud.sdk import BadRequestError  # noqa: E402
from cerebras.cloud.sdk.types.chat.chat_completion import ChatCompletionResponse  # noqa: E402

MODES = (Mode.TOOLS, Mode.JSON, Mode.JSON_SCHEMA, Mode.MD_JSON, Mode.PARALLEL_TOOLS)


@pytest.fixture
def sdk(fake_cerebras):
    return ChatSDK("cerebras", fake_cerebras, instructor.from_cerebras, MODES,
                   "/v1/chat/completions", (ChatCompletionResponse, BadRequestError))


class Address(instructor.OpenAISchema):
    city: str


def test_parallel_tools(fake_cerebras):
    client = instructor.from_cerebras(fake_cerebras.client(), mode=Mode.PARALLEL_TOOLS)
    fake_cerebras.script(chat_completion(tool_calls=[("User", JASON), ("Address",
                                                                       {"city": "Paris"})]))
    out = client.create(model="m", response_model=Iterable[User | Address], messages=MESSAGES)
    assert out == [User(**JASON), Address(city="Paris")]
    sent = fake_cerebras.last_request.json
    assert [t["function"]["name"] for t in sent["tools"]] == ["User", "Address"]
    assert sent["tool_choice"] == "auto"


def test_from_provider_reads_the_environment_and_warms_up(fake_cerebras, monkeypatch):
    monkeypatch.setenv("CEREBRAS_API_KEY", "csk-from-env")
    monkeypatch.setenv("CEREBRAS_BASE_URL", fake_cerebras.url)
    with warnings.catch_warnings():  # the alias warns once per process (tested below)
        warnings.simplefilter("ignore", DeprecationWarning)
        client = instructor.from_provider("cerebras/llama3.1-8b", max_retries=0,
                                          mode=Mode.CEREBRAS_JSON)
    assert client.mode == Mode.MD_JSON
    assert fake_cerebras.warmups == 1  # the SDK's own GET /v1/tcp_warming, answered
    fake_cerebras.script(chat_completion(json.dumps(JASON)))
    assert client.create(response_model=User, messages=MESSAGES) == User(**JASON)
    request = fake_cerebras.last_request
    assert request.headers["authorization"] == "Bearer csk-from-env"
    assert request.json["model"] == "llama3.1-8b"
    quiet = instructor.from_provider("cerebras/m", warm_tcp_connection=False, max_retries=0)
    assert quiet.mode == Mode.TOOLS and fake_cerebras.warmups == 1


def test_using_cerebras_loads_no_other_sdk(python):
    out = python("""
        import json, sys, warnings
        import instructor
        from pydantic import BaseModel
        from fakes.cerebras_server import FakeCerebras
        from fakes.openai_server import chat_completion, chat_stream

        class User(BaseModel):
            name: str

        with FakeCerebras() as fake:
            fake.script(chat_completion(tool_calls=[("User", {"name": "A"})]),
                        chat_completion('{"name": "B"}'),
                        chat_stream(tool_calls=[("User", {"name": "C"})]))
            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always")
                tools = instructor.from_cerebras(fake.client(), model="m",
                                                 mode=instructor.Mode.CEREBRAS_TOOLS)
                md = instructor.from_cerebras(fake.client(), model="m",
                                              mode=instructor.Mode.CEREBRAS_JSON)
                instructor.from_cerebras(fake.client(), mode=instructor.Mode.CEREBRAS_TOOLS)
            names = [tools.create(response_model=User, messages=[]).name,
                     md.create(response_model=User, messages=[]).name,
                     list(tools.create_partial(response_model=User, messages=[]))[-1].name]
        sdks = [m for m in ("openai", "anthropic", "groq", "writerai", "fireworks", "litellm")
                if m in sys.modules]
        print(json.dumps([names, [tools.mode.name, md.mode.name], sdks,
                          [(w.category.__name__, str(w.message)) for w in seen]]))
    """, env={"INSTRUCTOR_EAGER": "0"})
    names, modes, sdks, warned = json.loads(out.stdout)
    assert names == ["A", "B", "C"] and modes == ["TOOLS", "MD_JSON"]
    assert sdks == []
    # once per alias and process, naming what to use instead
    assert warned == [
        ["DeprecationWarning", "Mode.CEREBRAS_TOOLS ('cerebras_tools') is deprecated: the "
                               "client already says it is cerebras; use Mode.TOOLS"],
        ["DeprecationWarning", "Mode.CEREBRAS_JSON ('cerebras_json') is deprecated: the "
                               "client already says it is cerebras; use Mode.MD_JSON"]]
