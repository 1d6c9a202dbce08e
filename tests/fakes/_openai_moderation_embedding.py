"""Builders for OpenAI moderation and embedding payloads.

Example::

    from fakes.openai_server import embedding, moderation

    assert moderation(categories=["hate"])["results"][0]["flagged"] is True
    assert embedding([0.5, 1.0])["data"][0]["embedding"] == [0.5, 1.0]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ._openai_wire import _new_id

__all__ = ["embedding", "moderation"]

_MODERATION_CATEGORIES = {
    # category: input types OpenAI applies it to
    "harassment": ["text"],
    "harassment/threatening": ["text"],
    "hate": ["text"],
    "hate/threatening": ["text"],
    "illicit": ["text"],
    "illicit/violent": ["text"],
    "self-harm": ["text"],
    "self-harm/instructions": ["text"],
    "self-harm/intent": ["text"],
    "sexual": ["text"],
    "sexual/minors": ["text"],
    "violence": ["text"],
    "violence/graphic": ["text"],
}


def moderation(
    flagged: bool | None = None,
    categories: Iterable[str] = (),
    *,
    model: str = "omni-moderation-latest",
) -> dict[str, Any]:
    """A moderations body with one result; ``categories`` lists the flagged ones.

    ``flagged`` defaults to whether any category is flagged.

    Example::

        moderation()                                   # nothing flagged
        moderation(categories=["violence", "hate"])    # flagged=True
    """
    hits = set(categories)
    unknown = hits - _MODERATION_CATEGORIES.keys()
    if unknown:
        raise ValueError(f"unknown moderation categories: {sorted(unknown)}")
    return {
        "id": _new_id("modr-"),
        "model": model,
        "results": [
            {
                "flagged": bool(hits) if flagged is None else flagged,
                "categories": {name: name in hits for name in _MODERATION_CATEGORIES},
                "category_scores": {
                    name: 0.97 if name in hits else 0.0001
                    for name in _MODERATION_CATEGORIES
                },
                "category_applied_input_types": {
                    name: list(kinds) for name, kinds in _MODERATION_CATEGORIES.items()
                },
            }
        ],
    }


def embedding(
    *vectors: Sequence[float],
    model: str = "text-embedding-3-small",
    prompt_tokens: int = 8,
) -> dict[str, Any]:
    """An embeddings body, one ``data`` entry per vector (default: one 4-d vector).

    The fake server base64-encodes the vectors as float32 when the request asks
    for ``encoding_format="base64"``, which the SDK does by default; pick values
    exact in float32 (0.5, 0.25...) to compare them with ``==``.

    Example::

        embedding([0.5, -0.25], [1.0, 0.0])
    """
    vectors = vectors or ([0.5, -0.25, 0.125, 1.0],)
    return {
        "object": "list",
        "data": [
            {"object": "embedding", "index": index, "embedding": list(vector)}
            for index, vector in enumerate(vectors)
        ],
        "model": model,
        "usage": {"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens},
    }
