"""Pytest plugin with fixtures for the fake provider servers.

Enable it from a conftest with ``pytest_plugins = ("fakes.fixtures",)``.

Example::

    def test_reply(fake_openai):
        fake_openai.script(chat_completion("Hi!"))
        reply = fake_openai.client().chat.completions.create(model="m", messages=[])
        assert reply.choices[0].message.content == "Hi!"
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .openai_server import FakeOpenAI

__all__ = ["fake_openai"]

_call_failed = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    if call.when == "call":
        item.stash[_call_failed] = report.failed
    return report


@pytest.fixture
def fake_openai(request: pytest.FixtureRequest) -> Iterator[FakeOpenAI]:
    """A running ``FakeOpenAI``; stopped after the test.

    A test that passed although the fake saw a problem (a request with no
    scripted reply, a handler error...) fails at teardown, so a swallowed 500
    cannot hide a broken test. Clear ``fake_openai.problems`` when a test
    provokes one on purpose.
    """
    with FakeOpenAI() as fake:
        yield fake
    if fake.problems and not request.node.stash.get(_call_failed, False):
        pytest.fail(
            "fake OpenAI saw problems:\n" + "\n".join(fake.problems), pytrace=False
        )
