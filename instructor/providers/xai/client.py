"""`from_xai` and the `from_provider("xai/...")` builder."""

from __future__ import annotations

import os
from typing import Any

from xai_sdk.aio.client import Client as AsyncClient
from xai_sdk.sync.client import Client as SyncClient

from ...core.client import AsyncInstructor, Instructor
from ...exceptions import ClientError, ConfigurationError
from ...mode import Mode

__all__ = ["build", "from_xai"]

# Keyword arguments of from_provider that configure the SDK client, not create().
CLIENT_ARGS = ("api_key", "management_api_key", "api_host", "management_api_host",
               "metadata", "channel_options", "timeout", "use_insecure_channel")


def from_xai(client: SyncClient | AsyncClient, mode: Mode = Mode.TOOLS,
             **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap an xAI client so ``create`` returns validated response models.

        import instructor
        from xai_sdk import Client
        client = instructor.from_xai(Client(), model="grok-3")
        user = client.create(response_model=User,
                             messages=[{"role": "user", "content": "Jason is 25"}])

    Takes ``xai_sdk.Client`` and ``xai_sdk.AsyncClient``. xAI needs a model
    name: give ``model=`` here or to every ``create``. ``kwargs`` become
    defaults of every ``create`` (the SDK's ``chat.create`` arguments, such
    as ``max_tokens=`` and ``temperature=``, and ``max_retries=``).
    """
    if isinstance(client, AsyncClient):
        cls: type[Instructor] | type[AsyncInstructor] = AsyncInstructor
    elif isinstance(client, SyncClient):
        cls = Instructor
    else:
        raise ClientError(
            "from_xai needs an xai_sdk client (xai_sdk.Client or xai_sdk.AsyncClient), "
            f"got {type(client).__module__}.{type(client).__qualname__}")
    return cls(client, mode=mode, provider="xai", **kwargs)


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make an xAI client for ``from_provider("xai/<model>", ...)``.

    The SDK reads ``XAI_API_KEY``; ``api_key=`` and the SDK's other client
    settings (``api_host``, ``timeout``, ``channel_options``...) configure
    the client, and ``base_url="http://host:port"`` is read as ``api_host``
    (an ``http://`` URL means a plain-text channel). The rest become
    defaults of every ``create``. An async client must be made inside the
    event loop that uses it (grpc.aio binds its channel to that loop).
    """
    client_args = {k: kwargs.pop(k) for k in CLIENT_ARGS if k in kwargs}
    base_url = kwargs.pop("base_url", None)
    if base_url is not None:
        if "api_host" in client_args:
            raise ConfigurationError("give xAI either api_host= or base_url=, not both")
        client_args = {**_host(base_url), **client_args}
    if not (client_args.get("api_key") or os.environ.get("XAI_API_KEY")):
        raise ConfigurationError(
            "from_provider('xai/...') needs an API key: set XAI_API_KEY or pass api_key=")
    sdk = AsyncClient if async_client else SyncClient
    return from_xai(sdk(**client_args), mode=mode, model=model, **kwargs)


def _host(base_url: str) -> dict[str, Any]:
    """``api_host`` (and a plain-text channel for http://) from a URL."""
    scheme, sep, rest = base_url.partition("://")
    if not sep:
        return {"api_host": base_url.rstrip("/")}
    if scheme not in ("http", "https"):
        raise ConfigurationError(f"xAI's base_url must be http(s)://host[:port], got {base_url!r}")
    host = rest.split("/", 1)[0]
    return {"api_host": host, "use_insecure_channel": scheme == "http"}
