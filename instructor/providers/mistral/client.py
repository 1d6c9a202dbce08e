"""`from_mistral` and the `from_provider("mistral/...")` builder."""

from __future__ import annotations

import os
from typing import Any

try:
    from mistralai.client import Mistral
except ImportError:  # mistralai 1.x
    from mistralai import Mistral

from ...core.client import AsyncInstructor, Instructor
from ...exceptions import ClientError, ConfigurationError
from ...mode import Mode

__all__ = ["build", "from_mistral"]

# Keyword arguments of from_provider that configure the SDK client, not create().
CLIENT_ARGS = ("api_key", "server", "server_url", "url_params", "client", "retry_config",
               "timeout_ms", "debug_logger")


class MissingAPIKeyError(ConfigurationError, ValueError):
    """No Mistral API key was given or found (a ValueError, as in 1.x)."""


def from_mistral(client: Mistral, mode: Mode = Mode.TOOLS, use_async: bool = False,
                 **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap a Mistral client so ``create`` returns validated response models.

        from mistralai.client import Mistral
        import instructor
        client = instructor.from_mistral(Mistral(api_key="..."))
        user = client.create(model="mistral-small-latest", response_model=User,
                             messages=[{"role": "user", "content": "Jason is 25"}])

    One ``Mistral`` object serves both: ``use_async=True`` gives an
    `AsyncInstructor` that calls the SDK's ``*_async`` methods. ``kwargs``
    (for example ``model=``) become defaults of every ``create``.
    """
    if not isinstance(client, Mistral):
        raise ClientError(
            f"from_mistral needs a {Mistral.__module__}.Mistral client, "
            f"got {type(client).__module__}.{type(client).__qualname__}")
    cls: type[Instructor] | type[AsyncInstructor] = AsyncInstructor if use_async else Instructor
    return cls(client, mode=mode, provider="mistral", **kwargs)


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make a Mistral client for ``from_provider("mistral/<model>", ...)``.

    ``api_key`` (else MISTRAL_API_KEY), ``server_url`` (or ``base_url``),
    ``timeout_ms`` (or ``timeout`` in seconds) and the SDK's other client
    settings configure the client; the rest become ``create`` defaults.
    """
    client_args = {k: kwargs.pop(k) for k in CLIENT_ARGS if k in kwargs}
    if "base_url" in kwargs:
        client_args.setdefault("server_url", kwargs.pop("base_url"))
    if "timeout" in kwargs:
        client_args.setdefault("timeout_ms", round(kwargs.pop("timeout") * 1000))
    if not client_args.get("api_key"):
        # Read here: not every SDK version reads the variable itself.
        client_args["api_key"] = os.environ.get("MISTRAL_API_KEY")
    if not client_args["api_key"]:
        raise MissingAPIKeyError(
            "from_provider('mistral/...') needs an API key: pass api_key= or set MISTRAL_API_KEY")
    return from_mistral(Mistral(**client_args), mode=mode, use_async=async_client, model=model,
                        **kwargs)
