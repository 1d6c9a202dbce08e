"""``Partial[Model]``: the model with every field optional, for streaming.

While a response streams in, ``Partial[User]`` holds what has arrived so
far: fields not yet seen are None, a string still being written holds its
first part, nested models, lists and dict values are partial in turn.

    >>> from pydantic import BaseModel
    >>> class User(BaseModel):
    ...     name: str
    ...     age: int
    >>> Partial[User](name="Ja")
    User(name='Ja', age=None)
    >>> Partial[User] is Partial[User]
    True

`PartialAccumulator` turns the streamed text into such snapshots, I/O free,
so the sync and async drivers share it:

    >>> acc = PartialAccumulator(User)
    >>> acc.feed('{"name": "Ja')
    User(name='Ja', age=None)
    >>> acc.feed('son", "age": 2'), acc.feed('5}')
    (User(name='Jason', age=None), User(name='Jason', age=25))
    >>> acc.finish()
    User(name='Jason', age=25)

What a snapshot is, and what it is not:

- it is an instance of ``Partial[User]``, a class of its own named like the
  model (``isinstance(snapshot, User)`` is False); the object ``finish()``
  returns is a real ``User``, validated in full;
- the model's validators, constraints (``min_length``, ...) and
  ``Annotated`` validators do not run on snapshots: they are written for
  finished values, and some call out (``llm_validator``). They run once, in
  ``finish()``;
- a field whose current value does not validate (an unfinished ``Literal``
  or ``Enum`` value, a date still being written) is None in that snapshot
  instead of failing it;
- a snapshot is built from the previous one's complete parts, which are
  validated once and shared (a finished item is the same object in every
  later snapshot: treat snapshots as read-only), so each delta costs work
  for what it adds, not for all that came before (see `_snapshots`);
- snapshots are validated in lax mode whatever ``strict`` says (``"25"``
  shows as 25 for an ``int``); ``finish()`` applies ``strict``.
  instructor 1.x needed `PartialLiteralMixin` for the ``Literal`` case; we
  accept the mixin and do this for every model.
"""

from __future__ import annotations

import collections
import collections.abc
import json
import types
import typing
from typing import Annotated, Any, ForwardRef, Generic, Literal, TypeVar, Union

from pydantic import BaseModel, Field, RootModel, ValidationError, WrapValidator

from ._models import TypeCache, new_model
from ._partial_json import find_json_start
from ._snapshots import SnapshotTree

__all__ = [
    "Partial",
    "PartialAccumulator",
    "PartialBase",
    "PartialLiteralMixin",
    "is_partial",
    "partial_base",
]

_M = TypeVar("_M", bound=BaseModel)


class PartialLiteralMixin:
    """Accepted for instructor 1.x compatibility; every partial does this now.

    In 1.x a model streamed with ``Partial`` needed this mixin so that a
    ``Literal`` field still being written was left None instead of failing.
    Our partial models leave any field that does not validate yet None, so
    the mixin changes nothing; it stays importable so 1.x code runs.

        >>> from typing import Literal
        >>> from pydantic import BaseModel
        >>> class User(BaseModel, PartialLiteralMixin):
        ...     role: Literal["admin", "guest"]
        >>> Partial[User](role="adm").role is None
        True
    """


class PartialBase(BaseModel):
    """Base class of every ``Partial[Model]`` class (a marker)."""


def _lenient(value: Any, handler: Any) -> Any:
    # A snapshot shows what already validates; the rest waits for finish().
    try:
        return handler(value)
    except ValidationError:
        return None


_LENIENT = WrapValidator(_lenient)
# Element types that a partial JSON value never leaves half-valid: numbers
# and words arrive whole (see _partial_json), a cut string is still a str.
_WHOLE = (str, int, float, bool, bytes, type(None), object, Any)
_SEQUENCES = frozenset({
    list, set, frozenset, tuple, collections.deque,
    collections.abc.Sequence, collections.abc.MutableSequence,
    collections.abc.Set, collections.abc.MutableSet, collections.abc.Collection,
    collections.abc.Iterable,
})
_MAPPINGS = frozenset({
    dict, collections.OrderedDict, collections.defaultdict,
    collections.abc.Mapping, collections.abc.MutableMapping,
})
_UNION_TYPES: tuple[Any, ...] = (Union, types.UnionType)
_cache = TypeCache()


def _is_model(tp: Any) -> bool:
    return (
        isinstance(tp, type)
        and issubclass(tp, BaseModel)
        and not issubclass(tp, RootModel)
    )


