"""The retry/reask algorithm, written once for sync and async clients.

`attempt_flow` is a generator that does no I/O: it yields a `Call` when it
needs the provider called and a `Sleep` when it wants to wait, and receives
the completion (or has the SDK's exception thrown into it). `run_sync` and
`run_async` are the only places that touch the network or the clock, so both
clients share every decision: what to validate, when to reask, what to
raise, which hooks fire.
"""

from __future__ import annotations

import time
from collections import namedtuple
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from ..exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
    ResponseParsingError,
)
from ..hooks import HookName

__all__ = ["FailedAttempt", "attempt_flow", "retry_policy", "run_async", "run_sync"]

# Errors that mean "the model answered badly": worth showing it and asking again.
REASKABLE = (PydanticValidationError, ResponseParsingError, ValueError)


FailedAttempt = namedtuple("FailedAttempt", "attempt_number exception completion")
FailedAttempt.__doc__ = "One attempt that did not give a valid response."


class Call:
    """The flow asks for the provider to be called with ``kwargs``."""

    __slots__ = ("kwargs",)

    def __init__(self, kwargs: dict[str, Any]) -> None:
        self.kwargs = kwargs


class Sleep:
    """The flow asks for a pause before the next attempt."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


class _CountPolicy:
    """Retry up to ``retries`` more times, without waiting (1.x's integer)."""

    __slots__ = ("retries",)

    def __init__(self, retries: int) -> None:
        if retries < 0:
            raise ValueError(f"max_retries must be 0 or more, got {retries}")
        self.retries = retries

    def start(self) -> _CountPolicy:
        return self  # keeps no per-call state

    def after_failure(self, attempt: int, exc: BaseException) -> float | None:
        return 0.0 if attempt <= self.retries else None


class _TenacityPolicy:
    """Ask a tenacity ``Retrying``/``AsyncRetrying`` whether and how long to wait.

    Only its stop/wait/retry strategies and callbacks are used, so the same
    flow serves sync and async clients.
    """

    __slots__ = ("retrying", "state")

    def __init__(self, retrying: Any, state: Any = None) -> None:
        self.retrying = retrying
        self.state = state

    def start(self) -> _TenacityPolicy:
        from tenacity import RetryCallState

        return _TenacityPolicy(
            self.retrying,
            RetryCallState(retry_object=self.retrying, fn=None, args=(), kwargs={}),
        )

    def after_failure(self, attempt: int, exc: BaseException) -> float | None:
        r, state = self.retrying, self.state
        state.attempt_number = attempt
        state.set_exception((type(exc), exc, exc.__traceback__))
        if r.after is not None:
            r.after(state)
        if not r.retry(state) or r.stop(state):
            return None
        wait = float(r.wait(state)) if r.wait is not None else 0.0
        state.next_action = None
        state.idle_for += wait
        if r.before_sleep is not None:
            state.upcoming_sleep = wait
            r.before_sleep(state)
        state.prepare_for_next_attempt()
        return wait


def retry_policy(max_retries: Any):
    """The policy for ``max_retries``: an int (retries, not attempts) or tenacity."""
    if isinstance(max_retries, bool):
        raise TypeError("max_retries must be an int or a tenacity Retrying object")
    if isinstance(max_retries, int):
        return _CountPolicy(max_retries)
    if hasattr(max_retries, "stop") and hasattr(max_retries, "wait"):
        return _TenacityPolicy(max_retries)
    raise TypeError(
        f"max_retries must be an int or a tenacity Retrying/AsyncRetrying, "
        f"got {type(max_retries).__name__}"
    )


def attempt_flow(handler, spec, kwargs, *, policy, hooks, context, strict):
    """Yield provider calls until a response validates; return (value, completion)."""
    policy = policy.start()
    failed: list[FailedAttempt] = []
    total_usage = None
    attempt = 0
    completion = None
    while True:
        attempt += 1
        if hooks:
            hooks.emit(HookName.COMPLETION_KWARGS, **kwargs)
        try:
            completion = yield Call(kwargs)
        except Exception as exc:
            if hooks:
                hooks.emit(HookName.COMPLETION_ERROR, exc)
            raise give_up(exc, kwargs, attempt, completion, total_usage, failed) from exc
        usage = handler.usage(completion)
        total_usage = handler.add_usage(total_usage, usage)
        if hooks:
            hooks.emit(HookName.COMPLETION_RESPONSE, completion)
            if usage is not None:
                hooks.emit(HookName.COMPLETION_USAGE, usage)
        try:
            parsed = handler.parse(spec, completion, context=context, strict=strict)
        except IncompleteOutputException:
            raise
        except REASKABLE as exc:
            if hooks:
                hooks.emit(HookName.PARSE_ERROR, exc)
            failed.append(FailedAttempt(attempt, exc, completion))
            wait = policy.after_failure(attempt, exc)
            if wait is None:
                if hooks:
                    hooks.emit(HookName.COMPLETION_LAST_ATTEMPT, exc)
                raise give_up(exc, kwargs, attempt, completion, total_usage, failed) from exc
            if wait:
                yield Sleep(wait)
            kwargs = handler.reask(kwargs, completion, exc)
            continue
        if attempt > 1 and total_usage is not None:
            handler.set_usage(completion, total_usage)
        return spec.unwrap(parsed), completion


def give_up(exc: BaseException, kwargs: dict[str, Any], attempt: int, completion: Any = None,
            total_usage: Any = None, failed: Any = ()) -> InstructorRetryException:
    """The error a call ends with when ``exc`` stops it (raise it ``from exc``)."""
    return InstructorRetryException(
        str(exc), last_completion=completion,
        messages=kwargs.get("messages", kwargs.get("input")),
        n_attempts=attempt, total_usage=total_usage or 0,
        create_kwargs=kwargs, failed_attempts=failed,
    )


def run_sync(flow, create):
    """Drive ``flow`` with a blocking ``create`` function."""
    step = next(flow)
    while True:
        try:
            if type(step) is Call:
                try:
                    completion = create(**step.kwargs)
                except Exception as exc:
                    step = flow.throw(exc)
                    continue
                step = flow.send(completion)
            else:
                time.sleep(step.seconds)
                step = flow.send(None)
        except StopIteration as stop:
            return stop.value


async def run_async(flow, create):
    """Drive ``flow`` with a coroutine ``create`` function."""
    step = next(flow)
    while True:
        try:
            if type(step) is Call:
                try:
                    completion = await create(**step.kwargs)
                except Exception as exc:
                    step = flow.throw(exc)
                    continue
                step = flow.send(completion)
            else:
                from asyncio import sleep  # only tenacity waits get here

                await sleep(step.seconds)
                step = flow.send(None)
        except StopIteration as stop:
            return stop.value
