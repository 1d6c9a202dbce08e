"""IterableModel, Iterable[...] detection and IterableAccumulator."""

from __future__ import annotations

import collections.abc
import json
import typing
from collections.abc import Iterable
from typing import Union

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError, ValidationInfo, field_validator

from instructor.dsl.iterable import (
    IterableAccumulator,
    IterableModel,
    is_iterable,
    is_iterable_model,
    iterable_element,
)
from instructor.exceptions import ResponseParsingError


class User(BaseModel):
    name: str
    age: int = 0


class Task(BaseModel):
    title: str
    tags: list[str] = []
    meta: dict[str, list[int]] = {}


class Cat(BaseModel):
    meow: str


class Dog(BaseModel):
    bark: str


# -- IterableModel ---------------------------------------------------------------


def test_iterable_model_has_a_tasks_list_and_a_1x_name():
    Users = IterableModel(User)
    assert Users.__name__ == "IterableUser"
    assert list(Users.model_fields) == ["tasks"]
    assert Users.model_fields["tasks"].annotation == list[User]
    assert "User" in Users.model_fields["tasks"].description
    assert "User" in Users.__doc__
    assert Users().tasks == []
    parsed = Users.model_validate_json('{"tasks": [{"name": "a"}, {"name": "b"}]}')
    assert parsed.tasks == [User(name="a"), User(name="b")]


def test_iterable_model_is_an_openai_schema_like_1x():
    from instructor.function_calls import OpenAISchema

    Users = IterableModel(User)
    assert issubclass(Users, OpenAISchema)
    schema = Users.openai_schema
    assert schema["name"] == "IterableUser"
    assert schema["description"] == " ".join(Users.__doc__.split())
    assert schema["parameters"]["required"] == []


def test_iterable_model_is_cached_per_arguments():
    assert IterableModel(User) is IterableModel(User)
    assert IterableModel(User, name="People") is IterableModel(User, name="People")
    assert IterableModel(User, name="People") is not IterableModel(User)
    assert IterableModel(User, description="d") is not IterableModel(User)


def test_name_and_description_arguments():
    People = IterableModel(User, name="People", description="All the people.")
    assert People.__name__ == "People"
    assert People.__doc__ == "All the people."
    assert People.model_json_schema()["description"] == "All the people."


def test_union_elements():
    Pets = IterableModel(Union[Cat, Dog])  # noqa: UP007 - the typing spelling
    assert Pets.__name__ == "IterableCatOrDog"
    parsed = Pets.model_validate({"tasks": [{"meow": "m"}, {"bark": "b"}]})
    assert parsed.tasks == [Cat(meow="m"), Dog(bark="b")]
    assert IterableModel(Cat | Dog).__name__ == "IterableCatOrDog"


def test_iterable_detection():
    assert is_iterable(Iterable[User])
    assert is_iterable(typing.Iterable[User])
    assert is_iterable(collections.abc.Iterable[User])
    assert is_iterable(Iterable[Cat | Dog])
    assert not is_iterable(Iterable)
    assert not is_iterable(list[User])
    assert not is_iterable(User)
    assert not is_iterable(IterableModel(User))
    assert not is_iterable(None)


def test_iterable_element():
    assert iterable_element(Iterable[User]) is User
    assert iterable_element(collections.abc.Iterable[int]) is int
    assert iterable_element(Iterable[Cat | Dog]) == Cat | Dog
    assert iterable_element(IterableModel(User)) is User
    with pytest.raises(TypeError):
        iterable_element(list[User])


def test_is_iterable_model():
    assert is_iterable_model(IterableModel(User))
    assert not is_iterable_model(User)
    assert not is_iterable_model(Iterable[User])


# -- the accumulator --------------------------------------------------------------


def _stream(acc, text, size=1):
    out = []
    for i in range(0, len(text), size):
        out.extend(acc.feed(text[i:i + size]))
    out.extend(acc.finish())
    return out


USERS = [{"name": "a", "age": 1}, {"name": "b", "age": 2}, {"name": "c"}]
EXPECTED = [User.model_validate(u) for u in USERS]


@pytest.mark.parametrize(
    "text",
    [
        json.dumps({"tasks": USERS}),
        json.dumps({"tasks": USERS}, indent=2),
        json.dumps(USERS),
        "\n".join(json.dumps(u) for u in USERS),
        "".join(json.dumps(u) for u in USERS),
        ", ".join(json.dumps(u) for u in USERS),
        "```json\n" + json.dumps({"tasks": USERS}) + "\n```",
        "Here are the users:\n```json\n" + json.dumps(USERS) + "\n```\nDone.",
        "Users: " + json.dumps(USERS),
    ],
    ids=["wrapper", "wrapper-indented", "array", "lines", "concatenated", "commas",
         "fenced", "prose-and-fence", "prose"],
)
@pytest.mark.parametrize("size", [1, 4, 1000])
def test_every_accepted_shape_yields_the_items(text, size):
    assert _stream(IterableAccumulator(User), text, size) == EXPECTED


def test_each_item_comes_as_soon_as_it_is_complete():
    acc = IterableAccumulator(User)
    assert acc.feed('{"tasks": [{"name": "a"') == []
    assert acc.feed("}") == [User(name="a")]
    assert acc.feed(', {"name": "b"}, {"name": "c"}, {"na') == [User(name="b"), User(name="c")]
    assert acc.feed('me": "d"}]}') == [User(name="d")]
    assert acc.finish() == []


def test_nested_arrays_and_objects_inside_items_are_not_items():
    tasks = [
        {"title": "x", "tags": ["a", "b"], "meta": {"k": [1, 2]}},
        {"title": "y", "meta": {"tasks": [3]}},
    ]
    for text in (json.dumps({"tasks": tasks}), json.dumps(tasks)):
        got = _stream(IterableAccumulator(Task), text)
        assert got == [Task.model_validate(t) for t in tasks]