class _Builder:
    """Builds the partial classes one ``Partial[...]`` lookup needs.

    Models that refer to themselves (directly or through others) are built
    with string forward references, resolved once every class exists.
    """

    def __init__(self) -> None:
        self.pending: dict[type, str] = {}  # model -> forward name, while building
        self.built: dict[str, type[BaseModel]] = {}  # forward name -> class
        self.classes: dict[type, type[BaseModel]] = {}  # model -> class

    def partial_of(self, model: type[BaseModel]) -> Any:
        done = _cache.get(model) or self.classes.get(model)
        if done is not None:
            return done
        if model in self.pending:
            return ForwardRef(self.pending[model])
        if not model.__pydantic_complete__:
            model.model_rebuild()
        forward = f"_InstructorPartial{len(self.built) + len(self.pending)}_{model.__name__}"
        self.pending[model] = forward
        fields = {
            name: (
                # Union, not `|`: a ForwardRef has no `|` on Python 3.10.
                Annotated[Union[self.convert(info.annotation), None], _LENIENT],  # noqa: UP007
                Field(
                    default=None,
                    alias=info.alias,
                    validation_alias=info.validation_alias,
                    serialization_alias=info.serialization_alias,
                    title=info.title,
                    description=info.description,
                ),
            )
            for name, info in model.model_fields.items()
        }
        config = dict(model.model_config)
        if config.get("extra") == "forbid":
            config["extra"] = "ignore"  # a snapshot never fails as a whole
        config.pop("defer_build", None)
        # Leniency comes from a wrap validator, and pydantic hands wrap
        # validators Python values even when reading JSON: in strict mode a
        # date given as a string would then never show in a snapshot.
        config.pop("strict", None)
        cls = new_model(
            model.__name__,
            PartialBase,
            fields,
            doc=model.__doc__ if model.__doc__ is not BaseModel.__doc__ else None,
            module=__name__,
            qualname=f"Partial[{model.__qualname__}]",
            namespace={"model_config": config, "__instructor_partial_base__": model},
        )
        del self.pending[model]
        self.built[forward] = cls
        self.classes[model] = cls
        return cls

    def convert(self, tp: Any) -> Any:
        """The partial counterpart of the type ``tp``."""
        if isinstance(tp, type) and not isinstance(tp, types.GenericAlias):
            return self.partial_of(tp) if _is_model(tp) else tp
        origin = typing.get_origin(tp)
        if origin is None or origin is Literal:
            return tp
        args = typing.get_args(tp)
        if origin is Annotated:
            # Validators and constraints are for finished values.
            return self.convert(args[0])
        if origin in _UNION_TYPES:
            return Union[tuple(self.convert(a) for a in args)]  # noqa: UP007
        if origin in _SEQUENCES:
            new_args = tuple(a if a is Ellipsis else self.element(a) for a in args)
        elif origin in _MAPPINGS and len(args) == 2:
            new_args = (args[0], self.element(args[1]))
        else:
            return tp
        return _with_args(tp, new_args)

    def element(self, tp: Any) -> Any:
        """``tp`` inside a container: one bad element must not void the rest."""
        new = self.convert(tp)
        if any(new is t for t in _WHOLE) or isinstance(new, ForwardRef) or (
            isinstance(new, type) and issubclass(new, PartialBase)
        ):
            return new
        return Annotated[Union[new, None], _LENIENT]  # noqa: UP007

    def resolve(self) -> None:
        """Resolve forward references between the classes just built, then
        publish them (only complete classes ever reach the cache)."""
        namespace = dict(self.built)
        for cls in self.built.values():
            if not cls.__pydantic_complete__:
                cls.model_rebuild(force=True, _types_namespace=namespace)
        for model, cls in self.classes.items():
            _cache.put(model, cls)


def _with_args(tp: Any, args: tuple[Any, ...]) -> Any:
    if isinstance(tp, types.GenericAlias):
        return types.GenericAlias(typing.get_origin(tp), args)
    return tp.copy_with(args)


def _partial_class(model: Any) -> type[PartialBase]:
    if isinstance(model, type) and issubclass(model, PartialBase):
        return model
    if not _is_model(model):
        raise TypeError(
            f"Partial[...] needs a pydantic BaseModel class, got {model!r}"
        )

    def build() -> type[PartialBase]:
        builder = _Builder()
        cls = builder.partial_of(model)
        builder.resolve()
        return cls

    return _cache.get_or_build(model, build)


