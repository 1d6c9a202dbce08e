"""`from_cohere` and the `from_provider("cohere/...")` builder."""

from __future__ import annotations

import os
from typing import Any

import cohere

from ...core.client import AsyncInstructor, Instructor
from ...exceptions import ClientError, ConfigurationError
from ...mode import Mode

__all__ = ["build", "from_cohere"]

# Keyword arguments of from_provider that configure the SDK client, not chat().
CLIENT_ARGS = ("api_key", "base_url", "environment", "client_name", "timeout", "httpx_client",
               "thread_pool_executor", "log_warning_experimental_features")


def from_cohere(client: cohere.ClientV2 | cohere.AsyncClientV2 | cohere.Client
                | cohere.AsyncClient, mode: Mode = Mode.TOOLS,
                **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap a Cohere client so ``create`` returns validated response models.

        import cohere, instructor
        client = instructor.from_cohere(cohere.ClientV2())
        user = client.create(model="command-a-03-2025", response_model=User,
                             messages=[{"role": "user", "content": "Jason is 25"}])

    ``ClientV2`` / ``AsyncClientV2`` talk to the v2 Chat API, ``Client`` /
    ``AsyncClient`` to v1; messages are OpenAI-style for both. ``kwargs``
    (for example ``model=``) become defaults of every ``create``.
    """
    if isinstance(client, cohere.AsyncClient):  # AsyncClientV2 is one too
        cls: type[Instructor] | type[AsyncInstructor] = AsyncInstructor
    elif isinstance(client, cohere.Client):  # ClientV2 is one too
        cls = Instructor
    else:
        raise ClientError(
            "from_cohere needs a cohere client (ClientV2, AsyncClientV2, Client, AsyncClient), "
            f"got {type(client).__module__}.{type(client).__qualname__}")
    return cls(client, mode=mode, provider="cohere", **kwargs)


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make a v2 Cohere client for ``from_provider("cohere/<model>", ...)``.

    ``api_key`` (else CO_API_KEY), ``base_url`` (else CO_API_URL, read now,
    not when cohere was imported), ``timeout`` and the SDK's other client
    settings configure the client; the rest become ``create`` defaults.
    """
    client_args = {k: kwargs.pop(k) for k in CLIENT_ARGS if k in kwargs}
    if os.environ.get("CO_API_URL"):
        client_args.setdefault("base_url", os.environ["CO_API_URL"])
    sdk = getattr(cohere, "AsyncClientV2" if async_client else "ClientV2", None)
    if sdk is None:
        raise ConfigurationError(
            f"from_provider('cohere/...') builds a v2 client, which cohere "
            f"{getattr(cohere, '__version__', '?')} lacks: upgrade it (pip install -U cohere)")
    return from_cohere(sdk(**client_args), mode=mode, model=model, **kwargs)
