"""Run a command, pass its output through, and say so when it is quiet.

    python scripts/_heartbeat.py [--every SECONDS] -- COMMAND...

Used by scripts/test when its output is a log (CI), where tox's spinner is
off: a parallel tox prints an environment's output only once it is done,
so minutes can pass in silence. After ``--every`` quiet seconds (default
60) a line gives the elapsed time and the tox environments finished so far
(tox's "name: OK" / "name: FAIL" lines). The exit status is the command's.
Standard library only: it runs under .venv-tox's Python.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time

FINISHED = re.compile(r"^\s*(\S+): (OK|FAIL)\b")


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


def main(argv: list[str]) -> int:
    every = 60.0
    if argv[:1] == ["--every"]:
        every, argv = float(argv[1]), argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        raise SystemExit(__doc__)
    start = last = time.monotonic()
    finished: dict[str, str] = {}
    lock = threading.Lock()
    done = threading.Event()

    def beat() -> None:
        nonlocal last
        while not done.wait(5):
            with lock:
                if time.monotonic() - last < every:
                    continue
                names = ", ".join(f"{n} {s}" for n, s in finished.items()) or "none yet"
                print(
                    f"... {_clock(time.monotonic() - start)} elapsed, still running;"
                    f" finished: {names}",
                    flush=True,
                )
                last = time.monotonic()

    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    thread = threading.Thread(target=beat, daemon=True)
    thread.start()
    assert proc.stdout is not None
    for line in proc.stdout:
        with lock:
            sys.stdout.write(line)
            sys.stdout.flush()
            last = time.monotonic()
            found = FINISHED.match(line)
            if found:
                finished.setdefault(found.group(1), found.group(2))
    status = proc.wait()
    done.set()
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
