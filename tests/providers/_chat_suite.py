"""Tests every provider that speaks the OpenAI chat format through its own SDK runs.

A provider's test module (``test_groq.py``, ...) defines the ``sdk`` fixture
(a `ChatSDK` for its fake) and imports these tests with ``from _chat_suite
import *``; pytest collects them there, once per provider. What differs
between providers is data on the `ChatSDK`: the modes, the tool choice, who
answers a failed tool call. What is one provider's own (its environment
variables, Writer's wording) is tested in its module.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import BaseModel, field_validator

import instructor
from fakes.openai_server import Error, chat_completion, chat_stream
from instructor import Mode
from instructor.exceptions import (
    ClientError,
    IncompleteOutputException,
    InstructorRetryException,
    ModeError,
    MultimodalError,
)

__all__ = ["ChatSDK", "test_a_failed_call_is_wrapped_and_not_retried", "test_async_calls",
           "test_clients", "test_cut_off_is_incomplete_and_not_retried",
           "test_from_provider_builds_the_client_and_keeps_the_mode",
           "test_images_are_sent_and_audio_is_refused", "test_response_model_none",
           "test_simple_types", "test_streams", "test_text_modes",
           "test_tools_request_parse_reask_and_usage", "test_unsupported_mode",
           "test_wrong_client"]

MESSAGES = [{"role": "user", "content": "Jason is 25"}]
JASON = {"name": "Jason", "age": 25}
PEOPLE = {"tasks": [JASON, {"name": "Ada", "age": 36}]}


class User(BaseModel):
    """A person named in the text."""

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


@dataclass
class ChatSDK:
    """One provider under test: its fake, its factory and how it differs."""

    name: str
    fake: Any
    factory: Callable[..., Any]
    modes: tuple[Mode, ...]  # the generic modes it takes, default first
    path: str  # where its chat requests go
    sdk_types: tuple[type, type]  # (completion, error the SDK raises for HTTP 400)
    forced_tool: bool = True  # tool_choice names the tool (Writer: "auto")
    tool_reply_role: str = "tool"  # the role that carries a failed tool call's error
    aclose: str = "close"  # the async client's close method
    close: Callable[[Any], None] = staticmethod(lambda client: client.close())  # a sync one

    def make(self, **kwargs: Any) -> Any:
        return self.factory(self.fake.client(), **kwargs)

    def make_async(self, **kwargs: Any) -> Any:
        return self.factory(self.fake.async_client(), **kwargs)


def _sent(sdk: ChatSDK, index: int = -1) -> dict[str, Any]:
    request = sdk.fake.requests[index]
    assert request.path == sdk.path
    assert request.headers["authorization"] == "Bearer test-key"
    return request.json


# -- the client ------------------------------------------------------------------------


def test_clients(sdk):
    assert type(sdk.make()) is instructor.Instructor
    client = sdk.make_async()
    assert type(client) is instructor.AsyncInstructor
    assert client.provider == sdk.name and client.mode == sdk.modes[0]


def test_wrong_client(sdk, fake_openai):
    with pytest.raises(ClientError, match=f"from_{sdk.name} needs .* client, got openai"):
        sdk.factory(fake_openai.client())


def test_unsupported_mode(sdk):
    with pytest.raises(ModeError) as info:
        sdk.make(mode=Mode.RESPONSES_TOOLS)
    assert str(info.value) == (
        f"{sdk.name} has no RESPONSES_TOOLS ('responses_tools') handler; valid modes: "
        + ", ".join(mode.name for mode in sdk.modes))


# -- TOOLS -------------------------------------------------------------------------------


def test_tools_request_parse_reask_and_usage(sdk):
    client = sdk.make()
    totals = []
    client.on("completion:usage", lambda usage, **kw: totals.append(usage.total_tokens))
    bad = chat_completion(tool_calls=[("Shouty", {"name": "ada"})], usage=(10, 3))
    sdk.fake.script(bad, chat_completion(tool_calls=[("Shouty", {"name": "ADA"})],
                                         usage=(20, 4)))
    messages = copy.deepcopy(MESSAGES)
    shouty, completion = client.create_with_completion(
        model="m", response_model=Shouty, messages=messages, temperature=0)
    assert shouty == Shouty(name="ADA") and messages == MESSAGES
    assert isinstance(completion, sdk.sdk_types[0])
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (30, 7)
    assert totals == [13, 37]  # completion:usage fires, summed over attempts

    first, second = _sent(sdk, 0), _sent(sdk, 1)
    assert first["model"] == "m" and first["temperature"] == 0
    assert first["messages"] == MESSAGES
    (tool,) = first["tools"]
    assert tool["type"] == "function" and tool["function"]["name"] == "Shouty"
    assert tool["function"]["parameters"]["required"] == ["name"]
    choice = {"type": "function", "function": {"name": "Shouty"}} if sdk.forced_tool else "auto"
    assert first["tool_choice"] == choice
    assistant, reply = second["messages"][1:]
    assert assistant["role"] == "assistant"
    (call,) = assistant["tool_calls"]
    assert json.loads(call["function"]["arguments"]) == {"name": "ada"}
    assert reply["role"] == sdk.tool_reply_role
    assert "name must be upper case" in reply["content"]
    if sdk.tool_reply_role == "tool":
        assert reply["tool_call_id"] == call["id"]


def test_cut_off_is_incomplete_and_not_retried(sdk):
    sdk.fake.script(chat_completion(tool_calls=[("User", '{"name": "Ja')],
                                    finish_reason="length"))
    with pytest.raises(IncompleteOutputException):
        sdk.make().create(model="m", response_model=User, messages=MESSAGES, max_retries=3)
    assert len(sdk.fake.requests) == 1


def test_response_model_none(sdk):
    sdk.fake.script(chat_completion("hello"))
    reply = sdk.make().create(model="m", response_model=None, messages=MESSAGES)
    assert isinstance(reply, sdk.sdk_types[0]) and reply.choices[0].message.content == "hello"
    assert set(_sent(sdk)) == {"model", "messages"} | ({"stream"} if sdk.name == "fireworks"
                                                       else set())


@pytest.mark.parametrize(("model", "args", "expected"), [
    (int, {"content": 7}, 7),
    (list[User], PEOPLE, [User(**u) for u in PEOPLE["tasks"]]),
    (Iterable[User], PEOPLE, [User(**u) for u in PEOPLE["tasks"]]),
])
def test_simple_types(sdk, model, args, expected):
    name = "Response" if "content" in args else "IterableUser"
    sdk.fake.script(chat_completion(tool_calls=[(name, args)]))
    assert sdk.make().create(model="m", response_model=model, messages=MESSAGES) == expected
    assert _sent(sdk)["tools"][0]["function"]["name"] == name


def test_a_failed_call_is_wrapped_and_not_retried(sdk):
    sdk.fake.script(Error(400, "bad request"))
    with pytest.raises(InstructorRetryException) as info:
        sdk.make().create(model="m", response_model=User, messages=MESSAGES)
    assert isinstance(info.value.__cause__, sdk.sdk_types[1])
    assert len(sdk.fake.requests) == 1
    sdk.fake.script(Error(400, "bad request"))
    with pytest.raises(sdk.sdk_types[1]):
        sdk.make().create(model="m", response_model=None, messages=MESSAGES)


# -- the text modes -----------------------------------------------------------------------


def test_text_modes(sdk):
    for mode in (m for m in sdk.modes if m in (Mode.JSON, Mode.MD_JSON, Mode.JSON_SCHEMA)):
        start = len(sdk.fake.requests)
        client = sdk.make(mode=mode)
        bad = '```json\n{"name": "Jason", "age": "x"}\n```' if mode != Mode.JSON_SCHEMA \
            else '{"name": "Jason", "age": "x"}'
        sdk.fake.script(chat_completion(bad), chat_completion(json.dumps(JASON)))
        assert client.create(model="m", response_model=User, messages=MESSAGES) == User(**JASON)
        first, second = _sent(sdk, start), _sent(sdk, start + 1)
        assert "tools" not in first
        schema = first.get("response_format", {}).get("json_schema", {}).get("schema")
        if mode == Mode.JSON_SCHEMA:
            assert first["messages"] == MESSAGES
            assert set(schema["properties"]) == {"name", "age"}
        else:
            assert first["messages"][0]["role"] == "system"
            assert '"age"' in first["messages"][0]["content"]
            assert first["messages"][1] == MESSAGES[0]
            assert (first.get("response_format") == {"type": "json_object"}) == (mode == Mode.JSON)
        assistant, user = second["messages"][-2:]
        assert assistant == {"role": "assistant", "content": bad}
        assert user["role"] == "user" and "valid integer" in user["content"], mode


# -- streams -------------------------------------------------------------------------------


def _check_partials(partials: list[Any]) -> None:
    assert len(partials) > 2 and partials[-1] == User(**JASON)
    names = [p.name for p in partials if p.name is not None]
    assert names == sorted(names, key=len) and names[-1] == "Jason"  # growing


def test_streams(sdk):
    client = sdk.make()
    sdk.fake.script(chat_stream(tool_calls=[("User", JASON)], chunk_size=3),
                    chat_stream(tool_calls=[("IterableUser", PEOPLE)], chunk_size=7),
                    chat_stream(tool_calls=[("User", JASON)]),
                    chat_stream(tool_calls=[("User", JASON)], finish_reason="length"))
    _check_partials(list(client.create_partial(model="m", response_model=User,
                                               messages=MESSAGES)))
    assert _sent(sdk)["stream"] is True
    assert list(client.create_iterable(model="m", response_model=User, messages=MESSAGES)) \
        == [User(**u) for u in PEOPLE["tasks"]]
    _check_partials(list(client.create(model="m", response_model=instructor.Partial[User],
                                       messages=MESSAGES, stream=True)))
    with pytest.raises(IncompleteOutputException):
        list(client.create_partial(model="m", response_model=User, messages=MESSAGES))
    text_client = sdk.make(mode=Mode.MD_JSON)
    sdk.fake.script(chat_stream('```json\n{"name": "Jason", "age": 25}\n```', chunk_size=4))
    _check_partials(list(text_client.create_partial(model="m", response_model=User,
                                                    messages=MESSAGES)))


def test_async_calls(sdk):
    client = sdk.make_async()
    sdk.fake.script(chat_completion(tool_calls=[("User", {"name": "J"})]),
                    chat_completion(tool_calls=[("User", JASON)]),
                    chat_stream(tool_calls=[("User", JASON)], chunk_size=3),
                    chat_stream(tool_calls=[("IterableUser", PEOPLE)]),
                    chat_completion("hello"))

    async def run():
        try:
            user, completion = await client.create_with_completion(
                model="m", response_model=User, messages=MESSAGES)
            partials = [p async for p in client.create_partial(
                model="m", response_model=User, messages=MESSAGES)]
            users = [u async for u in client.create_iterable(
                model="m", response_model=User, messages=MESSAGES)]
            raw = await client.create(model="m", response_model=None, messages=MESSAGES)
            return user, completion, partials, users, raw
        finally:
            await getattr(client.client, sdk.aclose)()

    user, completion, partials, users, raw = asyncio.run(run())
    assert user == User(**JASON) and completion.usage.prompt_tokens == 20
    _check_partials(partials)
    assert users == [User(**u) for u in PEOPLE["tasks"]]
    assert raw.choices[0].message.content == "hello"
    assert len(sdk.fake.requests) == 5


# -- media and from_provider -------------------------------------------------------------------


def test_images_are_sent_and_audio_is_refused(sdk):
    from instructor.multimodal import PDF, Audio, Image

    sdk.fake.script(chat_completion(tool_calls=[("User", JASON)]))
    png = Image.from_base64("data:image/png;base64,iVBORw0KGgo=")
    messages = [{"role": "user", "content": ["Who is this?", png,
                                             Image.from_url("https://x.test/a.png")]}]
    sdk.make().create(model="m", response_model=User, messages=messages)
    assert _sent(sdk)["messages"][0]["content"] == [
        {"type": "text", "text": "Who is this?"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
        {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}},
    ]
    clip = Audio.from_base64("data:audio/wav;base64,UklGRiQAAABXQVZF")
    pdf = PDF.from_base64("data:application/pdf;base64,JVBERi0xLjQK")
    for item in (clip, pdf):
        with pytest.raises(MultimodalError, match="chat API takes text and images"):
            sdk.make().create(model="m", response_model=User,
                              messages=[{"role": "user", "content": ["look", item]}])
    assert len(sdk.fake.requests) == 1


def test_from_provider_builds_the_client_and_keeps_the_mode(sdk):
    extra = {"max_retries": 0} if sdk.name != "fireworks" else {}
    text_mode = Mode.MD_JSON
    client = instructor.from_provider(f"{sdk.name}/big-model", api_key="test-key",
                                      base_url=sdk.fake.base_url, mode=text_mode,
                                      temperature=0.5, **extra)
    assert type(client) is instructor.Instructor and client.mode == text_mode
    sdk.fake.script(chat_completion(json.dumps(JASON)))
    try:
        assert client.create(response_model=User, messages=MESSAGES) == User(**JASON)
    finally:
        sdk.close(client.client)
    sent = _sent(sdk)
    assert sent["model"] == "big-model" and sent["temperature"] == 0.5
    assert "base_url" not in sent and "api_key" not in sent and "tools" not in sent

    aclient = instructor.from_provider(f"{sdk.name}/big-model", async_client=True,
                                       api_key="test-key", base_url=sdk.fake.base_url, **extra)
    assert type(aclient) is instructor.AsyncInstructor and aclient.mode == Mode.TOOLS

    async def run():
        try:
            return await aclient.create(response_model=User, messages=MESSAGES)
        finally:
            await getattr(aclient.client, sdk.aclose)()

    sdk.fake.script(chat_completion(tool_calls=[("User", JASON)]))
    assert asyncio.run(run()) == User(**JASON)
    assert _sent(sdk)["tools"][0]["function"]["name"] == "User"
