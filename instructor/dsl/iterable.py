"""``Iterable[X]`` responses: many objects from one completion.

``IterableModel(User)`` is the model the LLM fills in, a ``tasks`` list of
users; `IterableAccumulator` yields each user as soon as its JSON object is
complete in a stream.

    >>> from pydantic import BaseModel
    >>> class User(BaseModel):
    ...     name: str
    >>> Users = IterableModel(User)
    >>> Users.__name__, list(Users.model_fields)
    ('IterableUser', ['tasks'])
    >>> acc = IterableAccumulator(User)
    >>> acc.feed('{"tasks": [{"name": "a"}, {"na'), acc.feed('me": "b"}]}')
    ([User(name='a')], [User(name='b')])
    >>> acc.finish()
    []
"""

from __future__ import annotations

import collections.abc
import json
import types
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Union

from pydantic import BaseModel, Field, TypeAdapter

from ..exceptions import ResponseParsingError
from ._models import TypeCache, new_model

if TYPE_CHECKING:
    from ._json_scanner import JsonPrefixScanner

__all__ = [
    "IterableAccumulator",
    "IterableModel",
    "is_iterable",
    "is_iterable_model",
    "iterable_element",
]

_models = TypeCache()
_validators = TypeCache()


def _type_name(tp: Any) -> str:
    if typing.get_origin(tp) in (Union, types.UnionType):
        return "Or".join(_type_name(a) for a in typing.get_args(tp))
    name = getattr(tp, "__name__", None)
    return name if isinstance(name, str) else "Item"


def IterableModel(
    subtask_class: Any,
    name: str | None = None,
    description: str | None = None,
) -> Any:
    """The model holding a list of ``subtask_class`` items in its ``tasks`` field.

    Named ``Iterable<Name>`` unless ``name`` is given (then ``name`` is used
    as is); ``description`` becomes its docstring, which tool schemas show
    the LLM. The element may be a union of models. Cached: the same
    arguments give the same class. Like in 1.x, the class is an
    ``OpenAISchema``.

        >>> from pydantic import BaseModel
        >>> class Task(BaseModel):
        ...     title: str
        >>> IterableModel(Task) is IterableModel(Task)
        True
        >>> IterableModel(Task, name="Todo").__name__
        'Todo'
        >>> IterableModel(Task)(tasks=[{"title": "x"}]).tasks
        [Task(title='x')]
    """
    return _models.get_or_build(
        (subtask_class, name, description),
        lambda: _build_iterable_model(subtask_class, name, description),
    )


def _build_iterable_model(element: Any, name: str | None, description: str | None) -> Any:
    # As in 1.x the class is an OpenAISchema (``.openai_schema`` and friends).
    from ..function_calls import OpenAISchema

    element_name = _type_name(element)
    class_name = name or f"Iterable{element_name}"
    doc = description or (
        f"Every `{element_name}` found in the input, each one a separate item, "
        "in the order they appear."
    )
    tasks: Any = Field(
        default_factory=list,
        repr=False,
        description=f"The `{element_name}` items, one object per item found",
    )
    return new_model(
        class_name,
        OpenAISchema,
        {"tasks": (list[element], tasks)},  # type: ignore[valid-type]
        doc=doc,
        module=__name__,
        namespace={"__instructor_iterable_element__": element},
    )


def is_iterable(tp: Any) -> bool:
    """Whether ``tp`` is ``Iterable[X]`` (``typing`` or ``collections.abc``).

    ``list[X]`` is not: it is a simple type, answered as a whole.

        >>> from typing import Iterable
        >>> is_iterable(Iterable[int]), is_iterable(list[int]), is_iterable(Iterable)
        (True, False, False)
    """
    return typing.get_origin(tp) is collections.abc.Iterable and bool(typing.get_args(tp))


def is_iterable_model(tp: Any) -> bool:
    """Whether ``tp`` is a class made by `IterableModel`."""
    return isinstance(tp, type) and "__instructor_iterable_element__" in tp.__dict__


def iterable_element(tp: Any) -> Any:
    """The element type of ``Iterable[X]`` or of an `IterableModel` class.

        >>> from typing import Iterable
        >>> iterable_element(Iterable[int])
        <class 'int'>
    """
    if is_iterable_model(tp):
        return tp.__dict__["__instructor_iterable_element__"]
    if not is_iterable(tp):
        raise TypeError(f"{tp!r} is not Iterable[...]")
    return typing.get_args(tp)[0]


def _json_validator(tp: Any) -> Callable[..., Any]:
    def build() -> Callable[..., Any]:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return tp.model_validate_json
        return TypeAdapter(tp).validate_json

    return _validators.get_or_build(tp, build)


# How the stream presents its items, decided as the JSON arrives.
_ARRAY = "array"  # [ {...}, {...} ]
_OBJECTS = "objects"  # {...} {...}: each top-level object is an item
_WRAPPER = "wrapper"  # {"tasks": [ {...}, {...} ]}
_UNDECIDED = "undecided"  # an object whose first key has not arrived
_MAYBE_WRAPPER = "maybe-wrapper"  # first key "tasks"; is its value a list?


