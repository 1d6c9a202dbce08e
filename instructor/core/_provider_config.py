"""`ProviderConfig`: a provider described as data, checked when it is made."""

from __future__ import annotations

from typing import Any

from ..exceptions import ConfigurationError
from ._resolve import check_path

__all__ = ["ProviderConfig"]

DEFAULT_ADAPTER = "instructor.core.adapter:ProviderAdapter"


def mode_value(mode: Any) -> str:
    """The value of a `Mode` member, or the string itself."""
    return getattr(mode, "value", mode)


def _known_modes() -> dict[str, str]:
    from ..mode import Mode  # registration time, not import time

    return {m.value: m.name for m in Mode}


class ProviderConfig:
    """What the registry knows about a provider before loading any of it.

    Paths are ``"module:attribute"`` strings, imported on first use:
    ``factory`` is the ``from_<name>(client, mode=..., **kwargs)`` function
    (or the function itself), ``builder`` makes a client for
    ``from_provider("<name>/<model>")``, ``adapter`` is the
    `ProviderAdapter` subclass that calls the SDK. ``modes`` maps each
    `Mode` (or its value) to the path of its handler (or the handler);
    ``aliases`` maps provider-specific 1.x modes to the mode they stand for
    *for this provider only*. ``sdk`` lists the import names the provider
    needs, ``extra`` the pip extra that installs them.

    Everything is checked here, so a config that exists can be registered:
    a mode that is no `Mode` value, a malformed path or an alias to a mode
    the provider lacks raises `ConfigurationError` naming the provider and
    the offending entry.

        >>> ProviderConfig("acme", factory="acme_llm.instructor:from_acme",
        ...                sdk=("acme_llm",), modes={"tool_call": "acme_llm.instructor:TOOLS"})
        ProviderConfig('acme')
        >>> ProviderConfig("acme", factory="acme_llm:from_acme", modes={"tool_calls": "a:B"})
        Traceback (most recent call last):
        ...
        instructor.exceptions.ConfigurationError: provider 'acme': mode 'tool_calls' is not a Mode value; did you mean 'tool_call' (Mode.TOOLS)?
    """

    __slots__ = ("name", "factory", "builder", "adapter", "sdk", "extra", "modes",
                 "default_mode", "aliases", "origin", "prefixes")

    def __init__(self, name: str, *, factory: Any = None, builder: str | None = None,
                 adapter: str | None = None, sdk: Any = (), extra: str | None = None,
                 modes: Any = None, default_mode: Any = None, aliases: Any = None,
                 origin: str = "instructor", prefixes: Any = None) -> None:
        if not isinstance(name, str) or not name.replace("_", "").replace("-", "").isalnum():
            raise ConfigurationError(f"provider name must be a word like 'acme', got {name!r}")
        self.name = name
        self.factory = self._path(factory, "factory") if isinstance(factory, str) else factory
        self.builder = self._path(builder, "builder") if builder else None
        if prefixes is None:
            prefixes = {name: self.builder} if self.builder else {}
        self.prefixes = {}
        for prefix, path in dict(prefixes).items():
            if not isinstance(prefix, str) or not prefix.replace("_", "").replace(
                    "-", "").isalnum():
                raise ConfigurationError(
                    f"provider {name!r}: prefix must be a word like 'acme', got {prefix!r}")
            self.prefixes[prefix] = self._path(path, f"builder of prefix {prefix!r}")
        self.adapter = self._path(adapter or DEFAULT_ADAPTER, "adapter")
        self.sdk = (sdk,) if isinstance(sdk, str) else tuple(sdk)
        self.extra = extra
        self.origin = origin
        known = _known_modes()
        self.modes = {}
        for mode, handler in dict(modes or {}).items():
            value = self._mode(mode, known, "mode")
            if isinstance(handler, str):
                handler = self._path(handler, f"handler of {value!r}")
            elif handler is None:
                raise ConfigurationError(f"provider {name!r}: mode {value!r} has no handler")
            self.modes[value] = handler
        self.aliases = {}
        for alias, target in dict(aliases or {}).items():
            alias, target = self._mode(alias, known, "alias"), self._mode(target, known, "alias target")
            if alias in self.modes:
                raise ConfigurationError(
                    f"provider {name!r}: {alias!r} is both a mode and an alias")
            if target not in self.modes:
                raise ConfigurationError(
                    f"provider {name!r}: alias {alias!r} stands for {target!r}, "
                    f"which is not one of its modes ({', '.join(self.modes) or 'none'})")
            self.aliases[alias] = target
        default = mode_value(default_mode) if default_mode is not None else next(iter(self.modes), None)
        if default is not None and default not in self.modes:
            raise ConfigurationError(
                f"provider {name!r}: default mode {default!r} is not one of its modes")
        self.default_mode = default

    def _path(self, path: str, what: str) -> str:
        try:
            return check_path(path)
        except ValueError as exc:
            raise ConfigurationError(f"provider {self.name!r}: {what}: {exc}") from None

    def _mode(self, mode: Any, known: dict[str, str], what: str) -> str:
        value = mode_value(mode)
        if value in known:
            return value
        from difflib import get_close_matches  # an error path only

        close = get_close_matches(str(value), known, n=1)
        hint = f"; did you mean {close[0]!r} (Mode.{known[close[0]]})?" if close else ""
        raise ConfigurationError(
            f"provider {self.name!r}: {what} {value!r} is not a Mode value{hint}")

    def replace(self, **changes: Any) -> ProviderConfig:
        """A copy with some fields changed (checked again)."""
        fields = {k: getattr(self, k) for k in self.__slots__ if k != "name"}
        fields.update(changes)
        return ProviderConfig(self.name, **fields)

    def install_hint(self) -> str:
        if self.extra:
            return f"pip install 'instructor[{self.extra}]'"
        return "pip install " + " ".join(self.sdk) if self.sdk else ""

    def __repr__(self) -> str:
        return f"ProviderConfig({self.name!r})"
