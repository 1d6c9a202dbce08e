"""What the ``from_<name>`` factories of SDK clients share (imports no SDK).

    instructor_for(client, "groq", mode, kwargs, sync=(groq.Groq,),
                   async_=(groq.AsyncGroq,), accepted="a groq.Groq or groq.AsyncGroq")
"""

from __future__ import annotations

from typing import Any

from ..core.client import AsyncInstructor, Instructor
from ..exceptions import ClientError

__all__ = ["instructor_for", "pop_client_args"]


def instructor_for(client: Any, provider: str, mode: Any, kwargs: dict[str, Any], *,
                   sync: tuple[type, ...], async_: tuple[type, ...], accepted: str
                   ) -> Instructor | AsyncInstructor:
    """An `AsyncInstructor` for an instance of ``async_``, an `Instructor` for ``sync``.

    Any other client is a `ClientError` saying what ``from_<provider>`` accepts
    (``accepted``, for example "a groq.Groq or groq.AsyncGroq") and what it got.
    """
    if isinstance(client, async_):
        cls: type[Instructor] | type[AsyncInstructor] = AsyncInstructor
    elif isinstance(client, sync):
        cls = Instructor
    else:
        raise ClientError(
            f"from_{provider} needs {accepted} client, "
            f"got {type(client).__module__}.{type(client).__qualname__}")
    return cls(client, mode=mode, provider=provider, **kwargs)


def pop_client_args(kwargs: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """Take the keyword arguments that configure the SDK client out of ``kwargs``.

    What ``from_provider`` is given is either for the SDK client (its key,
    URL, timeouts) or a default of every ``create``.
    """
    return {name: kwargs.pop(name) for name in names if name in kwargs}
