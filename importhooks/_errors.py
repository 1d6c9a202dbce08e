"""What a failed deferred load tells its user: notes naming both sites, install hints, DeferredImportError.

Imported only when a body fails, so the success path never pays for it.
"""

from ._records import describe_frame


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


def failure_note(name, import_frame, attempt, trigger):
    """The note added to an exception raised by the body of deferred module *name*.

    It names both places a reader needs: the import statement that deferred
    the module, and the attribute access that finally ran its body.
    """
    where = f" (imported at {describe_frame(import_frame)})" if import_frame else ""
    what = trigger.kind if trigger.attr is None else f"{trigger.kind} {trigger.attr!r}"
    return (
        f"importhooks: deferred module {name!r}{where} failed to load "
        f"(attempt {attempt}), triggered by {what} at {trigger.site} "
        f"in thread {trigger.thread!r}"
    )


def annotate_failure(exc, name, origin, import_frame, attempt, trigger, hint):
    """Add the notes to *exc* from a deferred body; return the DeferredImportError to raise instead, if any.

    The caller re-raises (``raise`` or ``raise wrapped from exc``) itself,
    so the traceback is the one the failing body produced.
    """
    note = failure_note(name, import_frame, attempt, trigger)
    if isinstance(exc, AttributeError):
        wrapped = DeferredImportError(
            f"AttributeError in the body of deferred module {name!r}: {exc}",
            name=name,
            path=origin,
        )
        add_note(wrapped, note)
        return wrapped
    add_note(exc, note)
    if hint and hint_applies(name, exc):
        add_note(exc, f"hint: {hint}")
    return None


def annotate_attached(exc, attachment, name, module):
    """Notes for a failure resolving attached *name*; return the DeferredImportError to raise, if any.

    *module* is None when importing failed, else the imported module that
    lacks the attribute attach() declared.
    """
    from ._records import describe_frame, user_frame

    target, attr = attachment.target(name)
    note = (
        f"importhooks: {attachment.package}.{name} was attached lazily at "
        f"{describe_frame(attachment.declared_at)} and first read at "
        f"{describe_frame(user_frame(3))}"
    )
    if module is not None:
        wrapped = DeferredImportError(
            f"attach() declared {attachment.package}.{name} as {attr!r} of {target!r}, "
            f"which has no such attribute",
            name=target,
        )
        add_note(wrapped, note)
        return wrapped
    if isinstance(exc, AttributeError):
        wrapped = DeferredImportError(
            f"AttributeError while importing {target!r} for attached name "
            f"{attachment.package}.{name}: {exc}",
            name=target,
        )
        add_note(wrapped, note)
        return wrapped
    add_note(exc, note)
    return None
