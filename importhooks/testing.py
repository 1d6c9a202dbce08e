"""Test helpers: guard against laziness regressions and typing drift.

Typical use, in a fresh interpreter (a subprocess), right after importing
the library that installs the finder::

    import instructor, importhooks.testing
    importhooks.testing.assert_not_loaded("instructor.providers.openai")
"""

import sys

from ._records import _RECORDS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "assert_attach_matches_imports",
    "assert_deferred",
    "assert_not_loaded",
    "deferred_modules",
]


def _names(names):
    if len(names) == 1 and not isinstance(names[0], str):
        return list(names[0])
    return list(names)


def _describe(name):
    record = _RECORDS.get(name)
    if record is None:
        if name in sys.modules:
            return f"{name}: loaded without importhooks (imported before install, or not matched)"
        return f"{name}: never imported"
    text = f"{name}: {record.state}"
    if record.reason:
        text += f" ({record.reason})"
    if record.trigger is not None:
        text += f"; triggered by {record.trigger.describe()}"
    if record.import_site:
        text += f"; imported at {record.import_site}"
    return text


def assert_deferred(*names: "str | Iterable[str]") -> None:
    """Assert each named module was imported and its body has not run yet.

    Accepts names as arguments or one iterable.  The AssertionError names
    every offending module with its state and what triggered its load.

    >>> import importhooks, importhooks.testing
    >>> finder = importhooks.install(["json.tool"])
    >>> import json.tool
    >>> importhooks.testing.assert_deferred("json.tool")
    >>> importhooks.uninstall(finder)
    """
    bad = [_describe(name) for name in _names(names) if _state(name) != "deferred"]
    if bad:
        raise AssertionError("modules not deferred:\n  " + "\n  ".join(bad))


def assert_not_loaded(*names: "str | Iterable[str]") -> None:
    """Assert no named module has run its body: each is deferred, attached or never imported.

    Use it where a library registers modules by name and imports them on
    first use, so "never imported" is the expected lazy state.

    >>> import importhooks.testing
    >>> importhooks.testing.assert_not_loaded("a.module.nobody.imported")
    """
    bad = []
    for name in _names(names):
        current = _state(name)
        if current == "deferred" or current == "attached":
            continue
        if current is None and name not in sys.modules:
            continue
        bad.append(_describe(name))
    if bad:
        raise AssertionError("modules already loaded:\n  " + "\n  ".join(bad))


def deferred_modules() -> "list[str]":
    """Names of modules whose body is currently deferred.

    >>> import importhooks.testing
    >>> isinstance(importhooks.testing.deferred_modules(), list)
    True
    """
    return [
        name for name, record in list(_RECORDS.items()) if record.state == "deferred"
    ]


def _state(name):
    from ._stats import state

    return state(name)


def assert_attach_matches_imports(package: str) -> None:
    """Assert the plain imports type checkers read name exactly what attach() serves for *package*.

    Those imports are the relative ones (``from . import sub``,
    ``from .sub import name``) in the ``if TYPE_CHECKING:`` blocks of the
    package's ``__init__.py``, or everywhere in its ``__init__.pyi`` if it
    has one.  They are read from source here, at test time; nothing reads
    them at run time, so a build without sources or stubs still works.

    >>> import importhooks, importhooks.testing
    >>> _ = importhooks.attach("json", ["tool"])
    >>> importhooks.testing.assert_attach_matches_imports("json")
    Traceback (most recent call last):
    AssertionError: attach() of 'json' and the imports type checkers read differ:
      attached but not imported for type checkers: tool
    """
    import ast
    import os

    from ._attach import _ATTACHMENTS

    __import__(package)
    attachment = _ATTACHMENTS.get(package)
    if attachment is None:
        raise AssertionError(f"{package!r} has not called importhooks.attach()")
    source = getattr(sys.modules[package], "__file__", None) or ""
    stub = source[:-3] + ".pyi" if source.endswith(".py") else ""
    if stub and os.path.exists(stub):
        with open(stub, encoding="utf-8") as handle:
            blocks = [ast.parse(handle.read(), stub)]
    else:
        with open(source, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), source)
        blocks = [node for node in ast.walk(tree) if isinstance(node, ast.If) and _is_type_checking(node.test)]
    imported = {}
    for block in blocks:
        for node in ast.walk(block):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                for alias in node.names:
                    if node.module is None:
                        target = (f"{package}.{alias.name}", None)
                    else:
                        target = (f"{package}.{node.module}", alias.name)
                    imported[alias.asname or alias.name] = target
    served = {name: attachment.target(name) for name in attachment.names()}
    problems = []
    missing = sorted(set(served) - set(imported))
    extra = sorted(set(imported) - set(served))
    if missing:
        problems.append("attached but not imported for type checkers: " + ", ".join(missing))
    if extra:
        problems.append("imported for type checkers but not attached: " + ", ".join(extra))
    for name in sorted(set(served) & set(imported)):
        if served[name] != imported[name]:
            problems.append(f"{name}: attached as {served[name]}, imported as {imported[name]}")
    if problems:
        raise AssertionError(
            f"attach() of {package!r} and the imports type checkers read differ:\n  "
            + "\n  ".join(problems)
        )


def _is_type_checking(test):
    """``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:``."""
    return getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == "TYPE_CHECKING"
