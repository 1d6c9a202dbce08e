"""Helpers shared by the DSL: a per-type class cache and a class factory.

Every DSL helper (``Partial[X]``, ``IterableModel(X)``, ``Maybe(X)``, the
wrapper of a simple type) builds a pydantic class once per argument and hands
back that same class afterwards: building one costs milliseconds, and the
identity of the class is what caches further down (schemas, validators)
key on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["TypeCache", "new_model"]


class TypeCache:
    """A thread-safe map from a type (or tuple of types) to the class built for it.

    Keys that cannot be hashed (``Annotated[int, Field(...)]`` whose metadata
    is unhashable) are kept by identity, holding a reference to the key so
    its id is never reused.

        >>> cache = TypeCache()
        >>> cache.get_or_build(int, lambda: object()) is cache.get_or_build(int, None)
        True
    """

    __slots__ = ("_by_id", "_by_key", "_lock")

    def __init__(self) -> None:
        self._by_key: dict[Hashable, Any] = {}
        self._by_id: dict[int, tuple[Any, Any]] = {}
        # Re-entrant: building Partial[A] builds Partial[B] for A's fields.
        self._lock = threading.RLock()

    def get(self, key: Any) -> Any:
        try:
            return self._by_key.get(key)
        except TypeError:
            entry = self._by_id.get(id(key))
            return None if entry is None else entry[1]

    def get_or_build(self, key: Any, build: Callable[[], Any] | None) -> Any:
        found = self.get(key)
        if found is not None or build is None:
            return found
        with self._lock:
            found = self.get(key)
            if found is None:
                found = build()
                self.put(key, found)
            return found

    def put(self, key: Any, value: Any) -> None:
        try:
            self._by_key[key] = value
        except TypeError:
            self._by_id[id(key)] = (key, value)


def new_model(
    name: str,
    base: type,
    fields: dict[str, tuple[Any, Any]],
    *,
    doc: str | None = None,
    module: str = __name__,
    qualname: str | None = None,
    namespace: dict[str, Any] | None = None,
) -> Any:
    """Create a pydantic model class deriving from ``base``.

    ``fields`` maps names to ``(annotation, FieldInfo)``; ``namespace`` adds
    class attributes (config, markers). Unlike ``pydantic.create_model`` this
    lets a class carry both its own config and marker attributes.
    """
    ns: dict[str, Any] = {
        "__module__": module,
        "__qualname__": qualname or name,
        "__annotations__": {k: ann for k, (ann, _) in fields.items()},
    }
    if doc is not None:
        ns["__doc__"] = doc
    for key, (_, info) in fields.items():
        ns[key] = info
    if namespace:
        ns.update(namespace)
    return type(base)(name, (base,), ns)
