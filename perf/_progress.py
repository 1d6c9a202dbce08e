"""A progress line on stderr while the benchmark runs (it takes minutes)."""

from __future__ import annotations

import sys
import time

__all__ = ["Progress"]


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds + 0.5))
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """Redraws one line on a terminal; elsewhere prints a line now and then.

    ``total`` is the expected cost of the whole run in seconds (estimated
    from the warm-up), so the remaining time is cost-weighted, not a count
    of runs.
    """

    def __init__(self, stream=None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.start = time.monotonic()
        self.total = 0.0
        self.done = 0.0
        self._counted_since = self.start
        self._last_print = 0.0
        self._width = 0

    def begin(self, total: float) -> None:
        """Start the counted part: ``total`` seconds of work expected from now.

        The time left is extrapolated from this part alone, not from setup
        and warm-up before it, which would inflate the first estimates.
        """
        self.total = total
        self.done = 0.0
        self._counted_since = time.monotonic()

    def note(self, text: str) -> None:
        """A line of its own (a phase change, a warning)."""
        self._clear()
        print(text, file=self.stream, flush=True)

    def update(self, phase: str, detail: str, cost: float = 0.0) -> None:
        """Account ``cost`` seconds of work as done and show where we are."""
        self.done += cost
        now = time.monotonic()
        elapsed = now - self.start
        if self.total > 0 and self.done > 0:
            fraction = min(1.0, self.done / self.total)
            counted = now - self._counted_since
            left = counted / fraction - counted if fraction > 0 else 0
            bar_len = 24
            filled = int(fraction * bar_len)
            bar = "#" * filled + "-" * (bar_len - filled)
            line = (
                f"[{bar}] {fraction:4.0%}  {phase}  {detail}  "
                f"{_clock(elapsed)} elapsed, ~{_clock(left)} left"
            )
        else:
            line = f"{phase}  {detail}  {_clock(elapsed)} elapsed"
        if self.tty:
            pad = max(0, self._width - len(line))
            self.stream.write("\r" + line + " " * pad)
            self.stream.flush()
            self._width = len(line)
        elif time.monotonic() - self._last_print > 10 or self.done >= self.total > 0:
            self._last_print = time.monotonic()
            print(line, file=self.stream, flush=True)

    def finish(self, text: str) -> None:
        self._clear()
        print(text, file=self.stream, flush=True)

    def _clear(self) -> None:
        if self.tty and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def run_quietly(cmd: list[str], note, every: float = 10.0, cwd=None) -> tuple[int, str, str]:
    """Run ``cmd`` with its output captured, but not silently.

    Every ``every`` seconds ``note`` gets the elapsed time and the latest
    line the command printed (pip's "Collecting x", a benchmark's section
    title), so a step of a minute never looks hung. Returns the exit status,
    stdout and stderr.
    """
    import subprocess
    import tempfile

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, cwd=cwd)
        t0 = time.monotonic()
        while True:
            try:
                proc.wait(timeout=every)
                break
            except subprocess.TimeoutExpired:
                note(f"  ... {_clock(time.monotonic() - t0)}  {_latest(out, err)}")
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read(), err.read()


def _latest(*files) -> str:
    """The last line worth showing: words, not progress bars or warnings."""
    for f in reversed(files):
        f.seek(0)
        lines = [ln.strip() for ln in f.read().splitlines() if ln[:1].isalpha()]
        lines = [ln for ln in lines if not ln.startswith("WARNING")]
        if lines:
            return lines[-1][:100]
    return ""
