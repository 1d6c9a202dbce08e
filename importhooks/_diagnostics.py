"""What a deferred load tells its user: the import site, the thread, notes and install hints."""

import os
import sys
from _thread import _count as _thread_count
from _thread import get_ident

_HERE = os.path.dirname(os.path.abspath(__file__)) + os.sep
_SKIP_FILES = ("<frozen importlib", _HERE)


class DeferredImportError(ImportError):
    """An AttributeError escaped the body of a deferred module.

    Raised in its place so that ``hasattr()``, ``getattr(m, n, default)``
    and ``from m import n`` cannot mistake a broken body for a missing
    attribute.  The original AttributeError is ``__cause__``.  Every other
    exception type leaves a deferred body unchanged (only a note is added).

    >>> import importhooks
    >>> issubclass(importhooks.DeferredImportError, ImportError)
    True
    """


def thread_name():
    """The current thread's name, without importing threading."""
    threading = sys.modules.get("threading")
    if threading is not None:
        return threading.current_thread().name
    # Without the threading module, threads are rare; with none started
    # through _thread we must be on the main thread.
    if _thread_count() == 0:
        return "MainThread"
    return f"thread-{get_ident()}"


_skip_cache = [None, _SKIP_FILES]


def _skip_prefixes():
    # importlib/__init__.py (import_module) and friends are import machinery
    # too; recomputed only when the importlib package object changes.
    importlib = sys.modules.get("importlib")
    cache = _skip_cache
    if cache[0] is not importlib:
        library = getattr(importlib, "__file__", None)
        extra = (os.path.dirname(library) + os.sep,) if library else ()
        cache[0], cache[1] = importlib, _SKIP_FILES + extra
    return cache[1]


def user_site(frame=None):
    """Describe the first frame outside importhooks and the import machinery.

    >>> user_site().startswith("<doctest")
    True
    """
    frame = sys._getframe(1) if frame is None else frame
    skip = _skip_prefixes()
    while frame is not None:
        code = frame.f_code
        if not code.co_filename.startswith(skip):
            return f"{code.co_filename}:{frame.f_lineno} in {code.co_name}"
        frame = frame.f_back
    return "<no Python frame>"


def add_note(exc, note):
    """Attach *note* to *exc*: add_note() on 3.11+, ``__notes__`` (and ImportError.msg) on 3.10."""
    adder = getattr(exc, "add_note", None)
    if adder is not None:
        try:
            adder(note)
        except TypeError:  # __notes__ replaced by something that is not a list
            return
        return
    notes = getattr(exc, "__notes__", None)
    exc.__notes__ = [*(notes if isinstance(notes, list) else ()), note]
    # 3.10 tracebacks do not print __notes__; an ImportError shows its msg.
    if isinstance(exc, ImportError) and isinstance(exc.msg, str):
        exc.msg = f"{exc.msg}\n{note}"


def hint_applies(name, exc):
    """True if an install hint should decorate *exc* raised while loading *name*."""
    if not isinstance(exc, ModuleNotFoundError):
        return False
    missing = exc.name or ""
    top = name.partition(".")[0]
    # A module missing from our own package is a bug, not a missing extra.
    return not (missing == top or missing.startswith(top + "."))


def failure_note(name, import_site, attempt, trigger):
    """The note added to an exception raised by the body of deferred module *name*."""
    where = f" (imported at {import_site})" if import_site else ""
    what = trigger.kind if trigger.attr is None else f"{trigger.kind} {trigger.attr!r}"
    return (
        f"importhooks: deferred module {name!r}{where} failed to load "
        f"(attempt {attempt}), triggered by {what} at {trigger.site} "
        f"in thread {trigger.thread!r}"
    )
