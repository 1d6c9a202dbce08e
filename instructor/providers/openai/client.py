"""`from_openai` and the `from_provider("openai/...")` builder."""

from __future__ import annotations

from typing import Any

import openai

from ...core.client import AsyncInstructor, Instructor
from ...exceptions import ClientError
from ...mode import Mode

__all__ = ["build", "from_openai"]

_RESPONSES_MODES = ("responses_tools", "responses_tools_with_inbuilt_tools")

# Keyword arguments of from_provider that belong to the SDK client, not to create().
_CLIENT_ARGS = ("api_key", "base_url", "organization", "project", "timeout",
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
    if isinstance(client, openai.AsyncOpenAI):
        cls: type[Instructor] | type[AsyncInstructor] = AsyncInstructor
    elif isinstance(client, openai.OpenAI):
        cls = Instructor
    else:
        raise ClientError(
            f"from_openai needs an openai.OpenAI or openai.AsyncOpenAI client, "
            f"got {type(client).__module__}.{type(client).__qualname__}"
        )
    mode = Mode.TOOLS if mode is None else mode
    # Touching client.chat.completions makes the SDK import its chat
    # resources (about 15 ms); leave that to the first call, which needs them.
    if getattr(mode, "value", mode) in _RESPONSES_MODES:
        def create(**kw: Any) -> Any:
            return client.responses.create(**kw)
    else:
        def create(**kw: Any) -> Any:
            return client.chat.completions.create(**kw)
    return cls(client, create=create, mode=mode, provider="openai", **kwargs)


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make an OpenAI client for ``from_provider("openai/<model>", ...)``."""
    client_args = {k: kwargs.pop(k) for k in _CLIENT_ARGS if k in kwargs}
    sdk = openai.AsyncOpenAI if async_client else openai.OpenAI
    return from_openai(sdk(**client_args), mode=mode or Mode.TOOLS, model=model, **kwargs)
