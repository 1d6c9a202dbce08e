"""Providers by name, registered as metadata and loaded piece by piece.

A `ProviderConfig` names, as dotted paths, a provider's factory, its
`from_provider` builder, its SDK adapter and one handler per mode. Nothing is
imported when a provider registers; each piece is imported the first time it
is asked for. Providers of other distributions arrive through the
``instructor.providers`` entry-point group, read only when a name is unknown
or a listing is asked for; each entry point loads on its own.

    >>> from instructor.core.provider_registry import provider_registry
    >>> "openai" in provider_registry.names()
    True

Third-party code registers a config, or decorates its factory:

    @register_provider(ProviderConfig("acme", sdk=("acme_llm",),
                                      modes={Mode.TOOLS: "acme_llm.instructor:TOOLS"}))
    def from_acme(client, mode=Mode.TOOLS, **kwargs): ...
"""

from __future__ import annotations

from _thread import allocate_lock
from typing import Any

from ..exceptions import ConfigurationError, MissingSDKError, ModeError
from ._provider_config import ProviderConfig, mode_value
from ._resolve import resolve

__all__ = ["ProviderConfig", "ProviderRegistry", "provider_registry", "register_provider"]

_warned_aliases: set[tuple[str, str]] = set()


class ProviderRegistry:
    """Providers by name; their factories, adapters and handlers load on first use."""

    def __init__(self, default: str | None = None) -> None:
        self.default = default  # the provider of a client that names none
        self._configs: dict[str, ProviderConfig] = {}
        self._loaded: dict[tuple[str, str], Any] = {}  # (provider, piece) -> object
        self._in_use: set[str] = set()
        self._broken: dict[str, ConfigurationError] = {}  # entry points that failed
        self._lock = allocate_lock()
        self._scanned = False

    # -- registration -----------------------------------------------------------

    def register(self, config: ProviderConfig) -> ProviderConfig:
        """Add a provider; a name registered twice is an error naming both."""
        if not isinstance(config, ProviderConfig):
            raise ConfigurationError(
                f"register() takes a ProviderConfig, got {type(config).__name__}")
        if config.factory is None:
            raise ConfigurationError(
                f"provider {config.name!r} has no factory: give factory= or use "
                "@register_provider(config) on the from_<name> function")
        with self._lock:
            old = self._configs.get(config.name)
            if old is not None:
                raise ConfigurationError(
                    f"provider {config.name!r} is already registered (from "
                    f"{old.origin}: {old.factory}); cannot also register "
                    f"{config.factory} from {config.origin}")
            self._configs[config.name] = config
            self._broken.pop(config.name, None)
        return config

    def unregister(self, name: str) -> ProviderConfig:
        """Remove provider ``name`` and forget what of it was loaded (tests, plugins)."""
        with self._lock:
            config = self._configs.pop(name)
            self._loaded = {k: v for k, v in self._loaded.items() if k[0] != name}
            self._in_use.discard(name)
        return config

    def add_handler(self, name: str, mode: Any, handler: Any) -> None:
        """Give provider ``name`` a handler for ``mode`` it does not have yet."""
        self.get(name)  # outside the lock: it may scan entry points, which register
        value = mode_value(mode)
        with self._lock:
            config = self._configs[name]
            if value in config.modes:
                raise ConfigurationError(
                    f"{name} already has a {value} handler ({config.modes[value]!r}); "
                    f"cannot also register {handler!r}")
            if value in config.aliases:
                raise ConfigurationError(
                    f"{value!r} is an alias of {config.aliases[value]!r} for {name}; "
                    "register a handler for the mode it stands for instead")
            self._configs[name] = config.replace(modes={**config.modes, value: handler})

    # -- lookup -----------------------------------------------------------------

    def get(self, name: str) -> ProviderConfig:
        """The config of ``name``; unknown names list the known ones."""
        config = self._configs.get(name)
        if config is None and not self._scanned:
            self.scan_entry_points()
            config = self._configs.get(name)
        if config is None:
            broken = self._broken.get(name)
            if broken is not None:
                raise broken
            raise ConfigurationError(
                f"unknown provider {name!r}; known providers: "
                f"{', '.join(sorted(self._configs))}")
        return config

    def names(self) -> list[str]:
        """Every provider name, including those of installed entry points."""
        if not self._scanned:
            self.scan_entry_points()
        return sorted(self._configs)

    def owner(self, mode: Any) -> str | None:
        """The provider a provider-specific 1.x mode names (``ANTHROPIC_TOOLS``).

        None for a mode no provider claims as an alias; when several do, the
        default provider if it is one of them.
        """
        value = mode_value(mode)
        owners = [n for n, c in self._configs.items() if value in c.aliases]
        if len(owners) == 1:
            return owners[0]
        return self.default if self.default in owners else None

    def normalize(self, name: str, mode: Any) -> str:
        """The mode value ``name`` handles ``mode`` with; ModeError if none."""
        config = self.get(name)
        value = mode_value(mode)
        if value in config.modes:
            return value
        target = config.aliases.get(value)
        if target is None:
            raise ModeError(value, name, [*config.modes])
        return target

    def warn_alias(self, name: str, mode: Any) -> None:
        """Warn, once per process and mode, that a provider-specific alias was used.

        The warning points at the first caller outside instructor.
        """
        value = mode_value(mode)
        target = self.get(name).aliases.get(value)
        if target is None or (name, value) in _warned_aliases:
            return
        _warned_aliases.add((name, value))
        import sys
        import warnings

        from ..mode import Mode

        level, frame = 2, sys._getframe(1)
        while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(
                "instructor."):
            level, frame = level + 1, frame.f_back
        warnings.warn(
            f"Mode.{Mode(value).name} ({value!r}) is deprecated: the client already "
            f"says it is {name}; use Mode.{Mode(target).name}",
            DeprecationWarning, stacklevel=level)

    # -- loading ----------------------------------------------------------------

    def get_factory(self, name: str) -> Any:
        """The ``from_<name>`` factory, loaded."""
        config = self.get(name)
        if not isinstance(config.factory, str):
            self._in_use.add(name)
            return config.factory
        return self._piece(config, "factory", config.factory)

    def get_builder(self, name: str) -> Any:
        """The `from_provider` builder of ``name``, loaded."""
        config = self.get(name)
        if config.builder is None:
            raise ConfigurationError(
                f"provider {name!r} cannot be used with from_provider(); "
                f"create its client yourself and call from_{name}()")
        return self._piece(config, "builder", config.builder)

    def builder_for(self, prefix: str) -> Any:
        """The builder of ``from_provider("<prefix>/<model>")``, loaded.

        A prefix is usually a provider's name; a provider may serve others
        (``ProviderConfig(prefixes=...)``). Unknown prefixes raise as `get`.
        """
        config = self._prefix_config(prefix)
        if config is None:
            config = self.get(prefix)  # unknown or broken: its own error
            hint = (f"use {' or '.join(f'{p!r}' for p in config.prefixes)}" if config.prefixes
                    else f"create its client yourself and call from_{prefix}()")
            raise ConfigurationError(
                f"provider {prefix!r} cannot be used with from_provider(); {hint}")
        return self._piece(config, f"builder {prefix}", config.prefixes[prefix])

    def _prefix_config(self, prefix: str) -> ProviderConfig | None:
        for config in list(self._configs.values()):
            if prefix in config.prefixes:
                return config
        if not self._scanned:
            self.scan_entry_points()
            return self._prefix_config(prefix)
        return None

    def get_adapter(self, name: str, mode: Any = None) -> Any:
        """The `ProviderAdapter` class of ``name`` (for ``mode``, if its handler
        names its own, as OpenAI's Responses modes do), loaded."""
        config = self.get(name)
        path = config.adapter
        if mode is not None:
            path = getattr(self.get_handler(name, mode), "adapter", None) or path
        return self._piece(config, f"adapter {path}", path)

    def get_handler(self, name: str, mode: Any) -> Any:
        """The handler of ``name`` for ``mode`` (an alias is followed), loaded."""
        value = self.normalize(name, mode)
        config = self.get(name)
        handler = config.modes[value]
        if not isinstance(handler, str):
            found = self._loaded.get((name, value))
            if found is None:
                found = handler() if isinstance(handler, type) else handler
                with self._lock:
                    found = self._loaded.setdefault((name, value), found)
                self._in_use.add(name)
            return found
        return self._piece(config, value, handler, instantiate=True)

    def _piece(self, config: ProviderConfig, piece: str, path: str, *,
               instantiate: bool = False) -> Any:
        key = (config.name, piece)
        found = self._loaded.get(key)
        if found is not None:
            return found
        # Not cached on failure: the next call raises the same precise error.
        obj = self._import(config, piece, path)
        if instantiate and isinstance(obj, type):
            obj = obj()
        with self._lock:
            # Imports are locked per module, so racing threads got the same
            # object; keeping the first is only tidiness.
            found = self._loaded.setdefault(key, obj)
            self._in_use.add(config.name)
        return found

    def _import(self, config: ProviderConfig, piece: str, path: str) -> Any:
        try:
            return resolve(path)
        except ModuleNotFoundError as exc:
            missing = (exc.name or "").partition(".")[0]
            if missing and missing in {s.partition(".")[0] for s in config.sdk}:
                raise missing_sdk(config, exc.name) from exc
            raise ConfigurationError(
                f"provider {config.name!r}: its {piece} {path!r} cannot be imported: {exc}"
            ) from exc
        except AttributeError as exc:
            raise ConfigurationError(
                f"provider {config.name!r}: its {piece} {path!r} does not exist: {exc}"
            ) from exc

    # -- state ------------------------------------------------------------------

    def is_loaded(self, name: str) -> bool:
        """Whether any part of provider ``name`` has been loaded."""
        return name in self._in_use

    def loaded_handlers(self) -> set[tuple[str, str]]:
        """The (provider, mode value) pairs whose handler is loaded."""
        return {(p, m) for (p, m) in self._loaded
                if m in self._configs.get(p, _EMPTY).modes}

    def stats(self) -> dict[str, int]:
        """Counts of providers: total, still lazy, loaded."""
        total = len(self.names())
        loaded = len(self._in_use & set(self._configs))
        return {"total": total, "lazy": total - loaded, "loaded": loaded}

    def sdk_installed(self, name: str) -> bool:
        """Whether every SDK module of ``name`` can be found (imports nothing)."""
        from importlib.util import find_spec

        try:
            return all(find_spec(sdk) is not None for sdk in self.get(name).sdk)
        except ModuleNotFoundError:  # a parent package is missing
            return False

    def load_all(self, *, installed_only: bool = True) -> list[tuple[str, BaseException]]:
        """Load every piece of every provider (whose SDK is present); the failures."""
        failures: list[tuple[str, BaseException]] = []
        for name in self.names():
            if installed_only and not self.sdk_installed(name):
                continue
            config = self._configs[name]
            loaders = [("factory", self.get_factory), ("adapter", self.get_adapter)]
            if config.builder:
                loaders.append(("builder", self.get_builder))
            for prefix in config.prefixes:
                loaders.append((f"builder {prefix}", lambda _, p=prefix: self.builder_for(p)))
            for piece, load in loaders:
                try:
                    load(name)
                except Exception as exc:
                    failures.append((f"{name} {piece}", exc))
            for mode in config.modes:
                try:
                    self.get_handler(name, mode)
                except Exception as exc:
                    failures.append((f"{name}:{mode}", exc))
        return failures

    def scan_entry_points(self) -> int:
        """Register providers declared by installed distributions; return the count.

        A failed entry point is remembered: ``get`` raises its error, naming
        the distribution (see `_entry_points`).
        """
        from ._entry_points import scan

        self._scanned = True
        added, broken = scan(self._configs, self.register)
        self._broken.update(broken)
        return added


