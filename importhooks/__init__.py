"""Defer module bodies until first use, through a meta-path finder.

``install(["pkg.providers.*"])`` puts a finder on ``sys.meta_path``; an
``import`` of a matching module then succeeds at once (a missing module
still fails there), and the body runs when one of the module's attributes
is first touched: once, however many threads touch it, with the original
exception type and a note if it fails, and a clean retry afterwards.
Standard library only; importing this package loads nothing but its own
five small modules.

>>> import importhooks
>>> finder = importhooks.install(["json.tool"], eager_env="IMPORTHOOKS_DOC_EAGER")
>>> import json.tool
>>> importhooks.state("json.tool")
'deferred'
>>> json.tool.main.__name__, importhooks.state("json.tool")
('main', 'loaded')
>>> importhooks.uninstall(finder)
"""

from ._env import EnvFlagWarning, env_flag
from ._finder import (
    DeferredLoader,
    Finder,
    install,
    installed,
    is_eager,
    load_all,
    set_eager,
    uninstall,
    verify,
)
from ._module import DeferredImportError, DeferredModule
from ._records import ModuleRecord, records, state, stats

__all__ = [
    "DeferredImportError",
    "DeferredLoader",
    "DeferredModule",
    "EnvFlagWarning",
    "Finder",
    "ModuleRecord",
    "env_flag",
    "install",
    "installed",
    "is_eager",
    "load_all",
    "records",
    "report",
    "set_eager",
    "state",
    "stats",
    "stats_json",
    "uninstall",
    "verify",
]


def stats_json(indent=2):
    """Return stats() as a JSON string.

    >>> import importhooks, json
    >>> sorted(json.loads(importhooks.stats_json()))
    ['modules', 'totals']
    """
    import json

    return json.dumps(stats(), indent=indent)


def report():
    """Return a human-readable report: what was deferred, what loaded, why, how long.

    >>> import importhooks
    >>> importhooks.report().splitlines()[0].startswith("importhooks:")
    True
    """
    from ._report import format_report

    return format_report(stats())


def __getattr__(name):
    # `testing` is imported on first use so that `import importhooks` stays cheap.
    if name == "testing":
        import sys

        __import__(__name__ + ".testing")
        return sys.modules[__name__ + ".testing"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | {"testing"})
