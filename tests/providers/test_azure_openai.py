"""Azure OpenAI: ``from_provider("azure_openai/<deployment>")`` and AzureOpenAI clients,
against the fake OpenAI server's Azure paths; and what the openai-SDK services load."""

from __future__ import annotations

import asyncio
import json

import pytest
from pydantic import BaseModel

import instructor
from fakes.openai_server import chat_completion, response
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import ClientError, ConfigurationError

openai = require_sdk("openai")

MESSAGES = [{"role": "user", "content": "Jason is 25"}]
JASON = {"name": "Jason", "age": 25}


class User(BaseModel):
    name: str
    age: int


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_VERSION",
                 "OPENAI_API_VERSION", "AZURE_OPENAI_AD_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def test_from_provider_reads_the_azure_environment(fake_openai, monkeypatch):
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "az-key")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", fake_openai.url)
    client = instructor.from_provider("azure_openai/my-gpt4o", max_retries=0)
    assert client.provider == "azure_openai" and isinstance(client.client, openai.AzureOpenAI)
    fake_openai.script(chat_completion(tool_calls=[("User", JASON)]))
    try:
        assert client.create(response_model=User, messages=MESSAGES) == User(**JASON)
    finally:
        client.client.close()
    request = fake_openai.last_request
    assert request.path == "/openai/deployments/my-gpt4o/chat/completions"
    assert request.query == {"api-version": "2024-02-01"}  # 1.x's default
    assert request.headers["api-key"] == "az-key" and "authorization" not in request.headers
    assert request.json["model"] == "my-gpt4o"


def test_from_provider_arguments_and_api_version(fake_openai, monkeypatch):
    monkeypatch.setenv("AZURE_OPENAI_API_VERSION", "2024-10-21")
    client = instructor.from_provider("azure_openai/dep", async_client=True, api_key="kw-key",
                                      azure_endpoint=fake_openai.url, max_retries=0,
                                      mode=Mode.JSON_SCHEMA)
    assert isinstance(client.client, openai.AsyncAzureOpenAI)
    fake_openai.script(chat_completion(json.dumps(JASON)))

    async def run():
        async with client.client:
            return await client.create(response_model=User, messages=MESSAGES)

    assert asyncio.run(run()) == User(**JASON)
    request = fake_openai.last_request
    assert request.query == {"api-version": "2024-10-21"}
    assert request.headers["api-key"] == "kw-key"
    assert request.json["response_format"]["type"] == "json_schema"
    explicit = instructor.from_provider("azure_openai/dep", api_key="k", api_version="2025-01-01",
                                        azure_endpoint=fake_openai.url)
    assert explicit.client._api_version == "2025-01-01"
    explicit.client.close()


def test_missing_key_or_endpoint(monkeypatch):
    with pytest.raises(ConfigurationError, match="set AZURE_OPENAI_API_KEY"):
        instructor.from_provider("azure_openai/dep", azure_endpoint="https://r.test")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "k")
    with pytest.raises(ConfigurationError, match="set AZURE_OPENAI_ENDPOINT"):
        instructor.from_provider("azure_openai/dep")


def test_azure_clients_and_the_responses_api(fake_openai):
    from instructor.core.provider_registry import provider_registry

    from_azure = provider_registry.get_factory("azure_openai")
    client = from_azure(fake_openai.azure_client(), mode=Mode.RESPONSES_TOOLS)
    fake_openai.script(response(function_calls=[("User", JASON)]))
    assert client.create(model="dep", response_model=User, messages=MESSAGES) == User(**JASON)
    assert fake_openai.last_request.path == "/openai/responses"
    with pytest.raises(ClientError, match="from_azure_openai needs an openai.AzureOpenAI"):
        from_azure(fake_openai.client())


def test_using_the_openai_sdk_services_loads_only_openai(python):
    out = python("""
        import json, sys
        import instructor
        from pydantic import BaseModel
        from fakes.openai_server import FakeOpenAI, chat_completion

        class User(BaseModel):
            name: str

        with FakeOpenAI() as fake:
            fake.always(chat_completion(tool_calls=[("User", {"name": "A"})]))
            names = [instructor.from_provider(f"{p}/llama3.1", api_key="k",
                                              base_url=fake.base_url)
                     .create(response_model=User, messages=[]).name
                     for p in ("together", "deepseek", "openrouter", "anyscale", "ollama")]
            names.append(instructor.from_provider("azure_openai/m", api_key="k",
                                                  azure_endpoint=fake.url)
                         .create(response_model=User, messages=[]).name)
        sdks = [m for m in ("anthropic", "groq", "cerebras", "writerai", "fireworks", "litellm")
                if m in sys.modules]
        ours = sorted({m.split(".")[2] for m in sys.modules
                       if m.startswith("instructor.providers.")})
        print(json.dumps([names, sdks, ours]))
    """, env={"INSTRUCTOR_EAGER": "0"})
    names, sdks, ours = json.loads(out.stdout)
    assert names == ["A"] * 6 and sdks == []
    assert ours == ["_wrap", "openai", "openai_compatible"]
