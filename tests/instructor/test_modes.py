"""Each OpenAI mode: what it sends, what it reads back, how it reasks."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pytest
from pydantic import BaseModel

import instructor
from fakes.openai_server import (
    chat_completion,
    chat_stream,
    response,
    response_stream,
    tool_call,
)
from instructor import Mode
from instructor.exceptions import IncompleteOutputException, ModeError


class User(BaseModel):
    """A person named in the text."""

    name: str
    age: int


class Address(BaseModel):
    city: str


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
GOOD = {"name": "Jason", "age": 25}


def make(fake, mode, **kw):
    return instructor.from_openai(fake.client(), mode=mode, **kw)


def test_tools_strict_sends_closed_schema(fake_openai):
    fake_openai.script(chat_completion(tool_calls=[("User", GOOD)]))
    assert make(fake_openai, Mode.TOOLS_STRICT).create(
        model="m", response_model=User, messages=MESSAGES) == User(**GOOD)
    function = fake_openai.last_request.json["tools"][0]["function"]
    assert function["strict"] is True
    assert function["parameters"]["additionalProperties"] is False
    assert sorted(function["parameters"]["required"]) == ["age", "name"]
    assert function["description"] == "A person named in the text."


def test_parallel_tools_returns_every_call(fake_openai):
    fake_openai.script(chat_completion(tool_calls=[
        tool_call("User", GOOD), tool_call("Address", {"city": "Paris"}),
        tool_call("User", {"name": "Ada", "age": 36})], finish_reason="tool_calls"))
    client = make(fake_openai, Mode.PARALLEL_TOOLS)
    out = list(client.create(model="m", response_model=Iterable[User | Address],
                             messages=MESSAGES))
    assert out == [User(**GOOD), Address(city="Paris"), User(name="Ada", age=36)]
    sent = fake_openai.last_request.json
    assert sent["tool_choice"] == "auto"
    assert [t["function"]["name"] for t in sent["tools"]] == ["User", "Address"]


def test_functions_mode(fake_openai):
    fake_openai.script(chat_completion(function_call=("User", {"name": "J", "age": "x"})),
                       chat_completion(function_call=("User", GOOD)))
    out = make(fake_openai, Mode.FUNCTIONS).create(
        model="m", response_model=User, messages=MESSAGES, max_retries=1)
    assert out == User(**GOOD)
    first, second = (r.json for r in fake_openai.requests)
    assert first["function_call"] == {"name": "User"}
    assert first["functions"][0]["name"] == "User"
    assert second["messages"][-1]["role"] == "function"
    assert "age" in second["messages"][-1]["content"]


@pytest.mark.parametrize("mode", [Mode.JSON, Mode.MD_JSON, Mode.JSON_O1, Mode.JSON_SCHEMA])
def test_json_modes_parse_content_and_reask_as_user(fake_openai, mode):
    bad = json.dumps({"name": "J", "age": "x"})
    good = json.dumps(GOOD)
    if mode is Mode.MD_JSON:
        bad, good = f"Sure:\n```json\n{bad}\n```", f"Here it is:\n```json\n{good}\n```\nBye"
    fake_openai.script(chat_completion(bad), chat_completion(good))
    messages = [{"role": "system", "content": "Be brief."}, *MESSAGES]
    out = make(fake_openai, mode).create(model="m", response_model=User,
                                         messages=messages, max_retries=1)
    assert out == User(**GOOD)
    first, second = (r.json for r in fake_openai.requests)
    assert "tools" not in first
    if mode is Mode.JSON:
        assert first["response_format"] == {"type": "json_object"}
    if mode is Mode.JSON_SCHEMA:
        fmt = first["response_format"]
        assert fmt["type"] == "json_schema"
        assert fmt["json_schema"]["name"] == "User"
        assert fmt["json_schema"]["strict"] is True
        assert fmt["json_schema"]["schema"]["additionalProperties"] is False
    if mode in (Mode.JSON, Mode.MD_JSON):
        assert first["messages"][0]["role"] == "system"
        assert first["messages"][0]["content"].startswith("Be brief.")
        assert '"age"' in first["messages"][0]["content"]
    if mode is Mode.JSON_O1:
        assert all(m["role"] != "system" or m["content"] == "Be brief."
                   for m in first["messages"])
        assert '"age"' in first["messages"][0]["content"]
    assert second["messages"][-1]["role"] == "user"
    assert "age" in second["messages"][-1]["content"]
    assert second["messages"][-2]["role"] == "assistant"


@pytest.mark.parametrize("mode", [Mode.JSON, Mode.MD_JSON, Mode.JSON_SCHEMA])
def test_json_modes_stream_partials(fake_openai, mode):
    text = json.dumps({"name": "Jason Liu", "age": 25})
    if mode is Mode.MD_JSON:
        text = f"```json\n{text}\n```"
    fake_openai.script(chat_stream(text, chunk_size=5))
    parts = list(make(fake_openai, mode).create_partial(
        model="m", response_model=User, messages=MESSAGES))
    assert parts[-1] == User(name="Jason Liu", age=25)
    assert len(parts) > 2


def test_json_mode_iterable_stream(fake_openai):
    text = json.dumps({"tasks": [GOOD, {"name": "Ada", "age": 36}]})
    fake_openai.script(chat_stream(text, chunk_size=7))
    users = list(make(fake_openai, Mode.JSON).create_iterable(
        messages=MESSAGES, response_model=User, model="m"))
    assert [u.name for u in users] == ["Jason", "Ada"]


def test_responses_tools(fake_openai):
    fake_openai.script(response(function_calls=[("User", {"name": "J", "age": "x"})]),
                       response(function_calls=[("User", GOOD)]))
    client = make(fake_openai, Mode.RESPONSES_TOOLS)
    out = client.create(model="m", response_model=User, messages=MESSAGES,
                        max_retries=1, max_tokens=100)
    assert out == User(**GOOD)
    first, second = fake_openai.requests
    assert first.path.endswith("/responses")
    assert first.json["input"] == MESSAGES
    assert "messages" not in first.json
    assert first.json["max_output_tokens"] == 100
    assert first.json["tool_choice"] == {"type": "function", "name": "User"}
    assert first.json["tools"][0]["name"] == "User"
    call, output = second.json["input"][-2:]
    assert call["type"] == "function_call"
    assert output["type"] == "function_call_output"
    assert output["call_id"] == call["call_id"]
    assert "age" in output["output"]


def test_responses_with_inbuilt_tools_keeps_callers_tools(fake_openai):
    fake_openai.script(response(function_calls=[("User", GOOD)]))
    client = make(fake_openai, Mode.RESPONSES_TOOLS_WITH_INBUILT_TOOLS)
    client.create(model="m", response_model=User, messages=MESSAGES,
                  tools=[{"type": "web_search_preview"}])
    sent = fake_openai.last_request.json
    assert [t["type"] for t in sent["tools"]] == ["web_search_preview", "function"]


def test_responses_stream_partial(fake_openai):
    fake_openai.script(response_stream(function_calls=[("User", json.dumps(GOOD))]))
    parts = list(make(fake_openai, Mode.RESPONSES_TOOLS).create_partial(
        model="m", response_model=User, messages=MESSAGES))
    assert parts[-1] == User(**GOOD)


def test_responses_incomplete(fake_openai):
    fake_openai.script(response(function_calls=[("User", '{"na')], status="incomplete",
                                incomplete_reason="max_output_tokens"))
    with pytest.raises(IncompleteOutputException):
        make(fake_openai, Mode.RESPONSES_TOOLS).create(
            model="m", response_model=User, messages=MESSAGES)


def test_unsupported_mode_lists_valid_ones(fake_openai):
    with pytest.raises(ModeError) as info:
        make(fake_openai, Mode.BEDROCK_JSON)
    message = str(info.value)
    assert "openai has no BEDROCK_JSON ('bedrock_json') handler; valid modes: TOOLS" in message
    assert "TOOLS" in message and "JSON_SCHEMA" in message
    assert info.value.provider == "openai"
    assert "tool_call" in info.value.valid_modes


def test_client_reports_mode_and_provider(fake_openai):
    client = make(fake_openai, Mode.JSON)
    assert client.mode is Mode.JSON
    assert client.provider == instructor.Provider.OPENAI


def test_multimodal_parts_are_converted(fake_openai):
    fake_openai.script(chat_completion(tool_calls=[("User", GOOD)]))
    image = instructor.Image.from_url("https://example.com/cat.png")
    messages = [{"role": "user", "content": ["Who is this?", image]}]
    make(fake_openai, Mode.TOOLS).create(model="m", response_model=User, messages=messages)
    parts = fake_openai.last_request.json["messages"][0]["content"]
    assert parts[0] == {"type": "text", "text": "Who is this?"}
    assert parts[1]["type"] == "image_url"
    assert parts[1]["image_url"]["url"] == "https://example.com/cat.png"
    assert messages[0]["content"][1] is image
