"""``Maybe(Model)``: a result, or a note saying why there is none.

Giving the LLM a way to say "not found" instead of inventing an answer:

    >>> from pydantic import BaseModel
    >>> class User(BaseModel):
    ...     name: str
    >>> MaybeUser = Maybe(User)
    >>> MaybeUser.__name__, list(MaybeUser.model_fields)
    ('MaybeUser', ['result', 'error', 'message'])
    >>> bool(MaybeUser(result={"name": "Ann"})), bool(MaybeUser(error=True))
    (True, False)
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from ._models import TypeCache, new_model

__all__ = ["Maybe", "MaybeBase"]

_cache = TypeCache()


class MaybeBase(BaseModel):
    """Base class of every ``Maybe(Model)`` class: true when it holds a result."""

    def __bool__(self) -> bool:
        return getattr(self, "result", None) is not None


def Maybe(model: type[BaseModel]) -> Any:
    """The cached model ``Maybe<Name>`` with ``result``, ``error`` and ``message``.

    ``result`` holds the extracted ``model`` or None; ``error`` is True and
    ``message`` says why when nothing could be extracted. An instance is
    true exactly when ``result`` is not None.

        >>> from pydantic import BaseModel
        >>> class A(BaseModel):
        ...     x: int
        >>> Maybe(A) is Maybe(A)
        True
    """
    return _cache.get_or_build(model, lambda: _build(model))


def _build(model: type[BaseModel]) -> Any:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"Maybe(...) needs a pydantic BaseModel class, got {model!r}")
    name = model.__name__
    fields = {
        "result": (
            model | None,
            Field(
                default=None,
                description=f"The `{name}` extracted from the input, or null when "
                "it cannot be found there",
            ),
        ),
        "error": (
            bool,
            Field(default=False, description="True when no result could be extracted"),
        ),
        "message": (
            str | None,
            Field(
                default=None,
                description="When there is no result, a short reason why",
            ),
        ),
    }
    return new_model(
        f"Maybe{name}",
        MaybeBase,
        fields,
        doc=f"A `{name}` when the input contains one; otherwise an error flag "
        "and a short message.",
        module=__name__,
    )
