"""`ModeHandler`: how one provider asks for, reads and re-asks one mode.

The half of the provider contract that knows the mode. Core calls exactly
these four methods, always on a request that the provider's adapter has
already put into its wire format (see `instructor.core.adapter`):

==============  =====================================================
``prepare``     add what the mode needs to the request (tools, a
                response format, instructions); called only when there
                is a response model
``parse``       find the structured output in a completion and
                validate it; raise `ResponseParsingError` when there is
                none and `IncompleteOutputException` when it was cut off
``reask``       the next request after a failed attempt: the failed
                output and the error appended to a copy of the
                conversation, the caller's objects untouched
``stream_text`` the piece of structured output text one stream chunk
                carries ('' if none)
==============  =====================================================

A handler is stateless and frozen: configuration is class attributes, an
instance has no attributes and refuses new ones, so one instance serves
every request of every thread and no request can leave anything behind.

    >>> class Echo(ModeHandler):
    ...     def prepare(self, spec, request, *, stream):
    ...         return {**request, "format": "json"}
    >>> Echo().prepare(None, {"model": "m"}, stream=False)
    {'model': 'm', 'format': 'json'}
    >>> Echo().note = 1
    Traceback (most recent call last):
    ...
    AttributeError: Echo is frozen: handlers are shared by every request, keep state in the request
"""

from __future__ import annotations

from typing import Any

from ..exceptions import ConfigurationError

__all__ = ["ModeHandler"]


class ModeHandler:
    """Base class of mode handlers: one instance per (provider, mode).

    Subclasses override `prepare`, `parse`, `reask` and, when the mode
    streams, `stream_text`. Class attributes:

    ``streams``    whether ``create_partial`` / ``create_iterable`` /
                   ``stream=True`` work in this mode
    ``parallel``   whether the mode makes one tool per model of
                   ``Iterable[A | B]`` (and so needs an iterable of models)
    ``adapter``    the "module:Class" of the adapter this mode needs when
                   it is not the provider's own (another API of the SDK)
    """

    __slots__ = ()

    streams: bool = True
    parallel: bool = False
    adapter: str | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(
            f"{type(self).__name__} is frozen: handlers are shared by every "
            "request, keep state in the request"
        )

    def __delattr__(self, name: str) -> None:
        self.__setattr__(name, None)

    def check(self, spec: Any, *, stream: bool) -> None:
        """Refuse, before any request is sent, what this mode cannot do."""
        if stream and not self.streams:
            raise ConfigurationError(
                f"{type(self).__name__} does not stream; call create() without "
                "stream=True, or use a mode that streams"
            )
        if self.parallel and not spec.members:
            raise ConfigurationError(
                f"{type(self).__name__} makes one tool per model: it needs "
                f"response_model=Iterable[Model] or Iterable[A | B], got {spec.target!r}"
            )

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        """The request with what this mode adds for ``spec`` (a new dict)."""
        raise NotImplementedError

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        """The validated object ``completion`` holds for ``spec``."""
        raise NotImplementedError

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        """The request of the next attempt after ``completion`` failed with ``exc``."""
        raise NotImplementedError

    def stream_text(self, chunk: Any) -> str:
        """The structured-output text carried by one stream chunk."""
        raise ConfigurationError(f"{type(self).__name__} does not stream")

    def __repr__(self) -> str:
        return f"<{type(self).__module__}.{type(self).__qualname__}>"
