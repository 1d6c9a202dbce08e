"""Benchmark importhooks: its own import cost, a non-matching find_spec, deferring vs eager loading.

Every sample is taken in a fresh interpreter started clean (``-S``, then
the usual sys.path without ``.pth`` files, as ``python -m perf`` does);
variants are interleaved round by round (rotating their order) so drift
hits them all alike; inside a child the clock is the thread's CPU time
(``time.thread_time_ns``), so other processes on a busy machine stay out
of it; each row reports the median and the spread (p25-p75 and min-max).  Section 4
is the side-by-side comparison with importlib.util.LazyLoader,
lazy_loader.attach and eager imports (``perf.bench_lazy_compare``).

Run from the repository root, either way::

    python -m perf.bench_importhooks [--rounds 21] [--modules 40] [--json out.json] [--no-compare]
    python perf/bench_importhooks.py
"""

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

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
    "bisect",
    "heapq",
    "keyword",
    "colorsys",
    "fnmatch",
    "glob",
    "shlex",
    "string",
    "textwrap",
    "copy",
    "numbers",
    "fractions",
    "difflib",
    "pprint",
    "reprlib",
    "calendar",
    "base64",
    "hashlib",
    "hmac",
    "uuid",
    "random",
    "statistics",
    "decimal",
    "csv",
    "configparser",
    "json",
    "html",
    "ipaddress",
    "gettext",
    "locale",
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


def _generate_package(root, count):
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


# -- running children --------------------------------------------------------


def _env(extra=None, path=()):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONDONTWRITEBYTECODE", "BENCH_EAGER", "PYTHONPATH")
    }
    # Read by _child's clean start, not by the interpreter.
    env["BENCH_PATH"] = os.pathsep.join([*map(str, path), str(ROOT), *_clean_path()])
    env.update(extra or {})
    return env


def _clean_path():
    # This interpreter's sys.path, as a clean start (python -S, no .pth
    # files) gets it back: an editable install's .pth hook imports
    # importlib.util, re, pathlib... at every start, which would make
    # whatever a child imports after it look cheaper.
    return [p for p in sys.path if p and p != str(ROOT)]


CLEAN_START = "import site, sys, os; sys.path[:] = os.environ['BENCH_PATH'].split(os.pathsep)\n"


