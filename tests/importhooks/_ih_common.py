"""What the import-system test modules share: a fresh interpreter's prelude that
defers ``ihfix.*`` and counts body runs with ``ran(name)``."""

PRELUDE = """
import sys, importhooks, ihcount, ihfix
importhooks.install(["ihfix.*"])

def ran(name):
    return ihcount.COUNTS.get(name, 0)
"""
