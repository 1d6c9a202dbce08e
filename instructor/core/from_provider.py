"""`from_provider("provider/model")`: a ready client from a model string."""

from __future__ import annotations

from typing import Any

from ..exceptions import ConfigurationError, MissingSDKError
from .provider_registry import provider_registry

__all__ = ["from_provider"]


class ProviderStringError(ConfigurationError, ValueError):
    """A malformed or unknown "provider/model" string (1.x documented ValueError)."""


def from_provider(model: str, async_client: bool = False, mode: Any = None,
                  **kwargs: Any) -> Any:
    """Build an instructor client from ``"provider/model-name"``.

        import instructor
        client = instructor.from_provider("openai/gpt-4o-mini", api_key="sk-...")
        user = client.create(response_model=User, messages=[...])

    ``kwargs`` go to the SDK client when they configure it (``api_key``,
    ``base_url``, ...) and otherwise become defaults of every ``create``.
    """
    if not isinstance(model, str) or "/" not in model:
        raise ProviderStringError(
            f"model must look like 'provider/model-name', got {model!r}; "
            f"known providers: {', '.join(provider_registry.names())}"
        )
    name, _, model_name = model.partition("/")
    try:
        builder = provider_registry.builder_for(name)
    except MissingSDKError:
        raise
    except ConfigurationError as exc:
        raise ProviderStringError(str(exc)) from None
    return builder(model_name, async_client=async_client, mode=mode, **kwargs)
