"""parse_partial_json, JsonPrefixScanner and find_json_start."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from instructor.dsl._partial_json import (
    ERROR,
    MULTI,
    STOP,
    JsonPrefixScanner,
    find_json_start,
    parse_partial_json,
)

# -- examples -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("   \n", None),
        ("{", {}),
        ('{"', {}),
        ('{"na', {}),
        ('{"name"', {}),
        ('{"name":', {}),
        ('{"name": ', {}),
        ('{"name": "', {"name": ""}),
        ('{"name": "Ja', {"name": "Ja"}),
        ('{"name": "Jason"', {"name": "Jason"}),
        ('{"name": "Jason",', {"name": "Jason"}),
        ('{"name": "Jason", "age": 2', {"name": "Jason"}),
        ('{"name": "Jason", "age": 25', {"name": "Jason"}),
        ('{"name": "Jason", "age": 25 ', {"name": "Jason", "age": 25}),
        ('{"name": "Jason", "age": 25}', {"name": "Jason", "age": 25}),
        ('{"a": [', {"a": []}),
        ('{"a": [1, 2', {"a": [1]}),
        ('{"a": [1, 2,', {"a": [1, 2]}),
        ('{"a": {"b": {"c": "d', {"a": {"b": {"c": "d"}}}),
        ('{"a": [{"b": 1}, {"b"', {"a": [{"b": 1}, {}]}),
        ('[tr', []),
        ("[true", [True]),
        ("[false, nul", [False]),
        ("[null", [None]),
        ('["a", "b', ["a", "b"]),
        ('{"ok": fals', {}),
        ('"abc', "abc"),
        ("12", 12),
        ("-", None),
        ("-1", -1),
        ("1.", 1),
        ("1.5e", 1.5),
        ("1.5e+", 1.5),
        ("1.5e+3", 1500.0),
        ("tru", None),
        ("true", True),
        ("null", None),
        ("[1.25e-3, 4", [0.00125]),
        ("[-0, 0.0", [0]),
    ],
)
def test_prefixes_parse_to_what_is_known(text, expected):
    assert parse_partial_json(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"a\\', "a"),  # escape not finished
        ('"a\\n', "a\n"),
        ('"a\\u', "a"),
        ('"a\\u00', "a"),
        ('"a\\u00e9', "aé"),
        ('"\\ud83d', ""),  # high surrogate whose low half may follow
        ('"\\ud83d\\u', ""),
        ('"\\ud83d\\ude00', "\U0001F600"),
        ('"\\ud83dx', "\ud83dx"),  # lone surrogate, as json.loads reads it
        ('"\\\\ud83d', "\\ud83d"),  # an escaped backslash, not an escape
        ('"say \\"hi', 'say "hi'),
        ('"tab\there', "tab\there"),  # raw control character kept
    ],
)
def test_string_escapes_are_never_cut_in_half(text, expected):
    assert parse_partial_json(text) == expected


@pytest.mark.parametrize(
    "text",
    ["NaN", "Infinity", "-Infinity", "[NaN, Infinity, -Infinity]"],
)
def test_python_json_extensions_are_read_like_json_loads(text):
    assert repr(parse_partial_json(text)) == repr(json.loads(text))


def test_partial_non_finite_words_are_left_out():
    assert parse_partial_json("[1, -Inf") == [1]
    assert parse_partial_json("[Na") == []
    assert parse_partial_json("-I") is None


@pytest.mark.parametrize(
    "text",
    [
        "x",
        "{a",
        '{"a" 1',
        '{"a": 1 "b"',
        "[1,]",
        "[1 2]",
        '{"a": 1,}',
        "{,",
        "]",
        "}",
        "01",
        "[01]",
        "1.x",
        "[1.]",
        "[1e]",
        "-x",
        "[trux",
        "[nulls]",
        '"\\x"',
        '"\\u12G4"',
        '"\\u1G',
        '{"a": 1}}',
        '{"a": 1} {"b": 2}',
        "[1] x",
    ],
)
def test_text_that_cannot_begin_a_json_document_raises(text):
    with pytest.raises(json.JSONDecodeError):
        parse_partial_json(text)


def test_errors_point_at_the_offending_character():
    with pytest.raises(json.JSONDecodeError) as info:
        parse_partial_json('{"a": 1, "b" 2}')
    assert info.value.pos == 13


def test_complete_documents_with_surrounding_whitespace():
    assert parse_partial_json('  \n{"a": [1, 2]}\n  ') == {"a": [1, 2]}


# -- properties ------------------------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
_json_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=15,
)
_dump_options = st.fixed_dictionaries(
    {
        "indent": st.sampled_from([None, 0, 2]),
        "ensure_ascii": st.booleans(),
        "separators": st.sampled_from([None, (",", ":"), (" , ", " : ")]),
    }
)


def _dump(value, options):
    if options["indent"] is not None and options["separators"] == (" , ", " : "):
        options = {**options, "separators": None}
    return json.dumps(value, **options)


def _heads_toward(partial, final) -> bool:
    """Whether ``partial`` is a plausible earlier view of ``final``."""
    if isinstance(final, dict):
        return isinstance(partial, dict) and all(
            key in final and _heads_toward(value, final[key])
            for key, value in partial.items()
        )
    if isinstance(final, list):
        return (
            isinstance(partial, list)
            and len(partial) <= len(final)
            and all(_heads_toward(p, f) for p, f in zip(partial, final))
        )
    if isinstance(final, str):
        return isinstance(partial, str) and final.startswith(partial)
    return partial == final and type(partial) is type(final)


@settings(max_examples=300, deadline=None, database=None)
@given(_json_values, _dump_options)
def test_every_prefix_parses_and_the_whole_text_parses_like_json_loads(value, options):
    text = _dump(value, options)
    for end in range(len(text)):
        parse_partial_json(text[:end])  # never raises
    assert parse_partial_json(text) == json.loads(text)
    scanner = JsonPrefixScanner()  # the scanner itself, not the json.loads shortcut
    scanner.feed(text)
    assert scanner.value() == json.loads(text)


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.one_of(
        st.lists(_json_values, max_size=4),
        st.dictionaries(st.text(max_size=6), _json_values, max_size=4),
    ),
    _dump_options,
)
def test_a_prefix_never_shows_a_value_the_document_does_not_have(value, options):
    text = _dump(value, options)
    final = json.loads(text)
    for end in range(1, len(text) + 1):  # text[0] opens the container
        assert _heads_toward(parse_partial_json(text[:end]), final), text[:end]


@settings(max_examples=200, deadline=None, database=None)
@given(_json_values, _dump_options, st.data())
def test_feeding_in_pieces_equals_parsing_each_prefix(value, options, data):
    text = _dump(value, options)
    cuts = sorted(
        data.draw(st.lists(st.integers(min_value=0, max_value=len(text)), max_size=8))
    )
    scanner = JsonPrefixScanner()
    start = 0
    for cut in [*cuts, len(text)]:
        scanner.feed(text[start:cut])
        start = cut
        assert scanner.value() == parse_partial_json(text[:cut])


@settings(max_examples=200, deadline=None, database=None)
@given(_json_values)
def test_one_character_at_a_time(value):
    text = json.dumps(value)
    scanner = JsonPrefixScanner()
    for ch in text:
        scanner.feed(ch)
    assert scanner.value() == json.loads(text)


# -- the scanner ----------------------------------------------------------------


def test_completion_names_the_known_end_and_the_closing_characters():
    scanner = JsonPrefixScanner()
    scanner.feed('{"a": [1, {"b": "x')
    assert scanner.completion() == (len('{"a": [1, {"b": "x'), '"}]}')
    assert scanner.completion_text() == '{"a": [1, {"b": "x"}]}'


def test_complete_and_started_track_the_top_level_value():
    scanner = JsonPrefixScanner()
    assert not scanner.started and not scanner.complete
    scanner.feed(" [1")
    assert scanner.started and not scanner.complete
    scanner.feed("]")
    assert scanner.complete
    assert scanner.text[scanner.doc_start:scanner.value_end] == "[1]"


def test_stop_mode_ignores_what_follows_the_value():
    scanner = JsonPrefixScanner(STOP)
    scanner.feed('{"a": 1}\n```\nThat is all')
    assert scanner.complete
    assert scanner.value() == {"a": 1}
    scanner.feed(" {{{ not json")
    assert scanner.value() == {"a": 1}


def test_error_mode_rejects_extra_data():
    scanner = JsonPrefixScanner(ERROR)
    scanner.feed("[1] ")
    with pytest.raises(json.JSONDecodeError, match="Extra data"):
        scanner.feed("[2]")


def test_multi_mode_reads_documents_one_after_another():
    seen = []
    scanner = JsonPrefixScanner(
        MULTI, on_value=lambda s, e, d: d == 0 and seen.append(scanner.text[s:e])
    )
    scanner.feed('{"a": 1}\n{"a": 2},{"a"')
    assert seen == ['{"a": 1}', '{"a": 2}']
    assert scanner.completion_text() == "{}"
    scanner.feed(": 3}[4]  trailing prose")
    assert seen == ['{"a": 1}', '{"a": 2}', '{"a": 3}', "[4]"]
    assert scanner.complete


def test_callbacks_report_keys_values_and_documents_with_depths():
    events = []
    scanner = JsonPrefixScanner(
        on_value=lambda s, e, d: events.append(("value", scanner.text[s:e], d)),
        on_key=lambda s, e, d: events.append(("key", scanner.text[s:e], d)),
        on_document=lambda s: events.append(("doc", s)),
    )
    scanner.feed(' {"k": [1, "s", {"n": null}]}')
    assert events == [
        ("doc", 1),
        ("key", '"k"', 1),
        ("value", "1", 2),
        ("value", '"s"', 2),
        ("key", '"n"', 3),
        ("value", "null", 3),
        ("value", '{"n": null}', 2),
        ("value", '[1, "s", {"n": null}]', 1),
        ("value", '{"k": [1, "s", {"n": null}]}', 0),
    ]


def test_a_value_split_across_pieces_is_reported_once_with_its_whole_span():
    spans = []
    scanner = JsonPrefixScanner(on_value=lambda s, e, d: spans.append((s, e)))
    for piece in ["[12", "34, ", '"ab', 'c\\', 'u0041"', ", tr", "ue]"]:
        scanner.feed(piece)
    values = [scanner.text[s:e] for s, e in spans]
    assert values == ["1234", '"abc\\u0041"', "true", '[1234, "abc\\u0041", true]']


def test_a_long_string_is_not_rescanned_from_its_start():
    scanner = JsonPrefixScanner()
    scanner.feed('{"a": "')
    for _ in range(50):
        scanner.feed("xxxxxxxxxx")
    # The scan position follows the text: each piece is looked at once.
    assert scanner.pos == len(scanner.text)
    assert scanner.value() == {"a": "x" * 500}


# -- find_json_start ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', 0),
        ('  \n[1]', 3),
        ('Sure! {"a": 1}', 6),
        ('```json\n{"a": 1}\n```', 8),
        ('Here:\n```JSON\n  [1]\n```', 16),
        ("```\n{}", 4),
        ("```json", -1),  # the fence line is still arriving
        ("``", -1),
        ("no json here", -1),
        ("", -1),
        ('text [x] then {"a": 1}', 5),
    ],
)
def test_find_json_start(text, expected):
    assert find_json_start(text) == expected


def test_find_json_start_can_look_for_objects_only():
    assert find_json_start('see [1] and {"a": 1}', "{") == 12
    assert find_json_start("[1]", "{") == -1
