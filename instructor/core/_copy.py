"""`fresh`: a private copy of a JSON-like value, cheaper than `copy.deepcopy`.

Schemas are built once per response model and cached; every request gets
its own copy of what it sends, so that a hook or an SDK that edits the
request in place cannot change later requests.
"""

from __future__ import annotations

from typing import Any

__all__ = ["fresh"]


def fresh(value: Any) -> Any:
    """A copy of the dicts and lists in ``value``; other values are shared.

        >>> schema = {"type": "object", "required": ["a"]}
        >>> copy = fresh(schema)
        >>> copy == schema, copy["required"] is schema["required"]
        (True, False)
    """
    kind = type(value)
    if kind is dict:
        return {key: fresh(item) for key, item in value.items()}
    if kind is list:
        return [fresh(item) for item in value]
    return value
