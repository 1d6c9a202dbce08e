"""Read as much as possible of a JSON text that is still arriving.

`parse_partial_json` turns any prefix of a JSON document into the value the
complete document is heading for: unclosed objects and arrays are closed, an
unterminated string is kept as far as it goes, and whatever is not yet known
(a key without its value, a number that may still grow, a half-written
``true``) is left out.

    >>> parse_partial_json('{"name": "Ja')
    {'name': 'Ja'}
    >>> parse_partial_json('{"ids": [1, 2, 3')
    {'ids': [1, 2]}

`JsonPrefixScanner` does the work incrementally: it is fed text pieces and
keeps its place, so a stream of N characters is scanned once, not once per
piece. It never builds the value itself; it works out where the known part
ends and which closing characters complete it, and the C ``json`` parser (or
pydantic's) does the rest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, NoReturn

__all__ = ["JsonPrefixScanner", "find_json_start", "parse_partial_json"]

_WS = re.compile(r"[ \t\n\r]*")
_STR_RUN = re.compile(r'[^"\\]*')
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
# Every prefix of a JSON number, and nothing else, matches this in full.
_NUMBER_PREFIX = re.compile(
    r"-?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]+(?:[eE][-+]?[0-9]*)?|\.|[eE][-+]?[0-9]*)?)?"
)
# The word each first letter starts. NaN and Infinity are not JSON, but
# Python's json module reads (and writes) them; we follow it.
_WORDS = {"t": "true", "f": "false", "n": "null", "N": "NaN", "I": "Infinity"}
_ESCAPES = frozenset('"\\/bfnrtu')
_OPEN_TO_CLOSE = {"{": "}", "[": "]"}

# Scanner states: what the next significant character must be.
_VALUE = 0  # a value (top level, after ':' or after ',' in an array)
_VALUE_OR_END = 1  # a value or ']' (just after '[')
_KEY = 2  # a key (after ',' in an object)
_KEY_OR_END = 3  # a key or '}' (just after '{')
_COLON = 4  # ':' after a key
_NEXT = 5  # ',' or the container's closing character, after a member
_STRING = 6  # inside a string value
_KEY_STRING = 7  # inside a key
_DONE = 8  # the top-level value is complete
_STOPPED = 9  # trailing text after the value is being ignored

# What happens to text after a complete top-level value.
ERROR, STOP, MULTI = "error", "stop", "multi"


class JsonPrefixScanner:
    """Incremental scanner for a JSON text whose end has not arrived yet.

    ``feed(text)`` appends and scans; ``completion()`` says how to turn what
    arrived so far into a complete JSON text; ``value()`` parses that.
    ``after`` chooses what follows a complete top-level value: ``"error"``
    (only whitespace, like ``json.loads``), ``"stop"`` (anything, ignored:
    a closing markdown fence) or ``"multi"`` (more objects or arrays,
    optionally comma separated; anything else stops the scan).

    The optional callbacks receive spans of ``self.text``: ``on_value(start,
    end, depth)`` for every complete value (``depth`` counts the containers
    still open around it), ``on_key(start, end, depth)`` for every complete
    key (quotes included) and ``on_document(start)`` when a top-level value
    begins.

        >>> s = JsonPrefixScanner()
        >>> s.feed('{"a": [1, "x')
        >>> s.completion_text()
        '{"a": [1, "x"]}'
    """

    __slots__ = (
        "_surrogate_end",
        "after",
        "closers",
        "cut",
        "doc_start",
        "on_document",
        "on_key",
        "on_value",
        "pos",
        "starts",
        "state",
        "text",
        "tok_start",
        "value_end",
    )

    def __init__(
        self,
        after: str = ERROR,
        *,
        on_value: Callable[[int, int, int], None] | None = None,
        on_key: Callable[[int, int, int], None] | None = None,
        on_document: Callable[[int], None] | None = None,
    ) -> None:
        self.text = ""
        self.pos = 0
        self.state = _VALUE
        self.closers: list[str] = []  # closing character of each open container
        self.starts: list[int] = []  # where each open container began
        self.cut = -1  # the known part ends here (-1: nothing known yet)
        self.tok_start = -1  # start of the value being scanned, -1 if none
        self.doc_start = -1  # start of the current top-level value
        self.value_end = -1  # end of the last complete top-level value
        self.after = after
        self.on_value = on_value
        self.on_key = on_key
        self.on_document = on_document
        self._surrogate_end = -1  # end of a trailing high-surrogate escape

    # -- public -----------------------------------------------------------

    @property
    def complete(self) -> bool:
        """Whether a top-level value has been read in full."""
        return self.value_end >= 0 and not self.closers and self.state in (_DONE, _STOPPED)

    @property
    def started(self) -> bool:
        """Whether any top-level value has begun."""
        return self.doc_start >= 0

    def feed(self, chunk: str) -> None:
        """Append ``chunk`` and scan it; JSONDecodeError on malformed JSON."""
        if chunk:
            self.text += chunk
            self._scan()

    def completion(self) -> tuple[int, str] | None:
        """``(end, suffix)`` with ``text[doc_start:end] + suffix`` complete JSON.

        None while nothing of the current top-level value is known.
        """
        state = self.state
        if state == _STRING:
            return self._string_end(), '"' + "".join(reversed(self.closers))
        if not self.closers:
            if state in (_DONE, _STOPPED):
                return self.value_end, ""
            if self.tok_start >= 0 and self.text[self.tok_start] in "-0123456789":
                # A bare number may still grow; its longest complete prefix is
                # the best guess, as it is for the whole text at the end.
                m = _NUMBER.match(self.text, self.tok_start)
                return (m.end(), "") if m else None
            return None
        return self.cut, "".join(reversed(self.closers))

    def completion_text(self) -> str | None:
        """The current top-level value made complete, or None."""
        done = self.completion()
        if done is None:
            return None
        end, suffix = done
        return self.text[self.doc_start:end] + suffix

    def value(self) -> Any:
        """The current top-level value as far as known (None if nothing)."""
        text = self.completion_text()
        # strict=False: a raw control character inside a string is kept,
        # as lenient as a partial view should be.
        return None if text is None else json.loads(text, strict=False)

    # -- scanning -----------------------------------------------------------

    def _scan(self) -> None:
        text = self.text
        n = len(text)
        pos = self.pos
        state = self.state
        closers = self.closers
        while pos < n:
            if state == _STRING or state == _KEY_STRING:
                closed, pos = self._scan_string(pos)
                if not closed:
                    break
                start = self.tok_start
                self.tok_start = -1
                if state == _KEY_STRING:
                    state = _COLON
                    if self.on_key is not None:
                        self.on_key(start, pos, len(closers))
                else:
                    state = self._value_done(start, pos)
                continue
            ch = text[pos]
            if ch == " " and pos + 1 < n and text[pos + 1] not in " \t\n\r":
                pos += 1  # the single space of ", " and ": " needs no regex
                continue
            if ch in " \t\n\r":
                pos = _skip(_WS, text, pos)
                continue
            if state == _VALUE or state == _VALUE_OR_END:
                if ch == "]" and state == _VALUE_OR_END:
                    pos += 1
                    state = self._close(pos)
                    continue
                if not closers and self.doc_start < 0:
                    self.doc_start = pos
                    if self.on_document is not None:
                        self.on_document(pos)
                if ch == "{" or ch == "[":
                    closers.append(_OPEN_TO_CLOSE[ch])
                    self.starts.append(pos)
                    pos += 1
                    self.cut = pos
                    state = _KEY_OR_END if ch == "{" else _VALUE_OR_END
                elif ch == '"':
                    self.tok_start = pos
                    self._surrogate_end = -1
                    pos += 1
                    state = _STRING
                else:
                    end = self._scan_scalar(pos)
                    if end < 0:  # a number or word that may still grow
                        self.tok_start = pos
                        break
                    self.tok_start = -1
                    state = self._value_done(pos, end)
                    pos = end
            elif state == _KEY_OR_END or state == _KEY:
                if ch == '"':
                    self.tok_start = pos
                    self._surrogate_end = -1
                    pos += 1
                    state = _KEY_STRING
                elif ch == "}" and state == _KEY_OR_END:
                    pos += 1
                    state = self._close(pos)
                else:
                    self._fail("Expecting property name enclosed in double quotes", pos)
            elif state == _COLON:
                if ch != ":":
                    self._fail("Expecting ':' delimiter", pos)
                pos += 1
                state = _VALUE
            elif state == _NEXT:
                if ch == ",":
                    pos += 1
                    state = _KEY if closers[-1] == "}" else _VALUE
                elif ch == closers[-1]:
                    pos += 1
                    state = self._close(pos)
                else:
                    self._fail(f"Expecting ',' delimiter or '{closers[-1]}'", pos)
            elif state == _DONE:
                state, pos = self._after_value(ch, pos)
            else:  # _STOPPED: the rest is not ours to read
                pos = n
        self.pos = pos
        self.state = state

    def _scan_string(self, pos: int) -> tuple[bool, int]:
        """Scan string contents from ``pos``: (closed, position to go on from).

        While the string is open the position returned is where scanning must
        resume: the end of the text, or the start of an unfinished escape.
        """
        text = self.text
        n = len(text)
        while True:
            pos = _skip(_STR_RUN, text, pos)
            if pos >= n:
                return False, pos
            if text[pos] == '"':
                return True, pos + 1
            if pos + 1 >= n:
                return False, pos
            esc = text[pos + 1]
            if esc == "u":
                if pos + 6 > n:
                    if not all(c in "0123456789abcdefABCDEF" for c in text[pos + 2:]):
                        self._fail("Invalid \\uXXXX escape", pos)
                    return False, pos
                if _HEX4.fullmatch(text, pos + 2, pos + 6) is None:
                    self._fail("Invalid \\uXXXX escape", pos)
                code = int(text[pos + 2:pos + 6], 16)
                pos += 6
                if 0xD800 <= code <= 0xDBFF:
                    # Its low half may follow; a view must not end between.
                    self._surrogate_end = pos
            elif esc in _ESCAPES:
                pos += 2
            else:
                self._fail("Invalid \\escape", pos)

    def _scan_scalar(self, pos: int) -> int:
        """End of the number or word at ``pos``; -1 if it may still grow."""
        text = self.text
        n = len(text)
        ch = text[pos]
        if ch == "-" and pos + 1 < n and text[pos + 1] == "I":
            word = "-Infinity"
        elif ch in "-0123456789":
            end = _skip(_NUMBER_PREFIX, text, pos)
            if end == n:
                return -1
            if _NUMBER.fullmatch(text, pos, end) is None:
                self._fail("Invalid number", pos)
            return end
        else:
            found = _WORDS.get(ch)
            if found is None:
                self._fail("Expecting value", pos)
            word = found
        end = pos + len(word)
        if text.startswith(word, pos):
            return end
        if end > n and word.startswith(text[pos:]):
            return -1
        self._fail("Expecting value", pos)

    def _value_done(self, start: int, end: int) -> int:
        """Record a complete value spanning ``start:end``; the next state."""
        self.cut = end
        if self.on_value is not None:
            self.on_value(start, end, len(self.closers))
        if self.closers:
            return _NEXT
        self.value_end = end
        return _DONE

    def _close(self, end: int) -> int:
        self.closers.pop()
        return self._value_done(self.starts.pop(), end)

    def _after_value(self, ch: str, pos: int) -> tuple[int, int]:
        """Handle non-blank text after a complete top-level value."""
        if self.after == MULTI:
            if ch == ",":
                return _DONE, pos + 1
            if ch == "{" or ch == "[":
                self.doc_start = -1
                self.value_end = -1
                return _VALUE, pos
            return _STOPPED, len(self.text)
        if self.after == STOP:
            return _STOPPED, len(self.text)
        self._fail("Extra data", pos)

    def _string_end(self) -> int:
        end = self.pos
        return end - 6 if self._surrogate_end == end else end

    def _fail(self, message: str, pos: int) -> NoReturn:
        raise json.JSONDecodeError(message, self.text, pos)


def _skip(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where ``pattern`` (one that matches the empty string too) ends at ``pos``."""
    match = pattern.match(text, pos)
    return match.end() if match else pos


