"""Turn a provider's stream into partial objects or completed items.

`StreamReader` is pure: it is fed SDK chunks and returns what to yield, so
the sync and async generators in the client are three-line loops around it.
"""

from __future__ import annotations

from typing import Any

from .response_model import ITERABLE, PARTIAL

__all__ = ["StreamReader"]


class StreamReader:
    """What to yield for each chunk of one streamed response."""

    __slots__ = ("handler", "_acc", "_partial")

    def __init__(self, handler, spec, *, context: Any = None, strict: bool | None = None):
        self._acc: Any
        if spec.kind == PARTIAL:
            from ..dsl.partial import PartialAccumulator

            self._acc = PartialAccumulator(spec.element, context=context, strict=strict)
        elif spec.kind == ITERABLE:
            from ..dsl.iterable import IterableAccumulator

            self._acc = IterableAccumulator(spec.element, context=context, strict=strict)
        else:
            raise TypeError(
                "stream=True needs response_model=Partial[X] or Iterable[X] "
                "(or use create_partial / create_iterable)"
            )
        self.handler = handler
        self._partial = spec.kind == PARTIAL

    def feed(self, chunk: Any) -> tuple[Any, ...] | list[Any]:
        text = self.handler.stream_text(chunk)
        if not text:
            return ()
        if self._partial:
            update = self._acc.feed(text)
            return () if update is None else (update,)
        return self._acc.feed(text)

    def finish(self) -> tuple[Any, ...] | list[Any]:
        if self._partial:
            return (self._acc.finish(),)
        return self._acc.finish()