def _child(code, env):
    proc = subprocess.run(
        [sys.executable, "-S", "-c", CLEAN_START + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{proc.stderr}")
    return [float(value) for value in proc.stdout.split()]


def _wall(env):
    import time

    start = time.perf_counter_ns()
    subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
    return [time.perf_counter_ns() - start]


def _run_group(variants, rounds, env_for, columns=1):
    samples = {name: [[] for _ in range(columns)] for name in variants}
    names = list(variants)
    for round_no in range(rounds):
        order = names[round_no % len(names) :] + names[: round_no % len(names)]
        for name in order:
            code = variants[name]
            values = (
                _wall(env_for(name)) if code is None else _child(code, env_for(name))
            )
            for column, value in enumerate(values):
                samples[name][column].append(value)
    return samples


def _summary(values):
    values = sorted(values)
    q = (
        statistics.quantiles(values, n=4, method="inclusive")
        if len(values) > 1
        else [values[0]] * 3
    )
    return {
        "median": statistics.median(values),
        "p25": q[0],
        "p75": q[2],
        "min": values[0],
        "max": values[-1],
        "n": len(values),
    }


def _fmt(ns, unit):
    if unit == "ns":
        return f"{ns:8.1f} ns"
    return f"{ns / 1e6:8.3f} ms"


def _table(title, results, unit="ms", baseline=None):
    lines = [title, "-" * len(title)]
    base = results[baseline]["median"] if baseline else None
    width = max(len(name) for name in results)
    for name, s in results.items():
        ratio = f"  x{s['median'] / base:5.2f}" if base else ""
        lines.append(
            f"  {name:<{width}}  median {_fmt(s['median'], unit)}  "
            f"p25-p75 {_fmt(s['p25'], unit).strip()}-{_fmt(s['p75'], unit).strip()}  "
            f"min-max {_fmt(s['min'], unit).strip()}-{_fmt(s['max'], unit).strip()}{ratio}"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=21, help="fresh interpreters per variant"
    )
    parser.add_argument(
        "--modules", type=int, default=40, help="synthetic modules to import"
    )
    parser.add_argument("--json", help="also write the raw summaries to this file")
    parser.add_argument(
        "--no-compare",
        action="store_true",
        help="skip section 4, the comparison with LazyLoader and lazy_loader",
    )
    args = parser.parse_args(argv)

    compileall.compile_dir(
        str(ROOT / "importhooks"), quiet=1
    )  # measure with bytecode, as installed
    tmp = Path(tempfile.mkdtemp(prefix="bench_importhooks_"))
    try:
        _generate_package(tmp, args.modules)
        env_plain = _env(path=[tmp])
        stdlib = repr(STDLIB)
        find_spec = {
            name: code.replace("__MODULES__", stdlib)
            for name, code in FIND_SPEC.items()
        }
        defer = {
            name: DEFER_BODY.replace(
                "__SETUP__", textwrap.dedent(setup).strip() or "pass"
            )
            .replace("__N__", str(args.modules))
            .replace("__PRELOAD__", DEFER_PRELOAD.get(name, ""))
            for name, setup in DEFER.items()
        }
        for code in defer.values():  # warm the page cache and bytecode
            _child(code, env_plain)

        report = {
            "python": sys.version.split()[0],
            "rounds": args.rounds,
            "modules": args.modules,
        }
        out = [
            f"importhooks benchmark: Python {report['python']}, {args.rounds} fresh interpreters per row"
        ]

        samples = _run_group(IMPORT_COST, args.rounds, lambda name: env_plain)
        cost = {name: _summary(values[0]) for name, values in samples.items()}
        report["import_cost"] = cost
        out += [
            "",
            _table("1. Import cost (thread CPU time in the child; first row: whole process, wall)", cost),
        ]

        samples = _run_group(find_spec, args.rounds, lambda name: env_plain)
        per_call = {name: _summary(samples[name][0]) for name in list(find_spec)[:2]}
        per_import = {name: _summary(samples[name][0]) for name in list(find_spec)[2:]}
        report["find_spec_per_call_ns"] = per_call
        report["stdlib_imports"] = per_import
        out += [
            "",
            _table(
                "2a. find_spec for a non-matching name, per call (best of 7 x 30k calls)",
                per_call,
                "ns",
            ),
        ]
        out += [
            "",
            _table(
                "2b. 30 stdlib imports with and without the finder",
                per_import,
                "ms",
                baseline=next(iter(per_import)),
            ),
        ]

        samples = _run_group(
            defer,
            args.rounds,
            lambda name: _env(DEFER_ENV.get(name), path=[tmp]),
            columns=3,
        )
        report["defer"] = {}
        titles = (
            f"3a. import {args.modules} modules",
            f"3b. import {args.modules} modules, then use one",
            f"3c. import {args.modules} modules, then use all",
        )
        for column, title in enumerate(titles):
            results = {
                name: _summary(values[column]) for name, values in samples.items()
            }
            report["defer"][title] = results
            out += [
                "",
                _table(
                    title + " (includes importing/installing the hook)",
                    results,
                    baseline="plain eager import (no importhooks)",
                ),
            ]
        if not args.no_compare:
            compare = _compare(args.rounds)
            report["compare"] = {k: v for k, v in compare.items() if k != "samples"}
            out += [
                "",
                "4. Side by side: importhooks, LazyLoader recipe, lazy_loader.attach, eager "
                f"(python -m perf.bench_lazy_compare; {compare['rounds']} interpreters per cell, "
                f"median thread CPU time; thread test {compare['thread_runs']} interpreters)",
                "-" * 78,
                compare["text"],
            ]
        text = "\n".join(out)
        print(text)
        if args.json:
            Path(args.json).write_text(json.dumps(report, indent=2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _compare(rounds):
    try:
        from perf import bench_lazy_compare
    except ImportError:  # run as a script: perf/ itself is sys.path[0]
        import bench_lazy_compare  # type: ignore[no-redef]

    return bench_lazy_compare.run(rounds=rounds)


if __name__ == "__main__":
    main()
