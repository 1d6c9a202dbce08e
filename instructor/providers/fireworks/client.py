"""`from_fireworks` and the `from_provider("fireworks/...")` builder."""

from __future__ import annotations

import os
from typing import Any

from ...core.client import AsyncInstructor, Instructor
from ...mode import Mode
from .._wrap import instructor_for, pop_client_args
from ._sdk import AsyncFireworks, Fireworks

__all__ = ["build", "from_fireworks"]

# Keyword arguments of from_provider that configure the SDK client, not create().
CLIENT_ARGS = ("api_key", "base_url", "timeout", "account", "extra_headers")


def from_fireworks(client: Fireworks | AsyncFireworks, mode: Mode = Mode.TOOLS,
                   **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap a Fireworks client so ``create`` returns validated response models.

        from fireworks.client import Fireworks
        import instructor
        client = instructor.from_fireworks(Fireworks())
        user = client.chat.completions.create(
            model="accounts/fireworks/models/llama-v3p1-8b-instruct",
            response_model=User, messages=[{"role": "user", "content": "Jason is 25"}])

    Modes: TOOLS (the default), JSON, JSON_SCHEMA, MD_JSON;
    ``Mode.FIREWORKS_TOOLS`` / ``FIREWORKS_JSON`` are deprecated aliases of
    TOOLS / MD_JSON. ``kwargs`` (for example ``model=``) become defaults of
    every ``create``. Close an ``AsyncFireworks`` with ``await client.aclose()``.
    """
    return instructor_for(client, "fireworks", mode, kwargs, sync=(Fireworks,),
                          async_=(AsyncFireworks,),
                          accepted="a fireworks.client.Fireworks or AsyncFireworks")


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make a Fireworks client for ``from_provider("fireworks/<model>", ...)``.

    ``api_key`` (else ``FIREWORKS_API_KEY``), ``base_url`` (else
    ``FIREWORKS_API_BASE``; both read now, not only when the SDK was
    imported) and ``timeout`` configure the SDK client; ``mode=`` is honoured.
    """
    client_args = pop_client_args(kwargs, CLIENT_ARGS)
    # The SDK reads both variables once, when it is imported.
    for arg, env in (("api_key", "FIREWORKS_API_KEY"), ("base_url", "FIREWORKS_API_BASE")):
        if client_args.get(arg) is None and os.environ.get(env):
            client_args[arg] = os.environ[env]
    sdk = AsyncFireworks if async_client else Fireworks
    return from_fireworks(sdk(**client_args), mode=mode, model=model, **kwargs)
