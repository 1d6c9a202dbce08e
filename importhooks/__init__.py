"""Defer module bodies until first use, through a meta-path finder.

``install(["pkg.providers.*"])`` puts a finder on ``sys.meta_path``; an
``import`` of a matching module then succeeds at once (a missing module
still fails there), and the body runs when one of the module's attributes
is first touched: once, however many threads touch it, with the original
exception type and a note if it fails, and a clean retry afterwards.
Standard library only; importing this package loads nothing but this
file: the finder, the machinery and the rest load when first used.

>>> import importhooks
>>> finder = importhooks.install(["json.tool"], eager_env="IMPORTHOOKS_DOC_EAGER")
>>> import json.tool
>>> importhooks.state("json.tool")
'deferred'
>>> json.tool.main.__name__, importhooks.state("json.tool")
('main', 'loaded')
>>> importhooks.uninstall(finder)
"""

# Everything loads on first use: importing the package costs this file, a
# process that installs no finder does not load one, and one that imports
# no matched module does not load the deferred-module machinery.
_LAZY = {
    "Finder": "_finder",
    "install": "_finder",
    "installed": "_finder",
    "is_eager": "_finder",
    "uninstall": "_finder",
    "set_eager": "_env",
    "attach": "_attach",
    "EnvFlagWarning": "_env",
    "env_flag": "_env",
    "DeferredImportError": "_errors",
    "DeferredModule": "_module",
    "DeferredLoader": "_loader",
    "load_all": "_verify",
    "verify": "_verify",
    "ModuleRecord": "_records",
    "records": "_stats",
    "state": "_stats",
    "stats": "_stats",
}


TYPE_CHECKING = False  # typing is not imported at run time
if TYPE_CHECKING:
    # What type checkers and IDEs read; at run time __getattr__ serves the
    # same names from _LAZY (a test keeps the two in step).
    from . import testing as testing
    from ._attach import attach
    from ._env import EnvFlagWarning, env_flag, set_eager
    from ._errors import DeferredImportError
    from ._finder import Finder, install, installed, is_eager, uninstall
    from ._loader import DeferredLoader
    from ._module import DeferredModule
    from ._records import ModuleRecord
    from ._stats import records, state, stats
    from ._verify import load_all, verify
else:

    def __getattr__(name):
        if name == "testing":  # imported on first use, like the rest
            __import__(f"{__name__}.testing")
            return globals()["testing"]
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'importhooks' has no attribute {name!r}")
        value = getattr(__import__(f"{__name__}.{module}", fromlist=["_"]), name)
        globals()[name] = value
        return value


def __dir__() -> "list[str]":
    return sorted({*globals(), *__all__, "testing"})


__all__ = [
    "DeferredImportError",
    "DeferredLoader",
    "DeferredModule",
    "EnvFlagWarning",
    "Finder",
    "ModuleRecord",
    "attach",
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


def stats_json(indent: "int | None" = 2) -> str:
    """Return stats() as a JSON string.

    >>> import importhooks, json
    >>> sorted(json.loads(importhooks.stats_json()))
    ['modules', 'totals']
    """
    import json

    from ._stats import stats

    return json.dumps(stats(), indent=indent)


def report() -> str:
    """Return a human-readable report: what was deferred, what loaded, why, how long.

    >>> import importhooks
    >>> importhooks.report().splitlines()[0].startswith("importhooks:")
    True
    """
    from ._report import format_report
    from ._stats import stats

    return format_report(stats())

