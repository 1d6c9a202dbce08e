"""The Fireworks provider against the real ``fireworks-ai`` 0.19 SDK and a loopback fake."""

from __future__ import annotations

import asyncio
import json
import warnings

import pytest

import instructor
from fakes.fireworks_server import require_fireworks
from fakes.openai_server import chat_completion, chat_stream
from instructor import Mode

require_fireworks()
from _chat_suite import *  # noqa: E402, F403 - the chat-format tests, run for Fireworks
from _chat_suite import JASON, MESSAGES, ChatSDK, User  # noqa: E402
from fireworks.client.api import ChatCompletionResponse  # noqa: E402
from fireworks.client.error import InvalidRequestError  # noqa: E402

MODES = (Mode.TOOLS, Mode.JSON, Mode.JSON_SCHEMA, Mode.MD_JSON)


@pytest.fixture
def sdk(fake_fireworks):
    return ChatSDK("fireworks", fake_fireworks, instructor.from_fireworks, MODES,
                   "/inference/v1/chat/completions",
                   (ChatCompletionResponse, InvalidRequestError), aclose="aclose",
                   close=close)


def close(client):
    client._client_v1._client.close()  # the SDK's own close() closes nothing


def test_tool_arguments_sent_as_an_object(fake_fireworks):
    call = {"id": "call_1", "type": "function",
            "function": {"name": "User", "arguments": JASON}}  # not a JSON string
    fake_fireworks.script(chat_completion(tool_calls=[call]))
    client = instructor.from_fireworks(fake_fireworks.client())
    assert client.create(model="m", response_model=User, messages=MESSAGES) == User(**JASON)


def test_async_pass_through_stream(fake_fireworks):
    # 1.17 fails here: '_AsyncCreateProxy' object is not iterable
    client = instructor.from_fireworks(fake_fireworks.async_client())
    fake_fireworks.script(chat_stream("Hello there", chunk_size=3))

    async def run():
        try:
            stream = await client.create(model="m", response_model=None, messages=MESSAGES,
                                         stream=True)
            return "".join([c.choices[0].delta.content or "" async for c in stream])
        finally:
            await client.client.aclose()

    assert asyncio.run(run()) == "Hello there"
    assert fake_fireworks.last_request.json["stream"] is True


def test_from_provider_reads_the_environment_when_called(fake_fireworks, monkeypatch):
    # The SDK reads both only when it is imported, which happened long ago.
    monkeypatch.setenv("FIREWORKS_API_KEY", "fw-from-env")
    monkeypatch.setenv("FIREWORKS_API_BASE", fake_fireworks.base_url)
    with warnings.catch_warnings():  # the alias warns once per process (tested below)
        warnings.simplefilter("ignore", DeprecationWarning)
        client = instructor.from_provider("fireworks/accounts/fireworks/models/llama-v3p1-8b",
                                          mode=Mode.FIREWORKS_JSON)
    assert client.mode == Mode.MD_JSON
    fake_fireworks.script(chat_completion(json.dumps(JASON)))
    try:
        assert client.create(response_model=User, messages=MESSAGES) == User(**JASON)
    finally:
        close(client.client)
    request = fake_fireworks.last_request
    assert request.headers["authorization"] == "Bearer fw-from-env"
    assert request.json["model"] == "accounts/fireworks/models/llama-v3p1-8b"


def test_using_fireworks_loads_no_other_providers_sdk(python):
    out = python("""
        import json, sys, warnings
        warnings.simplefilter("ignore", DeprecationWarning)
        import fireworks.client
        sdk_loads_openai = "openai" in sys.modules
        warnings.resetwarnings()
        import instructor
        from pydantic import BaseModel
        from fakes.fireworks_server import FakeFireworks
        from fakes.openai_server import chat_completion, chat_stream

        class User(BaseModel):
            name: str

        with FakeFireworks() as fake:
            fake.script(chat_completion(tool_calls=[("User", {"name": "A"})]),
                        chat_completion('{"name": "B"}'),
                        chat_stream(tool_calls=[("User", {"name": "C"})]))
            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always")
                tools = instructor.from_fireworks(fake.client(), model="m",
                                                  mode=instructor.Mode.FIREWORKS_TOOLS)
                md = instructor.from_fireworks(fake.client(), model="m",
                                               mode=instructor.Mode.FIREWORKS_JSON)
            names = [tools.create(response_model=User, messages=[]).name,
                     md.create(response_model=User, messages=[]).name,
                     list(tools.create_partial(response_model=User, messages=[]))[-1].name]
        sdks = [m for m in ("anthropic", "groq", "cerebras", "writerai", "litellm")
                if m in sys.modules]
        ours = sorted(m for m in sys.modules if m.startswith("instructor.providers."))
        print(json.dumps([sdk_loads_openai, names, [tools.mode.name, md.mode.name], sdks, ours,
                          [str(w.message).split(" is ")[0] for w in seen]]))
    """, env={"INSTRUCTOR_EAGER": "0"})
    sdk_loads_openai, names, modes, sdks, ours, warned = json.loads(out.stdout)
    # fireworks-ai 0.19 imports openai's types at its top level: openai is loaded
    # by the SDK before instructor is imported, never by instructor.
    assert sdk_loads_openai is True
    assert "instructor.providers.openai.client" not in ours
    assert names == ["A", "B", "C"] and modes == ["TOOLS", "MD_JSON"]
    assert sdks == []
    assert warned == ["Mode.FIREWORKS_TOOLS ('fireworks_tools')",
                      "Mode.FIREWORKS_JSON ('fireworks_json')"]
