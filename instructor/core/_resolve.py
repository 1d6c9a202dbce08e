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
    module = sys.modules.get(module_name)
    if module is None:
        module = importlib.import_module(module_name)
    obj = module
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj


def check_path(path: str) -> str:
    """Return ``path`` if it looks like "module:attribute", else raise ValueError."""
    module_name, sep, attr = path.partition(":")
    if not (module_name and sep and attr):
        raise ValueError(f"expected 'package.module:attribute', got {path!r}")
    return path
