"""The async path: boto3's blocking client, run so that the event loop never waits.

boto3 has no async client. A call runs in the loop's default thread pool
(`run`, with the caller's context variables); a stream is read by a thread
of its own that hands each event to the loop (`iterate`), so that a slow
stream holds one thread, not a pool worker, and the loop only ever waits
on an ``asyncio.Queue``. Leaving the async iteration early closes the
stream, which ends the thread.

    events = [event async for event in iterate(adapter.stream, request)]
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import AsyncIterator, Callable
from typing import Any

__all__ = ["iterate", "run"]

_EVENT, _END, _ERROR = 0, 1, 2


async def run(function: Callable[[Any], Any], request: Any) -> Any:
    """``function(request)`` in a worker thread."""
    return await asyncio.to_thread(function, request)


async def iterate(open_stream: Callable[[Any], Any], request: Any) -> AsyncIterator[Any]:
    """The events of ``open_stream(request)``, read in a thread of their own."""
    pump = _Pump(open_stream, request, asyncio.get_running_loop())
    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(pump.run,), daemon=True,
                     name="instructor-bedrock-stream").start()
    try:
        while True:
            kind, value = await pump.queue.get()
            if kind == _EVENT:
                yield value
            elif kind == _END:
                return
            else:
                raise value
    finally:
        pump.stop()


class _Pump:
    """Reads one stream in a thread and puts ``(kind, value)`` on the loop's queue."""

    def __init__(self, open_stream: Callable[[Any], Any], request: Any,
                 loop: asyncio.AbstractEventLoop) -> None:
        self.open_stream = open_stream
        self.request = request
        self.loop = loop
        self.queue: asyncio.Queue[tuple[int, Any]] = asyncio.Queue()
        self.stream: Any = None
        self.stopped = False

    def run(self) -> None:
        try:
            self.stream = self.open_stream(self.request)
            for event in self.stream:
                if self.stopped:
                    return
                self._put(_EVENT, event)
            self._put(_END, None)
        except BaseException as exc:  # handed to the reader, who raises it
            if not self.stopped:
                self._put(_ERROR, exc)
        finally:
            self._close()

    def stop(self) -> None:
        """The reader is gone: stop reading and close the stream."""
        self.stopped = True
        self._close()

    def _put(self, kind: int, value: Any) -> None:
        try:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, (kind, value))
        except RuntimeError:  # the loop is closed: nobody is listening any more
            self.stopped = True

    def _close(self) -> None:
        close = getattr(self.stream, "close", None)
        if close is not None:
            try:
                close()
            except Exception:  # noqa: BLE001 - closing a stream that is already broken
                pass