def parse_partial_json(text: str) -> Any:
    """Parse ``text``, a JSON document possibly cut short, as far as it goes.

    Objects and arrays still open are closed; an unterminated string keeps
    what arrived (an unfinished escape is left out); a key without its value,
    a number or ``true``/``false``/``null`` that may still be growing inside
    a container are left out. A bare top-level number is read as far as it
    is valid. Blank text gives None. Text that cannot be the beginning of a
    JSON document raises ``json.JSONDecodeError`` (a ValueError). A complete
    document gives exactly what ``json.loads`` gives.

        >>> parse_partial_json('[{"a": 1}, {"a": 2, "b": tr')
        [{'a': 1}, {'a': 2}]
        >>> parse_partial_json('{"q": "say \\\\"hi')
        {'q': 'say "hi'}
    """
    try:
        # A complete document is the common case of a finished stream, and
        # the C parser reads it an order of magnitude faster than the scanner.
        return json.loads(text, strict=False)
    except ValueError:
        pass
    scanner = JsonPrefixScanner(ERROR)
    scanner.feed(text)
    return scanner.value()


def find_json_start(text: str, opening: str = "{[") -> int:
    """Where the JSON in ``text`` starts, skipping prose and a ```json fence.

    ``opening`` lists the characters a document may start with. Returns -1
    while no start is visible yet (for instance, the fence line is still
    arriving), like ``str.find``.

        >>> find_json_start('Here you go:\\n```json\\n{"a": 1}\\n```')
        21
        >>> find_json_start('  [1, 2]')
        2
    """
    first = _skip(_WS, text, 0)
    if first < len(text) and text[first] in opening:
        return first
    search_from = first
    fence = text.find("```", first)
    if fence >= 0:
        # The document starts after the fence line (```json, ```JSON, ```).
        line_end = text.find("\n", fence + 3)
        if line_end < 0:
            return -1
        search_from = line_end + 1
    found = [i for i in (text.find(c, search_from) for c in opening) if i >= 0]
    return min(found) if found else -1
