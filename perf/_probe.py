"""One measurement in a fresh interpreter; prints one JSON line and exits.

Run by `python -m perf` as ``<python> _probe.py scenario=session calls=200
instructor=1`` under the interpreter of a variant (ours, ours eager, the
bare floor, another instructor installation). It must work on any Python
>= 3.10 with only the standard library plus the code under test, so it
imports nothing else from this repository.

Until a measurement is over, the probe has imported only ``sys`` and
``time`` (both already in every interpreter at startup): anything more would
pre-load modules that the code under test would otherwise pay for. In
particular tracemalloc is driven through its C module ``_tracemalloc``,
because ``tracemalloc.py`` imports ``pickle``, ``re`` and friends.

Arguments (``key=value``): ``scenario`` (import, memory, mode, session,
first_use, from_provider, discover), ``instructor`` (0 for the bare floor),
``provider`` (a key of PROVIDERS), ``calls`` (steady-state call pairs).
"""

import sys
import time

perf_counter = time.perf_counter

# Provider name -> (SDK import name, source of an expression building a
# client, from_* factory, model for from_provider or None).
# The expressions run with the SDK module bound to ``sdk``; no key is real
# and no request is sent.
PROVIDERS = {
    "openai": ("openai", "sdk.OpenAI(api_key='x')", "from_openai", "gpt-4o-mini"),
    "anthropic": (
        "anthropic",
        "sdk.Anthropic(api_key='x')",
        "from_anthropic",
        "claude-3-5-haiku-latest",
    ),
    "groq": ("groq", "sdk.Groq(api_key='x')", "from_groq", None),
    "mistral": ("mistralai", "sdk.Mistral(api_key='x')", "from_mistral", None),
    "cohere": ("cohere", "sdk.ClientV2(api_key='x')", "from_cohere", None),
    "cerebras": (
        "cerebras.cloud.sdk",
        "sdk.Cerebras(api_key='x')",
        "from_cerebras",
        None,
    ),
    "fireworks": (
        "fireworks.client",
        "sdk.Fireworks(api_key='x')",
        "from_fireworks",
        None,
    ),
    "genai": ("google.genai", "sdk.Client(api_key='x')", "from_genai", None),
    "writer": ("writerai", "sdk.Writer(api_key='x')", "from_writer", None),
    "xai": ("xai_sdk", "sdk.Client(api_key='x')", "from_xai", None),
    "bedrock": (
        "boto3",
        (
            "sdk.client('bedrock-runtime', region_name='us-east-1',"
            " aws_access_key_id='x', aws_secret_access_key='x')"
        ),
        "from_bedrock",
        None,
    ),
    "litellm": ("litellm", "sdk.completion", "from_litellm", None),
}

# Top-level names whose presence in sys.modules means a provider SDK was
# imported (the SDK of google.genai and google.generativeai share "google").
SDK_MODULES = (
    "openai",
    "anthropic",
    "google.genai",
    "google.generativeai",
    "vertexai",
    "boto3",
    "cohere",
    "mistralai",
    "groq",
    "fireworks",
    "cerebras",
    "writerai",
    "xai_sdk",
    "litellm",
)

# A chat completion whose one tool call fills the benchmark's User model.
COMPLETION = (
    b'{"id":"chatcmpl-perf","object":"chat.completion","created":1700000000,'
    b'"model":"gpt-4o-mini","choices":[{"index":0,"finish_reason":"tool_calls",'
    b'"logprobs":null,"message":{"role":"assistant","content":null,'
    b'"refusal":null,"tool_calls":[{"id":"call_perf","type":"function",'
    b'"function":{"name":"User","arguments":"{\\"name\\": \\"Jason\\", '
    b'\\"age\\": 25}"}}]}}],"usage":{"prompt_tokens":57,"completion_tokens":9,'
    b'"total_tokens":66}}'
)
MESSAGES = [{"role": "user", "content": "Extract: Jason is 25 years old."}]
MODEL = "gpt-4o-mini"
# What a raw SDK user would send for the same extraction: the same tool the
# instructor call sends, written out once.
USER_TOOL = {
    "type": "function",
    "function": {
        "name": "User",
        "description": "A person mentioned in the text.",
        "parameters": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
            "required": ["name", "age"],
        },
    },
}
USER_TOOL_CHOICE = {"type": "function", "function": {"name": "User"}}


