"""Pytest plugin with fixtures for the fake provider servers.

Enable it from a conftest with ``pytest_plugins = ("fakes.fixtures",)``.

Example::

    def test_reply(fake_openai):
        fake_openai.script(chat_completion("Hi!"))
        reply = fake_openai.client().chat.completions.create(model="m", messages=[])
        assert reply.choices[0].message.content == "Hi!"
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

# LiteLLM fetches its model-cost table from GitHub when imported unless told
# to use the copy it ships; tests never touch the network. Set here, before
# any test module (or INSTRUCTOR_EAGER=1) imports it, and inherited by the
# fresh interpreters tests start.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

__all__ = [
    "fake_anthropic", "fake_bedrock", "fake_cerebras",
    "fake_cohere", "fake_fireworks", "fake_gemini", "fake_genai", "fake_groq", "fake_mistral",
    "fake_openai", "fake_writer", "fake_xai", "litellm_loop", "running",
]

_call_failed = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    if call.when == "call":
        item.stash[_call_failed] = report.failed
    return report


def running(request: pytest.FixtureRequest, fake: Any) -> Iterator[Any]:
    """Run ``fake`` for one test; fail the test at teardown if the fake saw problems.

    A test that passed although the fake saw a problem (a request with no
    scripted reply, a handler error...) fails at teardown, so a swallowed
    error reply cannot hide a broken test. Clear ``fake.problems`` when a
    test provokes one on purpose.
    """
    with fake:
        yield fake
    if fake.problems and not request.node.stash.get(_call_failed, False):
        pytest.fail(f"{fake.name} saw problems:\n" + "\n".join(fake.problems), pytrace=False)


@pytest.fixture
def fake_openai(request: pytest.FixtureRequest):
    """A running ``FakeOpenAI``; stopped after the test."""
    from .openai_server import FakeOpenAI

    yield from running(request, FakeOpenAI())


@pytest.fixture
def fake_anthropic(request: pytest.FixtureRequest):
    """A running ``FakeAnthropic``; stopped after the test."""
    from .anthropic_server import FakeAnthropic

    yield from running(request, FakeAnthropic())


@pytest.fixture
def fake_bedrock(request: pytest.FixtureRequest):
    """A running ``FakeBedrock``; stopped after the test."""
    from .bedrock_server import FakeBedrock

    yield from running(request, FakeBedrock())


@pytest.fixture
def fake_xai(request: pytest.FixtureRequest):
    """A running ``FakeXAI`` (a gRPC server); stopped after the test."""
    from .xai_server import FakeXAI

    yield from running(request, FakeXAI())


@pytest.fixture
def fake_cohere(request: pytest.FixtureRequest):
    """A running ``FakeCohere`` (Chat API v2 and v1); stopped after the test."""
    from .cohere_server import FakeCohere

    yield from running(request, FakeCohere())


@pytest.fixture
def fake_mistral(request: pytest.FixtureRequest):
    """A running ``FakeMistral``; stopped after the test."""
    from .mistral_server import FakeMistral

    yield from running(request, FakeMistral())


@pytest.fixture
def fake_genai(request: pytest.FixtureRequest):
    """A running ``FakeGenAI`` (the Gemini API, and Vertex AI's Gemini paths)."""
    from .genai_server import FakeGenAI

    yield from running(request, FakeGenAI())


@pytest.fixture
def fake_gemini(request: pytest.FixtureRequest):
    """A running ``FakeGemini`` (REST, for google-generativeai)."""
    from .gemini_server import FakeGemini

    yield from running(request, FakeGemini())


@pytest.fixture
def fake_groq(request: pytest.FixtureRequest):
    """A running ``FakeGroq``; stopped after the test."""
    from .groq_server import FakeGroq

    yield from running(request, FakeGroq())


@pytest.fixture
def fake_cerebras(request: pytest.FixtureRequest):
    """A running ``FakeCerebras``; stopped after the test."""
    from .cerebras_server import FakeCerebras

    yield from running(request, FakeCerebras())


@pytest.fixture
def fake_fireworks(request: pytest.FixtureRequest):
    """A running ``FakeFireworks``; stopped after the test."""
    from .fireworks_server import FakeFireworks

    yield from running(request, FakeFireworks())


@pytest.fixture
def fake_writer(request: pytest.FixtureRequest):
    """A running ``FakeWriter``; stopped after the test."""
    from .writer_server import FakeWriter

    yield from running(request, FakeWriter())


@pytest.fixture
def litellm_loop():
    """Closes, after the test, the event loop a sync LiteLLM call leaves open."""
    from .litellm_route import close_leaked_loop

    yield
    close_leaked_loop()