_EMPTY = ProviderConfig("empty", factory="x:y")


def missing_sdk(config: ProviderConfig, module: str | None) -> MissingSDKError:
    """The error for provider ``config`` used without its SDK (one message everywhere)."""
    name = module or (config.sdk[0] if config.sdk else "")
    # The SDK entry the missing module belongs to ("google.genai", not "google").
    top = next((s for s in config.sdk if name == s or name.startswith(s + ".")
                or s.startswith(name + ".")), name.partition(".")[0])
    return MissingSDKError(
        f"provider {config.name!r} needs the {top!r} package, which is not "
        f"installed; install it with: {config.install_hint()}",
        name=module)


def _builtin_registry() -> ProviderRegistry:
    from ..providers import BUILTIN_PROVIDERS, DEFAULT_PROVIDER

    registry = ProviderRegistry(default=DEFAULT_PROVIDER)
    for config in BUILTIN_PROVIDERS:
        registry.register(config)
    return registry


provider_registry = _builtin_registry()


def register_provider(config: ProviderConfig, *, lazy: bool = True) -> Any:
    """Register a provider with the global registry.

    Called with a config that names its factory, registers it and returns
    it; a config without ``factory`` makes a decorator for the factory
    function. ``lazy=False`` loads every handler now, so a broken path fails
    at registration instead of at first use.

        register_provider(ProviderConfig(
            "acme", factory="acme_llm.instructor:from_acme", sdk=("acme_llm",),
            modes={"tool_call": "acme_llm.instructor:ToolsHandler"}))
    """
    def add(config: ProviderConfig) -> ProviderConfig:
        provider_registry.register(config)
        if not lazy:
            for mode in config.modes:
                provider_registry.get_handler(config.name, mode)
        return config

    if config.factory is not None:
        return add(config)

    def decorate(factory: Any) -> Any:
        add(config.replace(factory=factory))
        return factory

    return decorate
