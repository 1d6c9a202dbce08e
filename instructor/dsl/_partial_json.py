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

`JsonPrefixScanner` (in `_json_scanner`, re-exported here) does the work
incrementally: it is fed text pieces and keeps its place, so a stream of N
characters is scanned once, not once per piece. It never builds the value
itself; it works out where the known part ends and which closing characters
complete it, and the C ``json`` parser (or pydantic's) does the rest.
"""

from __future__ import annotations

import json
from typing import Any

from ._json_scanner import _WS, ERROR, MULTI, STOP, JsonPrefixScanner, _skip

__all__ = [
    "ERROR",
    "MULTI",
    "STOP",
    "JsonPrefixScanner",
    "find_json_start",
    "parse_partial_json",
]


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
