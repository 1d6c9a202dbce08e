"""Sending LiteLLM's calls to the fake OpenAI server.

LiteLLM has no server of its own: ``model="openai/<name>"`` with
``api_base=`` sends an OpenAI chat request to any OpenAI-compatible
server, here `fakes.openai_server.FakeOpenAI`.

    client = instructor.from_litellm(litellm.completion, **route(fake_openai))
    client.create(model="openai/gpt-x", ...)
"""

from __future__ import annotations

import asyncio
import warnings
from typing import Any

import pytest

__all__ = ["close_leaked_loop", "quiet", "route"]

# LiteLLM builds pydantic schemas of its own TypedDicts on its first calls,
# and pydantic warns that their ReadOnly items are not protected: litellm's
# warning, not the code under test's.
quiet = pytest.mark.filterwarnings("ignore:Items? .* `ReadOnly` qualifier:UserWarning")


def route(fake: Any, **options: Any) -> dict[str, Any]:
    """The keyword arguments of a LiteLLM call that reach ``fake`` (a FakeOpenAI)."""
    return {"api_base": fake.base_url, "api_key": "test-key", **options}


def close_leaked_loop() -> None:
    """Close the event loop ``litellm.completion`` leaves behind in this thread.

    A sync LiteLLM call makes the thread's default event loop and never
    closes it; its sockets are then collected during some later test, which
    fails for a ResourceWarning that is litellm's.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        policy = asyncio.get_event_loop_policy()
        try:
            loop = policy.get_event_loop()
        except RuntimeError:
            return
    if not loop.is_running():
        loop.close()
        policy.set_event_loop(None)
