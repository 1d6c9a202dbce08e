"""A private venv with a released instructor, for ``--upstream``.

Built once per (version, Python) under the user's cache folder with pip, then
reused. The provider SDK and its HTTP stack are pinned to the versions our
interpreter has, so the SDK's own cost is the same on both sides and cancels
out; pip may complain about a release's narrower pins (instructor 1.17.0
wants ``jiter<0.15``, the current openai needs a newer one), which is why
those few packages are installed with ``--no-deps``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["ensure_upstream"]

# Distributions whose versions must match ours for the SDK cost to cancel.
_MATCH = ("openai", "httpx2", "httpx", "jiter", "anyio", "pydantic", "pydantic_core")


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "instructor-perf"


def ensure_upstream(
    version: str, base_python: str, python_version: str, our_versions: dict, log=print
) -> str:
    """Path to a Python whose ``instructor`` is release ``version``."""
    venv = _cache_root() / f"instructor-{version}-py{python_version}"
    python = venv / "bin" / "python"
    marker = venv / ".perf-ready"
    pins = [f"{name}=={our_versions[name]}" for name in _MATCH if name in our_versions]
    wanted = f"instructor=={version} " + " ".join(pins)
    if marker.exists() and marker.read_text() == wanted:
        return str(python)
    log(f"setting up instructor {version} in {venv} (once; pip needs the network)")
    if not python.exists():
        _run([base_python, "-m", "venv", str(venv)])
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    _run(pip + [f"instructor=={version}"])
    if pins:
        _run(pip + ["--no-deps", *pins])
    marker.write_text(wanted)
    return str(python)


def _run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"perf: command failed: {' '.join(cmd)}")