def mock_openai_client(openai):
    """An ``openai.OpenAI`` whose HTTP client answers in-process, no socket.

    The SDK still builds, sends (to a transport) and parses a real HTTP
    exchange; only the network is replaced by the HTTP library's own mock
    transport. openai >= 3 ships on ``httpx2``, older releases on ``httpx``.
    """
    try:
        import httpx2 as httpx
    except ImportError:  # an openai release built on httpx
        import httpx
    headers = {"content-type": "application/json"}

    def answer(request):
        return httpx.Response(200, content=COMPLETION, headers=headers)

    http_client = httpx.Client(transport=httpx.MockTransport(answer))
    return openai.OpenAI(
        api_key="x",
        base_url="http://perf.invalid/v1",
        http_client=http_client,
        max_retries=0,
    )


def user_model():
    """The response model of every benchmarked call (user code, not timed)."""
    from pydantic import BaseModel

    class User(BaseModel):
        """A person mentioned in the text."""

        name: str
        age: int

    return User


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


def _import_sdk(name):
    t0 = perf_counter()
    module = __import__(name, fromlist=["_"])
    return module, perf_counter() - t0


def scenario_first_use(cfg, out):
    """SDK import and client first, then instructor's own cost on top."""
    sdk_name, client_src, factory, _ = PROVIDERS[cfg["provider"]]
    sdk, out["sdk_import_s"] = _import_sdk(sdk_name)
    t0 = perf_counter()
    client = eval(client_src, {"sdk": sdk})
    out["sdk_client_s"] = perf_counter() - t0
    if not cfg["instructor"]:
        return
    before = set(sys.modules)
    t0 = perf_counter()
    import instructor

    t1 = perf_counter()
    getattr(instructor, factory)(client)
    t2 = perf_counter()
    out["instructor_import_s"] = t1 - t0
    out["factory_s"] = t2 - t1
    out["first_use_s"] = t2 - t0
    out["new_modules"] = sorted(set(sys.modules) - before)


def scenario_from_provider(cfg, out):
    """`from_provider("<p>/<model>")` after the SDK import (client build included)."""
    sdk_name, _, _, model = PROVIDERS[cfg["provider"]]
    _, out["sdk_import_s"] = _import_sdk(sdk_name)
    if not cfg["instructor"]:
        return
    before = set(sys.modules)
    t0 = perf_counter()
    import instructor

    instructor.from_provider(f"{cfg['provider']}/{model}", api_key="x")
    out["from_provider_s"] = perf_counter() - t0
    out["new_modules"] = sorted(set(sys.modules) - before)


