"""The pieces `_snapshots.SnapshotTree` is made of.

A `ModelPlan`, one per partial model class, validates one member of it on
its own (as the one-key document ``{key: value}``), says which slot a key
fills, how the container held by a field decomposes (`shape`), whether a
string field keeps a JSON string exactly as decoded (`plain_str`), and
builds an instance from values already validated (`make`), as pydantic's
``model_construct`` does but without its per-field Python loop. A `Node` is
one open object or array of the stream.
"""

from __future__ import annotations

import json
import re
import types
import typing
from typing import Annotated, Any, Union

from pydantic import BaseModel, ValidationError

__all__ = [
    "DICT", "LIST", "MODEL", "NOTHING", "SKIP", "WHOLE", "WHOLE_SHAPE", "Conflict", "Failed",
    "ModelPlan", "Node", "Unsupported", "decode", "fits", "has_nan", "plan", "shape",
]

NOTHING: Any = type("NothingType", (), {"__repr__": lambda self: "NOTHING"})()
# How a container of the stream is followed: as a partial model, a list or a
# dict[str, ...] (member by member), validated whole, or skipped.
MODEL, LIST, DICT, WHOLE, SKIP = range(5)
WHOLE_SHAPE = (WHOLE, None)
_UNIONS = (Union, types.UnionType)
# Config that makes pydantic change a string it validates.
_STR_CONFIG = ("str_strip_whitespace", "str_to_lower", "str_to_upper",
               "str_min_length", "str_max_length")
_new = object.__new__
_set_fields = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


class Unsupported(Exception):
    """The stream took a shape the assembly does not cover: validate it whole."""


# Raw string text that is its own decoded value: no escape, no control
# character (JSON forbids them raw), no half of a surrogate pair.
_VERBATIM = re.compile(r'[^\\\x00-\x1f\ud800-\udfff]*')
_SURROGATE = re.compile(r'[\ud800-\udfff]')


class Failed(Exception):
    """A value voided the container ``node`` (pydantic made its slot None)."""

    def __init__(self, node: Node) -> None:
        self.node = node


class Conflict(Exception):
    """``node`` got a key (or field) twice."""

    def __init__(self, node: Node) -> None:
        self.node = node


def fits(kind: int, char: str) -> bool:
    """Whether a container opening with ``char`` can be read as ``kind``."""
    return char == "[" if kind == LIST else char == "{" and kind != WHOLE


class Node:
    """One open object or array of the stream and what is known of it."""

    __slots__ = (
        "depth", "elem", "extra", "failed", "fields", "items", "key", "kind", "levels",
        "member", "model", "plain", "plan", "prefix", "slot", "start", "suffix", "values",
    )

    def __init__(self, kind: int, start: int, depth: int, slot: Any) -> None:
        self.kind = kind
        self.start = start
        self.depth = depth  # its index in the stack, = containers around it
        self.slot = slot  # where it goes in its parent (see ModelPlan.member)
        self.key = ""  # raw text of the key being read, quotes included
        self.failed = False


