"""The interpreters a run compares, and how each child process is started."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "PROBE",
    "Variant",
    "build_variants",
    "child_env",
    "discover",
    "run_probe",
    "run_process",
]

PROBE = Path(__file__).with_name("_probe.py")

# Variables that would change what a child measures; the child gets none of
# them, whatever the caller's shell has set. INSTRUCTOR_EAGER is set per
# variant.
_NOISY_ENV = (
    "PYTHONPROFILEIMPORTTIME",
    "PYTHONTRACEMALLOC",
    "PYTHONDEVMODE",
    "PYTHONMALLOC",
    "PYTHONMALLOCSTATS",
    "PYTHONASYNCIODEBUG",
    "PYTHONWARNINGS",
    "PYTHONVERBOSE",
    "PYTHONINSPECT",
    "PYTHONSTARTUP",
    "PYTHONBREAKPOINT",
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONNODEBUGRANGES",
    "PYTHONOPTIMIZE",
    "PYTHONHASHSEED",
    "COVERAGE_PROCESS_START",
)


@dataclass
class Variant:
    """One column of the table: an interpreter, an environment, a role.

    ``key`` is one of "bare" (the interpreter alone: the floor), "against"
    (another instructor installation), "eager" (ours with INSTRUCTOR_EAGER=1,
    the plan's "before") and "lazy" (ours as shipped, the "after").
    """

    key: str
    label: str
    python: str
    eager: bool = False
    instructor: bool = True
    info: dict = field(default_factory=dict)

    def env(self) -> dict:
        # Another installation is measured as installed: the caller's
        # PYTHONPATH (which may point at this checkout) is not its own.
        return child_env(self.eager, keep_pythonpath=self.key != "against")

    def start(self) -> list[str]:
        """The interpreter, started clean once discovery recorded its path.

        Every variant starts with ``-S`` and gets its usual sys.path back
        without running ``.pth`` files (see the probe's ``clean_start``): an
        editable install's import hook preloads modules at every start and
        would flatter whatever is imported after it.
        """
        return [self.python, "-S"] if self.info.get("clean_path") else [self.python]

    def probe_args(self) -> list[str]:
        path = self.info.get("clean_path")
        return ["path=" + os.pathsep.join(path)] if path else []

    def prelude(self) -> str:
        """Source that finishes a clean start in ``python -S -c``."""
        path = self.info.get("clean_path")
        return f"import site, sys; sys.path[:] = {path!r}; " if path else ""


def child_env(eager: bool, keep_pythonpath: bool = True) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in _NOISY_ENV and not k.startswith("INSTRUCTOR_")
    }
    if not keep_pythonpath:
        env.pop("PYTHONPATH", None)
    if eager:
        env["INSTRUCTOR_EAGER"] = "1"
    # litellm's import fetches its model price list from the network and
    # retries with sleeps when it cannot: that would be timed as its import
    # (and is a request the benchmark must not send). Its bundled copy is
    # what it falls back to anyway.
    env.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    return env


_WORKDIR = tempfile.mkdtemp(prefix="instructor-perf-")


def run_probe(variant: Variant, args: list[str], timeout: float = 600) -> dict:
    """Run the probe once in a fresh interpreter; its record plus ``wall_s``.

    The child starts in an empty temporary directory so nothing in the
    caller's working directory (this repository, say) is importable by
    accident. A crash or a non-JSON answer becomes a record with ``error``.
    """
    cmd = [
        *variant.start(),
        str(PROBE),
        *args,
        *variant.probe_args(),
        "instructor=" + ("1" if variant.instructor else "0"),
    ]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd,
            env=variant.env(),
            cwd=_WORKDIR,
            timeout=timeout,
            capture_output=True,
            text=True,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {
            "error": f"{type(exc).__name__}: {exc}",
            "wall_s": time.perf_counter() - t0,
        }
    wall = time.perf_counter() - t0
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    try:
        record = json.loads(lines[-1])
    except (IndexError, ValueError):
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        record = {"error": f"exit status {proc.returncode}: " + " | ".join(tail)}
    record["wall_s"] = wall
    if proc.returncode and "error" not in record:
        record["error"] = f"exit status {proc.returncode}"
    return record


def _wall(variant: Variant, code: str, timeout: float) -> tuple[float, str | None]:
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(
            [*variant.start(), "-c", variant.prelude() + code],
            env=variant.env(),
            cwd=_WORKDIR,
            timeout=timeout,
            capture_output=True,
            text=True,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"
    wall = time.perf_counter() - t0
    if proc.returncode:
        tail = " | ".join(proc.stderr.strip().splitlines()[-3:])
        return wall, f"exit status {proc.returncode}: {tail}"
    return wall, None


def run_process(variant: Variant, timeout: float = 600) -> dict:
    """Time ``python -c pass`` then ``python -c 'import instructor'``, spawn to exit.

    Nothing else runs in those interpreters, so the wall times are what a
    command-line tool pays at startup (started clean, see `Variant.start`);
    their difference is the import's share.
    """
    pass_s, error = _wall(variant, "pass", timeout)
    record = {"scenario": "process", "pass_wall_s": pass_s, "wall_s": pass_s}
    if variant.instructor and error is None:
        record["wall_s"], error = _wall(variant, "import instructor", timeout)
        record["import_wall_s"] = record["wall_s"]
        record["over_pass_s"] = record["wall_s"] - pass_s
    if error is not None:
        record["error"] = error
    return record


def discover(variant: Variant, progress) -> bool:
    """Fill ``variant.info`` from a discovery probe; False if it cannot be used."""
    info = run_probe(variant, ["scenario=discover"], timeout=120)
    if "error" in info:
        progress.note(f"perf: {variant.python} cannot be used: {info['error']}")
        return False
    info.pop("wall_s", None)
    for key in ("maxrss_kb", "n_modules", "sdks_imported", "scenario"):
        info.pop(key, None)
    variant.info = info
    # Check the clean start works before measuring anything with it.
    check = run_probe(variant, ["scenario=import"], timeout=120)
    if "error" in check:
        progress.note(f"perf: {variant.python} fails a clean start: {check['error']}")
        return False
    return True


def build_variants(args, root: Path, progress) -> list[Variant]:
    """The columns of a run, from ``python -m perf``'s arguments, in table order."""
    lazy = Variant("lazy", "after (lazy)", args.python)
    if not discover(lazy, progress):
        raise SystemExit(2)
    if not lazy.info.get("instructor_file"):
        raise SystemExit(
            f"perf: {args.python} cannot import instructor; install this project "
            f"first:  {args.python} -m pip install -e '{root}[perf]'"
        )
    mine = Path(lazy.info["instructor_file"]).resolve()
    if root not in mine.parents:
        progress.note(f"perf: note: measuring the instructor at {mine}, not the one in {root}")
    variants = []
    if not args.no_bare:
        bare = Variant("bare", "bare python", args.python, instructor=False, info=dict(lazy.info))
        variants.append(bare)
    against_python = args.against
    if args.upstream:
        from ._upstream import ensure_upstream

        against_python = ensure_upstream(
            args.upstream,
            args.python,
            ".".join(lazy.info["python"].split(".")[:2]),
            lazy.info.get("dist_versions", {}),
            log=progress.note,
        )
    if against_python:
        against = Variant("against", "upstream", against_python)
        if not discover(against, progress):
            raise SystemExit(2)
        version = against.info.get("dist_versions", {}).get("instructor")
        if not against.info.get("instructor_file"):
            raise SystemExit(f"perf: {against_python} cannot import instructor")
        if against.info["instructor_file"] == lazy.info["instructor_file"]:
            raise SystemExit(
                f"perf: {against_python} imports the same instructor as "
                f"{args.python} ({lazy.info['instructor_file']})"
            )
        against.label = f"upstream {version}" if version else "against"
        variants.append(against)
    if not args.no_eager:
        variants.append(
            Variant("eager", "before (eager)", args.python, eager=True, info=dict(lazy.info))
        )
    variants.append(lazy)
    return variants
