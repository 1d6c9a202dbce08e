"""The eager switch: strict parsing of variables such as INSTRUCTOR_EAGER, and set_eager().

Finders and attach() read both here, so the override set at run time wins
over any variable for later imports.
"""

import os

# set_eager()'s value: True or False, or None to leave it to the variables.
override = None

_ON = frozenset(("1", "true", "yes", "on"))
_OFF = frozenset(("", "0", "false", "no", "off"))


class EnvFlagWarning(RuntimeWarning):
    """An environment switch held a value that is neither on nor off."""


def env_flag(name: str, *, _stacklevel: int = 2) -> bool:
    """Read the boolean environment variable *name*, strictly.

    ``1``, ``true``, ``yes``, ``on`` mean True; ``0``, ``false``, ``no``,
    ``off``, the empty string and an unset variable mean False.  Case and
    surrounding whitespace are ignored.  Anything else emits an
    :class:`EnvFlagWarning` and counts as False, so a typo can never switch
    a program into the slower eager mode silently, nor out of it.

    >>> import os
    >>> os.environ["IMPORTHOOKS_DOC_FLAG"] = "Yes"
    >>> env_flag("IMPORTHOOKS_DOC_FLAG")
    True
    """
    raw = os.environ.get(name)
    if raw is None:
        return False
    value = raw.strip().lower()
    if value in _ON:
        return True
    if value in _OFF:
        return False
    import warnings

    warnings.warn(
        f"{name}={raw!r} is not a boolean; use 1/true/yes/on or 0/false/no/off. "
        f"Treating it as off (modules stay deferred).",
        EnvFlagWarning,
        stacklevel=_stacklevel,
    )
    return False


def set_eager(flag: "bool | None") -> None:
    """Override the eager switch for later imports: True, False, or None to use the env var again.

    Checked when a matched module is imported (and when attach() is
    called), so it works after install(); modules deferred earlier stay
    deferred (see load_all()).

    >>> import importhooks
    >>> importhooks.set_eager(True); importhooks.is_eager()
    True
    >>> importhooks.set_eager(None)
    """
    global override
    override = None if flag is None else bool(flag)
