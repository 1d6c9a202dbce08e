"""The Groq provider against the real ``groq`` SDK and a loopback fake."""

from __future__ import annotations

import asyncio
import json

import pytest

import instructor
from fakes.openai_server import chat_completion
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import ModeError

groq = require_sdk("groq")
from _chat_suite import *  # noqa: E402, F403 - the chat-format tests, run for Groq
from _chat_suite import JASON, MESSAGES, ChatSDK, User  # noqa: E402
from groq.types.chat import ChatCompletion  # noqa: E402

MODES = (Mode.TOOLS, Mode.JSON, Mode.JSON_SCHEMA, Mode.MD_JSON)


@pytest.fixture
def sdk(fake_groq):
    return ChatSDK("groq", fake_groq, instructor.from_groq, MODES, "/openai/v1/chat/completions",
                   (ChatCompletion, groq.BadRequestError))


@pytest.mark.parametrize("mode", [Mode.PARALLEL_TOOLS, Mode.TOOLS_STRICT, Mode.CEREBRAS_TOOLS])
def test_modes_groq_does_not_take(fake_groq, mode):
    with pytest.raises(ModeError, match=f"groq has no {mode.name}"):
        instructor.from_groq(fake_groq.client(), mode=mode)


def test_from_provider_reads_the_sdk_environment(fake_groq, monkeypatch):
    monkeypatch.setenv("GROQ_API_KEY", "gsk-from-env")
    monkeypatch.setenv("GROQ_BASE_URL", fake_groq.url)
    client = instructor.from_provider("groq/llama-3.3-70b-versatile", async_client=True,
                                      max_retries=0, mode=Mode.JSON)
    fake_groq.script(chat_completion(json.dumps(JASON)))

    async def run():
        try:
            return await client.create(response_model=User, messages=MESSAGES)
        finally:
            await client.client.close()

    assert asyncio.run(run()) == User(**JASON)
    request = fake_groq.last_request
    assert request.headers["authorization"] == "Bearer gsk-from-env"
    assert request.json["model"] == "llama-3.3-70b-versatile"
    assert request.json["response_format"] == {"type": "json_object"}


def test_using_groq_loads_no_other_sdk(python):
    out = python("""
        import asyncio, json, sys
        import instructor
        from pydantic import BaseModel
        from fakes.groq_server import FakeGroq
        from fakes.openai_server import chat_completion, chat_stream

        class User(BaseModel):
            name: str

        with FakeGroq() as fake:
            fake.script(chat_completion(tool_calls=[("User", {"name": "A"})]),
                        chat_completion('{"name": "B"}'),
                        chat_stream(tool_calls=[("User", {"name": "C"})]),
                        chat_completion(tool_calls=[("User", {"name": "D"})]),
                        chat_completion(tool_calls=[("User", {"name": "E"})]))
            tools = instructor.from_groq(fake.client(), model="m")
            json_mode = instructor.from_groq(fake.client(), mode=instructor.Mode.JSON, model="m")
            names = [tools.create(response_model=User, messages=[]).name,
                     json_mode.create(response_model=User, messages=[]).name,
                     list(tools.create_partial(response_model=User, messages=[]))[-1].name]
            via = instructor.from_provider("groq/m", base_url=fake.url, api_key="k")
            names.append(via.create(response_model=User, messages=[]).name)
            aclient = instructor.from_groq(fake.async_client(), model="m")
            async def go():
                try:
                    return (await aclient.create(response_model=User, messages=[])).name
                finally:
                    await aclient.client.close()
            names.append(asyncio.run(go()))
        sdks = [m for m in ("openai", "anthropic", "cerebras", "writerai", "fireworks",
                            "litellm", "google.genai", "mistralai", "cohere", "boto3", "xai_sdk")
                if m in sys.modules]
        ours = sorted(m for m in sys.modules if m.startswith("instructor.providers."))
        print(json.dumps([names, sdks, ours]))
    """, env={"INSTRUCTOR_EAGER": "0"})
    names, sdks, ours = json.loads(out.stdout)
    assert names == ["A", "B", "C", "D", "E"]
    assert sdks == []
    # Groq's own modules and the OpenAI chat handlers it shares; never the
    # OpenAI provider's client module, which imports the openai SDK.
    assert "instructor.providers.openai.client" not in ours
    assert {m.rpartition(".")[0] for m in ours} >= {"instructor.providers.groq",
                                                    "instructor.providers.openai"}
    assert {m.split(".")[2] for m in ours} == {"groq", "openai", "_wrap"}