class ModelPlan:
    """How members of one partial model class validate."""

    __slots__ = (
        "cls", "decomposes", "defaults", "extra", "plain", "plain_strings", "private",
        "shapes", "slots", "validate",
    )

    def __init__(self, cls: type[BaseModel]) -> None:
        self.cls = cls
        # The validator itself: model_validate_json adds a Python frame.
        self.validate = cls.__pydantic_validator__.validate_json
        empty = cls.model_validate_json("{}")
        self.defaults = empty.__dict__
        self.extra = empty.__pydantic_extra__  # {} when extra="allow", else None
        self.private = empty.__pydantic_private__
        # AliasPath / AliasChoices let one key fill a field from inside its
        # value or compete with another key: not a per-member affair.
        self.decomposes = self.private is None and all(
            f.validation_alias is None or isinstance(f.validation_alias, str)
            for f in cls.model_fields.values()
        )
        config = cls.model_config
        self.plain_strings = not any(config.get(k) for k in _STR_CONFIG)
        self.slots: dict[str, Any] = {}
        self.shapes: dict[str, tuple[int, Any]] = {}
        self.plain: dict[str, Any] = {}

    def member(self, key: str, value: str, context: Any) -> tuple[Any, Any]:
        """Validate ``{key: value}``: ``(slot, value)``; slot None if ignored.

        A slot is ``("f", field name)`` or ``("x", key)`` for an extra.
        """
        try:
            result = self.validate("{" + key + ":" + value + "}", strict=False, context=context)
        except ValidationError:
            # Every field is lenient, so only the JSON itself can fail here
            # (a lone surrogate...): the whole document says what it means.
            raise Unsupported from None
        extra = result.__pydantic_extra__
        if extra:  # (an extra is in the fields set too)
            ((name, got),) = extra.items()
            return ("x", name), got
        fields = result.__pydantic_fields_set__
        if fields:
            if len(fields) > 1:
                raise Unsupported
            (name,) = fields
            return ("f", name), result.__dict__[name]
        return None, None

    def slot(self, key: str) -> Any:
        """The slot ``key`` fills (every partial field accepts null)."""
        found = self.slots.get(key, NOTHING)
        if found is NOTHING:
            found = self.slots[key] = self.member(key, "null", None)[0]
        return found

    def shape(self, name: str) -> tuple[int, Any]:
        """How a container in field ``name`` decomposes (see `shape`)."""
        found = self.shapes.get(name)
        if found is None:
            found = self.shapes[name] = shape(self.cls.model_fields[name].annotation)
        return found

    def plain_str(self, tp: Any) -> bool:
        """Whether a JSON string validates as ``tp`` to itself, decoded."""
        return self.plain_strings and _strip(tp) is str

    def str_slot(self, key: str) -> Any:
        """The slot of ``key`` if it is a field whose strings are `plain_str`, else None."""
        found = self.plain.get(key, NOTHING)
        if found is NOTHING:
            slot = self.slot(key)
            plain = slot is not None and slot[0] == "f" and self.plain_str(
                self.cls.model_fields[slot[1]].annotation)
            found = self.plain[key] = slot if plain else None
        return found

    def make(self, state: dict[str, Any], fields: set[str], extra: dict[str, Any] | None,
             name: str | None = None, value: Any = None) -> Any:
        """An instance from validated fields (``state`` holds the defaults too).

        ``fields`` are the fields set (extras included, as pydantic counts
        them); ``name=value`` is one more field.
        """
        obj = _new(self.cls)
        own = obj.__dict__
        own.update(state)
        fields = set(fields)
        if name is not None:
            own[name] = value
            fields.add(name)
        _set_fields(obj, fields)
        _set_extra(obj, None if extra is None else dict(extra))
        _set_private(obj, self.private)
        return obj


_plans: dict[type, ModelPlan] = {}


def plan(cls: type[BaseModel]) -> ModelPlan:
    """The plan of a partial model class (built once; classes live on)."""
    found = _plans.get(cls)
    if found is None:
        found = _plans.setdefault(cls, ModelPlan(cls))
    return found


def _strip(tp: Any) -> Any:
    """``tp`` without ``Annotated`` and ``| None``; None for a real union."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in _UNIONS:
            arms = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(arms) != 1:
                return None  # which arm wins depends on the whole value
            tp = arms[0]
        else:
            return tp


_shapes: dict[Any, tuple[int, Any]] = {}


def shape(tp: Any) -> tuple[int, Any]:
    """How a container validated as ``tp`` decomposes: (kind, detail).

    ``(MODEL, plan)`` for a partial model, ``(LIST, element type)`` for
    ``list[X]``, ``(DICT, value type)`` for ``dict[str, X]``, else
    `WHOLE_SHAPE`. Cached: a list's element type is looked at per list.
    """
    try:
        return _shapes[tp]
    except (KeyError, TypeError):  # TypeError: Annotated with unhashable metadata
        pass
    found = _shape(tp)
    try:
        _shapes[tp] = found
    except TypeError:
        pass
    return found


def _shape(tp: Any) -> tuple[int, Any]:
    tp = _strip(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if "__instructor_partial_base__" not in tp.__dict__:
            return WHOLE_SHAPE  # a model of the user's: its validators see the whole
        found = plan(tp)
        return (MODEL, found) if found.decomposes else WHOLE_SHAPE
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list and len(args) == 1:
        return LIST, args[0]
    if origin is dict and len(args) == 2 and args[0] is str:
        return DICT, args[1]
    return WHOLE_SHAPE


def has_nan(value: Any) -> bool:
    """Whether ``value`` holds something unequal to itself (a NaN)."""
    if isinstance(value, (str, int, type(None))):
        return False
    if isinstance(value, BaseModel):
        return has_nan(value.__dict__) or has_nan(value.__pydantic_extra__)
    if isinstance(value, dict):
        return any(has_nan(k) or has_nan(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(map(has_nan, value))
    try:
        return bool(value != value)
    except Exception:  # noqa: BLE001 - arrays and the like: not our concern
        return False


def decode(raw: str) -> str | None:
    """The characters of a piece of a JSON string (escapes complete), or None.

    None where pydantic would not take the string as it is: a raw control
    character, or a lone surrogate, both of which its JSON parser rejects.
    """
    if _VERBATIM.fullmatch(raw) is not None:
        return raw
    try:
        text = json.loads('"' + raw + '"')
    except ValueError:
        return None
    return None if _SURROGATE.search(text) else text
