"""What the interpreters of perf.bench_importhooks run: the snippets and the synthetic package."""

import compileall

# -- what one child process measures ---------------------------------------

IMPORT_COST = {
    "python -c pass (process wall time)": None,  # measured from the parent, see _wall()
    "import importhooks": """
        import time
        t = time.thread_time_ns()
        import importhooks
        print(time.thread_time_ns() - t)
    """,
    "import importhooks + install()": """
        import time
        t = time.thread_time_ns()
        import importhooks
        importhooks.install(["benchpkg.*"], eager_env="BENCH_EAGER")
        print(time.thread_time_ns() - t)
    """,
    "import json (stdlib reference)": """
        import time
        t = time.thread_time_ns()
        import json
        print(time.thread_time_ns() - t)
    """,
}

FIND_SPEC = {
    "importhooks finder, non-matching name": """
        import time, importhooks
        finder = importhooks.install(["instructor.providers.*", "instructor.handlers.*", "benchpkg.*"])
        names = ["json", "email.utils", "collections.abc", "instructor", "instructor.core.x", "os.path"] * 50
        find = finder.find_spec
        best = None
        for _ in range(7):
            t = time.thread_time_ns()
            for _ in range(100):
                for name in names:
                    find(name, None)
            elapsed = (time.thread_time_ns() - t) / (100 * len(names))
            best = elapsed if best is None else min(best, elapsed)
        print(best)
    """,
    "floor: a finder that only returns None": """
        import time
        class Nothing:
            def find_spec(self, name, path=None, target=None):
                return None
        find = Nothing().find_spec
        names = ["json", "email.utils", "collections.abc", "instructor", "instructor.core.x", "os.path"] * 50
        best = None
        for _ in range(7):
            t = time.thread_time_ns()
            for _ in range(100):
                for name in names:
                    find(name, None)
            elapsed = (time.thread_time_ns() - t) / (100 * len(names))
            best = elapsed if best is None else min(best, elapsed)
        print(best)
    """,
    "import of 30 stdlib modules, no finder": """
        import time, importlib
        names = __MODULES__
        t = time.thread_time_ns()
        for name in names:
            importlib.import_module(name)
        print((time.thread_time_ns() - t))
    """,
    "import of 30 stdlib modules, importhooks installed": """
        import time, importlib, importhooks
        importhooks.install(["instructor.providers.*", "instructor.handlers.*"])
        names = __MODULES__
        t = time.thread_time_ns()
        for name in names:
            importlib.import_module(name)
        print((time.thread_time_ns() - t))
    """,
}

# Stdlib modules that are not imported at startup and import quickly.
STDLIB = [
    "bisect", "heapq", "keyword", "colorsys", "fnmatch", "glob", "shlex", "string", "textwrap",
    "copy", "numbers", "fractions", "difflib", "pprint", "reprlib", "calendar", "base64", "hashlib",
    "hmac", "uuid", "random", "statistics", "decimal", "csv", "configparser", "json", "html",
    "ipaddress", "gettext", "locale",
]

LAZY_FINDER = """
import importlib.util, sys
class StdlibLazyFinder:
    def find_spec(self, name, path=None, target=None):
        if not name.startswith("benchpkg."):
            return None
        for finder in sys.meta_path[sys.meta_path.index(self) + 1:]:
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                spec.loader = importlib.util.LazyLoader(spec.loader)
                return spec
        return None
sys.meta_path.insert(0, StdlibLazyFinder())
"""

DEFER = {
    "plain eager import (no importhooks)": "",
    "importhooks, deferred": """
        import importhooks
        importhooks.install(["benchpkg.*"])
    """,
    "importhooks, eager switch (BENCH_EAGER=1)": """
        import importhooks
        importhooks.install(["benchpkg.*"], eager_env="BENCH_EAGER")
    """,
    "stdlib LazyLoader finder, deferred (reference)": LAZY_FINDER,
    "stdlib LazyLoader finder, importlib.util imported before the clock": LAZY_FINDER,
}
DEFER_ENV = {"importhooks, eager switch (BENCH_EAGER=1)": {"BENCH_EAGER": "1"}}
# What a variant imports before its clock starts: an editable install's
# .pth hook, or any earlier import of importlib.util, leaves LazyLoader's
# module in place; this row shows the reference under that condition.
DEFER_PRELOAD = {
    "stdlib LazyLoader finder, importlib.util imported before the clock": "import importlib.util",
}

DEFER_BODY = """
__PRELOAD__
import time
t0 = time.thread_time_ns()
__SETUP__
import benchpkg
names = [f"benchpkg.provider_{i:02d}" for i in range(__N__)]
for name in names:
    __import__(name)
t1 = time.thread_time_ns()
sys_modules = __import__("sys").modules
sys_modules["benchpkg.provider_00"].entry_0(1)          # use one of many
t2 = time.thread_time_ns()
for name in names:
    sys_modules[name].entry_0(1)                         # use all of them
t3 = time.thread_time_ns()
print(t1 - t0, t2 - t0, t3 - t0)
"""

PROVIDER = '''\
"""Synthetic provider module number {i}."""
import dataclasses
import enum

FLAGS = {{f"flag_{{k}}": k for k in range(50)}}


class Mode{i}(enum.Enum):
    A = "a"
    B = "b"
    C = "c"


@dataclasses.dataclass
class Config{i}:
    name: str = "provider_{i}"
    retries: int = 3
    timeout: float = 1.5
    tags: tuple = ()

{functions}

{classes}
'''


def generate_package(root, count):
    """Write the synthetic ``benchpkg`` of *count* provider-like modules under *root*."""
    package = root / "benchpkg"
    package.mkdir()
    (package / "__init__.py").write_text('"""Synthetic package of providers."""\n')
    for i in range(count):
        functions = "\n\n".join(
            f"def entry_{k}(x, *, scale={k}):\n    total = 0\n"
            f"    for step in range(3):\n        total += x * scale + step\n    return total\n"
            for k in range(40)
        )
        classes = "\n\n".join(
            f"class Handler{k}:\n    kind = {k}\n\n    def __init__(self, value=0):\n"
            f"        self.value = value\n\n    def handle(self, data):\n"
            f"        return [item * self.kind for item in data]\n\n"
            f"    def __repr__(self):\n        return f'Handler{k}({{self.value}})'\n"
            for k in range(15)
        )
        (package / f"provider_{i:02d}.py").write_text(
            PROVIDER.format(i=i, functions=functions, classes=classes)
        )
    compileall.compile_dir(str(package), quiet=1)
    return package
