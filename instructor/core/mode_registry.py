"""Mode handlers keyed by (provider, mode), registered as dotted paths.

Registration stores a path only; the handler module is imported the first
time `get_handler` asks for it. A provider-specific 1.x mode
(``Mode.ANTHROPIC_TOOLS``) is an alias that names its provider and generic
mode; providers declare their aliases when they register.

    >>> from instructor.core.mode_registry import mode_registry
    >>> sorted(mode_registry.stats())
    ['lazy', 'loaded', 'total']
"""

from __future__ import annotations

from _thread import allocate_lock

from ..exceptions import ConfigurationError, ModeError
from ._resolve import check_path, resolve

__all__ = ["ModeRegistry", "mode_registry", "register_mode_handler"]

DEFAULT_PROVIDER = "openai"  # what a generic 1.x mode meant without a client


def _key(mode) -> str:
    return getattr(mode, "value", mode)


class ModeRegistry:
    """Handlers per (provider, mode value); loads each on first lookup."""

    def __init__(self) -> None:
        self._paths: dict[tuple[str, str], str] = {}
        self._handlers: dict[tuple[str, str], object] = {}
        self._aliases: dict[str, tuple[str, str]] = {}
        self._lock = allocate_lock()
        self._providers_ready = False

    def register(self, provider: str, mode, handler: str | object) -> None:
        """Register ``handler`` (a "module:attr" path or an object) for a mode.

        A second registration of the same (provider, mode) is an error that
        names both.
        """
        key = (provider, _key(mode))
        with self._lock:
            old = self._paths.get(key) or self._handlers.get(key)
            if old is not None:
                raise ConfigurationError(
                    f"{provider} already has a {key[1]} handler ({old!r}); "
                    f"cannot also register {handler!r}"
                )
            if isinstance(handler, str):
                self._paths[key] = check_path(handler)
            else:
                self._handlers[key] = handler() if isinstance(handler, type) else handler

    def register_alias(self, alias, provider: str, mode) -> None:
        """Make the 1.x mode value ``alias`` mean (provider, mode)."""
        alias, target = _key(alias), (provider, _key(mode))
        with self._lock:
            old = self._aliases.get(alias)
            if old is not None and old != target:
                raise ConfigurationError(
                    f"mode {alias!r} already means {old}; cannot also mean {target}"
                )
            self._aliases[alias] = target

    def normalize(self, mode, provider: str | None = None) -> tuple[str, str]:
        """Return (provider, generic mode value) for ``mode`` as the client sees it."""
        self._ensure_providers()
        value = _key(mode)
        alias = self._aliases.get(value)
        if alias is not None and (provider is None or provider == alias[0]):
            return alias
        if alias is not None and (provider, value) not in self._paths:
            # A provider-specific mode used with another provider's client
            # (1.x allowed e.g. ANTHROPIC_JSON on an OpenAI-compatible client):
            # the generic mode it stands for is what the client can do.
            return provider, alias[1]
        return provider or DEFAULT_PROVIDER, value

    def get_handler(self, mode, provider: str | None = None):
        """Return the handler for ``mode`` (loading its module if needed).

        Raises `ModeError` listing the modes the provider does have.
        """
        key = self.normalize(mode, provider)
        handler = self._handlers.get(key)
        if handler is not None:
            return handler
        path = self._paths.get(key)
        if path is None:
            raise ModeError(mode, key[0], self.modes_for(key[0]))
        obj = resolve(path)
        if isinstance(obj, type):
            obj = obj()
        with self._lock:
            # Two threads may resolve at once; both got the same module object
            # (imports are locked), so keeping the first is only tidiness.
            return self._handlers.setdefault(key, obj)

    def modes_for(self, provider: str) -> list[str]:
        """The generic mode values ``provider`` has handlers for."""
        self._ensure_providers()
        keys = {**self._paths, **self._handlers}  # registration order, no repeats
        return [mode for prov, mode in keys if prov == provider]

    def aliases_for(self, provider: str) -> list[str]:
        """The provider-specific 1.x mode values that map to ``provider``."""
        self._ensure_providers()
        return [a for a, (prov, _) in self._aliases.items() if prov == provider]

    def is_registered(self, mode, provider: str | None = None) -> bool:
        key = self.normalize(mode, provider)
        return key in self._paths or key in self._handlers

    def load_all(self, providers=None) -> list[tuple[tuple[str, str], BaseException]]:
        """Load every handler (of ``providers`` if given); return the failures."""
        self._ensure_providers()
        failures = []
        for provider, mode in list(self._paths):
            if providers is None or provider in providers:
                try:
                    self.get_handler(mode, provider)
                except Exception as exc:
                    failures.append(((provider, mode), exc))
        return failures

    def stats(self) -> dict[str, int]:
        """Counts of registered handlers: total, still lazy, loaded."""
        self._ensure_providers()
        total = len(set(self._paths) | set(self._handlers))
        loaded = len(self._handlers)
        return {"total": total, "lazy": total - loaded, "loaded": loaded}

    def _ensure_providers(self) -> None:
        # Handlers are declared by providers; make sure the provider registry
        # (and with it the built-in declarations) exists before answering.
        if not self._providers_ready:
            self._providers_ready = True
            from . import provider_registry  # noqa: F401


mode_registry = ModeRegistry()


def register_mode_handler(provider: str, mode, handler: str | object | None = None):
    """Register a handler for (provider, mode); usable as a class decorator.

        @register_mode_handler("myprovider", "json_mode")
        class MyJSONHandler: ...
    """
    if handler is not None:
        mode_registry.register(provider, mode, handler)
        return handler

    def decorate(cls):
        mode_registry.register(provider, mode, cls)
        return cls

    return decorate
