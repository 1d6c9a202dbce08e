"""Shared helpers: every importhooks behaviour test runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Switches that would change behaviour under test if inherited from the caller.
_SCRUBBED = ("INSTRUCTOR_EAGER", "IH_TEST_EAGER", "PYTHONWARNINGS", "PYTHONSTARTUP")


class Result:
    def __init__(self, proc):
        self.proc = proc
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr

    def json(self):
        """The last stdout line, parsed as JSON."""
        lines = [line for line in self.stdout.splitlines() if line.strip()]
        assert lines, f"no output\nstderr:\n{self.stderr}"
        return json.loads(lines[-1])


def run_python(
    code,
    *,
    env=None,
    args=(),
    check=True,
    timeout=120,
    cwd=None,
    python=None,
    path=(),
    warnings_as_errors=True,
):
    """Run *code* with ``python -c`` in a fresh interpreter and return a Result.

    The fixtures directory and the repository root are on PYTHONPATH;
    bytecode is not written, so the fixture tree stays clean.
    """
    full_env = {key: value for key, value in os.environ.items() if key not in _SCRUBBED}
    full_env["PYTHONPATH"] = os.pathsep.join(
        [*map(str, path), str(ROOT), str(FIXTURES)]
    )
    full_env["PYTHONDONTWRITEBYTECODE"] = "1"
    full_env["PYTHONFAULTHANDLER"] = "1"
    if env:
        for key, value in env.items():
            if value is None:
                full_env.pop(key, None)
            else:
                full_env[key] = value
    command = [python or sys.executable]
    if warnings_as_errors:
        command += ["-W", "error"]
    command += ["-c", textwrap.dedent(code), *args]
    proc = subprocess.run(
        command,
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=str(cwd or ROOT),
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"child exited with {proc.returncode}\n--- stdout ---\n{proc.stdout}"
            f"\n--- stderr ---\n{proc.stderr}"
        )
    return Result(proc)


@pytest.fixture
def run():
    """The run_python helper (fresh interpreter per call)."""
    return run_python