def scenario_session(cfg, out):
    """A user's first minutes with OpenAI: import, wrap, first call, many calls.

    In the order a user's program runs: the SDK import and client, then
    instructor's import and ``from_openai`` (its first-use cost on top of the
    SDK), then the first raw SDK call (so the SDK's own first-call warm-up is
    not charged to instructor), the first instructor call, and steady-state
    calls alternating raw and instructor in the same process.
    """
    sdk, out["sdk_import_s"] = _import_sdk("openai")
    client = mock_openai_client(sdk)
    t0 = perf_counter()
    sdk.OpenAI(api_key="x")
    out["sdk_client_s"] = perf_counter() - t0
    User = user_model()
    create = client.chat.completions.create
    if cfg["instructor"]:
        before = set(sys.modules)
        t0 = perf_counter()
        import instructor

        t1 = perf_counter()
        patched = instructor.from_openai(client)
        t2 = perf_counter()
        out["instructor_import_s"] = t1 - t0
        out["factory_s"] = t2 - t1
        out["first_use_s"] = t2 - t0
        out["new_modules"] = sorted(set(sys.modules) - before)
        icreate = patched.chat.completions.create

    def raw():
        completion = create(
            model=MODEL,
            messages=MESSAGES,
            tools=[USER_TOOL],
            tool_choice=USER_TOOL_CHOICE,
        )
        return completion.choices[0].message.tool_calls[0].function.arguments

    def extract():
        return icreate(model=MODEL, response_model=User, messages=MESSAGES, max_retries=0)

    t0 = perf_counter()
    raw()
    out["raw_first_call_s"] = perf_counter() - t0
    calls = [raw]
    if cfg["instructor"]:
        t0 = perf_counter()
        user = extract()
        out["first_call_s"] = perf_counter() - t0
        if (user.name, user.age) != ("Jason", 25):
            raise AssertionError(f"instructor returned {user!r}")
        calls.append(extract)
    times = [[] for _ in calls]
    warmup = max(5, cfg["calls"] // 10)
    for i in range(warmup + cfg["calls"]):
        # Alternate the order so neither side always runs on a warmer cache.
        order = range(len(calls)) if i % 2 else range(len(calls) - 1, -1, -1)
        for k in order:
            t0 = perf_counter()
            calls[k]()
            dt = perf_counter() - t0
            if i >= warmup:
                times[k].append(dt)
    out["raw_call_s"] = _median(times[0])
    if cfg["instructor"]:
        out["call_s"] = _median(times[1])
        out["call_overhead_s"] = out["call_s"] - out["raw_call_s"]
        out["first_call_overhead_s"] = out["first_call_s"] - out["raw_call_s"]


def scenario_discover(cfg, out):
    """What this interpreter has: versions, paths, installed SDKs."""
    import importlib.util
    import platform

    out["python"] = platform.python_version()
    out["implementation"] = platform.python_implementation()
    out["executable"] = sys.executable
    out["prefix"] = sys.prefix
    sdks = {}
    for name, (sdk, *_) in PROVIDERS.items():
        try:
            found = importlib.util.find_spec(sdk) is not None
        except (ImportError, ValueError):
            found = False
        if found:
            sdks[name] = sdk
    out["installed_providers"] = sdks
    out["dist_versions"] = _dist_versions()
    # The path a clean start (python -S) gets, so that no variant runs .pth
    # files: an editable install's finder imports re, pathlib, urllib and
    # more at every start, which would make any later import look cheaper.
    import os

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
    out["clean_path"] = path


SCENARIOS = {
    "import": scenario_import,
    "memory": scenario_memory,
    "mode": scenario_mode,
    "first_use": scenario_first_use,
    "from_provider": scenario_from_provider,
    "session": scenario_session,
    "discover": scenario_discover,
}

# ------------------------------------------------------------------ helpers


def _median(values):
    values = sorted(values)
    n = len(values)
    mid = n // 2
    return values[mid] if n % 2 else (values[mid - 1] + values[mid]) / 2


def _dist_versions():
    from importlib import metadata

    names = (
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
    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return versions


def _peak_rss_kb():
    """Peak resident set size of this process, in KiB.

    Linux's ``ru_maxrss`` survives exec: a child forked from a big parent
    reports the parent's size. ``VmHWM`` belongs to the new address space.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS: bytes


def _after(cfg, out):
    """State worth reporting, gathered once the timed work is over."""
    out["maxrss_kb"] = _peak_rss_kb()
    out["n_modules"] = len(sys.modules)
    out["sdks_imported"] = [m for m in SDK_MODULES if m in sys.modules]
    if cfg["instructor"] and "instructor" in sys.modules:
        out.update(_instructor_state())


def _instructor_state():
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
    deferred = _deferred_modules()
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
    else:
        # Another installation: count provider packages it has executed,
        # from a snapshot taken before anything else is imported here.
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


def _deferred_modules():
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


def parse_config(args):
    """``key=value`` arguments; json would be a module the code under test pays for."""
    cfg = {"instructor": True, "calls": 0, "provider": "openai"}
    for arg in args:
        key, _, value = arg.partition("=")
        if key in ("instructor",):
            cfg[key] = value == "1"
        elif key in ("calls",):
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
