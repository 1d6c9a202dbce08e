"""`CitationMixin`: quotes from the source that back an answer, checked.

A model that mixes it in gets a ``substring_quotes`` field. When the call
passes the source text as ``context={"context": text}``, each quote is
looked up in that text: found exactly, it stays; found with small
differences (case, a typo, spacing), it is replaced by the exact span of the
source; not found at all, it is dropped.

    >>> from pydantic import BaseModel
    >>> class Fact(CitationMixin, BaseModel):
    ...     fact: str
    >>> source = "Jason is 25 years old. He lives in Toronto."
    >>> Fact.model_validate(
    ...     {"fact": "Jason is 25", "substring_quotes": ["jason is 25 yeers old", "He lives in Paris"]},
    ...     context={"context": source},
    ... ).substring_quotes
    ['Jason is 25 years old']

"jason is 25 yeers old" differs from the source by case and one letter:
within the allowance of a quote that long (a tenth of its length, rounded
down, here 2 edits), so the source's span replaces it. "He lives in Paris"
is 4 edits from its closest span, more than its allowance of 1: dropped.
Without a ``context`` the quotes are kept as given.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, model_validator

__all__ = ["CitationMixin", "find_quote"]

# Edits allowed per character of quote: a tenth, so quotes shorter than ten
# characters must match exactly (short strings match anything at distance 1).
_ERRORS_PER_CHAR = 0.1


class CitationMixin(BaseModel):
    """Adds ``substring_quotes`` and checks them against ``context["context"]``.

    ``context["context"]`` is the source: a string, or a list of strings
    searched one by one. Quotes not found are dropped; close matches are
    replaced by the exact source span (see `find_quote`).

        >>> from pydantic import BaseModel
        >>> class Answer(CitationMixin, BaseModel):
        ...     answer: str
        >>> Answer.model_validate(
        ...     {"answer": "blue", "substring_quotes": ["the sky is blue", "made up"]},
        ...     context={"context": "Today the sky is blue."},
        ... ).substring_quotes
        ['the sky is blue']
    """

    substring_quotes: list[str] = Field(
        description="Exact quotes copied from the source text that support this "
        "answer: short, specific, each one a different passage",
    )

    @model_validator(mode="after")
    def validate_sources(self, info: ValidationInfo) -> Any:
        context = info.context
        if not isinstance(context, dict) or context.get("context") is None:
            return self
        sources = context["context"]
        if isinstance(sources, str):
            sources = [sources]
        found = []
        for quote in self.substring_quotes:
            for source in sources:
                span = find_quote(quote, source)
                if span is not None:
                    found.append(source[span[0]:span[1]])
                    break
        # Set past pydantic's __setattr__: assignment would re-run validation
        # on models with validate_assignment, and fail on frozen ones.
        object.__setattr__(self, "substring_quotes", found)
        return self


def find_quote(quote: str, source: str, max_errors: int | None = None) -> tuple[int, int] | None:
    """``(start, end)`` of the span of ``source`` closest to ``quote``, or None.

    Exact matches win, then matches ignoring case, then the span with the
    fewest edits (insertions, deletions, substitutions) if there are at most
    ``max_errors`` of them (default: a tenth of the quote's length, rounded
    down). Runs in time proportional to ``len(source)`` times
    ``len(quote) / 64`` or so (bit-parallel; Myers, 1999).

        >>> find_quote("brown fox", "the quick brown fox")
        (10, 19)
        >>> find_quote("the quick brwn fox jumps", "the quick brown fox jumps over")
        (0, 25)
        >>> find_quote("a cat", "the quick brown fox") is None
        True
    """
    quote = quote.strip()
    if not quote:
        return None
    start = source.find(quote)
    if start >= 0:
        return start, start + len(quote)
    folded_quote, folded_source = quote.lower(), source.lower()
    # Lower-casing keeps offsets only when it keeps lengths ('İ' does not).
    if len(folded_source) == len(source) and len(folded_quote) == len(quote):
        start = folded_source.find(folded_quote)
        if start >= 0:
            return start, start + len(quote)
        quote, source_key = folded_quote, folded_source
    else:
        source_key = source
    if max_errors is None:
        max_errors = int(len(quote) * _ERRORS_PER_CHAR)
    if max_errors <= 0:
        return None
    distance, end = _best_match_end(quote, source_key)
    if distance > max_errors:
        return None
    # The start: the same search on both strings reversed, ending at `end`.
    reversed_head = source_key[end - 1::-1] if end else ""
    for offset, d in _distances(quote[::-1], reversed_head):
        if d == distance:
            return end - offset, end
    raise AssertionError("a match found forwards is found backwards")  # pragma: no cover


def _best_match_end(pattern: str, text: str) -> tuple[int, int]:
    """(fewest edits, end) of the best match of ``pattern`` in ``text``.

    Ties go to the earliest end.
    """
    best, best_end = len(pattern), 0
    for end, d in _distances(pattern, text):
        if d < best:
            best, best_end = d, end
    return best, best_end


def _distances(pattern: str, text: str) -> Iterator[tuple[int, int]]:
    """For each end ``j`` in ``1..len(text)``: (j, fewest edits turning some
    ``text[i:j]`` into ``pattern``). Myers' bit-vector algorithm."""
    m = len(pattern)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    masks: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    pv, mv, score = full, 0, m
    for j, ch in enumerate(text, 1):
        eq = masks.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        # A match may start anywhere in the text: no carry into row 0.
        ph = (ph << 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        yield j, score
