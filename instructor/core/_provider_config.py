"""`ProviderConfig`: a provider described as data, loadable later."""

from __future__ import annotations

from ._resolve import check_path

__all__ = ["ProviderConfig"]


class ProviderConfig:
    """What the registry knows about a provider before loading any of it.

    ``factory`` and ``builder`` are "module:attribute" paths: the factory is
    the ``from_<name>(client, mode=..., **kwargs)`` function, the builder
    makes a client for ``from_provider("<name>/<model>")``. ``modes`` maps a
    mode value to the path of its handler; ``aliases`` maps provider-specific
    1.x mode values to the generic mode they stand for. ``sdk`` lists the
    import names the provider needs and ``extra`` the pip extra that
    installs them.

        >>> ProviderConfig("acme", factory="acme_llm.instructor:from_acme",
        ...                sdk=("acme_llm",), modes={"tool_call": "acme_llm.instructor:TOOLS"})
        ProviderConfig('acme')
    """

    __slots__ = ("name", "factory", "builder", "sdk", "extra", "modes",
                 "default_mode", "aliases", "origin")

    def __init__(self, name: str, *, factory: str, builder: str | None = None,
                 sdk=(), extra: str | None = None, modes=None,
                 default_mode: str | None = None, aliases=None,
                 origin: str = "instructor") -> None:
        self.name = name
        self.factory = check_path(factory)
        self.builder = check_path(builder) if builder else None
        self.sdk = (sdk,) if isinstance(sdk, str) else tuple(sdk)
        self.extra = extra
        self.modes = dict(modes or {})
        self.default_mode = default_mode or next(iter(self.modes), None)
        self.aliases = dict(aliases or {})
        self.origin = origin

    def install_hint(self) -> str:
        if self.extra:
            return f"pip install 'instructor[{self.extra}]'"
        return "pip install " + " ".join(self.sdk) if self.sdk else ""

    def __repr__(self) -> str:
        return f"ProviderConfig({self.name!r})"
