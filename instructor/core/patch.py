"""`patch` and `apatch`: the 1.x way of adding ``response_model`` to a client.

    import instructor, openai
    client = instructor.patch(openai.OpenAI())
    user = client.chat.completions.create(model="gpt-4o-mini", response_model=User,
                                          messages=[...])

Unlike `from_openai`, the patched ``create`` defaults to one retry, as in 1.x.
"""

from __future__ import annotations

import functools
from typing import Any

from ..mode import Mode
from .client import AsyncInstructor, Instructor

__all__ = ["apatch", "patch"]

_CO_COROUTINE = 0x80


def _is_async(fn: Any) -> bool:
    # SDK methods are often wrapped by decorators that return the coroutine
    # without being coroutine functions themselves; look through __wrapped__.
    while True:
        fn = getattr(fn, "__func__", fn)
        code = getattr(fn, "__code__", None)
        if code is not None and code.co_flags & _CO_COROUTINE:
            return True
        inner = getattr(fn, "__wrapped__", None)
        if inner is None:
            return False
        fn = inner


def _patched(create: Any, mode: Any, client: Any = None, provider: Any = None):
    cls = AsyncInstructor if _is_async(create) else Instructor
    instructor = cls(client, create=create, mode=mode, provider=provider)
    instructor.default_max_retries = 1
    if cls is AsyncInstructor:
        @functools.wraps(create)
        async def new_create(*args: Any, response_model: Any = None, **kwargs: Any) -> Any:
            return await instructor.create(response_model, *args, **kwargs)
    else:
        @functools.wraps(create)
        def new_create(*args: Any, response_model: Any = None, **kwargs: Any) -> Any:
            return instructor.create(response_model, *args, **kwargs)
    return new_create


def patch(client: Any = None, create: Any = None, mode: Any = Mode.TOOLS) -> Any:
    """Give ``client.chat.completions.create`` a ``response_model`` argument.

    With ``create=`` instead of a client, return the patched function.
    """
    if create is not None:
        return _patched(create, mode)
    if client is None:
        raise TypeError("patch() needs a client or create=")
    completions = client.chat.completions
    completions.create = _patched(completions.create, mode, client)
    return client


def apatch(client: Any, mode: Any = Mode.TOOLS) -> Any:
    """`patch` for an async client (kept for 1.x code; `patch` detects async too)."""
    return patch(client, mode=mode)
