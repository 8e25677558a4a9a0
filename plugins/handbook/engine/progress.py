"""Progress of long loops: a count and a rate, redrawn in place on a terminal.

A build of thousands of notes runs for tens of seconds; a reader watching
a terminal should see it move.  :class:`Meter` counts the items of one loop
(notes ingested, pages rendered) and, when its stream is a terminal,
rewrites one status line at most every ``interval`` seconds::

    handbook: ingesting notes 1,024/1,226 (412/s)

:meth:`Meter.close` leaves the final count, the elapsed time and the rate
on that line.  On anything but a terminal (CI logs, tests, pipes) the meter
writes nothing, since the build log already carries each stage's timing
and a stream of carriage returns would only clutter it.

The core stays free of MkDocs: the pipeline asks its :class:`Timings` for
meters, and an adapter decides where they draw.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class Meter:
    def __init__(
        self,
        label: str,
        total: int,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        interval: float = 0.2,
    ) -> None:
        self.label = label
        self.total = total
        self.count = 0
        self.stream = stream
        self.clock = clock
        self.interval = interval
        self.started = clock()
        self._drawn = self.started - interval  # draw on the first advance
        self._live = bool(stream is not None and _is_terminal(stream))

    def advance(self, step: int = 1) -> None:
        self.count += step
        if not self._live:
            return
        now = self.clock()
        if now - self._drawn >= self.interval:
            self._drawn = now
            self._draw(now, final=False)

    def close(self) -> None:
        if self._live:
            self._draw(self.clock(), final=True)
            self._live = False

    def line(self, now: float, final: bool) -> str:
        """The status text at ``now``."""
        elapsed = max(now - self.started, 1e-9)
        rate = self.count / elapsed
        done = f"{self.count:,}/{self.total:,}" if self.total else f"{self.count:,}"
        if final:
            return f"handbook: {self.label} {done} in {elapsed:.1f}s ({rate:,.0f}/s)"
        return f"handbook: {self.label} {done} ({rate:,.0f}/s)"

    def _draw(self, now: float, final: bool) -> None:
        assert self.stream is not None
        # \x1b[K clears what a longer previous line left behind.
        text = "\r" + self.line(now, final) + "\x1b[K" + ("\n" if final else "")
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed terminal must not fail the build
            self._live = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_meter(label: str, total: int) -> Meter:
    """A meter drawing on standard error, live only when that is a terminal."""
    return Meter(label, total, sys.stderr)


def silent_meter(label: str, total: int) -> Meter:
    return Meter(label, total, None)
