"""The services reached through the openai SDK: what client ``from_provider`` builds
(base URL, key, defaults) and what reaches the server (URL, headers, model).

Together, Anyscale, Databricks, DeepSeek, OpenRouter, Perplexity and Ollama,
against the loopback OpenAI fake; Azure OpenAI is in test_azure_openai.py.
"""

from __future__ import annotations

import asyncio
import json
import warnings

import pytest
from pydantic import BaseModel

import instructor
from fakes.fixtures import running
from fakes.openai_server import FakeOpenAI, chat_completion
from fakes.sdk import require_sdk
from instructor import Mode
from instructor.exceptions import ClientError, ConfigurationError, ModeError

openai = require_sdk("openai")

MESSAGES = [{"role": "user", "content": "Jason is 25"}]
JASON = {"name": "Jason", "age": 25}

# service -> (default base URL, key variables, default mode)
SERVICES = {
    "anyscale": ("https://api.endpoints.anyscale.com/v1/", ("ANYSCALE_API_KEY",), Mode.TOOLS),
    "together": ("https://api.together.xyz/v1/", ("TOGETHER_API_KEY",), Mode.TOOLS),
    "deepseek": ("https://api.deepseek.com/", ("DEEPSEEK_API_KEY",), Mode.TOOLS),
    "openrouter": ("https://openrouter.ai/api/v1/", ("OPENROUTER_API_KEY",), Mode.TOOLS),
    "perplexity": ("https://api.perplexity.ai/", ("PERPLEXITY_API_KEY",), Mode.MD_JSON),
    "databricks": (None, ("DATABRICKS_TOKEN", "DATABRICKS_API_KEY"), Mode.TOOLS),
    "ollama": ("http://localhost:11434/v1/", (), Mode.TOOLS),
}
ENV = ("DATABRICKS_BASE_URL", "DATABRICKS_HOST", "DATABRICKS_WORKSPACE_URL",
       *(k for _, keys, _ in SERVICES.values() for k in keys))


class User(BaseModel):
    name: str
    age: int


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_databricks(request):
    """A fake OpenAI server under Databricks' /serving-endpoints path."""
    yield from running(request, FakeOpenAI(prefix="/serving-endpoints"))


def reply_for(mode):
    if mode == Mode.TOOLS:
        return chat_completion(tool_calls=[("User", JASON)])
    return chat_completion(json.dumps(JASON))


@pytest.mark.parametrize("name", [n for n in SERVICES if n != "databricks"])
def test_from_provider_builds_the_default_client(name, monkeypatch):
    base_url, keys, mode = SERVICES[name]
    for key in keys:
        monkeypatch.setenv(key, f"key-of-{name}")
    client = instructor.from_provider(f"{name}/llama3.1-big")
    assert client.provider == name and client.mode == mode
    assert str(client.client.base_url).rstrip("/") == base_url.rstrip("/")
    assert client.client.api_key == (f"key-of-{name}" if keys else "ollama")
    assert client.kwargs == {"model": "llama3.1-big"}
    client.client.close()


@pytest.mark.parametrize("name", [n for n in SERVICES if SERVICES[n][1]])
def test_a_missing_key_says_where_to_put_it(name, monkeypatch):
    monkeypatch.setenv("DATABRICKS_HOST", "https://x.test")
    with pytest.raises(ConfigurationError, match=f"{name} needs an API key: pass api_key=... "
                                                 f"or set {SERVICES[name][1][0]}"):
        instructor.from_provider(f"{name}/m")


@pytest.mark.parametrize("name", [n for n in SERVICES if n != "databricks"])
def test_the_request_reaches_the_server(name, fake_openai):
    mode = SERVICES[name][2]
    fake_openai.script(reply_for(mode))
    client = instructor.from_provider(f"{name}/vendor/llama3.1-x", api_key="sk-given",
                                      base_url=fake_openai.base_url, max_retries=0,
                                      temperature=0.1)
    try:
        assert client.create(response_model=User, messages=MESSAGES) == User(**JASON)
    finally:
        client.client.close()
    request = fake_openai.last_request
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-given"
    assert request.json["model"] == "vendor/llama3.1-x" and request.json["temperature"] == 0.1


@pytest.mark.parametrize("name", ["anyscale", "together", "databricks", "deepseek"])
def test_a_model_name_instead_of_a_client_goes_to_from_provider(name, fake_openai,
                                                                 fake_databricks, monkeypatch):
    fake = fake_databricks if name == "databricks" else fake_openai
    monkeypatch.setenv(SERVICES[name][1][0], "sk-env")
    factory = getattr(instructor, f"from_{name}")
    client = factory("m-1", mode=Mode.JSON, base_url=fake.url if name == "databricks"
                     else fake.base_url, async_client=True)
    assert type(client) is instructor.AsyncInstructor and client.mode == Mode.JSON
    fake.script(chat_completion(json.dumps(JASON)))

    async def run():
        async with client.client:
            return await client.create(response_model=User, messages=MESSAGES)

    assert asyncio.run(run()) == User(**JASON)
    assert fake.last_request.json["model"] == "m-1"
    assert fake.last_request.headers["authorization"] == "Bearer sk-env"


