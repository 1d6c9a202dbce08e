"""JsonPrefixScanner fed in pieces, against a plain character-by-character reference."""

from __future__ import annotations

import json

import pytest
from _streaming_oracle import Malformed, reference_completion
from hypothesis import given, settings
from hypothesis import strategies as st

from instructor.dsl._json_scanner import MULTI, STOP, JsonPrefixScanner

_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8)
_scalars = (
    st.none() | st.booleans() | st.integers(-(10**25), 10**25)
    | st.floats(allow_nan=True, allow_infinity=True) | _text
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=20,
)
_containers = st.one_of(st.lists(_values, max_size=4), st.dictionaries(_text, _values, max_size=4))
_dumps = st.fixed_dictionaries({
    "ensure_ascii": st.booleans(),
    "indent": st.sampled_from([None, 0, 2]),
    "separators": st.sampled_from([None, (",", ":"), (", ", ": ")]),
})


def _one_shot(text: str) -> str | None:
    scanner = JsonPrefixScanner(STOP)
    try:
        scanner.feed(text)
    except json.JSONDecodeError:
        return "malformed"
    return scanner.completion_text()


def _reference(text: str) -> str | None:
    try:
        return reference_completion(text)
    except Malformed:
        return "malformed"


def _corrupt(text: str, data) -> str:
    """``text`` with a character put in, taken out or changed somewhere."""
    if len(text) < 2:
        return text
    at = data.draw(st.integers(1, len(text) - 1))  # the reference wants { or [ first
    char = data.draw(st.sampled_from(list('{}[]:,"\\ ux0-1.eEtfnNI\ud83d')))
    how = data.draw(st.sampled_from(["insert", "delete", "replace"]))
    if how == "insert":
        return text[:at] + char + text[at:]
    if how == "delete":
        return text[:at] + text[at + 1:]
    return text[:at] + char + text[at + 1:]


@settings(max_examples=300, deadline=None, database=None)
@given(_containers, _dumps, st.data())
def test_every_prefix_completes_as_the_reference_says(value, options, data):
    text = json.dumps(value, **options)
    if data.draw(st.booleans()):
        text = _corrupt(text, data)
    for end in range(len(text) + 1):
        assert _one_shot(text[:end]) == _reference(text[:end]), text[:end]


@settings(max_examples=200, deadline=None, database=None)
@given(_containers, _dumps, st.data())
def test_pieces_give_what_the_whole_prefix_gives(value, options, data):
    text = json.dumps(value, **options)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=30)))
    scanner = JsonPrefixScanner(STOP)
    scanner.keep = data.draw(st.sampled_from([0, len(text) // 2, 1 << 40]))
    start, last_key, last_text = 0, None, None
    for cut in [*cuts, len(text)]:
        scanner.feed(text[start:cut])
        start = cut
        completion = scanner.completion_text()
        assert completion == _reference(text[:cut])
        key = scanner.completion_key()
        if key is not None and key == last_key:
            assert completion == last_text  # equal keys, equal completions
        last_key, last_text = key, completion
    assert scanner.text == text
    assert json.loads(scanner.completion_text(), strict=False) == json.loads(text)


@pytest.mark.parametrize("text", [
    '{"s": "\\ud83d\\ude00 and \\u00e9\\n"}',
    '{"n": [-12.5e+10, 0, 1E3, -0.0], "w": [true, false, null, NaN, -Infinity]}',
    '{"k\\"e\\\\y": {"": [[], {}, [{}]]}}',
])
def test_one_character_at_a_time_at_every_step(text):
    scanner = JsonPrefixScanner(STOP)
    for end, char in enumerate(text, 1):
        scanner.feed(char)
        assert scanner.completion_text() == _reference(text[:end])


def test_the_window_stays_small_on_a_long_stream():
    item = '{"name": "caf\\u00e9 item", "values": [1, 2.5, true, null], "more": {"a": "b"}}'
    text = "[" + ", ".join([item] * 3000) + "]"
    scanner = JsonPrefixScanner(STOP)
    scanner.keep = 1 << 40  # this consumer never reads old spans
    biggest = 0
    for i in range(0, len(text), 40):
        scanner.feed(text[i:i + 40])
        biggest = max(biggest, len(scanner._buf))
    assert scanner.complete
    assert biggest < 20_000 < len(text) // 10
    # Old text is still there, read from the whole.
    assert scanner.text == text
    assert scanner.slice(1, 1 + len(item)) == item


def test_a_consumer_can_ask_for_old_text_back():
    text = '{"a": "' + "x" * 30_000 + '", "b": [1, 2, 3]}'
    scanner = JsonPrefixScanner(STOP)
    scanner.keep = 1 << 40
    for i in range(0, 20_000, 50):
        scanner.feed(text[i:i + 50])
    scanner.keep = 0
    scanner.feed(text[20_000:20_050])
    assert scanner._base == 0  # the window reaches back to the start again
    for i in range(20_050, len(text), 50):
        scanner.feed(text[i:i + 50])
    assert scanner.slice(0, len(text)) == text


def test_the_keep_position_is_honoured_by_the_window():
    text = "[" + ", ".join(['"' + "y" * 100 + '"'] * 500) + "]"
    scanner = JsonPrefixScanner(STOP)
    scanner.keep = 5_000
    for i in range(0, len(text), 30):
        scanner.feed(text[i:i + 30])
        assert scanner._base <= 5_000
    assert scanner._base > 0


def test_openings_are_reported_with_their_depth_and_character():
    events = []
    scanner = JsonPrefixScanner(MULTI, on_open=lambda s, d, c: events.append((s, d, c)))
    for piece in ['{"a": [', '1, {"b": {}}], "c": [[]]}', ' [{}]']:
        scanner.feed(piece)
    assert events == [(0, 0, "{"), (6, 1, "["), (10, 2, "{"), (16, 3, "{"), (27, 1, "["),
                      (28, 2, "["), (33, 0, "["), (34, 1, "{")]


def test_an_open_string_is_reported_as_far_as_it_is_known():
    scanner = JsonPrefixScanner(STOP)
    scanner.feed('{"a": "x\\u00e9\\ud83d')
    start, end = scanner.open_string()
    assert scanner.slice(start, end) + '"' == '"x\\u00e9"'
    scanner.feed('\\ude00"')
    assert scanner.open_string() is None
