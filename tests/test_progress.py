"""Progress on a terminal: a count and a rate, and silence anywhere else."""

from __future__ import annotations

import io

import pytest

from handbook.engine.progress import Meter


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def drive(stream: io.StringIO, steps: int, seconds_each: float) -> str:
    clock = Clock()
    meter = Meter("ingesting notes", steps, stream, clock, interval=0.5)
    for _ in range(steps):
        clock.now += seconds_each
        meter.advance()
    meter.close()
    return stream.getvalue()


def test_terminal_shows_count_and_rate_and_a_final_line() -> None:
    output = drive(Terminal(), 2_000, 0.001)
    frames = output.split("\r")[1:]
    # redrawn about every half second of the two seconds, not per item
    assert 3 <= len(frames) <= 6
    assert "ingesting notes 501/2,000 (1,000/s)" in output
    assert frames[-1] == "handbook: ingesting notes 2,000/2,000 in 2.0s (1,000/s)\x1b[K\n"


@pytest.mark.parametrize("stream", [io.StringIO(), None], ids=["pipe", "none"])
def test_anything_but_a_terminal_gets_nothing(stream: io.StringIO | None) -> None:
    clock = Clock()
    meter = Meter("rendering pages", 10, stream, clock)
    for _ in range(10):
        clock.now += 1
        meter.advance()
    meter.close()
    assert meter.count == 10
    assert stream is None or stream.getvalue() == ""


def test_a_closed_stream_is_not_a_terminal() -> None:
    stream = Terminal()
    stream.close()
    Meter("x", 1, stream).advance()  # must not raise
