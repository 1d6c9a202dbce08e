"""Microbenchmarks of instructor's hot paths (pytest-benchmark).

Collected only by ``pytest perf`` (``tox -e perf`` runs
``pytest perf --benchmark-only``), never by the normal test run. Each
benchmark also checks its result, so a fast wrong answer cannot pass.

Groups compare like with like: ``create`` puts a full instructor call next
to the same raw SDK call, both through the SDK's own HTTP client with an
in-process mock transport (see ``perf._probe_providers.mock_openai_client``).
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel

import instructor
from perf._probe_providers import (
    COMPLETION,
    MESSAGES,
    MODEL,
    USER_TOOL,
    USER_TOOL_CHOICE,
    mock_openai_client,
    user_model,
)

openai = pytest.importorskip("openai", reason="the openai SDK is the benchmark's target")


@pytest.fixture(scope="module")
def User() -> type[BaseModel]:
    return user_model()


@pytest.fixture(scope="module")
def client():
    return mock_openai_client(openai)


@pytest.fixture(scope="module")
def completion():
    from openai.types.chat import ChatCompletion

    return ChatCompletion.model_validate_json(COMPLETION)


@pytest.mark.benchmark(group="handler lookup")
def test_handler_lookup(benchmark):
    """The mode registry's answer for (openai, TOOLS), once loaded."""
    from instructor.core.mode_registry import mode_registry

    first = mode_registry.get_handler(instructor.Mode.TOOLS, "openai")
    handler = benchmark(mode_registry.get_handler, instructor.Mode.TOOLS, "openai")
    assert handler is first


@pytest.mark.benchmark(group="schema")
def test_schema_cached(benchmark, User):
    """The tool schema of a model class already seen (every call after the first)."""
    schema = benchmark(instructor.generate_openai_schema, User)
    assert schema["name"] == "User"
    assert set(schema["parameters"]["properties"]) == {"name", "age"}


@pytest.mark.benchmark(group="schema")
def test_schema_build_new_model(benchmark):
    """The tool schema of a model class never seen (class creation is not timed)."""

    def fresh_model():
        class Order(BaseModel):
            """An order line."""

            sku: str
            quantity: int
            note: str | None = None

        return (Order,), {}

    schema = benchmark.pedantic(
        instructor.generate_openai_schema,
        setup=fresh_model,
        rounds=200,
        iterations=1,
        warmup_rounds=5,
    )
    assert schema["parameters"]["required"] == ["quantity", "sku"]


@pytest.mark.benchmark(group="parse")
def test_response_parse(benchmark, User, completion):
    """A chat completion with a tool call, validated into the model."""
    schema_model = instructor.openai_schema(User)
    user = benchmark(schema_model.from_response, completion, mode=instructor.Mode.TOOLS)
    assert (user.name, user.age) == ("Jason", 25)


@pytest.mark.benchmark(group="parse")
def test_sdk_parse_baseline(benchmark):
    """Reference: the SDK parsing the same JSON into its ChatCompletion."""
    from openai.types.chat import ChatCompletion

    result = benchmark(ChatCompletion.model_validate_json, COMPLETION)
    assert result.choices[0].message.tool_calls[0].function.name == "User"


@pytest.mark.benchmark(group="create")
def test_create_full(benchmark, client, User):
    """``create(response_model=User)`` end to end over the mocked transport."""
    patched = instructor.from_openai(client)
    user = benchmark(
        patched.chat.completions.create,
        model=MODEL,
        response_model=User,
        messages=MESSAGES,
        max_retries=0,
    )
    assert (user.name, user.age) == ("Jason", 25)


@pytest.mark.benchmark(group="create")
def test_create_raw_sdk_baseline(benchmark, client):
    """Reference: the same request through the raw SDK (tools sent, no validation)."""
    completion = benchmark(
        client.chat.completions.create,
        model=MODEL,
        messages=MESSAGES,
        tools=[USER_TOOL],
        tool_choice=USER_TOOL_CHOICE,
    )
    assert completion.choices[0].finish_reason == "tool_calls"


@pytest.mark.benchmark(group="wrap")
def test_from_openai_warm(benchmark, client):
    """Wrapping a client once the provider is loaded (e.g. one client per request)."""
    patched = benchmark(instructor.from_openai, client)
    assert patched.client is client
