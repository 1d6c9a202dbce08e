"""Providers by name, registered as metadata and loaded on first use.

A `ProviderConfig` names, as dotted paths, the ``from_<provider>`` factory,
the builder used by `from_provider`, and a handler per mode. Nothing is
imported when a provider registers; `get_factory` imports exactly the factory
asked for. Providers of other distributions arrive through the
``instructor.providers`` entry-point group, read only when a name is unknown
or a listing is asked for.

    >>> from instructor.core.provider_registry import provider_registry
    >>> "openai" in provider_registry.names()
    True
"""

from __future__ import annotations

from _thread import allocate_lock

from ..exceptions import ConfigurationError, MissingSDKError
from ._provider_config import ProviderConfig
from ._resolve import resolve
from .mode_registry import mode_registry

__all__ = ["ProviderConfig", "ProviderRegistry", "provider_registry", "register_provider"]

ENTRY_POINT_GROUP = "instructor.providers"


class ProviderRegistry:
    """Providers by name; factories load on first `get_factory`."""

    def __init__(self) -> None:
        self._configs: dict[str, ProviderConfig] = {}
        self._loaded: dict[str, object] = {}
        self._lock = allocate_lock()
        self._scanned = False

    def register(self, config: ProviderConfig, *, modes=None) -> ProviderConfig:
        """Add a provider and its mode handlers; a second name is an error."""
        with self._lock:
            old = self._configs.get(config.name)
            if old is not None:
                raise ConfigurationError(
                    f"provider {config.name!r} is already registered (from "
                    f"{old.origin}: {old.factory}); cannot also register "
                    f"{config.factory} from {config.origin}"
                )
            self._configs[config.name] = config
        for mode, path in config.modes.items():
            mode_registry.register(config.name, mode, path)
        for alias, mode in config.aliases.items():
            mode_registry.register_alias(alias, config.name, mode)
        return config

    def get(self, name: str) -> ProviderConfig:
        """The config of ``name``; unknown names list the known ones."""
        config = self._configs.get(name)
        if config is None and not self._scanned:
            self.scan_entry_points()
            config = self._configs.get(name)
        if config is None:
            raise ConfigurationError(
                f"unknown provider {name!r}; known providers: "
                f"{', '.join(sorted(self._configs))}"
            )
        return config

    def get_factory(self, name: str):
        """Load and return the ``from_<name>`` factory of provider ``name``."""
        factory = self._loaded.get(name)
        if factory is None:
            config = self.get(name)
            factory = self._load(config, config.factory)
            self._loaded[name] = factory
        return factory

    def get_builder(self, name: str):
        """Load and return the `from_provider` builder of provider ``name``."""
        config = self.get(name)
        if config.builder is None:
            raise ConfigurationError(
                f"provider {name!r} cannot be used with from_provider(); "
                f"create its client yourself and call from_{name}()"
            )
        builder = self._load(config, config.builder)
        self.get_factory(name)  # the provider is in use now: count it as loaded
        return builder

    def names(self) -> list[str]:
        """Every provider name, including those of installed entry points."""
        if not self._scanned:
            self.scan_entry_points()
        return sorted(self._configs)

    def stats(self) -> dict[str, int]:
        """Counts of providers: total, still lazy, loaded."""
        total = len(self.names())
        loaded = len(self._loaded)
        return {"total": total, "lazy": total - loaded, "loaded": loaded}

    def is_loaded(self, name: str) -> bool:
        return name in self._loaded

    def sdk_installed(self, name: str) -> bool:
        """Whether every SDK module of ``name`` can be found (imports nothing)."""
        from importlib.util import find_spec

        return all(find_spec(sdk) is not None for sdk in self.get(name).sdk)

    def load_all(self, *, installed_only: bool = True) -> list[tuple[str, BaseException]]:
        """Load every factory and handler (of providers whose SDK is present)."""
        failures = []
        for name in self.names():
            if installed_only and not self.sdk_installed(name):
                continue
            try:
                self.get_factory(name)
                config = self._configs[name]
                if config.builder:
                    self.get_builder(name)
            except Exception as exc:
                failures.append((name, exc))
                continue
            failures.extend(
                (f"{p}:{m}", exc) for (p, m), exc in mode_registry.load_all((name,))
            )
        return failures

    def scan_entry_points(self) -> int:
        """Register providers declared by installed distributions; return the count.

        Slow (it reads every distribution's metadata), so it runs only when a
        name is unknown or a listing is asked for.
        """
        from importlib.metadata import entry_points

        self._scanned = True
        added = 0
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name in self._configs:
                continue  # built-ins are registered without metadata
            try:
                config = ep.load()
                if callable(config) and not isinstance(config, ProviderConfig):
                    config = config()
            except Exception as exc:
                raise ConfigurationError(
                    f"entry point {ep.name} = {ep.value} in group "
                    f"{ENTRY_POINT_GROUP!r} failed to load: {exc!r}"
                ) from exc
            if not isinstance(config, ProviderConfig):
                raise ConfigurationError(
                    f"entry point {ep.name} = {ep.value} must give a "
                    f"ProviderConfig, got {type(config).__name__}"
                )
            if config.name != ep.name:
                raise ConfigurationError(
                    f"entry point {ep.name!r} gives a ProviderConfig named "
                    f"{config.name!r}; the names must match"
                )
            dist = getattr(ep, "dist", None)
            if config.origin == "instructor" and dist is not None:
                config.origin = f"distribution {dist.name}"
            self.register(config)
            added += 1
        return added

    def _load(self, config: ProviderConfig, path: str):
        try:
            return resolve(path)
        except ModuleNotFoundError as exc:
            missing = (exc.name or "").partition(".")[0]
            if missing and missing in {s.partition(".")[0] for s in config.sdk}:
                raise MissingSDKError(
                    f"provider {config.name!r} needs the {missing!r} package, "
                    f"which is not installed; install it with: "
                    f"{config.install_hint()}",
                    name=exc.name,
                ) from exc
            raise


provider_registry = ProviderRegistry()


def register_provider(config: ProviderConfig) -> ProviderConfig:
    """Register a provider with the global registry.

        register_provider(ProviderConfig(
            "acme", factory="acme_llm.instructor:from_acme", sdk=("acme_llm",),
            modes={"tool_call": "acme_llm.instructor:ToolsHandler"}))
    """
    return provider_registry.register(config)


def _register_builtins() -> None:
    from ..providers import BUILTIN_PROVIDERS

    for config in BUILTIN_PROVIDERS:
        provider_registry.register(config)


_register_builtins()
