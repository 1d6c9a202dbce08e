"""Waiting for a body another thread runs, and noticing when that wait would never end.

The thread that runs a deferred body holds a plain ``_thread`` lock, so a
first touch nobody competes for costs two C calls.  A thread that finds
the lock taken waits in short rounds; before each round it follows the
chain of who waits for whom, through other deferred modules (``WAITING``
here) and through the import system's module locks (its private
``_blocking_on`` table, only read).  If the chain comes back to the waiting
thread, waiting would deadlock: the caller gets the partial namespace
instead, as a circular eager import does.  The rounds are what make a
mixed cycle safe: a thread blocked inside the import system cannot see our
waits, so when it closes a cycle it is our waiter that finds it, on its
next round.
"""

import _frozen_importlib as _bootstrap
from _thread import get_ident

# thread id -> the control block of the deferred module it is waiting for
WAITING: "dict[int, object]" = {}

_FIRST_ROUND = 0.001  # seconds; each round doubles, up to the longest
_LONGEST_ROUND = 0.05


def _import_lock_owners(tid):
    """Threads owning the import-system module locks that thread *tid* is blocked on."""
    table = getattr(_bootstrap, "_blocking_on", None)
    if table is None:
        return ()
    try:
        entry = table.get(tid)
        if entry is None:
            return ()
        # 3.10 and 3.11 keep one lock per thread, 3.12+ a list of them.
        locks = (entry,) if hasattr(entry, "owner") else tuple(entry)
        return [lock.owner for lock in locks]
    except Exception:  # a future layout we cannot read: no edge rather than a crash
        return ()


def would_deadlock(control, me):
    """True if the thread running *control*'s body is, through a chain of waits, waiting for *me*."""
    seen = set()
    todo = [control.owner]
    while todo:
        tid = todo.pop()
        if tid is None or tid in seen:
            continue
        if tid == me:
            return True
        seen.add(tid)
        waited = WAITING.get(tid)
        if waited is not None:
            todo.append(waited.owner)
        todo.extend(_import_lock_owners(tid))
    return False


def wait_for(control, lock):
    """Take *lock*, which another thread holds to run *control*'s body; False if that would deadlock.

    >>> from _thread import allocate_lock
    >>> class Idle: owner = None
    >>> lock = allocate_lock()
    >>> wait_for(Idle(), lock) and lock.locked()
    True
    """
    me = get_ident()
    outer = WAITING.get(me)  # a signal handler can touch a module while we wait
    WAITING[me] = control
    try:
        timeout = _FIRST_ROUND
        while True:
            if lock.acquire(True, timeout):
                return True
            if would_deadlock(control, me):
                return False
            timeout = min(timeout * 2, _LONGEST_ROUND)
    finally:
        if outer is None:
            WAITING.pop(me, None)
        else:
            WAITING[me] = outer
