"""PartialAccumulator, incremental, against the validate-everything-again reference.

Every test feeds the same deltas to the accumulator and to
`reference_snapshots` (the whole text re-read and validated on every delta)
and wants the same answer for each delta: no snapshot, or a snapshot equal
down to its fields set, extras and types (`state`).
"""

from __future__ import annotations

import json
from datetime import date
from enum import Enum
from typing import Any, Literal

import pytest
from _streaming_oracle import reference_snapshots, state
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import AliasPath, BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel
from pydantic_core import core_schema

from instructor.dsl.partial import PartialAccumulator


class Color(Enum):
    RED = "red"
    GREEN = "green"


class Tag(BaseModel):
    name: str
    weight: float = 1.0


class Cat(BaseModel):
    meow: str


class Dog(BaseModel):
    bark: str
    size: int = 0


class Item(BaseModel):
    id: int
    title: str
    done: bool = False
    tags: list[str] = []
    labels: list[Tag] = []
    scores: dict[str, float] = {}
    color: Color | None = None
    kind: Literal["a", "b"] = "a"
    when: date | None = None
    grid: list[list[int]] = []


class Doc(BaseModel):
    title: str
    items: list[Item]
    meta: dict[str, Tag] = {}
    note: str | int | None = None
    pair: tuple[int, str] | None = None  # not decomposed: validated whole
    pets: list[Cat | Dog] = []  # union elements: each validated whole
    anything: Any = None


class Node(BaseModel):
    name: str
    children: list[Node] = []


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")
    a: int | None = None
    inner: Tag | None = None


class Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)
    first_name: str
    home_town: list[str] = []


class Pathy(BaseModel):
    first: str = Field(validation_alias=AliasPath("names", 0))
    rest: list[str] = []


class Stripped(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, str_to_lower=True)
    words: list[str] = []
    title: str = ""
    counts: dict[str, list[int]] = {}


def _stream(model: type[BaseModel], deltas: list[str]) -> list:
    acc = PartialAccumulator(model)
    return [acc.feed(d) for d in deltas]


def _check(model: type[BaseModel], deltas: list[str]) -> list:
    """The accumulator answers each delta as the reference does; its answers."""
    ours = _stream(model, deltas)
    expected = reference_snapshots(model, deltas)
    assert [state(s) for s in ours] == [state(s) for s in expected]
    return ours


def _every_cut(model: type[BaseModel], text: str) -> None:
    """One character per delta, then every cut of the text in two."""
    _check(model, list(text))
    for cut in range(len(text) + 1):
        _check(model, [text[:cut], text[cut:]])


# -- hand-written streams, cut everywhere ------------------------------------------

_DOC = {
    "title": "caf\u00e9 \U0001f600 \"quoted\" \\ back\nslash",
    "items": [
        {"id": 1, "title": "one", "tags": ["x", "\U0001f680"], "labels": [{"name": "n"}],
         "scores": {"a": 1.5, "b": -2e-3}, "color": "green", "kind": "b",
         "when": "2024-05-06", "grid": [[1, 2], [], [3]]},
        {"id": 12345678901234567890, "title": "", "done": True, "color": "blue",
         "kind": "c", "when": "2024-13-01", "grid": [[1, "x"], [4]], "tags": ["ok", 3]},
    ],
    "meta": {"k": {"name": "v", "weight": 0.25}, "": {}},
    "note": 7,
    "pair": [1, "one"],
    "pets": [{"meow": "m"}, {"bark": "b", "size": 3}, {}],
    "anything": {"nested": [1, {"deep": None}]},
}


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_a_rich_document_cut_at_every_character(ensure_ascii):
    _every_cut(Doc, json.dumps(_DOC, ensure_ascii=ensure_ascii))


