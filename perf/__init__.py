"""Benchmarks of instructor's cost: ``python -m perf``.

Each scenario runs in fresh interpreters, variants interleaved (lazy, eager,
the bare interpreter, optionally another instructor installation), and the
report gives medians with their spread, targets, a JSON file and a chart.
``pytest perf --benchmark-only`` (``tox -e perf``) runs the microbenchmarks.

    $ python -m perf --quick
"""
