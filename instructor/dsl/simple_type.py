"""Response models that are not pydantic models: ``int``, ``list[str]``, ...

The LLM is asked for ``{"content": <value>}`` through a cached wrapper model
named ``Response``; the caller gets the value of ``content`` back.

    >>> from typing import Literal
    >>> is_simple_type(int), is_simple_type(Literal["a", "b"]), is_simple_type(list[int])
    (True, True, True)
    >>> Wrapper = simple_model(list[int])
    >>> Wrapper.__name__, Wrapper.model_validate_json('{"content": [1, 2]}').content
    ('Response', [1, 2])
"""

from __future__ import annotations

import collections.abc
import typing
from typing import Any

from pydantic import BaseModel, Field, PydanticSchemaGenerationError, PydanticUserError
from pydantic.fields import FieldInfo

from ._models import TypeCache, new_model

__all__ = [
    "check_response_model",
    "is_simple_type",
    "is_valid_response_model",
    "simple_model",
]

_cache = TypeCache()
_ITERABLES = (typing.Iterable, collections.abc.Iterable)


def _is_type_form(tp: Any) -> bool:
    """Whether ``tp`` is something a type annotation may hold."""
    return (
        isinstance(tp, type)
        or typing.get_origin(tp) is not None
        or tp is typing.Any
    )


def is_simple_type(tp: Any) -> bool:
    """Whether ``tp`` is answered wrapped in ``{"content": ...}``.

    True for types that are not pydantic models: ``str``, ``int``,
    ``float``, ``bool``, ``Literal[...]``, ``Enum`` classes, ``list[X]``,
    ``dict[K, V]``, unions (``X | Y``, ``Optional[X]``), ``Annotated[...]``
    and other classes. False for pydantic models (``Partial[X]`` included),
    ``Iterable[X]``, and anything that is not a type at all.

        >>> from pydantic import BaseModel
        >>> from typing import Iterable
        >>> class A(BaseModel):
        ...     x: int
        >>> is_simple_type(A), is_simple_type(Iterable[A]), is_simple_type(5)
        (False, False, False)
    """
    if tp is None or tp is type(None) or not _is_type_form(tp):
        return False
    origin = typing.get_origin(tp)
    if origin is not None:
        return origin is not collections.abc.Iterable
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return False
    return not any(tp is it for it in _ITERABLES)


def simple_model(tp: Any) -> type[BaseModel]:
    """The cached model ``Response`` with one required field, ``content: tp``.

        >>> simple_model(int) is simple_model(int)
        True
        >>> simple_model(int).model_validate({"content": 3}).content
        3
    """
    return _cache.get_or_build(tp, lambda: _build(tp))


def _build(tp: Any) -> type[BaseModel]:
    field = Field(description="The answer, of the requested type")
    if typing.get_origin(tp) is typing.Annotated and any(
        isinstance(meta, FieldInfo) and meta.description for meta in typing.get_args(tp)[1:]
    ):
        field = Field()  # the caller's own description wins
    return new_model(
        "Response",
        BaseModel,
        {"content": (tp, field)},
        doc="The answer to the request, in the `content` field.",
        module=__name__,
    )


def check_response_model(tp: Any) -> None:
    """Raise TypeError, with the reason, unless ``tp`` can be a response model.

    Usable: None (the raw completion is returned), pydantic models,
    ``Iterable[X]`` of a usable ``X``, and simple types pydantic can
    validate. Checking a simple type builds (and caches) its wrapper.

        >>> check_response_model(int)
        >>> check_response_model("User")
        Traceback (most recent call last):
        ...
        TypeError: response_model must be a type (a pydantic model, int, list[str], ...), got the str 'User'
    """
    if tp is None or (isinstance(tp, type) and issubclass(tp, BaseModel)):
        return
    if not _is_type_form(tp):
        raise TypeError(
            "response_model must be a type (a pydantic model, int, list[str], ...), "
            f"got the {type(tp).__name__} {tp!r}"
        )
    if any(tp is it for it in _ITERABLES):
        raise TypeError("response_model=Iterable needs an item type: Iterable[Model]")
    origin = typing.get_origin(tp)
    if origin is collections.abc.Iterable:
        args = typing.get_args(tp)
        if not args:
            raise TypeError("response_model=Iterable needs an item type: Iterable[Model]")
        try:
            check_response_model(args[0])
        except TypeError as exc:
            raise TypeError(f"response_model {tp!r}: unusable item type: {exc}") from None
        return
    if tp is type(None):
        raise TypeError("response_model cannot be NoneType; pass None for the raw completion")
    try:
        simple_model(tp)
    except (PydanticSchemaGenerationError, PydanticUserError, TypeError, NameError) as exc:
        raise TypeError(f"response_model {tp!r} is not a type pydantic can validate: {exc}") from exc


def is_valid_response_model(tp: Any) -> bool:
    """Whether `check_response_model` accepts ``tp``.

        >>> is_valid_response_model(list[int]), is_valid_response_model(5)
        (True, False)
    """
    try:
        check_response_model(tp)
    except TypeError:
        return False
    return True
