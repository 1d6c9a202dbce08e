"""Providers of other distributions, read from the ``instructor.providers`` entry points.

Reading entry points means reading every installed distribution's metadata,
so the registry does it only when a name is unknown or a listing is asked
for. Each entry point loads on its own: one that fails is reported with its
distribution's name, and the others still register.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from typing import Any

from ..exceptions import ConfigurationError
from ._provider_config import ProviderConfig

__all__ = ["ENTRY_POINT_GROUP", "scan"]

ENTRY_POINT_GROUP = "instructor.providers"


def scan(known: Container[str], register: Callable[[ProviderConfig], Any]
         ) -> tuple[int, dict[str, ConfigurationError]]:
    """Register each entry point not in ``known``; return the count and the failures by name."""
    from importlib.metadata import entry_points

    added, broken = 0, {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in known:
            continue  # built-ins are registered without metadata
        dist = getattr(getattr(ep, "dist", None), "name", None) or "an unknown distribution"
        try:
            register(_config_from(ep, dist))
        except Exception as exc:
            error = ConfigurationError(
                f"provider {ep.name!r} from {dist} (entry point {ep.name} = "
                f"{ep.value} in group {ENTRY_POINT_GROUP!r}) failed to load: {exc}")
            error.__cause__ = exc
            broken[ep.name] = error
            continue
        added += 1
    return added, broken


def _config_from(ep: Any, dist: str) -> ProviderConfig:
    config = ep.load()
    if callable(config) and not isinstance(config, ProviderConfig):
        config = config()
    if not isinstance(config, ProviderConfig):
        raise ConfigurationError(f"it must give a ProviderConfig, got {type(config).__name__}")
    if config.name != ep.name:
        raise ConfigurationError(
            f"it gives a ProviderConfig named {config.name!r}; the names must match")
    if config.origin == "instructor":
        config = config.replace(origin=f"distribution {dist}")
    return config
