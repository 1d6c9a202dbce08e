"""The incremental JSON scanner behind partial parsing and streaming.

`JsonPrefixScanner` is fed a JSON text in pieces and keeps its place: each
character is looked at once however the text is cut, and a window of the
text (not all of it) is kept for scanning, so a piece costs the same at the
end of a long text as at its start. It does not build values; it reports
where values, keys and containers begin and end (callbacks), and how to
complete what arrived so far into valid JSON. See `_partial_json` for the
functions built on it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, NoReturn

__all__ = ["ERROR", "MULTI", "STOP", "JsonPrefixScanner"]

_WS = re.compile(r"[ \t\n\r]*")
# String contents up to a quote, an unfinished or bad escape, or a high
# surrogate escape (whose low half may follow): escapes need no Python loop.
_STR_RUN = re.compile(r'[^"\\]*(?:\\(?:["\\/bfnrt]|u(?![dD][89abAB])[0-9a-fA-F]{4})[^"\\]*)*')
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
_OnSpan = Callable[[int, int, int], None]


class JsonPrefixScanner:
    """Incremental scanner for a JSON text whose end has not arrived yet.

    ``feed(text)`` appends and scans; ``completion()`` says how to turn what
    arrived so far into a complete JSON text; ``value()`` parses that.
    ``after`` chooses what follows a complete top-level value: ``"error"``
    (only whitespace, like ``json.loads``), ``"stop"`` (anything, ignored:
    a closing markdown fence) or ``"multi"`` (more objects or arrays,
    optionally comma separated; anything else stops the scan).

    The optional callbacks receive positions in the text fed so far:
    ``on_value(start, end, depth)`` for every complete value (``depth``
    counts the containers still open around it), ``on_key(start, end,
    depth)`` for every complete key (quotes included), ``on_open(start,
    depth, char)`` when an object or array opens and ``on_document(start)``
    when a top-level value begins. ``slice(start, end)`` reads a span.

    Only a window of the text is scanned, so a piece costs the same however
    long the text already is: from where scanning resumes or from ``keep``,
    set by a consumer to the oldest span it may still ``slice`` cheaply (0,
    the default, keeps all). Older spans are read from ``text``, joined again.

        >>> s = JsonPrefixScanner()
        >>> s.feed('{"a": [1, "x')
        >>> s.completion_text()
        '{"a": [1, "x"]}'
    """

    __slots__ = (
        "_base", "_buf", "_parts", "_surrogate_end", "after", "closers", "cut",
        "doc_start", "keep", "on_document", "on_key", "on_open", "on_value", "pos",
        "starts", "state", "tok_start", "value_end",
    )

    def __init__(self, after: str = ERROR, *, on_value: _OnSpan | None = None,
                 on_key: _OnSpan | None = None,
                 on_open: Callable[[int, int, str], None] | None = None,
                 on_document: Callable[[int], None] | None = None) -> None:
        self._buf = ""  # the window: the text from _base on (positions count from 0)
        self._base = 0
        self._parts: list[str] = []  # every piece fed, joined on demand
        self.keep = 0
        self.pos = 0
        self.state = _VALUE
        self.closers: list[str] = []  # closing character of each open container
        self.starts: list[int] = []  # where each open container began
        self.cut = -1  # the known part ends here (-1: nothing known yet)
        self.tok_start = -1  # start of the value being scanned, -1 if none
        self.doc_start = -1  # start of the current top-level value
        self.value_end = -1  # end of the last complete top-level value
        self.after = after
        self.on_value, self.on_key, self.on_open, self.on_document = (
            on_value, on_key, on_open, on_document)
        self._surrogate_end = -1  # end of a trailing high-surrogate escape

    @property
    def complete(self) -> bool:
        """Whether a top-level value has been read in full."""
        return self.value_end >= 0 and not self.closers and self.state in (_DONE, _STOPPED)

    @property
    def started(self) -> bool:
        """Whether any top-level value has begun."""
        return self.doc_start >= 0

    @property
    def text(self) -> str:
        """All the text fed so far (joined once per call after new pieces)."""
        parts = self._parts
        if len(parts) > 1:
            parts[:] = ["".join(parts)]
        return parts[0] if parts else ""

    def slice(self, start: int, end: int) -> str:
        """``text[start:end]``, from the window when it still holds it."""
        base = self._base
        if start >= base:
            return self._buf[start - base:end - base]
        return self.text[start:end]

    def feed(self, chunk: str) -> None:
        """Append ``chunk`` and scan it; JSONDecodeError on malformed JSON."""
        if not chunk:
            return
        self._parts.append(chunk)
        # Scanning resumes at pos; the spans consumers read are kept by keep.
        low = min(self.keep, self.pos)
        dead = low - self._base
        if dead < 0:  # a consumer wants older text back in the window
            self._buf = self.text[low:self._base + len(self._buf)]
            self._base = low
        elif dead > 4096 and 2 * dead > len(self._buf):
            # Dropping once the dead part outweighs the rest: copying stays linear.
            self._buf = self._buf[dead:]
            self._base = low
        at_end = self.pos == self._base + len(self._buf)
        self._buf += chunk
        if self.state == _STRING and at_end and '"' not in chunk and "\\" not in chunk:
            self.pos += len(chunk)  # the middle of a long string: nothing to scan
        else:
            self._scan()

    def open_string(self) -> tuple[int, int] | None:
        """``(start, end)``: ``slice(start, end) + '"'`` is the open string value."""
        return (self.tok_start, self._string_end()) if self.state == _STRING else None

    def completion(self, depth: int = 0) -> tuple[int, str] | None:
        """``(end, suffix)`` with ``text[doc_start:end] + suffix`` complete JSON.

        With ``depth``, ``suffix`` closes only the containers open at that
        depth and deeper (the one open at ``depth`` completed from its start);
        None while nothing of the current top-level value is known.
        """
        state = self.state
        if state == _STRING:
            return self._string_end(), '"' + "".join(reversed(self.closers[depth:]))
        if not self.closers:
            if state in (_DONE, _STOPPED):
                return self.value_end, ""
            if self.tok_start >= 0 and self.slice(self.tok_start, self.tok_start + 1) in "-0123456789":
                # A bare number may still grow; its longest complete prefix is
                # the best guess, as it is for the whole text at the end.
                m = _NUMBER.match(self._buf, self.tok_start - self._base)
                return (m.end() + self._base, "") if m else None
            return None
        return self.cut, "".join(reversed(self.closers[depth:]))

    def completion_key(self) -> tuple[int, int] | None:
        """A cheap stand-in for `completion_text`: equal keys, equal texts.

        ``(end, depth)``: the depth stands for the suffix; an open string
        counts as closed where it stops (the quote then arriving changes nothing).
        """
        if self.state == _STRING:
            pos = self.pos
            return (pos - 5 if self._surrogate_end == pos else pos + 1), len(self.closers)
        if self.closers:
            return self.cut, len(self.closers)
        done = self.completion()
        return None if done is None else (done[0], 0)

    def completion_text(self) -> str | None:
        """The current top-level value made complete, or None."""
        done = self.completion()
        if done is None:
            return None
        end, suffix = done
        return self.slice(self.doc_start, end) + suffix

    def value(self) -> Any:
        """The current top-level value as far as known (None if nothing)."""
        text = self.completion_text()  # strict=False: raw control characters stay
        return None if text is None else json.loads(text, strict=False)

    def _scan(self) -> None:
        # Positions are local to the window here and made absolute (+ base)
        # whenever they are stored or handed out.
        text = self._buf
        base = self._base
        n = len(text)
        pos = self.pos - base
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
                        self.on_key(start, pos + base, len(closers))
                else:
                    state = self._value_done(start, pos + base)
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
                    state = self._close(pos + base)
                    continue
                if not closers and self.doc_start < 0:
                    self.doc_start = pos + base
                    if self.on_document is not None:
                        self.on_document(pos + base)
                if ch == "{" or ch == "[":
                    depth = len(closers)
                    closers.append(_OPEN_TO_CLOSE[ch])
                    self.starts.append(pos + base)
                    pos += 1
                    self.cut = pos + base
                    state = _KEY_OR_END if ch == "{" else _VALUE_OR_END
                    if self.on_open is not None:
                        self.on_open(pos - 1 + base, depth, ch)
                elif ch == '"':
                    self.tok_start = pos + base
                    self._surrogate_end = -1
                    pos += 1
                    state = _STRING
                else:
                    end = self._scan_scalar(pos)
                    if end < 0:  # a number or word that may still grow
                        self.tok_start = pos + base
                        break
                    self.tok_start = -1
                    state = self._value_done(pos + base, end + base)
                    pos = end
            elif state == _KEY_OR_END or state == _KEY:
                if ch == '"':
                    self.tok_start = pos + base
                    self._surrogate_end = -1
                    pos += 1
                    state = _KEY_STRING
                elif ch == "}" and state == _KEY_OR_END:
                    pos += 1
                    state = self._close(pos + base)
                else:
                    self._fail("Expecting property name enclosed in double quotes", pos + base)
            elif state == _COLON:
                if ch != ":":
                    self._fail("Expecting ':' delimiter", pos + base)
                pos += 1
                state = _VALUE
            elif state == _NEXT:
                if ch == ",":
                    pos += 1
                    state = _KEY if closers[-1] == "}" else _VALUE
                elif ch == closers[-1]:
                    pos += 1
                    state = self._close(pos + base)
                else:
                    self._fail(f"Expecting ',' delimiter or '{closers[-1]}'", pos + base)
            elif state == _DONE:
                state, pos = self._after_value(ch, pos)
            else:  # _STOPPED: the rest is not ours to read
                pos = n
        self.pos = pos + base
        self.state = state

    def _scan_string(self, pos: int) -> tuple[bool, int]:
        """Scan string contents from local ``pos``: (closed, where to go on).

        An open string resumes at the end of the text or an unfinished escape.
        """
        text = self._buf
        n = len(text)
        while True:
            pos = _STR_RUN.match(text, pos).end()  # type: ignore[union-attr]
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
                        self._fail("Invalid \\uXXXX escape", pos + self._base)
                    return False, pos
                if _HEX4.fullmatch(text, pos + 2, pos + 6) is None:
                    self._fail("Invalid \\uXXXX escape", pos + self._base)
                code = int(text[pos + 2:pos + 6], 16)
                pos += 6
                if 0xD800 <= code <= 0xDBFF:
                    # Its low half may follow; a view must not end between.
                    self._surrogate_end = pos + self._base
            elif esc in _ESCAPES:
                pos += 2
            else:
                self._fail("Invalid \\escape", pos + self._base)

    def _scan_scalar(self, pos: int) -> int:
        """Local end of the number or word at ``pos``; -1 if it may still grow."""
        text = self._buf
        n = len(text)
        ch = text[pos]
        if ch == "-" and pos + 1 < n and text[pos + 1] == "I":
            word = "-Infinity"
        elif ch in "-0123456789":
            end = _skip(_NUMBER_PREFIX, text, pos)
            if end == n:
                return -1
            if _NUMBER.fullmatch(text, pos, end) is None:
                self._fail("Invalid number", pos + self._base)
            return end
        else:
            found = _WORDS.get(ch)
            if found is None:
                self._fail("Expecting value", pos + self._base)
            word = found
        end = pos + len(word)
        if text.startswith(word, pos):
            return end
        if end > n and word.startswith(text[pos:]):
            return -1
        self._fail("Expecting value", pos + self._base)

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
        """Handle non-blank text after a complete top-level value (local ``pos``)."""
        if self.after == MULTI:
            if ch == ",":
                return _DONE, pos + 1
            if ch == "{" or ch == "[":
                self.doc_start = -1
                self.value_end = -1
                return _VALUE, pos
            return _STOPPED, len(self._buf)
        if self.after == STOP:
            return _STOPPED, len(self._buf)
        self._fail("Extra data", pos + self._base)

    def _string_end(self) -> int:
        return self.pos - 6 if self._surrogate_end == self.pos else self.pos

    def _fail(self, message: str, pos: int) -> NoReturn:
        raise json.JSONDecodeError(message, self.text, pos)


def _skip(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where ``pattern`` (one that matches the empty string too) ends at ``pos``."""
    match = pattern.match(text, pos)
    return match.end() if match else pos
