"""`from_litellm` and the `from_provider("litellm/...")` builder."""

from __future__ import annotations

import functools
import inspect
from typing import Any

import litellm

from ...core.client import AsyncInstructor, Instructor
from ...exceptions import ClientError
from ...mode import Mode

__all__ = ["build", "from_litellm"]


def from_litellm(completion: Any, mode: Mode = Mode.TOOLS, *, async_client: bool | None = None,
                 **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap LiteLLM's completion function so it returns validated response models.

        import instructor, litellm
        client = instructor.from_litellm(litellm.completion)
        user = client.create(model="openai/gpt-4o-mini", response_model=User,
                             messages=[{"role": "user", "content": "Jason is 25"}])

    ``litellm.acompletion`` (any coroutine function) gives an async client;
    ``async_client`` says so for a function that is not detectably one.
    Every OpenAI chat mode works; ``kwargs`` (``model=``, ``api_base=``,
    ``api_key=`` ...) become defaults of every ``create``.
    """
    if not callable(completion):
        raise ClientError(
            "from_litellm needs LiteLLM's completion function (litellm.completion or "
            f"litellm.acompletion), got {type(completion).__module__}."
            f"{type(completion).__qualname__}")
    if async_client is None:
        async_client = inspect.iscoroutinefunction(completion)
    if "client" in kwargs:  # LiteLLM's own (an SDK client to call with), not the Instructor's
        completion = functools.partial(completion, client=kwargs.pop("client"))
    cls = AsyncInstructor if async_client else Instructor
    return cls(None, create=completion, mode=mode, provider="litellm", **kwargs)


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """``from_provider("litellm/<model>", ...)``: LiteLLM with ``model`` as the default.

    The model keeps its LiteLLM prefix (``"litellm/openai/gpt-4o-mini"``
    calls ``openai/gpt-4o-mini``); every keyword argument (``api_key``,
    ``api_base``, ...) is passed to each call, which is where LiteLLM takes it.
    """
    completion = litellm.acompletion if async_client else litellm.completion
    return from_litellm(completion, mode=mode, async_client=async_client, model=model,
                        **kwargs)
