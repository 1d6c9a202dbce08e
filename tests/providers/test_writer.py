"""The Writer provider against the real ``writer-sdk`` and a loopback fake."""

from __future__ import annotations

import asyncio
import json

import pytest

import instructor
from fakes.openai_server import chat_completion
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import ModeError

writerai = require_sdk("writerai")
from _chat_suite import *  # noqa: E402, F403 - the chat-format tests, run for Writer
from _chat_suite import JASON, MESSAGES, ChatSDK, Shouty, User  # noqa: E402
from writerai.types import ChatCompletion  # noqa: E402

MODES = (Mode.TOOLS, Mode.JSON_SCHEMA, Mode.MD_JSON)


@pytest.fixture
def sdk(fake_writer):
    return ChatSDK("writer", fake_writer, instructor.from_writer, MODES, "/v1/chat",
                   (ChatCompletion, writerai.BadRequestError), forced_tool=False,
                   tool_reply_role="user")


def test_json_mode_is_not_writers(fake_writer):
    with pytest.raises(ModeError, match="writer has no JSON"):
        instructor.from_writer(fake_writer.client(), mode=Mode.JSON)


def test_tools_reask_asks_for_the_call_again_in_a_user_turn(fake_writer):
    client = instructor.from_writer(fake_writer.client())
    fake_writer.script(chat_completion("I'd rather chat"),
                       chat_completion(tool_calls=[("Shouty", {"name": "ADA"})]))
    assert client.create(model="palmyra-x5", response_model=Shouty,
                         messages=MESSAGES) == Shouty(name="ADA")
    assistant, user = fake_writer.requests[1].json["messages"][1:]
    assert assistant == {"role": "assistant", "content": "I'd rather chat"}
    assert user["role"] == "user"
    assert user["content"].startswith("Validation Error found:\n")
    assert user["content"].endswith(
        "Call the tool again with its exact name and arguments that fix these errors.")


def test_json_schema_and_the_json_reask(fake_writer):
    client = instructor.from_writer(fake_writer.client(), mode=Mode.JSON_SCHEMA)
    fake_writer.script(chat_completion('{"name": "Jason", "age": "old"}'),
                       chat_completion(json.dumps(JASON)))
    assert client.create(model="m", response_model=User, messages=MESSAGES) == User(**JASON)
    first, second = (r.json for r in fake_writer.requests)
    assert first["response_format"] == {"type": "json_schema", "json_schema": {"schema": {
        "type": "object", "required": ["age", "name"],
        "properties": {"name": {"title": "Name", "type": "string"},
                       "age": {"title": "Age", "type": "integer"}}}}}
    user = second["messages"][-1]["content"]
    assert user.startswith('Correct your JSON response:\n{"name": "Jason", "age": "old"}\n'
                           "It has these errors:\n")


def test_from_provider_reads_the_sdk_environment(fake_writer, monkeypatch):
    monkeypatch.setenv("WRITER_API_KEY", "wr-from-env")
    monkeypatch.setenv("WRITER_BASE_URL", fake_writer.url)
    client = instructor.from_provider("writer/palmyra-x5", async_client=True, max_retries=0,
                                      mode=Mode.JSON_SCHEMA)
    fake_writer.script(chat_completion(json.dumps(JASON)))

    async def run():
        try:
            return await client.create(response_model=User, messages=MESSAGES)
        finally:
            await client.client.close()

    assert asyncio.run(run()) == User(**JASON)
    request = fake_writer.last_request
    assert request.headers["authorization"] == "Bearer wr-from-env"
    assert request.json["model"] == "palmyra-x5"
    assert request.json["response_format"]["type"] == "json_schema"


def test_using_writer_loads_no_other_sdk(python):
    out = python("""
        import json, sys, warnings
        import instructor
        from pydantic import BaseModel
        from fakes.writer_server import FakeWriter
        from fakes.openai_server import chat_completion, chat_stream

        class User(BaseModel):
            name: str

        with FakeWriter() as fake:
            fake.script(chat_completion(tool_calls=[("User", {"name": "A"})]),
                        chat_completion('{"name": "B"}'),
                        chat_stream(tool_calls=[("User", {"name": "C"})]),
                        chat_completion(tool_calls=[("User", {"name": "D"})]))
            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always")
                tools = instructor.from_writer(fake.client(), model="m",
                                               mode=instructor.Mode.WRITER_TOOLS)
                md = instructor.from_writer(fake.client(), model="m",
                                            mode=instructor.Mode.WRITER_JSON)
                instructor.from_writer(fake.client(), mode=instructor.Mode.WRITER_JSON)
            names = [tools.create(response_model=User, messages=[]).name,
                     md.create(response_model=User, messages=[]).name,
                     list(tools.create_partial(response_model=User, messages=[]))[-1].name]
            via = instructor.from_provider("writer/m", base_url=fake.url, api_key="k")
            names.append(via.create(response_model=User, messages=[]).name)
        sdks = [m for m in ("openai", "anthropic", "groq", "cerebras", "fireworks", "litellm")
                if m in sys.modules]
        print(json.dumps([names, [tools.mode.name, md.mode.name], sdks,
                          [str(w.message).split(" is ")[0] for w in seen]]))
    """, env={"INSTRUCTOR_EAGER": "0"})
    names, modes, sdks, warned = json.loads(out.stdout)
    assert names == ["A", "B", "C", "D"] and modes == ["TOOLS", "MD_JSON"]
    assert sdks == []
    assert warned == ["Mode.WRITER_TOOLS ('writer_tools')", "Mode.WRITER_JSON ('writer_json')"]
