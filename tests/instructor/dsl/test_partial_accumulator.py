"""PartialAccumulator: snapshots of a streamed Partial[Model], and the real model
at the end."""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest
from _partial_models import Address, User
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from instructor.dsl.partial import Partial, PartialAccumulator

# -- the accumulator -----------------------------------------------------------


def _feed_all(acc, pieces):
    return [s for s in (acc.feed(p) for p in pieces) if s is not None]


def test_snapshots_grow_and_finish_returns_the_real_model():
    acc = PartialAccumulator(User)
    text = json.dumps(
        {"name": "Jason", "age": 25, "address": {"street": "Main", "city": "Oslo"}}
    )
    snaps = _feed_all(acc, [text[i:i + 3] for i in range(0, len(text), 3)])
    assert all(isinstance(s, Partial[User]) for s in snaps)
    names = [s.name for s in snaps]
    assert names[:3] == [None, "Ja", "Jason"]
    assert snaps[-1].model_dump(exclude_none=True) == {
        "name": "Jason", "age": 25, "address": {"street": "Main", "city": "Oslo"}
    }
    final = acc.finish()
    assert type(final) is User
    assert final.address.city == "Oslo"


def test_a_snapshot_comes_only_when_something_changed():
    acc = PartialAccumulator(Address)
    assert acc.feed('{"street"') == Partial[Address]()
    assert acc.feed(": ") is None  # nothing new is known
    assert acc.feed('"M') == Partial[Address](street="M")
    assert acc.feed('"') is None  # the closing quote changes nothing
    assert acc.feed(" ,  ") is None
    assert acc.feed("") is None
    assert acc.feed('"city": "X"}') == Partial[Address](street="M", city="X")
    assert acc.feed("   ") is None


def test_a_number_shows_once_it_is_complete():
    class N(BaseModel):
        n: int
        m: int

    acc = PartialAccumulator(N)
    assert acc.feed('{"n": 12') == Partial[N]()
    assert acc.feed("3") is None
    assert acc.feed(",") == Partial[N](n=123)
    assert acc.feed('"m": 4') is None
    assert acc.feed("}") == Partial[N](n=123, m=4)


def test_prose_and_markdown_fences_are_skipped():
    acc = PartialAccumulator(Address)
    assert acc.feed("Sure, here it is:\n``") is None
    assert acc.feed("`json\n") is None
    snaps = _feed_all(acc, ['{"street": "a", ', '"city": "b"}', "\n```\nAnything else?"])
    assert snaps[-1] == Partial[Address](street="a", city="b")
    assert acc.finish() == Address(street="a", city="b")
    assert acc.json_text() == '{"street": "a", "city": "b"}'


def test_finish_raises_validation_error_for_incomplete_json():
    acc = PartialAccumulator(Address)
    acc.feed('{"street": "a", "ci')
    with pytest.raises(ValidationError):
        acc.finish()


def test_finish_raises_validation_error_when_nothing_arrived():
    acc = PartialAccumulator(Address)
    with pytest.raises(ValidationError):
        acc.finish()
    acc.feed("no json at all")
    with pytest.raises(ValidationError):
        acc.finish()


def test_malformed_json_stops_snapshots_and_finish_reports_it():
    acc = PartialAccumulator(Address)
    assert acc.feed('{"street": "a"') is not None
    assert acc.feed(' "city": "b"}') is None  # a missing comma
    assert acc.feed('{"street": "c"}') is None
    with pytest.raises(ValidationError, match="(?i)json"):
        acc.finish()


def test_finish_applies_validators_strict_and_context():
    seen = {}

    class M(BaseModel):
        n: int
        when: date

        @field_validator("n")
        @classmethod
        def look(cls, v, info: ValidationInfo):
            seen["context"] = info.context
            return v

    acc = PartialAccumulator(M, context={"k": 1}, strict=True)
    snaps = _feed_all(acc, ['{"n": "5", "when": "2024-01-02"}'])
    # Snapshots are lax: "5" shows as 5, the date string as a date.
    assert snaps[-1].n == 5 and snaps[-1].when == date(2024, 1, 2)
    assert seen == {}  # no user validator ran for the snapshot
    with pytest.raises(ValidationError, match="int"):
        acc.finish()

    lax = PartialAccumulator(M, context={"k": 1}, strict=False)
    _feed_all(lax, ['{"n": "5", "when": "2024-01-02"}'])
    assert lax.finish().n == 5
    assert seen["context"] == {"k": 1}


def test_accumulator_accepts_the_partial_class_too():
    acc = PartialAccumulator(Partial[Address])
    assert acc.model is Address
    acc.feed('{"street": "a", "city": "b"}')
    assert type(acc.finish()) is Address


def test_extra_forbid_models_stream():
    class Closed(BaseModel):
        model_config = ConfigDict(extra="forbid")
        a: int

    acc = PartialAccumulator(Closed)
    snaps = _feed_all(acc, ['{"a": 1, "b": 2', "}"])
    assert snaps[-1].a == 1
    with pytest.raises(ValidationError, match="Extra inputs"):
        acc.finish()


@st.composite
def _users(draw):
    street = draw(st.text(max_size=8))
    return {
        "name": draw(st.text(max_size=10)),
        "age": draw(st.integers(min_value=0, max_value=10**6)),
        "address": {"street": street, "city": draw(st.text(max_size=8))},
        "previous": draw(
            st.lists(
                st.fixed_dictionaries({"street": st.text(max_size=4), "city": st.text(max_size=4)}),
                max_size=3,
            )
        ),
        "role": draw(st.sampled_from(["admin", "user"])),
    }


@settings(max_examples=100, deadline=None, database=None)
@given(_users(), st.integers(min_value=1, max_value=7), st.booleans())
def test_any_chunking_streams_to_the_same_final_object(data, size, fenced):
    text = json.dumps(data, ensure_ascii=False)
    if fenced:
        text = f"```json\n{text}\n```"
    acc = PartialAccumulator(User)
    snaps = _feed_all(acc, [text[i:i + size] for i in range(0, len(text), size)])
    for before, after in itertools.pairwise(snaps):
        assert before != after
    final = acc.finish()
    assert final == User.model_validate(data)
    assert snaps[-1].model_dump() == Partial[User].model_validate(data).model_dump()


def test_a_model_that_cannot_be_built_raises_every_time():
    from pydantic import PydanticUndefinedAnnotation

    class Outer(BaseModel):
        inner: Address
        broken: NotDefinedAnywhere  # noqa: F821 - the point of the test

    for _ in range(2):
        with pytest.raises(PydanticUndefinedAnnotation):
            Partial[Outer]
