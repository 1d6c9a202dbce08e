"""`from_cerebras` and the `from_provider("cerebras/...")` builder."""

from __future__ import annotations

from typing import Any

from cerebras.cloud.sdk import AsyncCerebras, Cerebras

from ...core.client import AsyncInstructor, Instructor
from ...mode import Mode
from .._wrap import instructor_for, pop_client_args

__all__ = ["build", "from_cerebras"]

# Keyword arguments of from_provider that configure the SDK client, not create().
CLIENT_ARGS = ("api_key", "base_url", "timeout", "max_retries", "default_headers",
               "default_query", "http_client", "warm_tcp_connection")


def from_cerebras(client: Cerebras | AsyncCerebras, mode: Mode = Mode.TOOLS,
                  **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap a Cerebras client so ``create`` returns validated response models.

        from cerebras.cloud.sdk import Cerebras
        import instructor
        client = instructor.from_cerebras(Cerebras())
        user = client.chat.completions.create(
            model="llama3.1-8b", response_model=User,
            messages=[{"role": "user", "content": "Jason is 25"}])

    Modes: TOOLS (the default), JSON, JSON_SCHEMA, MD_JSON, PARALLEL_TOOLS;
    ``Mode.CEREBRAS_TOOLS`` / ``CEREBRAS_JSON`` are deprecated aliases of
    TOOLS / MD_JSON. ``kwargs`` (for example ``model=``) become defaults of
    every ``create``.
    """
    return instructor_for(client, "cerebras", mode, kwargs, sync=(Cerebras,),
                          async_=(AsyncCerebras,),
                          accepted="a cerebras.cloud.sdk.Cerebras or AsyncCerebras")


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make a Cerebras client for ``from_provider("cerebras/<model>", ...)``.

    ``api_key``, ``base_url`` and the other client settings configure the
    SDK client, which also reads ``CEREBRAS_API_KEY`` and
    ``CEREBRAS_BASE_URL``; ``mode=`` is honoured. The SDK warms its
    connection with a request when the client is made; pass
    ``warm_tcp_connection=False`` to skip it.
    """
    sdk = AsyncCerebras if async_client else Cerebras
    return from_cerebras(sdk(**pop_client_args(kwargs, CLIENT_ARGS)), mode=mode, model=model,
                         **kwargs)
