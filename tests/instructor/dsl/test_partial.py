"""Partial[Model] classes: how they are built, and how leniently they validate
(PartialAccumulator: test_partial_accumulator)."""

from __future__ import annotations

import threading
from datetime import date
from enum import Enum
from typing import Annotated, Literal, TypeVar

import pytest
from _partial_models import Address, User
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from instructor.dsl.partial import (
    Partial,
    PartialBase,
    PartialLiteralMixin,
    is_partial,
    partial_base,
)


class Color(Enum):
    RED = "red"
    GREEN = "green"


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
