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
    InstructorRetryException,
    ResponseParsingError,
    TokenBudgetExceeded,
    ValidationError,
)
from ..hooks import HookName

__all__ = ["FailedAttempt", "attempt_flow", "give_up", "redacted", "retry_policy",
           "run_async", "run_sync"]

# Errors that mean "the model answered badly": worth showing it and asking again.
# Anything else (a bug in a handler, say) propagates on the first attempt.
REASKABLE = (PydanticValidationError, ResponseParsingError, ValidationError)


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

    @property
    def max_attempts(self) -> int:
        return self.retries + 1

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

    @property
    def max_attempts(self) -> int | None:
        """The attempt limit of a ``stop_after_attempt`` stop, else None."""
        return getattr(self.retrying.stop, "max_attempt_number", None)

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


def attempt_flow(handler, adapter, spec, request, *, policy, hooks, context, strict,
                 budget=None):
    """Yield provider calls until a response validates; return (value, completion).

    ``handler`` is the mode's (it reads and reasks), ``adapter`` the SDK's
    (it reads usage); ``budget`` is the caller's ``token_budget``: once the
    attempts so far used that many tokens, no further attempt is made.
    """
    policy = policy.start()
    failed: list[FailedAttempt] = []
    total_usage = None
    attempt = 0
    completion = None
    while True:
        attempt += 1
        if hooks:
            hooks.emit(HookName.COMPLETION_KWARGS, **redacted(request))
        try:
            completion = yield Call(request)
        except Exception as exc:
            if hooks:
                hooks.emit(HookName.COMPLETION_ERROR, exc)
            raise give_up(exc, request, attempt, completion, total_usage, failed,
                          messages=adapter.messages(request)) from exc
        total_usage = adapter.add_usage(total_usage, adapter.usage(completion))
        if hooks:
            hooks.emit(HookName.COMPLETION_RESPONSE, completion)
            if total_usage is not None:
                hooks.emit(HookName.COMPLETION_USAGE, total_usage, attempt_number=attempt)
        try:
            parsed = handler.parse(spec, completion, context=context, strict=strict)
        except REASKABLE as exc:
            if hooks:
                hooks.emit(HookName.PARSE_ERROR, exc)
            failed.append(FailedAttempt(attempt, exc, completion))
            error = None
            if budget is not None and tokens(total_usage) >= budget:
                error = give_up(
                    f"token budget of {budget} used up after {attempt} attempt(s) "
                    f"({tokens(total_usage)} tokens); last error: {exc}",
                    request, attempt, completion, total_usage, failed,
                    messages=adapter.messages(request), kind=TokenBudgetExceeded)
            wait = None if error is not None else policy.after_failure(attempt, exc)
            if wait is None:
                if hooks:
                    hooks.emit(HookName.COMPLETION_LAST_ATTEMPT, exc, is_last_attempt=True,
                               attempt_number=attempt, max_attempts=policy.max_attempts)
                raise error or give_up(exc, request, attempt, completion, total_usage,
                                       failed, messages=adapter.messages(request)) from exc
            if wait:
                yield Sleep(wait)
            request = handler.reask(request, completion, exc)
            continue
        if total_usage is not None and attempt > 1:
            completion = adapter.with_usage(completion, total_usage)
        return spec.unwrap(parsed), completion


# Request keys whose values are credentials; hooks and errors never show them.
_SECRET_KEYS = frozenset({"api_key", "aws_secret_access_key", "aws_session_token",
                          "azure_ad_token", "authorization", "token", "password"})


def redacted(request: dict[str, Any]) -> dict[str, Any]:
    """``request`` with credential values masked (the same dict when it has none)."""
    if _SECRET_KEYS.isdisjoint(request):
        return request
    return {k: ("***" if k in _SECRET_KEYS and v else v) for k, v in request.items()}


def tokens(usage: Any) -> int:
    """The total token count of a usage object or dict (0 if unknown)."""
    if usage is None:
        return 0
    get = usage.get if isinstance(usage, dict) else (lambda k: getattr(usage, k, None))
    for name in ("total_tokens", "totalTokens", "total_token_count"):
        value = get(name)
        if isinstance(value, int):
            return value
    count = 0
    for name in ("prompt_tokens", "completion_tokens", "input_tokens", "output_tokens",
                 "inputTokens", "outputTokens", "prompt_token_count",
                 "candidates_token_count"):
        value = get(name)
        if isinstance(value, int):
            count += value
    return count


def give_up(exc: BaseException | str, kwargs: dict[str, Any], attempt: int,
            completion: Any = None, total_usage: Any = None, failed: Any = (), *,
            messages: Any = None, kind: type = InstructorRetryException
            ) -> InstructorRetryException:
    """The error a call ends with when ``exc`` stops it (raise it ``from exc``)."""
    if messages is None:
        messages = kwargs.get("messages")
    raw = completion
    if raw is None and isinstance(exc, BaseException):
        # What the SDK could not read: a body that was not JSON (also when the
        # SDK re-raised the JSON error as its own), an error response, or the
        # body text that SDKs whose errors carry no response object keep.
        raw = _unread_body(exc)
        if raw is None:
            raw = getattr(exc, "response", None)
        if raw is None:
            raw = getattr(exc, "body", None)
    return kind(
        str(exc), last_completion=completion, messages=messages,
        n_attempts=attempt, total_usage=total_usage or 0,
        create_kwargs=redacted(kwargs), failed_attempts=failed, raw_response=raw,
    )


def _unread_body(exc: BaseException) -> Any:
    """The text of a body that was not JSON (``JSONDecodeError.doc``), on ``exc`` or a cause.

    An SDK that wraps the decoding error in its own keeps it on the cause chain.
    """
    seen: set[int] = set()
    error: BaseException | None = exc
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        doc = getattr(error, "doc", None)
        if isinstance(doc, str):
            return doc
        error = error.__cause__ or error.__context__
    return None


def run_sync(flow, create):
    """Drive ``flow`` with a blocking ``create`` function."""
    step = next(flow)
    while True:
        try:
            if type(step) is Call:
                try:
                    completion = create(step.kwargs)
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
                    completion = await create(step.kwargs)
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