class IterableAccumulator:
    """Turns a streamed JSON text into items of ``model``, each once complete.

    ``feed(delta)`` returns the items completed by ``delta``, validated (a
    pydantic ``ValidationError`` propagates); ``finish()`` returns any item
    left and raises `ResponseParsingError` if the JSON is malformed or ended
    early. Accepted shapes: ``{"tasks": [...]}`` (what `IterableModel` asks
    for), a bare array, and objects one after another (blank or comma
    separated), each of them an item; prose and a ```json fence around the
    JSON are skipped. A top-level object whose first key is ``"tasks"`` with
    a list value is taken as the wrapper, even if items have a ``tasks``
    field of their own.

        >>> from pydantic import BaseModel
        >>> class N(BaseModel):
        ...     n: int
        >>> acc = IterableAccumulator(N)
        >>> acc.feed('{"n": 1}\\n{"n"'), acc.feed(': 2}')
        ([N(n=1)], [N(n=2)])
    """

    __slots__ = (
        "_error",
        "_head",
        "_kind",
        "_ready",
        "_scanner",
        "_top_key",
        "_validate",
        "context",
        "model",
        "strict",
    )

    def __init__(self, model: Any, context: Any = None, strict: bool | None = None) -> None:
        self.model = model
        self.context = context
        self.strict = strict
        self._validate = _json_validator(model)
        self._head = ""
        self._scanner: JsonPrefixScanner | None = None
        self._ready: list[tuple[int, int]] = []
        self._kind = _UNDECIDED
        self._top_key: str | None = None
        self._error: ResponseParsingError | None = None

    def feed(self, delta: str) -> list[Any]:
        """Take the next piece of text; the items it completed, validated."""
        if self._error is not None:
            raise self._error
        if not delta:
            return []
        scanner = self._scanner
        if scanner is None:
            self._head += delta
            # Only a stream needs the scanner: from_openai imports this module.
            from ._partial_json import MULTI, JsonPrefixScanner, find_json_start

            start = find_json_start(self._head, "{[")
            if start < 0:
                return []
            scanner = self._scanner = JsonPrefixScanner(
                MULTI,
                on_value=self._on_value,
                on_key=self._on_key,
                on_document=self._on_document,
            )
            delta = self._head[start:]
        try:
            scanner.feed(delta)
        except json.JSONDecodeError as exc:
            self._error = ResponseParsingError(
                f"the streamed JSON is malformed: {exc}", raw_response=scanner.text
            )
            self._error.__cause__ = exc
        items = self._take_ready()
        if self._error is not None and not items:
            raise self._error
        return items

    def finish(self) -> list[Any]:
        """Items not returned yet; ResponseParsingError if the JSON is unfinished."""
        if self._error is not None:
            raise self._error
        scanner = self._scanner
        if scanner is None:
            raise ResponseParsingError(
                "the stream held no JSON object or array", raw_response=self._head
            )
        if not scanner.complete:
            raise ResponseParsingError(
                "the streamed JSON ended before it was complete",
                raw_response=scanner.text,
            )
        return self._take_ready()

    def _take_ready(self) -> list[Any]:
        if not self._ready:
            return []
        text = self._scanner.slice  # type: ignore[union-attr]
        spans, self._ready = self._ready, []
        validate, strict, context = self._validate, self.strict, self.context
        return [validate(text(s, e), strict=strict, context=context) for s, e in spans]

    # -- scanner callbacks ----------------------------------------------------
    # The scanner keeps text from its ``keep`` on readable cheaply: from the
    # start of the top-level value while it may itself be an item, else from
    # the end of the last value an item could precede, so that its window
    # holds one item, not the whole stream.

    def _on_document(self, start: int) -> None:
        scanner = self._scanner
        scanner.keep = start  # type: ignore[union-attr]
        self._kind = _ARRAY if scanner.slice(start, start + 1) == "[" else _UNDECIDED  # type: ignore[union-attr]
        self._top_key = None

    def _on_key(self, start: int, end: int, depth: int) -> None:
        if depth != 1 or self._kind == _ARRAY:
            return
        key = json.loads(self._scanner.slice(start, end))  # type: ignore[union-attr]
        self._top_key = key
        if self._kind == _UNDECIDED:
            self._kind = _MAYBE_WRAPPER if key == "tasks" else _OBJECTS

    def _on_value(self, start: int, end: int, depth: int) -> None:
        kind = self._kind
        scanner = self._scanner
        if kind == _ARRAY:
            if depth == 1:
                self._ready.append((start, end))
        elif depth == 0:
            if kind != _WRAPPER:
                self._ready.append((start, end))  # an object holding one item
        elif kind == _WRAPPER or kind == _MAYBE_WRAPPER:
            if self._top_key != "tasks":
                pass
            elif depth == 2 and scanner.closers[1] == "]":  # type: ignore[union-attr]
                self._kind = _WRAPPER
                self._ready.append((start, end))
            elif depth == 1 and kind == _MAYBE_WRAPPER:
                opening = scanner.slice(start, start + 1)  # type: ignore[union-attr]
                self._kind = _WRAPPER if opening == "[" else _OBJECTS
        kind = self._kind
        if depth == 0 or depth == 1 and kind == _ARRAY or kind == _WRAPPER and (
            depth <= 2 or self._top_key != "tasks"
        ):
            # No item is open now (a scalar item may start right after), and
            # spans already found are read before the next feed moves the window.
            scanner.keep = end  # type: ignore[union-attr]