@pytest.mark.parametrize(
    ("model", "text"),
    [
        (Doc, '{"title": "t", "items": [{"id": 1.5e3, "title": "a", "done": fals'
              'e, "scores": {"x": NaN, "y": Infinity, "z": -Infinity}}]}'),
        (Doc, '{"title":"t","items":[],"items":[{"id":1,"title":"dup"}]}'),
        (Doc, '{"title": "a", "title": "b", "items": {"not": "a list"}}'),
        (Doc, '{"items": [{"id": 1, "id": 2, "title": "x"}], "meta": {"a": {}, "a": {"name": 1}}}'),
        (Doc, '{"items": [[1], "x", {"id": 2, "tags": {"a": 1}, "labels": [[]]}]}'),
        (Doc, '{"items": [{"grid": [[1, 2, "three"], [4]], "scores": {"a": "x", "b": [1]}}]}'),
        (Doc, '{"pets": [{"meow": "a", "bark": "b"}], "pair": [1, "a", 3], "note": "n"}'),
        (Doc, '{"title": "\\ud83d\\ude00\\u00e9\\n\\"\\\\\\/\\b\\f\\r\\t", "items": []}'),
        (Doc, '{"title": "lone \\ud800 high", "items": [{"id": 1}]}'),
        (Doc, '{"title": "raw\tcontrol", "items": [{"id": 1}]}'),
        (Doc, '{"ti\\u0074le": "escaped key", "unknown": {"deep": [1, {"x": "y"}]}, "items": []}'),
        (Doc, '{"title": "x", "items": [{"id": -0, "title": "t", "tags": []}], "extra": 1} tail'),
        (Node, '{"name": "r", "children": [{"name": "a", "children": [{"children": []}]}, {}]}'),
        (Open, '{"a": 1, "b": [1, {"c": 2}], "inner": {"name": "n", "x": 1}, "d": "s", "b": 2}'),
        (Camel, '{"firstName": "a", "homeTown": ["x", "y"], "first_name": "b"}'),
        (Camel, '{"first_name": "a", "home_town": ["x"]}'),
        (Pathy, '{"names": ["a", "b"], "rest": ["c"]}'),
        (Stripped, '{"words": ["  A ", "B  "], "title": "  Mixed Case  ", '
                   '"counts": {" K ": [1], "k": [2], "X": []}}'),
    ],
)
def test_tricky_streams_cut_at_every_character(model, text):
    _every_cut(model, text)


def test_prose_fences_and_malformed_json():
    text = 'Sure! Here:\n```json\n{"title": "a", "items": [{"id": 1}]}\n```\nMore text {'
    _every_cut(Doc, text)
    _every_cut(Doc, '{"title": "a", "items": [{"id": 1} {"id": 2}]}')
    _every_cut(Doc, '{"title": "a", "items": [{"id": 1}], }')


def test_numbers_and_words_split_across_deltas():
    text = '{"items": [{"id": 123456, "done": true, "scores": {"p": -12.5e+10, "q": 0}}], "note": null}'
    for size in range(1, 9):
        _check(Doc, [text[i:i + size] for i in range(0, len(text), size)])


@pytest.mark.parametrize("size", [61, 997])
def test_a_long_document_whose_window_moves(size):
    """Longer than the scanner's window, with long strings of every kind."""
    long = "\u00e9t\u00e9 " * 900 + "\U0001f600"
    doc = {"title": long, "items": [
        {"id": i, "title": f"item {i} " + "x" * (i % 40), "tags": ["t" * (i % 9)],
         "kind": "b" * 5000 if i == 3 else "a", "color": "r" * 6000 if i == 5 else "red",
         "when": "2024-01-0" + str(i % 9 + 1), "grid": [[i, i + 1]], "scores": {"s": i / 7}}
        for i in range(40)
    ], "note": "n" * 5000, "pets": [{"meow": "m" * 5000}], "anything": {"deep": ["z" * 5000]}}
    text = json.dumps(doc, ensure_ascii=False)
    assert len(text) > 35_000
    deltas = [text[i:i + size] for i in range(0, len(text), size)]
    _check(Doc, deltas)
    acc = PartialAccumulator(Doc)
    for delta in deltas:
        acc.feed(delta)
    assert acc._tree.scanner._base > 20_000  # the window did move on
    with pytest.raises(ValidationError, match="items.3.kind"):
        acc.finish()  # the whole text, validated in full: "bbb..." is no Literal
    text = json.dumps({"words": ["  W " * 1500, "x"], "title": " T " * 2000,
                       "counts": {"a": [1] * 3000}})
    _check(Stripped, [text[i:i + size] for i in range(0, len(text), size)])


def test_snapshots_already_given_out_do_not_change():
    text = json.dumps(_DOC)
    acc = PartialAccumulator(Doc)
    given_out = []
    for i in range(0, len(text), 3):
        snapshot = acc.feed(text[i:i + 3])
        if snapshot is not None:
            given_out.append((snapshot, state(snapshot)))
    assert len(given_out) > 50
    assert all(state(s) == before for s, before in given_out)


