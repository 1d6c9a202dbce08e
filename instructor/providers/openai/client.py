"""`from_openai` and the `from_provider("openai/...")` builder."""

from __future__ import annotations

from typing import Any

import openai

from ...core.client import AsyncInstructor, Instructor
from ...mode import Mode
from .._wrap import instructor_for

__all__ = ["build", "from_openai"]

# Keyword arguments of from_provider that belong to the SDK client, not to create().
CLIENT_ARGS = ("api_key", "base_url", "organization", "project", "timeout", "max_retries",
               "default_headers", "default_query", "http_client", "websocket_base_url")


def from_openai(client: openai.OpenAI | openai.AsyncOpenAI, mode: Mode = Mode.TOOLS,
                **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap an OpenAI client so ``create`` returns validated response models.

        import instructor, openai
        client = instructor.from_openai(openai.OpenAI())
        user = client.chat.completions.create(
            model="gpt-4o-mini", response_model=User,
            messages=[{"role": "user", "content": "Jason is 25"}])

    ``kwargs`` (for example ``model=``) become defaults of every ``create``.
    """
    return wrap(client, "openai", mode, kwargs)


def wrap(client: Any, provider: str, mode: Any, kwargs: dict[str, Any]
         ) -> Instructor | AsyncInstructor:
    """An `Instructor` for an openai SDK client talking to ``provider``."""
    return instructor_for(client, provider, mode, kwargs, sync=(openai.OpenAI,),
                          async_=(openai.AsyncOpenAI,),
                          accepted="an openai.OpenAI or openai.AsyncOpenAI")


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make an OpenAI client for ``from_provider("openai/<model>", ...)``."""
    client_args = {k: kwargs.pop(k) for k in CLIENT_ARGS if k in kwargs}
    sdk = openai.AsyncOpenAI if async_client else openai.OpenAI
    return from_openai(sdk(**client_args), mode=mode, model=model, **kwargs)
