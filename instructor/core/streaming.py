"""Turn a provider's stream into partial objects or completed items.

`StreamReader` is pure: it is fed SDK chunks and returns what to yield, so
the sync and async generators in the client are short loops around it.
`chunks` / `async_chunks` pull chunks from the adapter and turn anything the
SDK raises mid-stream (a dropped connection, a garbled event, a timeout)
into `InstructorRetryException`, as for a failed call.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from ..exceptions import InstructorError, ResponseParsingError
from ..hooks import HookName
from .response_model import ITERABLE, PARTIAL
from .retry import give_up

__all__ = ["StreamReader", "async_chunks", "chunks"]


class StreamReader:
    """What to yield for each chunk of one streamed response."""

    __slots__ = ("handler", "_acc", "_partial", "last_chunk")

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
        self.last_chunk: Any = None

    def feed(self, chunk: Any) -> tuple[Any, ...] | list[Any]:
        self.last_chunk = chunk
        text = self.handler.stream_text(chunk)
        if not text:
            return ()
        if self._partial:
            update = self._acc.feed(text)
            return () if update is None else (update,)
        return self._failing(self._acc.feed, text)

    def finish(self) -> tuple[Any, ...] | list[Any]:
        if self._partial:
            return (self._failing(self._acc.finish),)
        return self._failing(self._acc.finish)

    def _failing(self, step: Any, *args: Any) -> Any:
        try:
            return step(*args)
        except (PydanticValidationError, ResponseParsingError) as exc:
            # A stream makes one attempt: what it ends with does not validate.
            error = give_up(exc, {}, 1, self.last_chunk)
            error.__cause__ = exc
            raise error from exc


def chunks(adapter: Any, request: dict[str, Any], hooks: Any,
           reader: StreamReader) -> Iterator[Any]:
    """The chunks of ``adapter.stream(request)``; SDK failures become instructor's."""
    try:
        stream = adapter.stream(request)
        iterator = iter(stream)
    except InstructorError:
        raise
    except Exception as exc:
        raise _failed(exc, request, adapter, hooks, reader) from exc
    try:
        while True:
            try:
                chunk = next(iterator)
            except StopIteration:
                return
            except InstructorError:
                raise
            except Exception as exc:
                raise _failed(exc, request, adapter, hooks, reader) from exc
            yield chunk
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()


async def async_chunks(adapter: Any, request: dict[str, Any], hooks: Any,
                       reader: StreamReader) -> AsyncIterator[Any]:
    """The chunks of ``adapter.astream(request)``; SDK failures become instructor's."""
    stream = adapter.astream(request)
    try:
        while True:
            try:
                chunk = await stream.__anext__()
            except StopAsyncIteration:
                return
            except InstructorError:
                raise
            except Exception as exc:
                raise _failed(exc, request, adapter, hooks, reader) from exc
            yield chunk
    finally:
        await stream.aclose()


def _failed(exc: BaseException, request: dict[str, Any], adapter: Any, hooks: Any,
            reader: StreamReader) -> BaseException:
    if hooks:
        hooks.emit(HookName.COMPLETION_ERROR, exc)
    return give_up(exc, request, 1, reader.last_chunk, messages=adapter.messages(request))
