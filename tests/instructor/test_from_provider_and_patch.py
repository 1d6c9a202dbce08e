"""from_provider, patch/apatch and the other ways in."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import BaseModel

import instructor
from fakes.openai_server import chat_completion
from instructor.exceptions import ClientError, ConfigurationError

MESSAGES = [{"role": "user", "content": "x"}]


class User(BaseModel):
    name: str


GOOD = chat_completion(tool_calls=[("User", {"name": "Ada"})])


def test_from_provider_injects_model_and_configures_client(fake_openai):
    fake_openai.script(GOOD)
    client = instructor.from_provider("openai/gpt-4o-mini", api_key="k",
                                      base_url=fake_openai.base_url, max_retries=0)
    assert isinstance(client, instructor.Instructor)
    assert client.create(response_model=User, messages=MESSAGES).name == "Ada"
    request = fake_openai.last_request
    assert request.json["model"] == "gpt-4o-mini"
    assert request.headers["authorization"] == "Bearer k"


def test_from_provider_async_and_mode(fake_openai):
    fake_openai.script(chat_completion('{"name": "Bo"}'))
    client = instructor.from_provider("openai/m", async_client=True, api_key="k",
                                      base_url=fake_openai.base_url,
                                      mode=instructor.Mode.JSON)
    assert isinstance(client, instructor.AsyncInstructor)

    async def main():
        async with client.client:
            return await client.create(response_model=User, messages=MESSAGES)

    assert asyncio.run(main()).name == "Bo"
    assert fake_openai.last_request.json["response_format"] == {"type": "json_object"}


@pytest.mark.parametrize("bad", ["gpt-4o", "nope/model", ""])
def test_from_provider_bad_strings(bad):
    with pytest.raises(ConfigurationError) as info:
        instructor.from_provider(bad)
    assert isinstance(info.value, ValueError)
    assert "openai" in str(info.value)


def test_from_openai_wrong_client():
    with pytest.raises(ClientError, match="openai.OpenAI"):
        instructor.from_openai(object())


def test_not_yet_built_provider_says_so():
    from instructor._factories import _factory

    # what from_<name> of a 1.x provider this build lacks says
    with pytest.raises(ConfigurationError, match="the acme provider is not part of this build"):
        _factory("acme")(object())


def test_patch_sync_defaults_to_one_retry(fake_openai):
    bad = chat_completion(tool_calls=[("User", {"name": 5})])
    fake_openai.script(bad, GOOD)
    client = instructor.patch(fake_openai.client())
    assert client.chat.completions.create(model="m", response_model=User,
                                          messages=MESSAGES).name == "Ada"
    fake_openai.script(chat_completion("plain"))
    raw = client.chat.completions.create(model="m", messages=MESSAGES)
    assert raw.choices[0].message.content == "plain"


def test_apatch_async(fake_openai):
    fake_openai.script(GOOD)

    async def main():
        async with fake_openai.async_client() as sdk:
            client = instructor.apatch(sdk)
            return await client.chat.completions.create(model="m", response_model=User,
                                                        messages=MESSAGES)

    assert asyncio.run(main()).name == "Ada"


def test_patch_create_function(fake_openai):
    fake_openai.script(GOOD)
    create = instructor.patch(create=fake_openai.client().chat.completions.create,
                              mode=instructor.Mode.TOOLS)
    assert create(model="m", response_model=User, messages=MESSAGES).name == "Ada"
