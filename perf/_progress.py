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
        self._last_print = 0.0
        self._width = 0

    def note(self, text: str) -> None:
        """A line of its own (a phase change, a warning)."""
        self._clear()
        print(text, file=self.stream, flush=True)

    def update(self, phase: str, detail: str, cost: float = 0.0) -> None:
        """Account ``cost`` seconds of work as done and show where we are."""
        self.done += cost
        elapsed = time.monotonic() - self.start
        if self.total > 0 and self.done > 0:
            fraction = min(1.0, self.done / self.total)
            left = elapsed / fraction - elapsed if fraction > 0 else 0
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