def test_a_completed_value_is_validated_once():
    """Completed items are kept, not validated again for every later snapshot."""
    calls = []

    class Tally(int):
        """An int whose validation is counted (partials keep custom types)."""

        @classmethod
        def __get_pydantic_core_schema__(cls, source, handler):
            return core_schema.no_info_after_validator_function(
                lambda v: calls.append(v) or v, core_schema.int_schema()
            )

    class Cell(BaseModel):
        v: Tally
        label: str

    class Sheet(BaseModel):
        cells: list[Cell]

    text = json.dumps({"cells": [{"v": i, "label": f"cell {i}"} for i in range(60)]})
    deltas = [text[i:i + 7] for i in range(0, len(text), 7)]
    ours = _stream(Sheet, deltas)
    assert sum(s is not None for s in ours) > 100
    assert sorted(calls) == list(range(60))  # once each, however many snapshots
    calls.clear()
    expected = reference_snapshots(Sheet, deltas)
    assert len(calls) > 60 * 10  # the reference validates them over and over
    assert [state(s) for s in ours] == [state(s) for s in expected]


# -- generated streams ------------------------------------------------------------------

_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6)
_wrong = st.sampled_from([None, 1, "x", [], {}, [1], {"a": 1}, True, 1.5])


def _maybe_wrong(strategy):
    return st.one_of(strategy, strategy, strategy, _wrong)


_tag = st.fixed_dictionaries({"name": _maybe_wrong(_text)},
                             optional={"weight": st.floats(allow_nan=False, allow_infinity=False)})
_item = st.fixed_dictionaries(
    {"id": _maybe_wrong(st.integers(-(10**20), 10**20)), "title": _maybe_wrong(_text)},
    optional={
        "done": st.booleans(),
        "tags": _maybe_wrong(st.lists(_maybe_wrong(_text), max_size=3)),
        "labels": st.lists(_maybe_wrong(_tag), max_size=2),
        "scores": _maybe_wrong(st.dictionaries(_text, st.floats(-1e6, 1e6), max_size=2)),
        "color": st.sampled_from(["red", "green", "gr", "blue"]),
        "kind": st.sampled_from(["a", "b", "c"]),
        "when": st.sampled_from(["2024-01-02", "2024-1", "x"]),
        "grid": st.lists(_maybe_wrong(st.lists(st.integers(0, 99), max_size=3)), max_size=2),
    },
)
_doc = st.fixed_dictionaries(
    {"title": _text, "items": _maybe_wrong(st.lists(_item, max_size=3))},
    optional={
        "meta": st.dictionaries(_text, _maybe_wrong(_tag), max_size=2),
        "note": st.one_of(_text, st.integers(), st.none()),
        "pets": st.lists(st.sampled_from([{"meow": "m"}, {"bark": "b"}, {}]), max_size=2),
        "zzz": st.recursive(st.none() | _text, lambda c: st.lists(c, max_size=2), max_leaves=4),
    },
)
_dumps = st.fixed_dictionaries({
    "ensure_ascii": st.booleans(),
    "indent": st.sampled_from([None, 1]),
    "separators": st.sampled_from([None, (",", ":")]),
})


def _cuts(data, text: str) -> list[str]:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=25)))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]


@settings(max_examples=250, deadline=None, database=None)
@given(_doc, _dumps, st.data())
def test_generated_documents_in_generated_pieces(value, options, data):
    text = json.dumps(value, **options)
    if data.draw(st.booleans()):
        text = "Here it is:\n```json\n" + text + "\n```"
    _check(Doc, _cuts(data, text))


@settings(max_examples=60, deadline=None, database=None)
@given(_doc, st.booleans())
def test_generated_documents_one_character_at_a_time(value, ensure_ascii):
    _check(Doc, list(json.dumps(value, ensure_ascii=ensure_ascii)))


_node = st.recursive(
    st.fixed_dictionaries({"name": _text}),
    lambda kids: st.fixed_dictionaries({"name": _maybe_wrong(_text)},
                                       optional={"children": st.lists(kids, max_size=3)}),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None, database=None)
@given(_node, st.data())
def test_generated_trees(value, data):
    _check(Node, _cuts(data, json.dumps(value)))


@settings(max_examples=100, deadline=None, database=None)
@given(st.dictionaries(st.sampled_from(["a", "inner", "b", "c"]),
                       st.recursive(st.none() | st.integers() | _text,
                                    lambda c: st.lists(c, max_size=2)
                                    | st.dictionaries(st.sampled_from(["name", "x"]), c, max_size=2),
                                    max_leaves=5),
                       max_size=4),
       st.data())
def test_generated_extra_fields(value, data):
    _check(Open, _cuts(data, json.dumps(value)))


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(st.one_of(st.floats(), st.integers(), st.none()), max_size=4), st.data())
def test_nan_and_infinities(values, data):
    class F(BaseModel):
        x: float | None = None
        xs: list[float | None] = []
        m: dict[str, float] = {}

    text = json.dumps({"x": values[0] if values else None, "xs": values,
                       "m": {str(i): v for i, v in enumerate(values) if v is not None}})
    _check(F, _cuts(data, text))
