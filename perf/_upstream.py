"""A private venv with a released instructor, for ``--upstream``.

Built once per (version, Python, pinned versions) under the user's cache
folder with pip, then reused. Every provider SDK our interpreter has (of the
benchmark's table) and the HTTP stack are pinned to our versions, so the
SDK's own cost is the same on both sides and cancels out; pip may complain
about a release's narrower pins (instructor 1.17.0 wants ``jiter<0.15``, the
current openai needs a newer one), which is why the stack is installed with
``--no-deps`` after the release and its SDKs. The folder's name carries a
hash of the pins, so a run with other versions builds its own venv instead
of rebuilding one that another checkout may be using.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from ._probe_providers import PROVIDERS
from ._progress import run_quietly

__all__ = ["ensure_upstream"]

# The shared stack whose versions must match ours for the SDK cost to cancel.
_MATCH = ("httpx2", "httpx", "jiter", "anyio", "pydantic", "pydantic_core")


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "instructor-perf"


def ensure_upstream(
    version: str, base_python: str, python_version: str, our_versions: dict, log=print
) -> str:
    """Path to a Python whose ``instructor`` is release ``version``."""
    sdks = sorted({e["dist"] for e in PROVIDERS.values() if e["dist"] in our_versions})
    sdk_pins = [f"{name}=={our_versions[name]}" for name in sdks]
    pins = [f"{name}=={our_versions[name]}" for name in _MATCH if name in our_versions]
    wanted = " ".join([f"instructor=={version}", *sdk_pins, *pins])
    digest = hashlib.sha256(wanted.encode()).hexdigest()[:8]
    venv = _cache_root() / f"instructor-{version}-py{python_version}-{digest}"
    python = venv / "bin" / "python"
    marker = venv / ".perf-ready"
    if marker.exists() and marker.read_text() == wanted:
        return str(python)
    log(f"setting up instructor {version} with {', '.join(sdk_pins)} in {venv} (once)")
    if not python.exists():
        _run([base_python, "-m", "venv", str(venv)], log)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check"]
    # The release with whatever SDK versions fit its pins (so each SDK's own
    # dependencies arrive), then ours on top, exactly.
    _run(pip + [f"instructor=={version}", *sdks], log)
    _run(pip + ["--no-deps", *sdk_pins, *pins], log)
    marker.write_text(wanted)
    return str(python)


def _run(cmd: list[str], log) -> None:
    status, out, err = run_quietly(cmd, log)
    if status:
        sys.stderr.write(out + err)
        raise SystemExit(f"perf: command failed: {' '.join(cmd)}")
