"""`from_groq` and the `from_provider("groq/...")` builder."""

from __future__ import annotations

from typing import Any

import groq

from ...core.client import AsyncInstructor, Instructor
from ...mode import Mode
from .._wrap import instructor_for, pop_client_args

__all__ = ["build", "from_groq"]

# Keyword arguments of from_provider that configure the SDK client, not create().
CLIENT_ARGS = ("api_key", "base_url", "timeout", "max_retries", "default_headers",
               "default_query", "http_client")


def from_groq(client: groq.Groq | groq.AsyncGroq, mode: Mode = Mode.TOOLS,
              **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap a Groq client so ``create`` returns validated response models.

        import groq, instructor
        client = instructor.from_groq(groq.Groq())
        user = client.chat.completions.create(
            model="llama-3.3-70b-versatile", response_model=User,
            messages=[{"role": "user", "content": "Jason is 25"}])

    Modes: TOOLS (the default), JSON, JSON_SCHEMA, MD_JSON. ``kwargs``
    (for example ``model=``) become defaults of every ``create``.
    """
    return instructor_for(client, "groq", mode, kwargs, sync=(groq.Groq,),
                          async_=(groq.AsyncGroq,), accepted="a groq.Groq or groq.AsyncGroq")


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make a Groq client for ``from_provider("groq/<model>", ...)``.

    ``api_key``, ``base_url`` and the other client settings configure the
    SDK client, which also reads ``GROQ_API_KEY`` and ``GROQ_BASE_URL``;
    ``mode=`` is honoured.
    """
    sdk = groq.AsyncGroq if async_client else groq.Groq
    return from_groq(sdk(**pop_client_args(kwargs, CLIENT_ARGS)), mode=mode, model=model,
                     **kwargs)
