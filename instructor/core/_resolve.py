"""Resolve "package.module:attribute" paths, the registries' unit of laziness."""

from __future__ import annotations

import importlib
import sys


def resolve(path: str):
    """Import the module named before ':' and return the attribute after it.

    >>> resolve("os.path:join") is __import__("os").path.join
    True
    """
    module_name, _, attr = path.partition(":")
    module = loaded(module_name) or importlib.import_module(module_name)
    obj = module
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj


def loaded(name: str):
    """Module ``name`` if it has been imported (None if not), never half-initialised.

    A module another thread is still importing is in ``sys.modules`` before
    its body has run to the end; taking it from there would read a partial
    namespace. The import system's own lock is waited on instead.

    >>> loaded("sys") is sys
    True
    """
    module = sys.modules.get(name)
    if module is not None and getattr(getattr(module, "__spec__", None), "_initializing", False):
        module = importlib.import_module(name)  # waits for the importing thread
    return module


def check_path(path: str) -> str:
    """Return ``path`` if it looks like "module:attribute", else raise ValueError."""
    module_name, sep, attr = path.partition(":")
    if not (module_name and sep and attr):
        raise ValueError(f"expected 'package.module:attribute', got {path!r}")
    return path