@pytest.mark.parametrize("name", list(SERVICES))
def test_the_factories_take_openai_clients(name, fake_openai, fake_anthropic):
    factory = getattr(instructor, f"from_{name}", None)
    if factory is None:  # no from_ollama in 1.x; the registry has the factory
        from instructor.core.provider_registry import provider_registry

        factory = provider_registry.get_factory(name)
    client = factory(fake_openai.client(), model="m")
    assert client.provider == name and client.mode == SERVICES[name][2]
    fake_openai.script(reply_for(client.mode))
    assert client.create(response_model=User, messages=MESSAGES) == User(**JASON)
    with pytest.raises(ClientError, match=f"from_{name} needs an openai.OpenAI"):
        factory(fake_anthropic.client())


def test_databricks_endpoint_from_the_environment(fake_databricks, monkeypatch):
    monkeypatch.setenv("DATABRICKS_TOKEN", "dapi-token")
    host = fake_databricks.url.removeprefix("http://")
    monkeypatch.setenv("DATABRICKS_HOST", host)
    client = instructor.from_provider("databricks/databricks-llama")
    assert str(client.client.base_url) == f"https://{host}/serving-endpoints/"
    client.client.close()
    monkeypatch.setenv("DATABRICKS_HOST", fake_databricks.url + "/")  # http, trailing slash
    client = instructor.from_provider("databricks/databricks-llama", max_retries=0)
    fake_databricks.script(reply_for(Mode.TOOLS))
    try:
        assert client.create(response_model=User, messages=MESSAGES) == User(**JASON)
    finally:
        client.client.close()
    request = fake_databricks.last_request
    assert request.path == "/serving-endpoints/chat/completions"
    assert request.headers["authorization"] == "Bearer dapi-token"
    assert request.json["model"] == "databricks-llama"
    monkeypatch.delenv("DATABRICKS_HOST")
    with pytest.raises(ConfigurationError, match="set DATABRICKS_BASE_URL or DATABRICKS_HOST"):
        instructor.from_provider("databricks/m")


# -- Perplexity, OpenRouter, Ollama ----------------------------------------------------------


def test_perplexity_sends_a_schema_not_a_prompt(fake_openai):
    client = instructor.from_provider("perplexity/sonar", api_key="pplx",
                                      base_url=fake_openai.base_url, max_retries=0)
    fake_openai.script(chat_completion('```json\n{"name": "Jason", "age": "x"}\n```'),
                       chat_completion(json.dumps(JASON)))
    try:
        assert client.create(response_model=User, messages=MESSAGES) == User(**JASON)
    finally:
        client.client.close()
    first, second = (r.json for r in fake_openai.requests)
    assert first["messages"] == MESSAGES  # no instructions added
    assert first["response_format"] == {"type": "json_schema", "json_schema": {"schema": {
        "type": "object", "required": ["age", "name"],
        "properties": {"name": {"title": "Name", "type": "string"},
                       "age": {"title": "Age", "type": "integer"}}}}}
    assistant, user = second["messages"][1:]
    assert assistant["role"] == "assistant" and assistant["content"].startswith("```json")
    assert user["content"].startswith("Correct your JSON ONLY RESPONSE")


def test_perplexity_modes(fake_openai):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        client = instructor.from_perplexity(fake_openai.client(), mode=Mode.PERPLEXITY_JSON)
    assert client.mode == Mode.MD_JSON
    assert all(issubclass(w.category, DeprecationWarning) for w in seen)
    # one mode only: asking for another is an error, where 1.17 ignored it
    with pytest.raises(ModeError, match="perplexity has no TOOLS .* valid modes: MD_JSON$"):
        instructor.from_provider("perplexity/sonar", api_key="k", mode=Mode.TOOLS)


def test_openrouter_structured_outputs_alias(fake_openai):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        client = instructor.from_openrouter(fake_openai.client(),
                                            mode=Mode.OPENROUTER_STRUCTURED_OUTPUTS)
    assert client.mode == Mode.JSON_SCHEMA
    fake_openai.script(chat_completion(json.dumps(JASON)))
    assert client.create(model="openai/gpt-4o", response_model=User,
                         messages=MESSAGES) == User(**JASON)
    fmt = fake_openai.last_request.json["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"]["additionalProperties"] is False


@pytest.mark.parametrize(("model", "mode"), [("llama3.1:8b", Mode.TOOLS),
                                             ("qwen2.5-coder", Mode.TOOLS),
                                             ("gemma2:9b", Mode.JSON)])
def test_ollama_picks_tools_for_models_that_call_them(model, mode):
    client = instructor.from_provider(f"ollama/{model}")
    assert client.mode == mode
    client.client.close()
    assert instructor.from_provider(f"ollama/{model}", mode=Mode.MD_JSON).mode == Mode.MD_JSON


def test_ollama_sends_the_key_it_is_given(fake_openai):
    # 1.17 always sends "Bearer ollama"
    for given, sent in ((None, "Bearer ollama"), ("proxy-key", "Bearer proxy-key")):
        keys = {"api_key": given} if given else {}
        client = instructor.from_provider("ollama/gemma2", base_url=fake_openai.base_url,
                                          max_retries=0, **keys)
        fake_openai.script(chat_completion(json.dumps(JASON)))
        try:
            assert client.create(response_model=User, messages=MESSAGES) == User(**JASON)
        finally:
            client.client.close()
        assert fake_openai.last_request.headers["authorization"] == sent
        assert fake_openai.last_request.json["response_format"] == {"type": "json_object"}
