"""The models the Partial[Model] and PartialAccumulator tests share."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Address(BaseModel):
    street: str
    city: str


class User(BaseModel):
    """A person."""

    name: str = Field(description="full name")
    age: int
    address: Address
    previous: list[Address] = []
    tags: dict[str, Address] = {}
    nickname: str | None = None
    role: Literal["admin", "user"] = "user"
