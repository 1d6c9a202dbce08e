"""Straightforward reference implementations the streaming code is checked against.

`reference_completion` completes a JSON prefix by reading it from its first
character every time, one character at a time, with the rules of
`instructor.dsl._partial_json` spelt out plainly (no regexes, no saved
state). `reference_snapshots` is what `PartialAccumulator` did before it
became incremental: on every delta the whole text received so far is read
again from its start and validated whole against the partial model.
`state` turns a snapshot into plain data that includes what ``==`` ignores
(the fields set, the extras, the exact types).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from instructor.dsl._partial_json import find_json_start
from instructor.dsl.partial import Partial

_HEX = "0123456789abcdefABCDEF"


class Malformed(ValueError):
    """The text cannot be the start of a JSON document."""


def _digits(text: str, i: int) -> int:
    while i < len(text) and text[i] in "0123456789":
        i += 1
    return i


def _is_number(text: str) -> bool:
    """Whether ``text`` is a JSON number, by its grammar."""
    i = 1 if text.startswith("-") else 0
    if text[i:i + 1] == "0":
        i += 1
    elif text[i:i + 1] in tuple("123456789"):
        i = _digits(text, i)
    else:
        return False
    if text[i:i + 1] == ".":
        j = _digits(text, i + 1)
        if j == i + 1:
            return False
        i = j
    if text[i:i + 1] in ("e", "E"):
        i += 1
        if text[i:i + 1] in ("+", "-"):
            i += 1
        j = _digits(text, i)
        if j == i:
            return False
        i = j
    return i == len(text)


def _could_grow_into_number(text: str) -> bool:
    """Whether ``text`` is the start of some JSON number."""
    return any(_is_number(text + tail) for tail in ("", "0", "1", "e1", "0e1"))


def _string(text: str, i: int) -> tuple[bool, int, int]:
    """Read the string whose quote is at ``i``: (closed, end, known_end).

    ``end`` is past the closing quote when closed; ``known_end`` is where the
    part that can be shown ends (a cut escape, or a high surrogate whose low
    half may follow, is left out).
    """
    j = i + 1
    known = j
    while j < len(text):
        ch = text[j]
        if ch == '"':
            return True, j + 1, j
        if ch != "\\":
            j += 1
            known = j
            continue
        if j + 1 >= len(text):
            return False, j, known
        esc = text[j + 1]
        if esc == "u":
            digits = text[j + 2:j + 6]
            if any(c not in _HEX for c in digits):
                raise Malformed("bad \\u escape")
            if len(digits) < 4:
                return False, j, known
            # A view never ends between the halves of a surrogate pair: a
            # high half counts once something complete follows it (another
            # high half too, which cannot be its low half).
            known = j if 0xD800 <= int(digits, 16) <= 0xDBFF else j + 6
            j += 6
        elif esc in '"\\/bfnrt':
            j += 2
            known = j
        else:
            raise Malformed("bad escape")
    return False, j, known


def reference_completion(text: str) -> str | None:
    """``text`` (a JSON object or array start) closed as far as it is known.

    A document that is complete gives itself (trailing text ignored); None
    while nothing is known. Raises `Malformed`.
    """
    if text.lstrip(" \t\n\r")[:1] not in ("{", "[", ""):
        raise ValueError("the reference reads objects and arrays only")
    closers: list[str] = []
    cut = None  # the known part ends here
    expect = "value"  # value | key | colon | next
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in " \t\n\r":
            i += 1
            continue
        if expect == "next":
            if ch == ",":
                expect = "key" if closers[-1] == "}" else "value"
                i += 1
            elif ch == closers[-1]:
                closers.pop()
                i += 1
                cut = i
                if not closers:
                    return text[:cut]
            else:
                raise Malformed("expected , or a closer")
        elif expect == "colon":
            if ch != ":":
                raise Malformed("expected :")
            expect = "value"
            i += 1
        elif expect == "key":
            if ch == "}" and text[cut - 1] == "{" and text[cut - 1:i].strip() == "{":
                closers.pop()
                i += 1
                cut = i
                expect = "next"
                if not closers:
                    return text[:cut]
                continue
            if ch != '"':
                raise Malformed("expected a key")
            closed, end, _ = _string(text, i)
            if not closed:
                break
            i = end
            expect = "colon"
        else:  # a value
            if ch == "]" and text[cut - 1] == "[" and text[cut - 1:i].strip() == "[":
                closers.pop()
                i += 1
                cut = i
                expect = "next"
                if not closers:
                    return text[:cut]
                continue
            if ch in "{[":
                closers.append("}" if ch == "{" else "]")
                i += 1
                cut = i
                expect = "key" if ch == "{" else "value"
                continue
            if ch == '"':
                closed, end, known = _string(text, i)
                if not closed:
                    return text[:known] + '"' + "".join(reversed(closers))
                i = cut = end
                expect = "next"
                continue
            if ch in "tfnNI" or text[i:i + 2] == "-I":
                # A word is complete as soon as it is all there.
                word = {"t": "true", "f": "false", "n": "null", "N": "NaN",
                        "I": "Infinity", "-": "-Infinity"}[ch]
                if text.startswith(word, i):
                    i = cut = i + len(word)
                    expect = "next"
                    continue
                if word.startswith(text[i:]):
                    break  # may still grow
                raise Malformed("not a value")
            # A number ends where its characters do; at the end of the text
            # it may still grow.
            j = i
            while j < n and text[j] in "0123456789+-.eE":
                j += 1
            token = text[i:j]
            if j == n:
                if not _could_grow_into_number(token):
                    raise Malformed("not a number")
                break
            if not _is_number(token):
                raise Malformed("not a value")
            i = cut = j
            expect = "next"
    if cut is None:
        return None
    return text[:cut] + "".join(reversed(closers))


def reference_snapshots(model: type[BaseModel], deltas: list[str], context: Any = None) -> list:
    """What each delta returned before: None, or a snapshot validated from scratch."""
    partial = Partial[model]
    out: list = []
    head, start, broken = "", -1, False
    last_text = last = None
    for delta in deltas:
        if not delta or broken:
            out.append(None)
            continue
        head += delta
        if start < 0:
            start = find_json_start(head, "{")
            if start < 0:
                out.append(None)
                continue
        try:
            text = reference_completion(head[start:])
        except Malformed:
            broken = True
            out.append(None)
            continue
        if text is None or text == last_text:
            out.append(None)
            continue
        last_text = text
        try:
            snapshot = partial.model_validate_json(text, strict=False, context=context)
        except ValidationError:
            out.append(None)
            continue
        if snapshot == last:
            out.append(None)
            continue
        last = snapshot
        out.append(snapshot)
    return out


def state(value: Any) -> Any:
    """Plain data for ``value``, down to what ``==`` leaves out of a model.

    A NaN becomes the string "NaN" so that two states can be compared.
    """
    if isinstance(value, BaseModel):
        return (
            type(value),
            {k: state(v) for k, v in value.__dict__.items()},
            frozenset(value.model_fields_set),
            None if value.__pydantic_extra__ is None
            else {k: state(v) for k, v in value.__pydantic_extra__.items()},
        )
    if isinstance(value, dict):
        return ("dict", [(state(k), state(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [state(v) for v in value])
    if isinstance(value, (set, frozenset)):
        return (type(value).__name__, sorted(map(repr, value)))
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, Enum):
        return (type(value), value.value)
    return (type(value), value)
