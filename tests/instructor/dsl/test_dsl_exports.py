"""The public names of instructor.dsl, and the examples in its docstrings."""

from __future__ import annotations

import doctest
import importlib

import pytest

import instructor.dsl

MODULES = [
    "instructor.dsl",
    "instructor.dsl._partial_json",
    "instructor.dsl._models",
    "instructor.dsl.citation",
    "instructor.dsl.iterable",
    "instructor.dsl.maybe",
    "instructor.dsl.partial",
    "instructor.dsl.simple_type",
    "instructor.dsl.validators",
]


def test_all_lists_every_public_name_and_each_resolves():
    public = {n for n in vars(instructor.dsl) if not n.startswith("_")}
    submodules = {
        "citation", "iterable", "maybe", "partial", "simple_type", "validators",
    }
    assert set(instructor.dsl.__all__) == public - submodules
    for name in instructor.dsl.__all__:
        assert getattr(instructor.dsl, name) is not None


def test_1x_names_are_there():
    for name in ("Partial", "IterableModel", "Maybe", "CitationMixin", "is_simple_type",
                 "PartialLiteralMixin", "llm_validator", "openai_moderation"):
        assert name in instructor.dsl.__all__


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
