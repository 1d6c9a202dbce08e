"""The public names of instructor.dsl, and the examples in its docstrings."""

from __future__ import annotations

import doctest
import importlib

import pytest

import instructor.dsl

MODULES = [
    "instructor.dsl",
    "instructor.dsl._partial_json",
    "instructor.dsl._json_scanner",
    "instructor.dsl._models",
    "instructor.dsl.citation",
    "instructor.dsl.iterable",
    "instructor.dsl.maybe",
    "instructor.dsl.partial",
    "instructor.dsl.simple_type",
    "instructor.dsl.validators",
]


def test_all_lists_every_lazy_name_and_each_resolves():
    assert set(instructor.dsl.__all__) == set(instructor.dsl._LAZY)
    assert set(instructor.dsl.__all__) <= set(dir(instructor.dsl))
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