class Partial(Generic[_M]):
    """``Partial[Model]`` is the cached all-optional counterpart of ``Model``.

    Every field becomes ``Optional[...] = None``, recursively through nested
    models, lists, tuples, sets, dict values and unions; aliases,
    descriptions and the model config are kept; validators are not (see the
    module docstring).

        >>> from pydantic import BaseModel
        >>> class Point(BaseModel):
        ...     x: int
        ...     y: int
        >>> Partial[Point]()
        Point(x=None, y=None)
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("Partial is used as Partial[Model], not called directly")

    def __class_getitem__(cls, item: Any) -> Any:  # type: ignore[override]
        if isinstance(item, (TypeVar, tuple)):
            # Generic use, e.g. ``def f() -> Partial[T]``: plain typing.
            return super().__class_getitem__(item)  # type: ignore[misc]
        return _partial_class(item)


def is_partial(tp: Any) -> bool:
    """Whether ``tp`` is a class made by ``Partial[...]``.

        >>> from pydantic import BaseModel
        >>> class A(BaseModel):
        ...     x: int
        >>> is_partial(Partial[A]), is_partial(A), is_partial(int)
        (True, False, False)
    """
    return isinstance(tp, type) and issubclass(tp, PartialBase) and tp is not PartialBase


def partial_base(tp: Any) -> type[BaseModel]:
    """The model ``tp`` was made from: ``partial_base(Partial[A]) is A``.

        >>> from pydantic import BaseModel
        >>> class A(BaseModel):
        ...     x: int
        >>> partial_base(Partial[A]) is A
        True
    """
    base = getattr(tp, "__instructor_partial_base__", None)
    if base is None:
        raise TypeError(f"{tp!r} is not a Partial[...] class")
    return base


class PartialAccumulator:
    """Turns streamed JSON text into growing snapshots of one model.

    ``feed(delta)`` returns a new ``Partial[Model]`` instance when what is
    known changed, else None; ``finish()`` validates the whole text against
    ``Model`` itself (pydantic ``ValidationError`` if it does not validate,
    including when the text is not complete JSON). Text before the JSON
    object (prose, a ```json fence line) and after it (the closing fence)
    is skipped. Malformed JSON stops the snapshots; ``finish()`` reports it.
    ``context`` and ``strict`` are passed to pydantic.

        >>> from pydantic import BaseModel
        >>> class A(BaseModel):
        ...     tags: list[str]
        >>> acc = PartialAccumulator(A)
        >>> [acc.feed(d) for d in ['```json\\n{"ta', 'gs": ["x', '", "y"]}\\n```']]
        [A(tags=None), A(tags=['x']), A(tags=['x', 'y'])]
        >>> acc.finish()
        A(tags=['x', 'y'])
    """

    __slots__ = ("_broken", "_head", "_tree", "context", "model", "partial_model", "strict")

    def __init__(self, model: type[BaseModel], context: Any = None,
                 strict: bool | None = None) -> None:
        if is_partial(model):
            model = partial_base(model)
        self.model = model
        self.partial_model = _partial_class(model)
        self.context = context
        self.strict = strict
        self._head = ""  # text seen before the JSON object started
        self._tree: Any = None  # a _snapshots.SnapshotTree once it started
        self._broken = False

    def feed(self, delta: str) -> Any:
        """Take the next piece of text; a new snapshot if it changed, else None."""
        if not delta or self._broken:
            return None
        tree = self._tree
        if tree is None:
            self._head += delta
            start = find_json_start(self._head, "{")
            if start < 0:
                return None
            tree = self._tree = SnapshotTree(self.partial_model, self.context)
            delta = self._head[start:]
        try:
            # Never strict (see _Builder.partial_of); finish() honours strict.
            return tree.feed(delta)
        except json.JSONDecodeError:
            self._broken = True  # finish() validates the text and says why
            return None

    def finish(self) -> Any:
        """The complete model, validated in full (pydantic ValidationError if not)."""
        return self.model.model_validate_json(
            self.json_text(), strict=self.strict, context=self.context
        )

    def json_text(self) -> str:
        """The JSON text received so far, without prose or fences around it."""
        if self._tree is None:
            return self._head.strip()
        scanner = self._tree.scanner
        if scanner.complete:
            return scanner.text[scanner.doc_start:scanner.value_end]
        return scanner.text
