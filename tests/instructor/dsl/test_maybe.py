"""Maybe(Model)."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from instructor.dsl.maybe import Maybe, MaybeBase


class User(BaseModel):
    name: str
    age: int


def test_maybe_model_shape():
    MaybeUser = Maybe(User)
    assert MaybeUser.__name__ == "MaybeUser"
    assert issubclass(MaybeUser, MaybeBase)
    fields = MaybeUser.model_fields
    assert list(fields) == ["result", "error", "message"]
    assert fields["result"].default is None
    assert fields["error"].default is False
    assert fields["message"].default is None
    assert all(f.description for f in fields.values())
    assert "User" in fields["result"].description
    assert "User" in MaybeUser.__doc__


def test_maybe_validates_a_result_or_an_error():
    MaybeUser = Maybe(User)
    found = MaybeUser.model_validate_json('{"result": {"name": "a", "age": 3}}')
    assert found.result == User(name="a", age=3)
    assert found and not found.error
    missing = MaybeUser.model_validate_json(
        '{"result": null, "error": true, "message": "no user here"}'
    )
    assert not missing
    assert missing.error and missing.message == "no user here"
    assert not MaybeUser()


def test_result_is_nullable_in_the_schema():
    schema = Maybe(User).model_json_schema()
    variants = schema["properties"]["result"]["anyOf"]
    assert {"type": "null"} in variants
    assert not schema.get("required")


def test_maybe_is_cached():
    assert Maybe(User) is Maybe(User)

    class Other(BaseModel):
        x: int

    assert Maybe(Other) is not Maybe(User)


@pytest.mark.parametrize("bad", [int, "User", None])
def test_maybe_needs_a_model(bad):
    with pytest.raises(TypeError, match="BaseModel"):
        Maybe(bad)
