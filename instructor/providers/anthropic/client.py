"""`from_anthropic` and the `from_provider("anthropic/...")` builder."""

from __future__ import annotations

from typing import Any

import anthropic

from ...core.client import AsyncInstructor, Instructor
from ...exceptions import ClientError
from ...mode import Mode

__all__ = ["build", "from_anthropic"]

# The SDK's client classes (their names differ between SDK versions).
_SYNC = tuple(getattr(anthropic, n) for n in (
    "Anthropic", "AnthropicBedrock", "AnthropicVertex", "AnthropicAWS",
    "AnthropicFoundry", "AnthropicGoogleCloud", "AnthropicBedrockMantle") if hasattr(anthropic, n))
_ASYNC = tuple(getattr(anthropic, n) for n in (
    "AsyncAnthropic", "AsyncAnthropicBedrock", "AsyncAnthropicVertex", "AsyncAnthropicAWS",
    "AsyncAnthropicFoundry", "AsyncAnthropicGoogleCloud", "AsyncAnthropicBedrockMantle")
    if hasattr(anthropic, n))

# Keyword arguments of from_provider that configure the SDK client, not create().
CLIENT_ARGS = ("api_key", "auth_token", "base_url", "timeout", "max_retries",
               "default_headers", "default_query", "http_client")


def from_anthropic(client: anthropic.Anthropic | anthropic.AsyncAnthropic,
                   mode: Mode = Mode.TOOLS, beta: bool = False,
                   **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap an Anthropic client so ``create`` returns validated response models.

        import anthropic, instructor
        client = instructor.from_anthropic(anthropic.Anthropic())
        user = client.messages.create(
            model="claude-3-5-haiku-latest", max_tokens=1024, response_model=User,
            messages=[{"role": "user", "content": "Jason is 25"}])

    Works with ``Anthropic``, ``AnthropicBedrock``, ``AnthropicVertex`` and
    their async twins. ``beta=True`` calls ``client.beta.messages.create``.
    ``kwargs`` (for example ``model=``, ``max_tokens=``) become defaults of
    every ``create``.
    """
    if isinstance(client, _ASYNC):
        cls: type[Instructor] | type[AsyncInstructor] = AsyncInstructor
    elif isinstance(client, _SYNC):
        cls = Instructor
    else:
        names = ", ".join(c.__name__ for c in (*_SYNC, *_ASYNC))
        raise ClientError(
            f"from_anthropic needs an anthropic client ({names}), "
            f"got {type(client).__module__}.{type(client).__qualname__}")
    create = client.beta.messages.create if beta else None
    return cls(client, create=create, mode=mode, provider="anthropic", **kwargs)


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make an Anthropic client for ``from_provider("anthropic/<model>", ...)``.

    ``api_key``, ``base_url`` and the other client settings configure the
    SDK client (which also reads ``ANTHROPIC_API_KEY`` and
    ``ANTHROPIC_BASE_URL``); ``max_tokens`` defaults to 4096.
    """
    client_args = {k: kwargs.pop(k) for k in CLIENT_ARGS if k in kwargs}
    sdk = anthropic.AsyncAnthropic if async_client else anthropic.Anthropic
    kwargs.setdefault("max_tokens", 4096)
    beta = bool(kwargs.pop("beta", False))
    return from_anthropic(sdk(**client_args), mode=mode, beta=beta, model=model, **kwargs)
