"""What the interpreters of perf.bench_lazy_compare run: the fixture package and the child programs.

Kept apart from the runner and the table so each stays one screenful of
concept: this file is the five variants, written once each, as the
programs a user of each library would write.
"""

import compileall
import textwrap

IMPORTHOOKS = "importhooks"
IH_ATTACH = "importhooks.attach"
RECIPE = "LazyLoader recipe"
ATTACH = "lazy_loader.attach"
EAGER = "eager"
VARIANTS = (IMPORTHOOKS, IH_ATTACH, RECIPE, ATTACH, EAGER)
OURS = (IMPORTHOOKS, IH_ATTACH)
LAZY_OTHERS = (RECIPE, ATTACH)  # what importhooks is ranked against
ATTACHING = {IH_ATTACH: "importhooks", ATTACH: "lazy_loader"}  # LAZYBENCH_ATTACH

# -- the fixture package -------------------------------------------------------

PACKAGE_INIT = '''\
"""Benchmark fixture: {n} small modules; the attach variants attach them."""
import os

SUBMODULES = {names!r}

_attaching = os.environ.get("LAZYBENCH_ATTACH")
if _attaching:
    import time as _time

    _started = _time.thread_time_ns()
    if _attaching == "lazy_loader":
        import lazy_loader

        __getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submodules=SUBMODULES + ["slow"])
    else:
        import importhooks

        __getattr__, __dir__, __all__ = importhooks.attach(__name__, SUBMODULES + ["slow"])
    ATTACH_NS = _time.thread_time_ns() - _started
'''

MODULE = '''\
"""Fixture module {i}: constants, two functions and a class; no imports."""

NAME = "m{i:04d}"
TABLE = {{f"key{{k}}": k * {i} for k in range(16)}}


def scale(value, factor={i}):
    return value * factor


def describe(value):
    return f"{{NAME}}: {{value!r}}"


class Item:
    kind = {i}

    def __init__(self, value):
        self.value = value

    def total(self):
        return self.value * self.kind


LAST = "end"
'''

# Only the thread test touches this one: a body slow enough for 16 threads
# to arrive while it runs, with a side channel counting its executions.
SLOW = '''\
"""Fixture module with a slow body: the first-touch race of the thread test."""
import sys
import time

sys.lazybench_slow_runs = getattr(sys, "lazybench_slow_runs", 0) + 1
FIRST = "first"
time.sleep(0.02)
LAST = "end"
'''


def module_names(n):
    return [f"m{i:04d}" for i in range(n)]


def make_fixture(root, n):
    """Write the ``lazybench`` package with *n* modules under *root*; return its folder."""
    folder = root / f"n{n}"
    package = folder / "lazybench"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(PACKAGE_INIT.format(n=n, names=module_names(n)))
    for i in range(n):
        (package / f"m{i:04d}.py").write_text(MODULE.format(i=i))
    (package / "slow.py").write_text(SLOW)
    compileall.compile_dir(str(package), quiet=1)
    return folder


# -- what a child interpreter runs ----------------------------------------------

