"""One measurement in a fresh interpreter; prints one JSON line and exits.

Run by `python -m perf` as ``<python> _probe.py scenario=calls
provider=openai calls=200 instructor=1`` under the interpreter of a variant
(ours, ours eager, the bare floor, another instructor installation). It
must work on any Python >= 3.10 with only the standard library plus the
code under test, so it imports nothing from this repository: its two
sibling files are read and run by path (`_sibling`), the provider table
before the measurement (it imports nothing), `_probe_state.py` after it.

Until a measurement is over, the probe has imported only ``sys`` and
``time`` (both already in every interpreter at startup): anything more would
pre-load modules that the code under test would otherwise pay for. In
particular tracemalloc is driven through its C module ``_tracemalloc``,
because ``tracemalloc.py`` imports ``pickle``, ``re`` and friends.

Arguments (``key=value``): ``scenario`` (import, memory, mode, calls,
first_use, from_provider, discover), ``instructor`` (0 for the bare floor),
``provider`` (a key of PROVIDERS or CALLS), ``calls`` (steady-state call
pairs).
"""

import sys
import time

perf_counter = time.perf_counter
HERE = __file__.rpartition("/")[0] or "."


def _sibling(name):
    """The namespace of ``perf/<name>``, run from source: no import, no finder."""
    path = HERE + "/" + name
    with open(path, "rb") as f:
        code = compile(f.read(), path, "exec")
    namespace = {"__name__": "perf_probe_" + name[:-3], "__file__": path}
    exec(code, namespace)
    return namespace


TABLE = _sibling("_probe_providers.py")
PROVIDERS, CALLS = TABLE["PROVIDERS"], TABLE["CALLS"]


def _rss_kb(field=b"VmRSS:"):
    """Resident set size now (``VmRSS``) or at its peak (``VmHWM``), in KiB.

    Read in binary: a text-mode ``open`` would look up a codec, which may
    import a module in the middle of a measurement. Linux's ``ru_maxrss``
    survives exec (a child forked from a big parent reports the parent's
    size), so it is only the fallback where there is no /proc (macOS).
    """
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS: bytes


class Unavailable(Exception):
    """This installation does not offer the provider (not a failure of it)."""


def _first_use(cfg, out, make):
    """``import instructor`` then ``make(instructor)``, timed; the modules it ran.

    A failure is checked against the installation: a provider it does not
    have is `Unavailable` (the cell reads n/a), anything else propagates as
    an error.
    """
    before = set(sys.modules)
    t0 = perf_counter()
    import instructor

    t1 = perf_counter()
    try:
        result = make(instructor)
    except Exception:
        why = _sibling("_probe_state.py")["unavailable"](
            cfg["provider"], PROVIDERS[cfg["provider"]]["factory"]
        )
        if why is None:
            raise
        raise Unavailable(why) from None
    t2 = perf_counter()
    out["instructor_import_s"] = t1 - t0
    out["factory_s"] = t2 - t1
    out["first_use_s"] = t2 - t0
    out["new_modules"] = sorted(set(sys.modules) - before)
    return result


def _import_sdk(name, out):
    """The SDK module, its import timed; which other SDKs that import brought."""
    t0 = perf_counter()
    module = __import__(name, fromlist=["_"])
    out["sdk_import_s"] = perf_counter() - t0
    top = name.split(".")[0]
    out["sdk_brought"] = [
        m for m in TABLE["SDK_MODULES"] if m in sys.modules and m.split(".")[0] != top
    ]
    return module


# ---------------------------------------------------------------- scenarios


def scenario_import(cfg, out):
    before = set(sys.modules)
    t0 = perf_counter()
    if cfg["instructor"]:
        import instructor  # noqa: F401
    out["import_s"] = perf_counter() - t0
    out["new_modules"] = sorted(set(sys.modules) - before)


def scenario_memory(cfg, out):
    import _tracemalloc

    _tracemalloc.start()
    if cfg["instructor"]:
        import instructor  # noqa: F401
    current, peak = _tracemalloc.get_traced_memory()
    _tracemalloc.stop()
    out["traced_bytes"] = current
    out["traced_peak_bytes"] = peak


def scenario_mode(cfg, out):
    before = set(sys.modules)
    t0 = perf_counter()
    if cfg["instructor"]:
        from instructor import Mode  # noqa: F401
    out["mode_s"] = perf_counter() - t0
    out["new_modules"] = sorted(set(sys.modules) - before)


def scenario_first_use(cfg, out):
    """SDK import and client first, then instructor's own cost on top."""
    entry = PROVIDERS[cfg["provider"]]
    sdk = _import_sdk(entry["sdk"], out)
    t0 = perf_counter()
    client = eval(entry["client"], {"sdk": sdk})
    out["sdk_client_s"] = perf_counter() - t0
    if cfg["instructor"]:
        _first_use(cfg, out, lambda instructor: getattr(instructor, entry["factory"])(client))


def scenario_from_provider(cfg, out):
    """`from_provider("<p>/<model>")` after the SDK import (client build included)."""
    entry = PROVIDERS[cfg["provider"]]
    _import_sdk(entry["sdk"], out)
    if cfg["instructor"]:
        spec = f"{cfg['provider']}/{entry['model']}"
        _first_use(cfg, out, lambda instructor: instructor.from_provider(spec, api_key="x"))
        out["from_provider_s"] = out.pop("first_use_s")


