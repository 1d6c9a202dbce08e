"""What a probe reports once its measurement is over (run by ``_probe.py``).

Nothing here runs before the timed work, so it may import what it likes:
versions, the registries' answers, which modules were deferred. Like the
probe it must work under any installation of instructor, ours or another.
"""

import sys

DISTRIBUTIONS = (
    "instructor",
    "openai",
    "httpx2",
    "httpx",
    "anyio",
    "pydantic",
    "pydantic_core",
    "jiter",
    "anthropic",
    "google-genai",
    "boto3",
    "cohere",
    "mistralai",
    "groq",
    "fireworks-ai",
    "cerebras-cloud-sdk",
    "writer-sdk",
    "xai-sdk",
    "litellm",
    "google-generativeai",
)


def dist_versions():
    from importlib import metadata

    versions = {}
    for name in DISTRIBUTIONS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return versions


def discover(cfg, out, providers):
    """What this interpreter has: versions, paths, installed SDKs."""
    import importlib.util
    import os
    import platform

    out["python"] = platform.python_version()
    out["implementation"] = platform.python_implementation()
    out["executable"] = sys.executable
    out["prefix"] = sys.prefix
    sdks = {}
    for name, entry in providers.items():
        try:
            found = importlib.util.find_spec(entry["sdk"]) is not None
        except (ImportError, ValueError):
            found = False
        if found:
            sdks[name] = entry["sdk"]
    out["installed_providers"] = sdks
    out["dist_versions"] = dist_versions()
    # The path a clean start (python -S) gets, so that no variant runs .pth
    # files: an editable install's finder imports re, pathlib, urllib and
    # more at every start, which would make any later import look cheaper.
    path = [p for p in sys.path if p]
    if cfg["instructor"]:
        spec = importlib.util.find_spec("instructor")
        out["instructor_file"] = spec.origin if spec else None
        # Packages an import hook serves (an editable install) live in a
        # folder that is not on sys.path; a clean start needs it there.
        for name in ("instructor", "importhooks"):
            found = importlib.util.find_spec(name)
            if found is not None and found.origin:
                root = os.path.dirname(os.path.dirname(found.origin))
                if root not in path:
                    path.append(root)
        registered = _registered()
        if registered is not None:
            out["registered_providers"] = registered
    out["clean_path"] = path


def _registered():
    """Providers our build registers (None for an installation without our registry)."""
    try:
        from instructor.core.provider_registry import provider_registry
    except ImportError:
        return None
    return list(provider_registry.names())


def unavailable(provider, factory):
    """Why this installation does not offer ``provider``, or None if it does.

    Asked after a failure, to tell "not in this build" (reported as n/a)
    from a provider that is there and broke (reported as an error).
    """
    instructor = sys.modules.get("instructor")
    if instructor is None:
        return None
    try:
        getattr(instructor, factory)
    except AttributeError:
        return f"instructor has no {factory}"
    registry = sys.modules.get("instructor.core.provider_registry")
    if registry is not None:
        names = list(registry.provider_registry.names())
        if provider not in names:
            return f"not in this build (it has {', '.join(names) or 'no provider'})"
    return None


def instructor_state():
    """Providers and modes loaded, asked of the installation's own registries.

    Ours answers ``stats()``; another installation is inspected by what it
    has executed. Either way the question is asked only now, after timing.
    """
    import os

    state = {}
    instructor = sys.modules["instructor"]
    state["instructor_version"] = getattr(instructor, "__version__", None)
    state["instructor_modules"] = sum(
        1 for m in list(sys.modules) if m == "instructor" or m.startswith("instructor.")
    )
    deferred = deferred_modules()
    if deferred is not None:
        state["deferred_modules"] = sorted(deferred)
    root = os.path.dirname(instructor.__file__)
    loaded_names = list(sys.modules)
    if os.path.exists(os.path.join(root, "core", "provider_registry.py")):
        # Ours: the registries answer (stats() is documented as harmless).
        from instructor.core.mode_registry import mode_registry
        from instructor.core.provider_registry import provider_registry

        state["providers"] = dict(provider_registry.stats())
        state["modes"] = dict(mode_registry.stats())
        state["stats_source"] = "registry"
        return state
    # Another installation: count provider packages it has executed, from a
    # snapshot taken before anything else is imported here.
    state["stats_source"] = "modules"
    names = set()
    for base in ("providers", os.path.join("v2", "providers")):
        folder = os.path.join(root, base)
        if os.path.isdir(folder):
            names.update(
                n
                for n in os.listdir(folder)
                if os.path.isdir(os.path.join(folder, n)) and not n.startswith("_")
            )
    loaded = set()
    for name in loaded_names:
        for prefix in ("instructor.providers.", "instructor.v2.providers."):
            if name.startswith(prefix):
                provider = name[len(prefix) :].split(".")[0]
                if provider in names:
                    loaded.add(provider)
    state["providers"] = {
        "total": len(names),
        "lazy": len(names) - len(loaded),
        "loaded": len(loaded),
    }
    registry = sys.modules.get("instructor.v2.core.registry")
    handlers = getattr(getattr(registry, "mode_registry", None), "_handlers", None)
    lazy = getattr(getattr(registry, "mode_registry", None), "_lazy_loaders", None)
    if isinstance(handlers, dict) and isinstance(lazy, dict):
        state["modes"] = {
            "total": len(handlers) + len(lazy),
            "lazy": len(lazy),
            "loaded": len(handlers),
        }
    else:  # no mode registry executed yet: nothing of it is loaded
        state["modes"] = {"total": None, "lazy": None, "loaded": 0}
    return state


def deferred_modules():
    """Names in sys.modules whose body has not run yet (our importhooks)."""
    hooks = sys.modules.get("importhooks")
    stats = getattr(hooks, "stats", None)
    if stats is None:
        return None
    try:
        report = stats()
    except Exception:  # noqa: BLE001 - diagnostics must never sink a measurement
        return None
    if isinstance(report, dict) and isinstance(report.get("modules"), dict):
        report = report["modules"]  # {"modules": {name: record}, "totals": ...}
    items = (
        report.items()
        if isinstance(report, dict)
        else ((getattr(r, "name", None), r) for r in report)
    )
    names = set()
    for name, info in items:
        state = info.get("state") if isinstance(info, dict) else getattr(info, "state", None)
        if str(state).lower().endswith("deferred") and name in sys.modules:
            names.add(name)
    return names
