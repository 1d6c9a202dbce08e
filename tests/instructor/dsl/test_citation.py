"""CitationMixin and the quote search behind it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict

from instructor.dsl.citation import CitationMixin, _best_match_end, find_quote

SOURCE = "Betty was a student. Jason was a student. Jason is 20 years old."


class User(CitationMixin, BaseModel):
    name: str


def _quotes(quotes, context=SOURCE):
    kwargs = {} if context is None else {"context": {"context": context}}
    return User.model_validate({"name": "Jason", "substring_quotes": quotes}, **kwargs).substring_quotes


def test_the_mixin_adds_a_described_required_field():
    field = User.model_fields["substring_quotes"]
    assert field.is_required()
    assert field.description
    assert "substring_quotes" in User.model_json_schema()["required"]


def test_exact_quotes_are_kept():
    assert _quotes(["Jason was a student", "Jason is 20 years old"]) == [
        "Jason was a student", "Jason is 20 years old"
    ]


def test_close_quotes_are_replaced_by_the_source_span():
    assert _quotes(["jason IS 20 years old"]) == ["Jason is 20 years old"]
    assert _quotes(["Jason is 20 yeras old"]) == ["Jason is 20 years old"]
    assert _quotes(["  Jason was a studnt  "]) == ["Jason was a student"]


def test_quotes_not_in_the_source_are_dropped():
    assert _quotes(["Jason is 30 years old and tall", "Betty was a student", "Betty"]) == [
        "Betty was a student", "Betty"
    ]
    assert _quotes(["Jasn"]) == []  # short quotes must match exactly
    assert _quotes(["", "   "]) == []


def test_without_context_quotes_are_kept_as_given():
    assert _quotes(["made up"], context=None) == ["made up"]
    other = User.model_validate(
        {"name": "J", "substring_quotes": ["made up"]}, context={"other": 1}
    )
    assert other.substring_quotes == ["made up"]


def test_a_list_of_sources_is_searched_one_by_one():
    sources = ["The sky is blue.", "Grass is green and soft."]
    assert _quotes(["grass is green", "sky is blue", "sea is red"], context=sources) == [
        "Grass is green", "sky is blue"
    ]


def test_frozen_and_validate_assignment_models_work():
    class Frozen(CitationMixin, BaseModel):
        model_config = ConfigDict(frozen=True, validate_assignment=True)
        x: int

    got = Frozen.model_validate(
        {"x": 1, "substring_quotes": ["betty was a student", "nope nope nope"]},
        context={"context": SOURCE},
    )
    assert got.substring_quotes == ["Betty was a student"]


def test_find_quote_spans():
    assert find_quote("was a student", SOURCE) == (6, 19)
    assert find_quote("JASON IS", SOURCE) == (42, 50)
    start, end = find_quote("Jason is 20 yeers old", SOURCE)
    assert SOURCE[start:end] == "Jason is 20 years old"
    assert find_quote("nothing like it", SOURCE) is None
    assert find_quote("abc", "xabx", max_errors=1) == (1, 3)
    assert find_quote("abc", "xabx", max_errors=0) is None


def test_case_folding_that_changes_lengths_falls_back_to_exact_offsets():
    source = "İstanbul is large; Ankara is the capital city"
    start, end = find_quote("Ankara is the capitol city", source)
    assert source[start:end] == "Ankara is the capital city"


def _edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _best_substring_distance(pattern: str, text: str) -> int:
    return min(
        _edit_distance(pattern, text[i:j])
        for i in range(len(text) + 1)
        for j in range(i, len(text) + 1)
    )


_alphabet = st.text(alphabet="abcd", min_size=1, max_size=7)


@settings(max_examples=300, deadline=None, database=None)
@given(_alphabet, st.text(alphabet="abcd", max_size=12))
def test_bit_parallel_search_matches_the_textbook_definition(pattern, text):
    distance, end = _best_match_end(pattern, text)
    assert distance == _best_substring_distance(pattern, text)
    assert _edit_distance(pattern, text[:end]) >= distance  # end is a real end


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(alphabet="abcd ", min_size=10, max_size=20), st.text(alphabet="abcd ", max_size=30))
def test_find_quote_returns_a_span_within_the_allowance(quote, source):
    span = find_quote(quote, source)
    stripped = quote.strip()
    if stripped and stripped in source:
        assert source[span[0]:span[1]] == stripped
    elif span is not None:
        found = source[span[0]:span[1]].lower()
        assert _edit_distance(stripped.lower(), found) <= len(stripped) // 10
