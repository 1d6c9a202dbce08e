"""Partial[Model] classes and PartialAccumulator."""

from __future__ import annotations

import itertools
import json
import threading
from datetime import date
from enum import Enum
from typing import Annotated, Literal, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from instructor.dsl.partial import (
    Partial,
    PartialAccumulator,
    PartialBase,
    PartialLiteralMixin,
    is_partial,
    partial_base,
)


class Address(BaseModel):
    street: str
    city: str


class Color(Enum):
    RED = "red"
    GREEN = "green"


class User(BaseModel):
    """A person."""

    name: str = Field(description="full name")
    age: int
    address: Address
    previous: list[Address] = []
    tags: dict[str, Address] = {}
    nickname: str | None = None
    role: Literal["admin", "user"] = "user"


# -- the class ------------------------------------------------------------------


def test_partial_is_cached_per_model_and_named_like_it():
    assert Partial[User] is Partial[User]
    assert Partial[User].__name__ == "User"
    assert Partial[User].__doc__ == "A person."
    assert Partial[User] is not User
    assert issubclass(Partial[User], PartialBase)


def test_every_field_is_optional_with_default_none_recursively():
    empty = Partial[User]()
    assert empty.model_dump() == {
        "name": None, "age": None, "address": None, "previous": None,
        "tags": None, "nickname": None, "role": None,
    }
    snap = Partial[User].model_validate(
        {"address": {"city": "Oslo"}, "previous": [{"street": "Main"}], "tags": {"h": {}}}
    )
    assert snap.address == Partial[Address](city="Oslo")
    assert isinstance(snap.address, Partial[Address])
    assert snap.previous[0].street == "Main" and snap.previous[0].city is None
    assert snap.tags["h"].street is None


def test_field_metadata_is_kept():
    field = Partial[User].model_fields["name"]
    assert field.description == "full name"
    assert field.default is None


def test_partial_of_a_partial_is_itself():
    assert Partial[Partial[User]] is Partial[User]


def test_markers():
    assert is_partial(Partial[User])
    assert not is_partial(User)
    assert not is_partial(PartialBase)
    assert not is_partial(int)
    assert not is_partial("User")
    assert partial_base(Partial[User]) is User
    assert partial_base(Partial[Address]) is Address
    with pytest.raises(TypeError):
        partial_base(User)


@pytest.mark.parametrize("bad", [int, "User", 3, list[User], User | None])
def test_partial_of_a_non_model_is_a_type_error(bad):
    with pytest.raises(TypeError, match="pydantic BaseModel"):
        Partial[bad]


def test_partial_cannot_be_instantiated_directly():
    with pytest.raises(TypeError):
        Partial()


def test_partial_of_a_typevar_stays_generic():
    T = TypeVar("T", bound=BaseModel)
    alias = Partial[T]
    assert alias.__origin__ is Partial


def test_aliases_are_read():
    class M(BaseModel):
        model_config = ConfigDict(populate_by_name=True)
        user_name: str = Field(alias="userName")

    P = Partial[M]
    assert P.model_validate({"userName": "a"}).user_name == "a"
    assert P.model_validate({"user_name": "b"}).user_name == "b"


def test_alias_generators_are_honoured():
    from pydantic.alias_generators import to_camel

    class M(BaseModel):
        model_config = ConfigDict(alias_generator=to_camel)
        first_name: str

    assert Partial[M].model_validate_json('{"firstName": "x"}').first_name == "x"


def test_unions_of_models_and_scalars():
    class Cat(BaseModel):
        meow: str

    class Dog(BaseModel):
        bark: str

    class Pet(BaseModel):
        pet: Cat | Dog
        size: int | str

    snap = Partial[Pet].model_validate({"pet": {"bark": "wo"}, "size": "big"})
    assert snap.pet.bark == "wo"
    assert snap.size == "big"


def test_nested_containers_of_models():
    class Deep(BaseModel):
        grid: list[list[Address]]
        maybe: list[Address] | None
        pairs: tuple[Address, ...]
        unique: frozenset[int]

    snap = Partial[Deep].model_validate(
        {"grid": [[{"city": "a"}]], "maybe": [{"street": "s"}], "pairs": [{}], "unique": [1]}
    )
    assert snap.grid[0][0].city == "a"
    assert snap.maybe[0].street == "s"
    assert snap.pairs[0].city is None
    assert snap.unique == frozenset({1})


def test_self_referencing_models():
    class Node(BaseModel):
        name: str
        children: list[Node] = []

    Node.model_rebuild()
    snap = Partial[Node].model_validate({"name": "r", "children": [{"children": [{"name": "x"}]}]})
    assert snap.children[0].name is None
    assert snap.children[0].children[0].name == "x"
    assert isinstance(snap.children[0], Partial[Node])


def test_mutually_referencing_models():
    class A(BaseModel):
        b: B | None = None
        x: int

    class B(BaseModel):
        a: list[A]

    A.model_rebuild()
    snap = Partial[A].model_validate({"b": {"a": [{"x": 1, "b": {"a": []}}]}})
    assert snap.x is None
    assert snap.b.a[0].x == 1
    assert snap.b.a[0].b.a == []
    assert Partial[B].model_fields["a"] is not None


def test_partial_classes_are_built_once_under_concurrency():
    class Fresh(BaseModel):
        a: int
        inner: Address

    results = []
    barrier = threading.Barrier(8)

    def build():
        barrier.wait()
        results.append(Partial[Fresh])

    threads = [threading.Thread(target=build) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8 and all(r is results[0] for r in results)


# -- leniency -----------------------------------------------------------------


class Profile(BaseModel, PartialLiteralMixin):
    role: Literal["admin", "guest"]
    color: Color
    born: date
    roles: list[Literal["admin", "guest"]]
    colors: dict[str, Color]


def test_values_that_do_not_validate_yet_are_none():
    snap = Partial[Profile].model_validate_json(
        '{"role": "adm", "color": "gre", "born": "2024-0", '
        '"roles": ["admin", "gu"], "colors": {"a": "red", "b": "r"}}'
    )
    assert snap.role is None
    assert snap.color is None
    assert snap.born is None
    assert snap.roles == ["admin", None]
    assert snap.colors == {"a": Color.RED, "b": None}


def test_the_mixin_is_not_needed():
    class NoMixin(BaseModel):
        role: Literal["admin", "guest"]

    assert Partial[NoMixin].model_validate({"role": "ad"}).role is None
    assert Partial[NoMixin].model_validate({"role": "admin"}).role == "admin"


def test_constraints_and_validators_do_not_run_on_partials():
    calls = []

    def record(value):
        calls.append(value)
        return value

    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid", strict=True)
        code: str = Field(min_length=5)
        n: Annotated[int, AfterValidator(record)]

        @field_validator("code")
        @classmethod
        def upper(cls, v):
            calls.append(v)
            return v.upper()

        @model_validator(mode="after")
        def check(self):
            calls.append("model")
            return self

    snap = Partial[Strict].model_validate({"code": "ab", "n": 1, "unexpected": 1})
    assert snap.code == "ab" and snap.n == 1
    assert calls == []


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
