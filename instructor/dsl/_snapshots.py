"""Snapshots of a ``Partial[Model]`` assembled as its JSON streams in.

`SnapshotTree` keeps, for every object and array still open in the stream,
the validated values of its members that are complete. A snapshot is
assembled from those and from the one value still growing, so a piece of
text costs work in proportion to the piece and to the depth of the
document, not to everything received before it.

Why this gives the snapshot that validating the whole partial document
(``Partial[Model].model_validate_json(scanner.completion_text())``) gives:
pydantic validates a model field by field, a list element by element and a
dict entry by entry, and the fields of a partial model carry no validators
that look at their siblings. So a complete member is validated once, on its
own, inside a minimal document that puts it where it is in the nearest
enclosing partial model (``{"items": [<it>]}`` for an element of
``items``), and its value is read back out of the result. A value that does
not validate shows where pydantic absorbed the failure (which lenient field
or element became None), and so which open container is None from then on.

What does not decompose that way is validated whole, from its own start,
each time it changes: containers typed as unions of several types, tuples,
sets or anything but a partial model, ``list`` or ``dict[str, ...]``; extra
fields; models with alias paths; and an object or dict once a key repeats
(pydantic's precedence between an alias and a name is its own business). A
key the model ignores is skipped unread.

Snapshots share the parts that were complete when the previous one was made
(a completed item is one object in every later snapshot); each snapshot has
its own objects and lists along the path that grew.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from . import _partial_plan as _p
from ._json_scanner import STOP, JsonPrefixScanner
from ._partial_plan import DICT, LIST, MODEL, NOTHING, SKIP, WHOLE, Unsupported, has_nan

__all__ = ["NOTHING", "SnapshotTree", "has_nan"]

_KEEP_NOTHING = 1 << 62  # scanner.keep when no span needs to stay readable
# Raw string text that is its own decoded value (no escape, no control
# character, which JSON forbids raw).
_VERBATIM = re.compile(r'[^\\\x00-\x1f]*')


class _Failed(Exception):
    """A value voided the container ``node`` (pydantic made its slot None)."""

    def __init__(self, node: _Node) -> None:
        self.node = node


class _Conflict(Exception):
    """``node`` got a key (or field) twice."""

    def __init__(self, node: _Node) -> None:
        self.node = node


def _fits(kind: int, char: str) -> bool:
    """Whether a container opening with ``char`` can be read as ``kind``."""
    return char == "[" if kind == LIST else char == "{" and kind != WHOLE


class _Node:
    """One open object or array of the stream and what is known of it."""

    __slots__ = (
        "depth", "elem", "extra", "failed", "items", "key", "kind", "levels",
        "member", "model", "plain", "plan", "prefix", "slot", "start", "suffix", "values",
    )

    def __init__(self, kind: int, start: int, depth: int, slot: Any) -> None:
        self.kind = kind
        self.start = start
        self.depth = depth  # its index in the stack, = containers around it
        self.slot = slot  # where it goes in its parent (see ModelPlan.member)
        self.key = ""  # raw text of the key being read, quotes included
        self.failed = False


class SnapshotTree:
    """Reads one streamed JSON object into snapshots of a partial model.

    ``scanner`` is to be fed the text from the opening ``{`` on;
    ``snapshot()`` is the partial model instance for what arrived so far
    (NOTHING while nothing is). ``nan`` tells whether a NaN was ever
    validated; ``growing`` is ``(start, length)`` of the string whose growth
    alone made the last snapshot, else None.
    """

    __slots__ = ("_string", "blind", "context", "done", "growing", "nan", "plan",
                 "scanner", "stack")

    def __init__(self, partial_model: type[BaseModel], context: Any = None) -> None:
        self.plan = _p.plan(partial_model)
        self.context = context
        self.scanner = JsonPrefixScanner(
            STOP, on_open=self._on_open, on_key=self._on_key, on_value=self._on_value
        )
        self.scanner.keep = _KEEP_NOTHING
        self.stack: list[_Node] = []  # the open containers, outermost first
        # Depth of the innermost open container whose inside is not followed
        # (validated whole, skipped or voided); -1 if none. It is always the
        # last in the stack.
        self.blind = -1
        self.done: Any = NOTHING  # the value once the object is closed
        self.nan = False
        self.growing: tuple[int, int] | None = None
        # (start, raw end, decoded text) of the open string, decoded so far.
        self._string: tuple[int, int, str] = (-1, -1, "")

    # -- scanner callbacks ----------------------------------------------------

    def _on_open(self, start: int, depth: int, char: str) -> None:
        if self.blind >= 0:
            return
        try:
            if depth == 0:
                root = (MODEL, self.plan) if self.plan.decomposes else _p.WHOLE_SHAPE
                self._push(root, start, char, None, None)
            else:
                self._open_child(self.stack[-1], start, char)
        except Unsupported:
            self._whole(self.stack[0])

    def _on_key(self, start: int, end: int, depth: int) -> None:
        if self.blind < 0:
            self.stack[depth - 1].key = self.scanner.slice(start, end)

    def _on_value(self, start: int, end: int, depth: int) -> None:
        if 0 <= self.blind < depth:
            return
        stack = self.stack
        try:
            if len(stack) == depth:  # a value inside the innermost container
                self._add_text(stack[-1], self.scanner.slice(start, end))
                return
            node = stack.pop()  # the innermost container closed
            if self.blind == depth:
                self.blind = -1
                self.scanner.keep = _KEEP_NOTHING
            if node.kind == WHOLE:
                text = self.scanner.slice(start, end)
                if depth == 0:
                    self.done = self._validate_root(text)
                else:
                    self._add_text(stack[-1], text)
            elif node.kind != SKIP:
                value = self._value(node, False, None, None, final=True)
                if depth == 0:
                    self.done = value
                else:
                    self._add(stack[-1], node.slot, value)
        except Unsupported:
            if stack:
                self._whole(stack[0])
            else:
                self.done = self._validate_root(self.scanner.slice(start, end))

    # -- the tree -------------------------------------------------------------

    def _open_child(self, parent: _Node, start: int, char: str) -> None:
        kind = parent.kind
        if kind == MODEL:
            slot = parent.plan.slot(parent.key)
            if slot is None:
                self._push((SKIP, None), start, char, parent, None)
                return
            kind, name = slot
            if name in (parent.values if kind == "f" else parent.extra):
                self._whole(parent)
                return
            found = parent.plan.shape(name) if kind == "f" else _p.WHOLE_SHAPE
            self._push(found, start, char, parent, slot)
            return
        slot = None
        if kind == DICT and _fits(parent.elem[0], char):
            # The validated key (config may touch it) from an empty value.
            try:
                slot, _ = self._validate(parent, "{}" if char == "{" else "[]")
            except _Failed as failed:
                self._void(failed.node)  # the key itself is what failed
                return
            if slot in parent.items:
                self._whole(parent)
                return
        self._push(parent.elem, start, char, parent, slot)

    def _push(self, found: tuple[int, Any], start: int, char: str,
              parent: _Node | None, slot: Any) -> None:
        kind, detail = found
        if kind != SKIP and not _fits(kind, char):
            kind = WHOLE  # e.g. a list where a model goes: pydantic decides
        node = _Node(kind, start, len(self.stack), slot)
        self.stack.append(node)
        if kind == MODEL:
            node.plan = detail
            node.values = {}
            node.extra = None if detail.extra is None else {}
        elif kind == LIST or kind == DICT:
            node.items = [] if kind == LIST else {}
            node.elem = _p.shape(detail)
            closer = "]" if kind == LIST else "}"
            assert parent is not None
            # A member of a chain of lists and dicts is validated inside the
            # nearest partial model: {member: prefix + value + suffix}.
            if parent.kind == MODEL:
                node.model, node.member = parent, parent.key
                node.prefix, node.suffix, node.levels = char, closer, (node,)
            else:
                node.model, node.member = parent.model, parent.member
                inner = parent.key + ":" if parent.kind == DICT else ""
                node.prefix = parent.prefix + inner + char
                node.suffix = closer + parent.suffix
                node.levels = (*parent.levels, node)
            node.plain = kind == LIST and node.model.plan.plain_str(detail)
        else:
            self.blind = node.depth
            if kind == WHOLE:
                self.scanner.keep = start

    def _whole(self, node: _Node) -> None:
        """From now on validate ``node`` whole, from its start."""
        node.kind = WHOLE
        del self.stack[node.depth + 1:]
        self.blind = node.depth
        self.scanner.keep = node.start

    def _void(self, node: _Node) -> None:
        """``node`` holds a value that can never validate: it is None."""
        node.failed = True
        del self.stack[node.depth + 1:]
        self.blind = node.depth

    def _validate(self, node: _Node, text: str) -> tuple[Any, Any]:
        """Validate ``text`` as the next value of ``node``: ``(slot, value)``."""
        if node.kind == MODEL:
            slot, value = node.plan.member(node.key, text, self.context)
        else:
            inner = node.key + ":" + text if node.kind == DICT else text
            slot, value = node.model.plan.member(
                node.member, node.prefix + inner + node.suffix, self.context
            )
            if slot is None or slot[0] != "f":
                raise Unsupported
            try:
                # Down the chain; a None where a container should be is the
                # container pydantic voided.
                for level in node.levels:
                    if value is None:
                        raise _Failed(level)
                    if level.kind == LIST:
                        (value,) = value
                    else:
                        ((slot, value),) = value.items()
            except (TypeError, ValueError):
                raise Unsupported from None
            if node.kind == LIST:
                slot = None
        if not self.nan and has_nan(value):
            self.nan = True
        return slot, value

    def _add_text(self, parent: _Node, text: str) -> None:
        try:
            slot, value = self._validate(parent, text)
        except _Failed as failed:
            self._void(failed.node)
            return
        self._add(parent, slot, value)

    def _add(self, parent: _Node, slot: Any, value: Any) -> None:
        """Store a complete value in ``parent``, the innermost open container."""
        if parent.kind == LIST:
            parent.items.append(value)
            return
        if parent.kind == DICT:
            target, name = parent.items, slot
        elif slot is None:
            return  # a key the model ignores
        else:
            kind, name = slot
            target = parent.values if kind == "f" else parent.extra
        if name in target:
            self._whole(parent)
        else:
            target[name] = value

    def _value(self, node: _Node, growing: bool, slot: Any, value: Any,
               final: bool = False) -> Any:
        """The value of ``node``, plus ``value`` in ``slot`` if ``growing``.

        Open containers give copies (a snapshot must not change as the stream
        goes on); a ``final`` one gives its own list or dict.
        """
        kind = node.kind
        if kind == MODEL:
            if not growing or slot is None:
                return node.plan.make(node.values, node.extra)
            if slot[0] == "f":
                if slot[1] in node.values:
                    raise _Conflict(node)
                return node.plan.make(node.values, node.extra, slot[1], value)
            if slot[1] in node.extra:
                raise _Conflict(node)
            return node.plan.make(node.values, {**node.extra, slot[1]: value})
        if node.failed:
            return None
        if final:
            return node.items
        items = node.items.copy()
        if not growing:
            return items
        if kind == LIST:
            items.append(value)
        else:
            if slot in items:
                raise _Conflict(node)
            items[slot] = value
        return items

    def _validate_root(self, text: str) -> Any:
        try:
            return self.plan.cls.model_validate_json(text, strict=False, context=self.context)
        except ValidationError:
            return NOTHING  # only a non-object could fail; fields are lenient

    # -- snapshots --------------------------------------------------------------

    def snapshot(self) -> Any:
        """The partial model instance for what arrived so far (NOTHING if none)."""
        while self.done is NOTHING and self.stack:
            self.growing = None
            try:
                return self._assemble()
            except _Conflict as conflict:
                self._whole(conflict.node)
            except Unsupported:
                self._whole(self.stack[0])
        return self.done

    def _assemble(self) -> Any:
        stack, scanner = self.stack, self.scanner
        i = len(stack) - 1
        growing, slot, value = False, None, None
        try:
            if self.blind >= 0:
                node = stack[i]
                i -= 1
                if node.kind == WHOLE:
                    end, suffix = scanner.completion(node.depth)  # type: ignore[misc]
                    text = scanner.slice(node.start, end) + suffix
                    if i < 0:
                        return self._validate_root(text)
                    growing = True
                    slot, value = self._validate(stack[i], text)
                elif node.failed:
                    growing, slot = True, node.slot
            else:
                string = scanner.open_string()
                if string is not None:
                    growing = True
                    slot, value = self._open_string(stack[i], *string)
        except _Failed as failed:
            # Voided for now by the value still growing.
            i, growing, slot, value = failed.node.depth - 1, True, failed.node.slot, None
        while i >= 0:
            node = stack[i]
            value = self._value(node, growing, slot, value)
            growing, slot = True, node.slot
            i -= 1
        return value

    def _open_string(self, node: _Node, start: int, end: int) -> tuple[Any, Any]:
        """``(slot, value)`` of the string still arriving in ``node``.

        A string that validates as itself (a ``str`` field, no str_* config)
        is decoded piece by piece, each piece once; anything else goes
        through pydantic whole, as a complete value would.
        """
        slot: Any = None
        if node.kind == MODEL:
            slot = node.plan.slot(node.key)
            plain = slot is not None and slot[0] == "f" and node.plan.plain_field(slot[1])
        else:
            plain = node.kind == LIST and node.plain
        if plain:
            known_start, done, text = self._string
            if known_start != start:
                done, text = start + 1, ""
            raw = self.scanner.slice(done, end)
            if _VERBATIM.fullmatch(raw) is None:
                try:
                    raw = json.loads('"' + raw + '"')
                except ValueError:
                    raw = None  # a control character: pydantic's error to make
                else:
                    if any("\ud800" <= c <= "\udfff" for c in raw):
                        raw = None  # a lone surrogate, which pydantic rejects
            if raw is not None:
                text += raw
                self._string = (start, end, text)
                self.growing = (start, len(text))
                return slot, text
        return self._validate(node, self.scanner.slice(start, end) + '"')
