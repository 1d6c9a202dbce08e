"""Mode handlers keyed by (provider, mode): a view of the provider registry.

Each provider's config owns its handlers (as dotted paths, imported on first
lookup) and its aliases: the provider-specific 1.x modes
(``Mode.ANTHROPIC_TOOLS``) that stand for one of its generic modes, for
that provider only. Looking up a provider-specific mode without a provider
finds the provider it names.

    >>> import instructor
    >>> from instructor.core.mode_registry import mode_registry
    >>> sorted(mode_registry.stats())
    ['lazy', 'loaded', 'total']
    >>> mode_registry.normalize(instructor.Mode.ANTHROPIC_JSON)
    ('anthropic', 'json_mode')

Third-party handlers register on a provider that exists:

    @register_mode_handler(Mode.MD_JSON, provider="acme")
    class AcmeMarkdown(ModeHandler): ...
"""

from __future__ import annotations

from typing import Any

from ..exceptions import ConfigurationError, ModeError
from ._provider_config import mode_value
from .provider_registry import ProviderRegistry, provider_registry

__all__ = ["ModeRegistry", "mode_registry", "register_mode_handler"]


class ModeRegistry:
    """The (provider, mode) -> handler table of a `ProviderRegistry`."""

    def __init__(self, providers: ProviderRegistry) -> None:
        self._providers = providers

    def provider_for(self, mode: Any, provider: str | None = None) -> str:
        """``provider``, or the one a provider-specific mode names, or the default."""
        if provider is not None:
            return getattr(provider, "value", provider)
        owner = self._providers.owner(mode)
        if owner is not None:
            return owner
        if self._providers.default is None:
            raise ConfigurationError(f"no provider given for mode {mode_value(mode)!r}")
        return self._providers.default

    def normalize(self, mode: Any, provider: str | None = None) -> tuple[str, str]:
        """``(provider, mode value)`` that ``mode`` means; ModeError if none."""
        name = self.provider_for(mode, provider)
        return name, self._providers.normalize(name, mode)

    def get_handler(self, mode: Any, provider: str | None = None) -> Any:
        """The handler for ``mode`` (its module imported now if needed).

        Raises `ModeError` naming the mode and the provider's valid modes.
        """
        name = self.provider_for(mode, provider)
        return self._providers.get_handler(name, mode)

    def register(self, provider: str, mode: Any, handler: Any) -> None:
        """Give ``provider`` a handler (a "module:attr" path, class or object) for ``mode``."""
        from ._provider_config import ProviderConfig

        # Check the mode and the path the way a config would, naming the provider.
        ProviderConfig(provider, factory="x:y", modes={mode: handler})
        self._providers.add_handler(provider, mode, handler)

    def modes_for(self, provider: str) -> list[str]:
        """The mode values ``provider`` has handlers for."""
        return list(self._providers.get(provider).modes)

    def aliases_for(self, provider: str) -> list[str]:
        """The provider-specific 1.x mode values that ``provider`` accepts."""
        return list(self._providers.get(provider).aliases)

    def is_registered(self, mode: Any, provider: str | None = None) -> bool:
        try:
            self.normalize(mode, provider)
        except (ConfigurationError, ModeError):
            return False
        return True

    def load_all(self, providers: Any = None) -> list[tuple[tuple[str, str], BaseException]]:
        """Load every handler (of ``providers`` if given); return the failures."""
        failures = []
        for name in providers or self._providers.names():
            for mode in self.modes_for(name):
                try:
                    self._providers.get_handler(name, mode)
                except Exception as exc:
                    failures.append(((name, mode), exc))
        return failures

    def stats(self) -> dict[str, int]:
        """Counts of the `Mode` values some provider takes: total, still lazy, loaded.

        A value counts as loaded once a handler it selects (directly or as
        an alias) has been loaded for some provider.
        """
        values: dict[str, bool] = {}
        loaded = self._providers.loaded_handlers()
        for name in self._providers.names():
            config = self._providers.get(name)
            for mode in config.modes:
                values[mode] = values.get(mode, False) or (name, mode) in loaded
            for alias, target in config.aliases.items():
                values[alias] = values.get(alias, False) or (name, target) in loaded
        total, done = len(values), sum(values.values())
        return {"total": total, "lazy": total - done, "loaded": done}


mode_registry = ModeRegistry(provider_registry)


def register_mode_handler(*args: Any, provider: str | None = None, handler: Any = None,
                          lazy: bool = True) -> Any:
    """Register a handler for a (provider, mode); usable as a class decorator.

    Both spellings work::

        @register_mode_handler(Mode.MD_JSON, provider="acme", lazy=True)
        class AcmeMarkdown(ModeHandler): ...

        register_mode_handler("acme", Mode.MD_JSON, "acme_llm.handlers:MARKDOWN")

    Without ``provider=``, the handler class's ``provider`` attribute names
    it. ``lazy=True`` makes the instance on first use; ``lazy=False`` now.
    """
    if len(args) == 1:
        (mode,) = args
    elif len(args) == 2 and _is_mode(args[1]) and not _is_mode(args[0]):
        provider, mode = args
    elif len(args) == 3:
        provider, mode, handler = args
    else:
        raise TypeError(
            "register_mode_handler(mode, provider=..., handler=None) or "
            "register_mode_handler(provider, mode, handler=None)")

    def add(target: Any) -> Any:
        name = provider or getattr(target, "provider", None)
        if not isinstance(name, str):
            raise ConfigurationError(
                f"register_mode_handler({mode_value(mode)!r}): say which provider "
                f"{target!r} is for: register_mode_handler(mode, provider='<name>') "
                "or a 'provider' class attribute")
        obj = target if lazy or not isinstance(target, type) else target()
        mode_registry.register(name, mode, obj)
        return target

    if handler is not None:
        add(handler)
        return handler
    return add


def _is_mode(value: Any) -> bool:
    from ..mode import Mode

    return isinstance(value, Mode) or value in Mode._value2member_map_