def test_other_keys_of_the_wrapper_are_ignored():
    text = '{"tasks": [{"name": "a"}], "notes": [{"name": "not an item"}], "n": 1}'
    assert _stream(IterableAccumulator(User), text) == [User(name="a")]
    text = '{"tasks": [], "extra": [{"name": "x"}]}'
    assert _stream(IterableAccumulator(User), text) == []


def test_an_object_whose_tasks_key_is_not_a_list_is_an_item():
    class Job(BaseModel):
        tasks: str

    text = '{"tasks": "wash"}\n{"tasks": "dry"}'
    assert _stream(IterableAccumulator(Job), text) == [Job(tasks="wash"), Job(tasks="dry")]

    class Nested(BaseModel):
        tasks: dict[str, list[int]]

    text = '{"tasks": {"a": [1]}}'
    assert _stream(IterableAccumulator(Nested), text) == [Nested(tasks={"a": [1]})]


def test_union_items_and_scalar_items():
    text = json.dumps({"tasks": [{"meow": "m"}, {"bark": "b"}]})
    assert _stream(IterableAccumulator(Cat | Dog), text) == [Cat(meow="m"), Dog(bark="b")]
    assert _stream(IterableAccumulator(int), "[1, 2, 3]") == [1, 2, 3]


def test_an_invalid_item_raises_pydantic_validation_error():
    acc = IterableAccumulator(User)
    assert acc.feed('[{"name": "a"}, ') == [User(name="a")]
    with pytest.raises(ValidationError):
        acc.feed('{"age": 3}')


def test_strict_and_context_reach_item_validation():
    seen = []

    class M(BaseModel):
        n: int

        @field_validator("n")
        @classmethod
        def look(cls, v, info: ValidationInfo):
            seen.append(info.context)
            return v

    got = _stream(IterableAccumulator(M, context={"c": 1}), '[{"n": "2"}]')
    assert seen == [{"c": 1}]
    assert [m.n for m in got] == [2]
    with pytest.raises(ValidationError):
        _stream(IterableAccumulator(M, strict=True), '[{"n": "2"}]')


def test_finish_raises_when_the_json_ended_early():
    acc = IterableAccumulator(User)
    assert acc.feed('{"tasks": [{"name": "a"}, {"name"') == [User(name="a")]
    with pytest.raises(ResponseParsingError, match="before it was complete"):
        acc.finish()


def test_finish_raises_when_there_was_no_json():
    acc = IterableAccumulator(User)
    assert acc.feed("I cannot help with that.") == []
    with pytest.raises(ResponseParsingError, match="no JSON") as info:
        acc.finish()
    assert info.value.raw_response == "I cannot help with that."
    assert isinstance(info.value, ValueError)


def test_malformed_json_raises_after_the_items_before_it():
    acc = IterableAccumulator(User)
    assert acc.feed('[{"name": "a"}, {"name": "b"} {"name": "c"}]') == [
        User(name="a"), User(name="b")
    ]
    with pytest.raises(ResponseParsingError, match="malformed") as info:
        acc.feed("more")
    assert isinstance(info.value.__cause__, json.JSONDecodeError)
    with pytest.raises(ResponseParsingError):
        acc.finish()


def test_malformed_json_with_no_items_raises_at_once():
    acc = IterableAccumulator(User)
    with pytest.raises(ResponseParsingError):
        acc.feed('{"tasks" [')


def test_empty_deltas_are_ignored():
    acc = IterableAccumulator(User)
    assert acc.feed("") == []
    assert acc.feed('[{"name": "a"}]') == [User(name="a")]
    assert acc.feed("") == []
    assert acc.finish() == []


@settings(max_examples=100, deadline=None, database=None)
@given(
    st.lists(
        st.fixed_dictionaries({"name": st.text(max_size=8), "age": st.integers(0, 10**9)}),
        max_size=6,
    ),
    st.sampled_from(["wrapper", "array", "lines"]),
    st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=30),
)
def test_any_chunking_yields_every_item_once_in_order(users, shape, sizes):
    if shape == "wrapper":
        text = json.dumps({"tasks": users})
    elif shape == "array":
        text = json.dumps(users)
    else:
        if not users:
            return
        text = "\n".join(json.dumps(u) for u in users)
    acc = IterableAccumulator(User)
    got, pos, i = [], 0, 0
    while pos < len(text):
        size = sizes[i % len(sizes)]
        got.extend(acc.feed(text[pos:pos + size]))
        pos += size
        i += 1
    got.extend(acc.finish())
    assert got == [User.model_validate(u) for u in users]


@pytest.mark.parametrize("shape", ["wrapper", "array", "lines", "other-keys"])
def test_a_long_stream_is_read_through_a_small_window(shape):
    users = [{"name": f"user {i} " + "x" * (i % 50), "age": i} for i in range(2000)]
    if shape == "wrapper":
        text = json.dumps({"tasks": users, "after": ["b"] * 9000})
    elif shape == "array":
        text = json.dumps(users)
    elif shape == "lines":
        text = "\n".join(json.dumps(u) for u in users)
    else:  # values after the items, in other keys, are not kept either
        text = json.dumps({"tasks": users[:2], "more": [1] * 12_000, "last": {"a": [2] * 9000}})
        users = users[:2]
    acc = IterableAccumulator(User)
    got, widest = [], 0
    for i in range(0, len(text), 37):
        got.extend(acc.feed(text[i:i + 37]))
        widest = max(widest, len(acc._scanner._buf))
    got.extend(acc.finish())
    assert got == [User.model_validate(u) for u in users]
    assert widest < 20_000 < len(text)  # the window holds an item, not the stream
