"""Hooks: callbacks run at points of a ``create`` call.

    >>> import instructor
    >>> hooks = instructor.hooks.Hooks()
    >>> hooks.on("completion:kwargs", lambda *args, **kwargs: None)
    >>> len(hooks)
    1

Names (also `HookName` members): ``completion:kwargs`` (the SDK call's
arguments), ``completion:response`` (the raw response), ``completion:error``
(an SDK error), ``completion:last_attempt`` (the error of the last allowed
attempt), ``completion:usage`` (the usage of one response), ``parse:error``
(a validation error). A handler that raises is reported as a warning and does
not break the call.
"""

from __future__ import annotations

import enum
import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["HookName", "Hooks"]


class HookName(str, enum.Enum):
    """The events a hook can be attached to."""

    COMPLETION_KWARGS = "completion:kwargs"
    COMPLETION_RESPONSE = "completion:response"
    COMPLETION_ERROR = "completion:error"
    COMPLETION_LAST_ATTEMPT = "completion:last_attempt"
    COMPLETION_USAGE = "completion:usage"
    PARSE_ERROR = "parse:error"


_VALID = {h.value: h for h in HookName}


def _hook_name(name: HookName | str) -> HookName:
    try:
        return _VALID[name.value if isinstance(name, HookName) else name]
    except KeyError:
        raise ValueError(
            f"unknown hook name {name!r}; valid names: {', '.join(_VALID)}"
        ) from None


class Hooks:
    """A set of handlers per `HookName`; ``a + b`` combines two sets."""

    __slots__ = ("_handlers",)

    def __init__(self) -> None:
        self._handlers: dict[HookName, list[Callable[..., Any]]] = {}

    def on(self, hook_name: HookName | str, handler: Callable[..., Any]) -> None:
        """Run ``handler`` at ``hook_name``."""
        self._handlers.setdefault(_hook_name(hook_name), []).append(handler)

    def off(self, hook_name: HookName | str, handler: Callable[..., Any]) -> None:
        """Stop running ``handler`` at ``hook_name`` (no error if absent)."""
        handlers = self._handlers.get(_hook_name(hook_name))
        if handlers and handler in handlers:
            handlers.remove(handler)
            if not handlers:
                del self._handlers[_hook_name(hook_name)]

    def clear(self, hook_name: HookName | str | None = None) -> None:
        """Remove the handlers of one name, or of every name."""
        if hook_name is None:
            self._handlers.clear()
        else:
            self._handlers.pop(_hook_name(hook_name), None)

    def emit(self, hook_name: HookName | str, *args: Any, **kwargs: Any) -> None:
        """Call every handler of ``hook_name``; a failing handler only warns."""
        for handler in tuple(self._handlers.get(_hook_name(hook_name), ())):
            try:
                handler(*args, **kwargs)
            except Exception as exc:  # a broken hook must not break the call
                warnings.warn(
                    f"hook {handler!r} for {_hook_name(hook_name).value} "
                    f"raised {exc!r}",
                    stacklevel=2,
                )

    # 1.x spelled these out per event; kept for code that calls them.
    def emit_completion_arguments(self, *args: Any, **kwargs: Any) -> None:
        self.emit(HookName.COMPLETION_KWARGS, *args, **kwargs)

    def emit_completion_response(self, response: Any) -> None:
        self.emit(HookName.COMPLETION_RESPONSE, response)

    def emit_completion_error(self, error: Exception) -> None:
        self.emit(HookName.COMPLETION_ERROR, error)

    def emit_completion_last_attempt(self, error: Exception) -> None:
        self.emit(HookName.COMPLETION_LAST_ATTEMPT, error)

    def emit_parse_error(self, error: Exception) -> None:
        self.emit(HookName.PARSE_ERROR, error)

    def __bool__(self) -> bool:
        return bool(self._handlers)

    def __len__(self) -> int:
        return sum(len(v) for v in self._handlers.values())

    def __add__(self, other: Hooks) -> Hooks:
        combined = Hooks()
        for source in (self, other):
            for name, handlers in source._handlers.items():
                combined._handlers.setdefault(name, []).extend(handlers)
        return combined

    def copy(self) -> Hooks:
        return self + Hooks()
