"""Simple response types and response-model checks."""

from __future__ import annotations

import collections.abc
import datetime
import enum
import typing
from collections.abc import Iterable
from typing import Annotated, Any, Literal, Optional, Union

import pytest
from pydantic import BaseModel, Field, ValidationError

from instructor.dsl.partial import Partial
from instructor.dsl.simple_type import (
    check_response_model,
    is_simple_type,
    is_valid_response_model,
    simple_model,
)


class User(BaseModel):
    name: str


class Color(enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    LOW = 1


SIMPLE = [
    str, int, float, bool, bytes, datetime.date, Color, Level,
    Literal["a", "b"], list[int], list[User], list[str], dict, dict[str, int],
    Union[int, str], int | str, Optional[int], Union[User, int],  # noqa: UP007, UP045
    Annotated[int, Field(gt=0)], tuple[int, str], set[str], Any,
]
NOT_SIMPLE = [User, Partial[User], Iterable[User], collections.abc.Iterable[int],
              Iterable, None, type(None), 5, "str", object()]


@pytest.mark.parametrize("tp", SIMPLE, ids=repr)
def test_simple_types(tp):
    assert is_simple_type(tp)


@pytest.mark.parametrize("tp", NOT_SIMPLE, ids=repr)
def test_not_simple_types(tp):
    assert not is_simple_type(tp)


@pytest.mark.parametrize(
    ("tp", "json_text", "expected"),
    [
        (int, '{"content": 3}', 3),
        (Literal["a", "b"], '{"content": "b"}', "b"),
        (list[int], '{"content": [1, 2]}', [1, 2]),
        (Color, '{"content": "red"}', Color.RED),
        (int | str, '{"content": "x"}', "x"),
        (dict[str, User], '{"content": {"k": {"name": "n"}}}', {"k": User(name="n")}),
    ],
)
def test_simple_model_wraps_the_value_in_content(tp, json_text, expected):
    Wrapper = simple_model(tp)
    assert Wrapper.__name__ == "Response"
    assert list(Wrapper.model_fields) == ["content"]
    assert Wrapper.model_fields["content"].is_required()
    assert Wrapper.model_validate_json(json_text).content == expected


def test_simple_model_is_cached():
    assert simple_model(int) is simple_model(int)
    assert simple_model(list[int]) is simple_model(list[int])
    assert simple_model(int) is not simple_model(str)


def test_annotated_field_keeps_its_description_and_constraints():
    Wrapper = simple_model(Annotated[int, Field(description="how many", gt=0)])
    assert Wrapper.model_fields["content"].description == "how many"
    with pytest.raises(ValidationError, match="greater than 0"):
        Wrapper.model_validate({"content": 0})
    assert simple_model(int).model_fields["content"].description


def test_unhashable_annotations_are_cached_by_identity():
    tp = Annotated[int, {"note": "a dict is not hashable"}]
    with pytest.raises(TypeError):
        hash(tp)
    Wrapper = simple_model(tp)
    assert simple_model(tp) is Wrapper
    assert Wrapper.model_validate({"content": 2}).content == 2


def test_simple_model_schema_shows_the_type():
    schema = simple_model(list[int]).model_json_schema()
    assert schema["properties"]["content"]["type"] == "array"
    assert schema["required"] == ["content"]


@pytest.mark.parametrize(
    "tp", [None, User, Partial[User], Iterable[User], Iterable[User | int], int, list[User]],
    ids=repr,
)
def test_usable_response_models_pass_the_check(tp):
    check_response_model(tp)
    assert is_valid_response_model(tp)


class NotPydantic:
    pass


@pytest.mark.parametrize(
    ("tp", "message"),
    [
        (5, "must be a type"),
        ("User", "got the str 'User'"),
        (object(), "must be a type"),
        (Iterable, "needs an item type"),
        (typing.Iterable, "needs an item type"),
        (type(None), "NoneType"),
        (NotPydantic, "pydantic can validate"),
        (list[NotPydantic], "pydantic can validate"),
        (Iterable[NotPydantic], "unusable item type"),
    ],
    ids=repr,
)
def test_unusable_response_models_raise_type_error(tp, message):
    with pytest.raises(TypeError, match=message):
        check_response_model(tp)
    assert not is_valid_response_model(tp)