def scenario_calls(cfg, out):
    """A user's first minutes with a provider: import, wrap, first call, many calls.

    In the order a user's program runs: the SDK import and its client (on a
    mock transport), then instructor's import and ``from_<provider>`` (its
    first-use cost on top of the SDK), then the first raw SDK call (so the
    SDK's own first-call warm-up is not charged to instructor), the first
    instructor call, and steady-state calls alternating raw and instructor
    in the same process. Resident memory is read around instructor's two
    steps only: what it adds over the raw SDK's own use. An SDK that reads
    service-model files (boto3) has them counted across the same two steps,
    which must read none: the client already did.
    """
    name = cfg["provider"]
    entry = PROVIDERS[name]
    calls = TABLE["load_calls"](name, TABLE, _sibling)
    sdk = _import_sdk(entry["sdk"], out)
    counting = calls.get("count_model_loads")
    loads = counting(sdk) if counting else int  # int() is 0: nothing counted
    t0 = perf_counter()
    client = calls["client"](sdk)
    out["sdk_client_s"] = perf_counter() - t0
    if counting:
        out["sdk_client_model_loads"] = loads()
    User = TABLE["user_model"]()
    raw = calls["raw"](client)
    if cfg["instructor"]:
        rss0, loads0 = _rss_kb(), loads()
        patched = _first_use(
            cfg, out, lambda instructor: getattr(instructor, entry["factory"])(client)
        )
        rss1, loads1 = _rss_kb(), loads()
        extract = calls["create"](patched, User)
    t0 = perf_counter()
    raw()
    out["raw_first_call_s"] = perf_counter() - t0
    timed = [raw]
    if cfg["instructor"]:
        rss2, loads2 = _rss_kb(), loads()
        t0 = perf_counter()
        user = extract()
        out["first_call_s"] = perf_counter() - t0
        out["rss_first_use_kb"] = (rss1 - rss0) + (_rss_kb() - rss2)
        if counting:
            out["first_use_model_loads"] = (loads1 - loads0) + (loads() - loads2)
        if (user.name, user.age) != ("Jason", 25):
            raise AssertionError(f"instructor returned {user!r}")
        timed.append(extract)
    times = [[] for _ in timed]
    warmup = max(5, cfg["calls"] // 10)
    for i in range(warmup + cfg["calls"]):
        # Alternate the order so neither side always runs on a warmer cache.
        order = range(len(timed)) if i % 2 else range(len(timed) - 1, -1, -1)
        for k in order:
            t0 = perf_counter()
            timed[k]()
            dt = perf_counter() - t0
            if i >= warmup:
                times[k].append(dt)
    out["raw_call_s"] = _median(times[0])
    if cfg["instructor"]:
        out["call_s"] = _median(times[1])
        out["call_overhead_s"] = out["call_s"] - out["raw_call_s"]
        out["first_call_overhead_s"] = out["first_call_s"] - out["raw_call_s"]


def scenario_discover(cfg, out):
    _sibling("_probe_state.py")["discover"](cfg, out, PROVIDERS)


SCENARIOS = {
    "import": scenario_import,
    "memory": scenario_memory,
    "mode": scenario_mode,
    "first_use": scenario_first_use,
    "from_provider": scenario_from_provider,
    "calls": scenario_calls,
    "discover": scenario_discover,
}

# ------------------------------------------------------------------ helpers


def _median(values):
    values = sorted(values)
    n = len(values)
    mid = n // 2
    return values[mid] if n % 2 else (values[mid - 1] + values[mid]) / 2


def _after(cfg, out):
    """State worth reporting, gathered once the timed work is over."""
    out["maxrss_kb"] = _rss_kb(b"VmHWM:")
    out["n_modules"] = len(sys.modules)
    out["sdks_imported"] = [m for m in TABLE["SDK_MODULES"] if m in sys.modules]
    if cfg["instructor"] and "instructor" in sys.modules:
        out.update(_sibling("_probe_state.py")["instructor_state"]())


def parse_config(args):
    """``key=value`` arguments; json would be a module the code under test pays for."""
    cfg = {"instructor": True, "calls": 0, "provider": "openai"}
    for arg in args:
        key, _, value = arg.partition("=")
        if key == "instructor":
            cfg[key] = value == "1"
        elif key == "calls":
            cfg[key] = int(value)
        else:
            cfg[key] = value
    return cfg


def clean_start(path):
    """Finish a ``python -S`` start as a clean venv would, minus ``.pth`` files.

    ``import site`` under ``-S`` loads the modules of a normal start but
    changes nothing; sys.path is then set to what discovery recorded.
    """
    import site

    sys.path[:] = path.split(site.os.pathsep)


def main(argv):
    cfg = parse_config(argv[1:])
    if cfg.get("path"):
        clean_start(cfg["path"])
    out = {"scenario": cfg.get("scenario")}
    try:
        SCENARIOS[cfg["scenario"]](cfg, out)
        _after(cfg, out)
    except Unavailable as exc:
        out = {"scenario": cfg.get("scenario"), "unavailable": str(exc)}
    except BaseException as exc:  # noqa: BLE001 - the parent decides what it means
        import traceback

        out["error"] = f"{type(exc).__name__}: {exc}"
        out["traceback"] = traceback.format_exc()
    import json

    sys.stdout.write("\n" + json.dumps(out) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    # The script's own folder is sys.path[0]; nothing there may shadow a
    # module of the interpreter under test.
    del sys.path[0]
    main(sys.argv)
