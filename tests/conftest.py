"""Suite-wide options and helpers.

``--eager`` runs the whole suite with INSTRUCTOR_EAGER=1 (set before
instructor is imported, and inherited by every fresh interpreter a test
starts). ``--nosdk`` says the environment has no provider SDK installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytest_plugins = ("fakes.fixtures",)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pytest_addoption(parser):
    parser.addoption("--eager", action="store_true",
                     help="run with INSTRUCTOR_EAGER=1")
    parser.addoption("--nosdk", action="store_true",
                     help="the environment has no provider SDK installed")


def pytest_configure(config):
    if config.getoption("--eager"):
        os.environ["INSTRUCTOR_EAGER"] = "1"
    else:
        os.environ.pop("INSTRUCTOR_EAGER", None)


def run_python(code: str, *, env: dict | None = None, check: bool = True,
               timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with the project on sys.path.

    ``timeout`` only guards against a hang: CI machines run several test
    processes on two cores, and an interpreter that imports two SDKs can
    take tens of seconds there.
    """
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (ROOT, os.path.join(ROOT, "tests"), full_env.get("PYTHONPATH")) if p)
    for key, value in list(full_env.items()):
        if value is None:
            del full_env[key]
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=full_env,
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"subprocess failed ({proc.returncode})\n--- stdout\n{proc.stdout}"
            f"\n--- stderr\n{proc.stderr}")
    return proc


@pytest.fixture
def python():
    """Run code in a fresh interpreter: ``python("import instructor")``."""
    return run_python


@pytest.fixture(scope="session")
def eager(pytestconfig) -> bool:
    return bool(pytestconfig.getoption("--eager"))
