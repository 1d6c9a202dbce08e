"""The Cohere provider with the v1 clients (``cohere.Client``, ``cohere.AsyncClient``):
``message`` / ``chat_history`` / ``preamble`` requests to ``POST /v1/chat``."""

from __future__ import annotations

import asyncio
import copy
import json

import pytest
from pydantic import BaseModel

import instructor
from fakes.cohere_server import chat_v1
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import (
    ConfigurationError,
    IncompleteOutputException,
    MultimodalError,
)

require_sdk("cohere")


class Pet(BaseModel):
    kind: str


class User(BaseModel):
    """A person named in the text."""

    name: str
    age: int
    pets: list[Pet] = []


CONVERSATION = [
    {"role": "system", "content": "You extract people."},
    {"role": "user", "content": "Hi"},
    {"role": "assistant", "content": "Hello! Who should I look at?"},
    {"role": "user", "content": [{"type": "text", "text": "Jason is 25"}]},
]
GOOD = {"name": "Jason", "age": 25}


@pytest.fixture
def client(fake_cohere):
    return instructor.from_cohere(fake_cohere.v1_client(), model="command-r")


def test_roles_are_mapped_to_v1(client, fake_cohere):
    # 1.17 sent the OpenAI roles (user, assistant) unchanged, which v1 does not know
    fake_cohere.script(chat_v1(tool_calls=[("User", GOOD)]))
    before = copy.deepcopy(CONVERSATION)
    assert client.create(response_model=User, messages=CONVERSATION) == User(**GOOD)
    assert CONVERSATION == before
    request = fake_cohere.last_request
    assert request.path == "/v1/chat"
    sent = request.json
    assert sent["message"] == "Jason is 25"
    assert sent["chat_history"] == [{"role": "USER", "message": "Hi"},
                                    {"role": "CHATBOT", "message": "Hello! Who should I look at?"}]
    assert sent["preamble"] == "You extract people."
    assert "messages" not in sent


def test_tools_use_v1_parameter_definitions(client, fake_cohere):
    fake_cohere.script(chat_v1(tool_calls=[("User", {**GOOD, "pets": [{"kind": "cat"}]})]))
    user = client.create(response_model=User, messages=CONVERSATION[1:2])
    assert user.pets == [Pet(kind="cat")]
    (tool,) = fake_cohere.last_request.json["tools"]
    assert tool["name"] == "User" and tool["description"] == "A person named in the text."
    definitions = tool["parameter_definitions"]
    assert definitions["name"] == {"type": "str", "required": True}
    assert definitions["age"] == {"type": "int", "required": True}
    pets = definitions["pets"]
    assert pets["type"] == "List[dict]" and pets["required"] is False
    # v1 has no nested schemas: the structure is described
    shown = json.loads(pets["description"].removeprefix("JSON schema: "))
    assert shown["$defs"]["Pet"]["properties"] == {"kind": {"title": "Kind", "type": "string"}}


def test_reask_moves_the_turn_into_the_history(client, fake_cohere):
    fake_cohere.script(chat_v1(tool_calls=[("User", {"name": "Jason", "age": "old"})]),
                       chat_v1(tool_calls=[("User", GOOD)]))
    assert client.create(response_model=User, messages=CONVERSATION) == User(**GOOD)
    first, second = (r.json for r in fake_cohere.requests)
    assert second["chat_history"] == [*first["chat_history"],
                                      {"role": "USER", "message": "Jason is 25"},
                                      {"role": "CHATBOT",
                                       "message": '{"name": "Jason", "age": "old"}'}]
    assert second["message"].startswith("Validation Error found:")
    assert second["preamble"] == first["preamble"] and second["tools"] == first["tools"]


def test_usage_is_summed_over_attempts(client, fake_cohere):
    fake_cohere.script(chat_v1(tool_calls=[("User", {"name": "J"})], usage=(10, 3)),
                       chat_v1(tool_calls=[("User", GOOD)], usage=(20, 4)))
    _, completion = client.create_with_completion(response_model=User,
                                                  messages=CONVERSATION[1:2])
    assert completion.meta.tokens.input_tokens == 30
    assert completion.meta.billed_units.output_tokens == 7
    assert completion.meta.api_version.version == "1"


def test_max_tokens_is_incomplete(client, fake_cohere):
    fake_cohere.script(chat_v1('{"name": "Ja', finish_reason="MAX_TOKENS"))
    with pytest.raises(IncompleteOutputException):
        client.create(response_model=User, messages=CONVERSATION[1:2])
    assert len(fake_cohere.requests) == 1


def test_json_schema_mode_names_the_schema_as_v1_does(fake_cohere):
    client = instructor.from_cohere(fake_cohere.v1_client(), mode=Mode.JSON_SCHEMA, model="m")
    fake_cohere.script(chat_v1('{"name": "Jason"}'), chat_v1(json.dumps(GOOD)))
    assert client.create(response_model=User, messages=CONVERSATION) == User(**GOOD)
    first, second = (r.json for r in fake_cohere.requests)
    assert set(first["response_format"]) == {"type", "schema"}
    assert first["response_format"]["schema"]["required"] == ["age", "name"]
    assert second["chat_history"][-1] == {"role": "CHATBOT", "message": '{"name": "Jason"}'}
    assert second["message"].startswith("Correct your JSON")


def test_md_json_mode_puts_the_schema_in_the_preamble(fake_cohere):
    client = instructor.from_cohere(fake_cohere.v1_client(), mode=Mode.MD_JSON, model="m")
    fake_cohere.script(chat_v1(f"```json\n{json.dumps(GOOD)}\n```"))
    assert client.create(response_model=User, messages=CONVERSATION) == User(**GOOD)
    preamble = fake_cohere.last_request.json["preamble"]
    assert preamble.startswith("You extract people.\n\n") and "```json" in preamble


def test_async_v1_client(fake_cohere):
    client = instructor.from_cohere(fake_cohere.async_v1_client(), model="m")
    fake_cohere.script(chat_v1(tool_calls=[("User", GOOD)]))
    user = asyncio.run(client.create(response_model=User, messages=CONVERSATION))
    assert user == User(**GOOD) and fake_cohere.last_request.path == "/v1/chat"


def test_what_v1_cannot_take_is_refused_before_sending(client, fake_cohere):
    from instructor.multimodal import Image

    with pytest.raises(MultimodalError, match="v1 chat takes text only.*ClientV2"):
        client.create(response_model=User, messages=[
            {"role": "user", "content": ["who?", Image.from_url("https://x.test/a.png")]}])
    with pytest.raises(ConfigurationError, match="end with a user message"):
        client.create(response_model=User, messages=CONVERSATION[:3])
    with pytest.raises(ConfigurationError, match="not 'tool'; use cohere.ClientV2"):
        client.create(response_model=User, messages=[
            {"role": "tool", "content": "42", "tool_call_id": "x"}, CONVERSATION[1]])
    assert fake_cohere.requests == []
