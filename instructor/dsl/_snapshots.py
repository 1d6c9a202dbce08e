"""Snapshots of a ``Partial[Model]`` assembled as its JSON streams in.

`SnapshotTree` keeps, for each object and array still open in the stream,
the validated values of its complete members; a snapshot is assembled from
those and the one value still growing, so a piece of text costs work in
proportion to the piece and the depth of the document, not to all that
came before. The result is what validating the whole partial document
gives, because pydantic validates a model field by field, a list element
by element, a dict entry by entry, and the fields of a partial model have
no validators that look at their siblings. So a complete member is
validated once, alone, in a minimal document placing it where it is in
the nearest partial model (``{"items": [<it>]}`` for an element of
``items``); a value that fails shows which lenient field or element
pydantic made None, i.e. which open container is voided. A string for a
``str`` is decoded piece by piece instead (it validates as itself).

Validated whole, from its own start, each time it changes: containers
typed as unions of several types, tuples, sets or anything but a partial
model, ``list`` or ``dict[str, ...]``; extra fields; models with alias
paths; an object once a key repeats (pydantic's precedence between alias
and name is its own). Keys the model ignores are skipped. Snapshots share
the parts that were complete when the previous one was made; each has its
own objects and lists along the path that grew.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from . import _snapshot_parts as _p
from ._json_scanner import STOP, JsonPrefixScanner
from ._snapshot_parts import DICT, LIST, MODEL, NOTHING, SKIP, WHOLE, Failed, Node, Unsupported

__all__ = ["SnapshotTree"]

_KEEP_NOTHING = 1 << 62  # scanner.keep when no span needs to stay readable


class SnapshotTree:
    """Reads one streamed JSON object into snapshots of a partial model.

    ``feed(text)``, given the text from the opening ``{`` on, returns a new
    snapshot when what is known changed, else None (JSONDecodeError if the
    text cannot be JSON); ``snapshot()`` is the partial model instance for
    what arrived so far (NOTHING while nothing is).
    """

    __slots__ = ("_last", "_last_grew", "_last_key", "_last_text", "_string", "blind",
                 "context", "done", "grew", "nan", "plan", "scanner", "stack")

    def __init__(self, partial_model: type[BaseModel], context: Any = None) -> None:
        self.plan = _p.plan(partial_model)
        self.context = context
        self.scanner = JsonPrefixScanner(
            STOP, on_open=self._on_open, on_key=self._on_key, on_value=self._on_value
        )
        self.scanner.keep = _KEEP_NOTHING
        self.stack: list[Node] = []  # the open containers, outermost first
        # Depth of the last open container, whose inside is not followed
        # (validated whole, skipped or voided); -1 if none.
        self.blind = -1
        self.done: Any = NOTHING  # the value once the object is closed
        self.nan = False  # whether a NaN was ever validated
        self.grew: tuple[int, int] | None = None  # (start, length): a str that grew
        self._last: Any = None  # the last snapshot given out
        self._last_key: Any = None  # scanner.completion_key() when last snapshotted
        self._last_text: str | None = None  # its text, kept once a NaN is seen
        self._last_grew: tuple[int, int] | None = None
        self._string: tuple[int, int, str] = (-1, -1, "")  # (start, raw end, decoded) so far

    def feed(self, text: str) -> Any:
        """Scan ``text``; the new snapshot if what is known changed, else None."""
        scanner = self.scanner
        scanner.feed(text)
        # The text a snapshot stands for is the JSON up to some end, closed
        # by a suffix: if neither moved, neither did the snapshot.
        key = scanner.completion_key()
        if key is None or key == self._last_key:
            return None
        self._last_key = key
        if self.nan:
            # With a NaN inside, a snapshot is new whenever its text is, as
            # when each was validated afresh (NaN != NaN): compare the text.
            done = scanner.completion_text()
            if done == self._last_text:
                return None
            self._last_text = done
        snapshot = self.snapshot()
        if snapshot is NOTHING:
            return None
        if self.nan and self._last_text is None:
            self._last_text = scanner.completion_text()
        grew, last = self.grew, self._last_grew
        # A string that only grew changed the snapshot: no need to compare.
        if not (grew and last and grew[0] == last[0] and grew[1] != last[1]):
            if snapshot == self._last and not (self.nan and _p.has_nan(snapshot)):
                return None
        self._last, self._last_grew = snapshot, grew
        return snapshot

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
                found = self._plain(stack[-1], start, end - 1)
                if found is None:
                    self._add_text(stack[-1], self.scanner.slice(start, end))
                else:
                    self._add(stack[-1], *found)
                if self.blind < 0:  # (a string validated whole is done)
                    self.scanner.keep = _KEEP_NOTHING
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

    def _open_child(self, parent: Node, start: int, char: str) -> None:
        kind = parent.kind
        if kind == MODEL:
            slot = parent.plan.slot(parent.key)
            if slot is None:
                self._push((SKIP, None), start, char, parent, None)
                return
            kind, name = slot
            if name in parent.fields:
                self._whole(parent)
                return
            found = parent.plan.shape(name) if kind == "f" else _p.WHOLE_SHAPE
            self._push(found, start, char, parent, slot)
            return
        slot = None
        if kind == DICT and _p.fits(parent.elem[0], char):
            # The validated key (config may touch it) from an empty value.
            try:
                slot, _ = self._validate(parent, "{}" if char == "{" else "[]")
            except Failed as failed:
                self._void(failed.node)  # the key itself is what failed
                return
            if slot in parent.items:
                self._whole(parent)
                return
        self._push(parent.elem, start, char, parent, slot)

    def _push(self, found: tuple[int, Any], start: int, char: str,
              parent: Node | None, slot: Any) -> None:
        kind, detail = found
        if kind != SKIP and not _p.fits(kind, char):
            kind = WHOLE  # e.g. a list where a model goes: pydantic decides
        node = Node(kind, start, len(self.stack), slot)
        self.stack.append(node)
        if kind == MODEL:
            node.plan = detail
            node.values = detail.defaults.copy()  # defaults, then each field as it completes
            node.fields = set()  # the fields set, extras too
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

    def _whole(self, node: Node) -> None:
        """From now on validate ``node`` whole, from its start."""
        node.kind = WHOLE
        del self.stack[node.depth + 1:]
        self.blind = node.depth
        self.scanner.keep = node.start

    def _void(self, node: Node) -> None:
        """``node`` holds a value that can never validate: it is None."""
        node.failed = True
        del self.stack[node.depth + 1:]
        self.blind = node.depth

    def _validate(self, node: Node, text: str) -> tuple[Any, Any]:
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
                        raise Failed(level)
                    if level.kind == LIST:
                        (value,) = value
                    else:
                        ((slot, value),) = value.items()
            except (TypeError, ValueError):
                raise Unsupported from None
            if node.kind == LIST:
                slot = None
        if not self.nan and _p.has_nan(value):
            self.nan = True
        return slot, value

    def _add_text(self, parent: Node, text: str) -> None:
        try:
            slot, value = self._validate(parent, text)
        except Failed as failed:
            self._void(failed.node)
            return
        self._add(parent, slot, value)

    def _add(self, parent: Node, slot: Any, value: Any) -> None:
        """Store a complete value in ``parent``, the innermost open container."""
        if parent.kind == LIST:
            parent.items.append(value)
        elif parent.kind == DICT:
            if slot in parent.items:
                self._whole(parent)  # a key given twice
            else:
                parent.items[slot] = value
        elif slot is not None:  # (None: a key the model ignores)
            kind, name = slot
            if name in parent.fields:
                self._whole(parent)  # given twice, or by alias and by name
                return
            parent.fields.add(name)
            (parent.values if kind == "f" else parent.extra)[name] = value

    def _value(self, node: Node, growing: bool, slot: Any, value: Any,
               final: bool = False) -> Any:
        """The value of ``node``, plus ``value`` in ``slot`` if ``growing``.

        Open containers give copies (a snapshot must not change as the stream
        goes on); a ``final`` one gives its own list or dict.
        """
        kind = node.kind
        if kind == MODEL:
            if not growing or slot is None:
                return node.plan.make(node.values, node.fields, node.extra)
            name = slot[1]
            if name in node.fields:
                raise _p.Conflict(node)
            if slot[0] == "f":
                return node.plan.make(node.values, node.fields, node.extra, name, value)
            return node.plan.make(node.values, node.fields | {name}, {**node.extra, name: value})
        if node.failed:
            return None
        if final:
            return node.items
        if not growing:
            return node.items.copy()
        if kind == LIST:
            return [*node.items, value]
        if slot in node.items:
            raise _p.Conflict(node)
        return {**node.items, slot: value}

    def _validate_root(self, text: str) -> Any:
        try:
            return self.plan.cls.model_validate_json(text, strict=False, context=self.context)
        except ValidationError:
            return NOTHING  # only a non-object could fail; fields are lenient

    # -- snapshots --------------------------------------------------------------

    def snapshot(self) -> Any:
        """The partial model instance for what arrived so far (NOTHING if none)."""
        while self.done is NOTHING and self.stack:
            self.grew = None
            try:
                return self._assemble()
            except _p.Conflict as conflict:
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
                    found = self._plain(stack[i], *string)
                    if found is None:
                        # Validated whole each time: its text must stay at hand.
                        scanner.keep = min(scanner.keep, string[0])
                        text = scanner.slice(*string) + '"'
                        slot, value = self._validate(stack[i], text)
                    else:
                        slot, value = found
                        self.grew = (string[0], len(value))
        except Failed as failed:
            # Voided for now by the value still growing.
            i, growing, slot, value = failed.node.depth - 1, True, failed.node.slot, None
        while i >= 0:
            node = stack[i]
            if node.kind == LIST and growing and not node.failed:
                value = [*node.items, value]  # the common case, without a call
            else:
                value = self._value(node, growing, slot, value)
            growing, slot = True, node.slot
            i -= 1
        return value

    def _plain(self, node: Node, start: int, end: int) -> tuple[Any, str] | None:
        """``(slot, value)`` of the string at ``start`` (raw text to ``end``) if plain.

        A string that validates as itself (a ``str`` field or element, no
        str_* config) is decoded piece by piece as it arrives, each piece
        once; for anything else (None) pydantic validates it whole.
        """
        known_start, done, text = self._string
        if known_start != start:
            if self.scanner.slice(start, start + 1) != '"':
                return None
            done, text = start + 1, ""
        slot: Any = None
        if node.kind == MODEL:
            slot = node.plan.str_slot(node.key)
            if slot is None:
                return None
        elif node.kind != LIST or not node.plain:
            return None
        piece = _p.decode(self.scanner.slice(done, end))
        if piece is None:
            return None
        text += piece
        self._string = (start, end, text)
        return slot, text
