"""`from_writer` and the `from_provider("writer/...")` builder."""

from __future__ import annotations

from typing import Any

from writerai import AsyncWriter, Writer

from ...core.client import AsyncInstructor, Instructor
from ...mode import Mode
from .._wrap import instructor_for, pop_client_args

__all__ = ["build", "from_writer"]

# Keyword arguments of from_provider that configure the SDK client, not create().
CLIENT_ARGS = ("api_key", "base_url", "timeout", "max_retries", "default_headers",
               "default_query", "http_client")


def from_writer(client: Writer | AsyncWriter, mode: Mode = Mode.TOOLS,
                **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap a Writer client so ``create`` returns validated response models.

        from writerai import Writer
        import instructor
        client = instructor.from_writer(Writer())
        user = client.chat.completions.create(
            model="palmyra-x5", response_model=User,
            messages=[{"role": "user", "content": "Jason is 25"}])

    Modes: TOOLS (the default), JSON_SCHEMA, MD_JSON; ``Mode.WRITER_TOOLS`` /
    ``WRITER_JSON`` are deprecated aliases of TOOLS / MD_JSON. ``kwargs``
    (for example ``model=``) become defaults of every ``create``.
    """
    return instructor_for(client, "writer", mode, kwargs, sync=(Writer,),
                          async_=(AsyncWriter,), accepted="a writerai.Writer or AsyncWriter")


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make a Writer client for ``from_provider("writer/<model>", ...)``.

    ``api_key``, ``base_url`` and the other client settings configure the
    SDK client, which also reads ``WRITER_API_KEY`` and ``WRITER_BASE_URL``;
    ``mode=`` is honoured. (The SDK retries a failed call 7 times unless
    given ``max_retries``.)
    """
    sdk = AsyncWriter if async_client else Writer
    return from_writer(sdk(**pop_client_args(kwargs, CLIENT_ARGS)), mode=mode, model=model,
                       **kwargs)
