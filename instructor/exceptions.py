"""Exceptions raised by instructor, all under `InstructorError`.

    InstructorError
    ├── InstructorRetryException   every attempt failed, or the SDK call raised
    │   └── TokenBudgetExceeded     the caller's token_budget was used up
    ├── IncompleteOutputException   the model stopped at its token limit
    ├── ValidationError             a response did not validate (not pydantic's)
    ├── ResponseParsingError        also a ValueError: no structured output found
    ├── ModeError                   a mode this provider has no handler for
    ├── ClientError                 the wrong client object for a ``from_*``
    ├── ConfigurationError          bad settings (unknown provider, missing SDK)
    ├── ProviderError               a provider-specific failure
    ├── MultimodalError             an Image or Audio part that cannot be used
    └── AsyncValidationError        async validators failed

    >>> from instructor.exceptions import InstructorRetryException
    >>> issubclass(InstructorRetryException, Exception)
    True
"""

from __future__ import annotations

__all__ = [
    "AsyncValidationError",
    "ClientError",
    "ConfigurationError",
    "IncompleteOutputException",
    "InstructorError",
    "InstructorRetryException",
    "ModeError",
    "MultimodalError",
    "ProviderError",
    "ResponseParsingError",
    "TokenBudgetExceeded",
    "ValidationError",
]


class InstructorError(Exception):
    """Base class of every error instructor raises itself."""


class InstructorRetryException(InstructorError):
    """No attempt produced a valid response, or the provider call failed.

    ``n_attempts`` counts requests made; ``failed_attempts`` holds one
    ``(attempt_number, exception, completion)`` tuple per failure;
    ``total_usage`` sums token usage over all attempts; ``__cause__`` is the
    last underlying error. ``raw_response`` is what the provider sent last:
    the completion (or stream chunk), else what the SDK could not read (the
    body text of a response that was not JSON, the HTTP response of an
    error), else None.
    """

    def __init__(
        self,
        message: str = "",
        *,
        last_completion=None,
        messages=None,
        n_attempts: int = 0,
        total_usage=0,
        create_kwargs=None,
        failed_attempts=None,
        raw_response=None,
    ) -> None:
        super().__init__(message)
        self.raw_response = raw_response if raw_response is not None else last_completion
        self.last_completion = last_completion
        self.messages = messages
        self.n_attempts = n_attempts
        self.total_usage = total_usage
        self.create_kwargs = create_kwargs
        self.failed_attempts = list(failed_attempts or ())


class IncompleteOutputException(InstructorError):
    """The model hit its output limit before finishing; raised, never retried."""

    def __init__(self, *args, last_completion=None, **kwargs) -> None:
        if not args:
            args = (
                "The output is incomplete due to a max_tokens length limit; "
                "raise max_tokens or ask for less.",
            )
        super().__init__(*args)
        self.last_completion = last_completion


class ValidationError(InstructorError):
    """A response failed validation (instructor's own, not pydantic's)."""


class ResponseParsingError(ValueError, InstructorError):
    """The response holds no structured output in the form the mode expects."""

    def __init__(self, message: str, *, mode=None, raw_response=None) -> None:
        super().__init__(message)
        self.mode = mode
        self.raw_response = raw_response


class ModeError(InstructorError):
    """The mode is not supported by this provider.

    The message names the mode by member and value and lists the modes the
    provider has: ``anthropic has no MD_JSON ('markdown_json_mode') handler;
    valid modes: TOOLS, JSON, ...``.
    """

    def __init__(self, mode: str = "", provider: str = "", valid_modes=()) -> None:
        self.mode = mode
        self.provider = provider
        self.valid_modes = list(valid_modes)
        shown = ", ".join(_mode_name(m) for m in self.valid_modes)
        value = getattr(mode, "value", mode)
        name = _mode_name(mode)
        named = f"{name} ({value!r})" if name != value else repr(value)
        super().__init__(
            f"{provider} has no {named} handler; valid modes: {shown or '(none)'}"
        )


def _mode_name(mode) -> str:
    """``Mode.TOOLS`` shows as TOOLS, a known value as its member name."""
    name = getattr(mode, "name", None)
    if name is not None:
        return name
    from .mode import Mode  # an error path: the enum import is affordable here

    try:
        return Mode(mode).name
    except ValueError:
        return str(mode)


class ClientError(InstructorError):
    """The client object given does not fit the ``from_*`` function called."""


class ConfigurationError(InstructorError):
    """Bad configuration: an unknown provider, a malformed model string, ..."""


class ProviderError(InstructorError):
    """A failure specific to one provider."""

    def __init__(self, provider: str = "", message: str = "") -> None:
        self.provider = provider
        super().__init__(f"{provider}: {message}" if provider else message)


class MultimodalError(ValueError, InstructorError):
    """An Image or Audio part that cannot be read or sent."""

    def __init__(self, message: str, *, content_type=None, file_path=None) -> None:
        super().__init__(message)
        self.content_type = content_type
        self.file_path = file_path


class AsyncValidationError(ValueError, InstructorError):
    """One or more async validators failed; ``errors`` holds each failure."""

    def __init__(self, message: str = "", errors=()) -> None:
        super().__init__(message)
        self.errors = list(errors)


class TokenBudgetExceeded(InstructorRetryException):
    """The caller's ``token_budget`` was used up before a response validated.

    An `InstructorRetryException`, so ``except InstructorRetryException``
    catches it; ``total_usage``, ``n_attempts`` and ``failed_attempts``
    describe the attempts made.
    """


class MissingSDKError(ConfigurationError, ModuleNotFoundError):
    """A provider's SDK is not installed; the message gives the pip extra."""

    def __init__(self, message: str, *, name: str | None = None) -> None:
        ConfigurationError.__init__(self, message)
        self.msg = message
        self.name = name


__all__.append("MissingSDKError")