# How each variant is installed, how it imports the package with every
# module deferred (leaving `touch`, the objects user code reaches modules
# by), and how the thread test reaches the slow module.
SETUP = {
    IMPORTHOOKS: "import importhooks\nimporthooks.install(['lazybench.*'])",
    IH_ATTACH: "import importhooks",
    RECIPE: (
        "import importlib.util\n"
        "def lazy_import(name):\n"
        "    spec = importlib.util.find_spec(name)\n"
        "    loader = importlib.util.LazyLoader(spec.loader)\n"
        "    spec.loader = loader\n"
        "    module = importlib.util.module_from_spec(spec)\n"
        "    sys.modules[name] = module\n"
        "    loader.exec_module(module)\n"
        "    return module"
    ),
    ATTACH: "import lazy_loader",
    EAGER: "pass",
}
IMPORT = {
    IMPORTHOOKS: "import lazybench\nfor name in names:\n    __import__('lazybench.' + name)",
    IH_ATTACH: "import lazybench",
    RECIPE: "import lazybench\ntouch = [lazy_import('lazybench.' + name) for name in names]",
    ATTACH: "import lazybench",
    EAGER: "import lazybench\nfor name in names:\n    __import__('lazybench.' + name)",
}
# The first touch as each library's users write it: through the package
# attribute, except with the recipe, which does not bind one (its users
# keep the module object it returns).
TOUCH = {
    IMPORTHOOKS: "for name in names:\n    getattr(package, name).NAME",
    IH_ATTACH: "for name in names:\n    getattr(package, name).NAME",
    RECIPE: "for module in touch:\n    module.NAME",
    ATTACH: "for name in names:\n    getattr(package, name).NAME",
    EAGER: "for name in names:\n    getattr(package, name).NAME",
}
SLOW_MODULE = {
    IMPORTHOOKS: "import lazybench.slow\nslow = lambda: lazybench.slow",
    IH_ATTACH: "slow = lambda: lazybench.slow",
    RECIPE: "_slow = lazy_import('lazybench.slow')\nslow = lambda: _slow",
    ATTACH: "slow = lambda: lazybench.slow",
    EAGER: "import lazybench.slow\nslow = lambda: lazybench.slow",
}

TIMING_CHILD = """
import sys, json, time
clock = time.thread_time_ns
names = __NAMES__
t0 = clock()
__SETUP__
t1 = clock()
__IMPORT__
t2 = clock()
package = sys.modules['lazybench']
__TOUCH__
t3 = clock()
modules = [sys.modules['lazybench.' + name] for name in names]
repeat = max(1, 100000 // len(modules))
best = None
for _ in range(5):
    t = clock()
    for _ in range(repeat):
        for module in modules:
            module.NAME
    elapsed = (clock() - t) / (repeat * len(modules))
    best = elapsed if best is None else min(best, elapsed)
attach = getattr(package, 'ATTACH_NS', 0)
print(json.dumps({
    'install_ms': (t1 - t0 + attach) / 1e6,
    'import_ms': (t2 - t1 - attach) / 1e6,
    'touch_us': (t3 - t2) / len(names) / 1e3,
    'steady_ns': best,
}))
"""

MEMORY_CHILD = """
import sys, json, gc, tracemalloc
names = __NAMES__
gc.collect()
tracemalloc.start()
__SETUP__
__IMPORT__
gc.collect()
print(json.dumps({'memory_kb': tracemalloc.get_traced_memory()[0] / 1024}))
"""

THREAD_CHILD = """
import sys, json, threading
__SETUP__
import lazybench
__SLOW__
THREADS = __THREADS__
barrier = threading.Barrier(THREADS)
errors = []
def first_touch():
    barrier.wait()
    try:
        value = slow().LAST
    except BaseException as exc:
        errors.append(f'{type(exc).__name__}: {exc}')
    else:
        if value != 'end':
            errors.append(f'wrong value {value!r}')
workers = [threading.Thread(target=first_touch) for _ in range(THREADS)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join(60)
hung = sum(worker.is_alive() for worker in workers)
runs = getattr(sys, 'lazybench_slow_runs', 0)
if runs != 1:
    errors.append(f'the body ran {runs} times')
errors += ['thread never finished'] * hung
print(json.dumps({'errors': errors}))
"""


# For --instructions: the same program, stopped at a stage, under cachegrind.
INSTRUCTION_CHILD = """
import sys, os
names = __NAMES__
stop = os.environ['LAZYBENCH_STOP']
if stop == 'start':
    raise SystemExit
__SETUP__
__IMPORT__
package = sys.modules['lazybench']
if stop == 'imported':
    raise SystemExit
__TOUCH__
"""


def child_code(template, variant, n, threads=16):
    def block(text):
        return textwrap.dedent(text).strip() or "pass"

    return (
        template.replace("__NAMES__", repr(module_names(n)))
        .replace("__SETUP__", block(SETUP[variant]))
        .replace("__IMPORT__", block(IMPORT[variant]))
        .replace("__TOUCH__", block(TOUCH[variant]))
        .replace("__SLOW__", block(SLOW_MODULE[variant]))
        .replace("__THREADS__", str(threads))
    )
