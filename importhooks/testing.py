"""Test helpers: guard against laziness regressions.

Typical use, in a fresh interpreter (a subprocess), right after importing
the library that installs the finder::

    import instructor, importhooks.testing
    importhooks.testing.assert_not_loaded("instructor.providers.openai")
"""

import sys

from ._records import _RECORDS

__all__ = ["assert_deferred", "assert_not_loaded", "deferred_modules"]


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


def assert_deferred(*names):
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


def assert_not_loaded(*names):
    """Assert no named module has run its body: each is deferred or was never imported.

    Use it where a library registers modules by name and imports them on
    first use, so "never imported" is the expected lazy state.

    >>> import importhooks.testing
    >>> importhooks.testing.assert_not_loaded("a.module.nobody.imported")
    """
    bad = []
    for name in _names(names):
        current = _state(name)
        if current == "deferred":
            continue
        if current is None and name not in sys.modules:
            continue
        bad.append(_describe(name))
    if bad:
        raise AssertionError("modules already loaded:\n  " + "\n  ".join(bad))


def deferred_modules():
    """Names of modules whose body is currently deferred.

    >>> import importhooks.testing
    >>> isinstance(importhooks.testing.deferred_modules(), list)
    True
    """
    return [
        name for name, record in list(_RECORDS.items()) if record.state == "deferred"
    ]


def _state(name):
    record = _RECORDS.get(name)
    return None if record is None else record.state
