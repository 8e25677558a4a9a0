"""Impossible moments: stamps past their video's end are repaired or shown as text.

Case tables run small synthetic videos (a few notes sharing a ``videoId``)
through :func:`handbook.ingest.moments.repair_moments`; the corpus checks build the
real notes and look at the links a reader would click.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest

from handbook.engine.memo import Memo
from handbook.ingest.moments import (
    LONG,
    MIN_EVIDENCE,
    bulk_end,
    judge_note,
    note_stamps,
    repair_moments,
)
from handbook.ingest.notes import parse_note, read_notes
from handbook.ingest.syntax.inline import plain_text
from handbook.model import Clock, Note
from handbook.render.markdown import Writer
from helpers import BuiltSite

VIDEO = "ImSvm11GR0Y"


def clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def note_text(name: str, stamps: list[str], video: str | None = VIDEO) -> str:
    """A note citing ``stamps`` (as written), one claim per line."""
    front = (
        f"---\ntitle: {name}\nvideoId: {video}\n---\n" if video else f"---\ntitle: {name}\n---\n"
    )
    body = "\n\n".join(
        f'Claim {i} <a class="yt-timestamp" data-t="{t}">[{t}]</a>.' for i, t in enumerate(stamps)
    )
    return front + body + "\n"


def note(name: str, stamps: list[str], video: str | None = VIDEO) -> Note:
    return parse_note(f"{name}.md", note_text(name, stamps, video).encode())


def honest(end: int, count: int = 40, start: int = 30) -> list[str]:
    """Precise stamps spread over ``start``..``end`` seconds."""
    step = (end - start) / (count - 1)
    values = [int(start + k * step) for k in range(count)]
    return [clock(v + 7 if v % 60 == 0 else v) for v in values]


def mm_ss_00(seconds: list[int]) -> list[str]:
    """Moments written as ``mm:ss:00`` (06:33 becomes 06:33:00)."""
    return [f"{s // 60:02d}:{s % 60:02d}:00" for s in seconds]


SLIPPED = [95, 393, 740, 1333, 1999, 2410, 2890, 3333, 3700, 4010]  # all within 70 min
HOUR_10 = 70 * 60


def linked(notes: tuple[Note, ...], name: str) -> list[int]:
    return [s.seconds for n in notes if n.name == name for s in note_stamps(n)]


# --- the rules ---------------------------------------------------------------

CASES = [
    pytest.param(
        {"a": honest(HOUR_10), "b": honest(HOUR_10 - 300), "c": honest(HOUR_10 - 600)},
        0,
        0,
        id="honest-video-untouched",
    ),
    pytest.param(
        {"a": honest(HOUR_10), "b": honest(HOUR_10), "c": honest(HOUR_10), "d": mm_ss_00(SLIPPED)},
        len(SLIPPED),
        0,
        id="note-written-in-mm-ss-00",
    ),
    pytest.param(
        {"a": honest(HOUR_10), "b": honest(HOUR_10), "c": [*honest(HOUR_10), "06:33:00"]},
        1,
        0,
        id="one-slip-in-a-precise-note",
    ),
    pytest.param(
        {
            "a": honest(HOUR_10),
            "b": honest(HOUR_10),
            "c": [*honest(HOUR_10)[:20], "01:40:07", "02:45:13", "04:10:09", "05:22:41"],
        },
        0,
        4,
        id="drift-past-the-end-refused",
    ),
    pytest.param(
        {"a": honest(1200), "b": honest(1200), "c": [*honest(1200)[:30], "45:10:00"]},
        0,
        1,
        id="shift-that-still-overshoots-refused",
    ),
    pytest.param(
        {
            "a": honest(HOUR_10),
            "b": honest(HOUR_10),
            "c": [*honest(HOUR_10)[:20], "02:10:00", "03:15:07", "04:20:00", "05:05:13"],
        },
        0,
        4,
        id="mixture-of-slips-and-drift-refused",
    ),
    pytest.param(
        {"only": mm_ss_00([200 + 37 * k for k in range(30)])},
        30,
        0,
        id="single-note-only-minute-stamps-past-3h",
    ),
    pytest.param(
        {"only": honest(14 * 3600, 30, start=3 * 3600 + 600)},
        0,
        30,
        id="single-note-precise-stamps-past-3h",
    ),
    pytest.param(
        {"a": honest(3 * 3600 + 2400), "b": honest(3 * 3600 + 2200), "c": honest(3 * 3600 + 2000)},
        0,
        0,
        id="long-video-with-two-witnesses-kept",
    ),
    pytest.param(
        {"a": ["00:06:11", "01:02:03", "00:00:07"], "b": ["00:03:00"]},
        0,
        0,
        id="too-few-stamps-to-judge",
    ),
]


@pytest.mark.parametrize(("video", "repaired", "refused"), CASES)
def test_repair_and_refuse_rules(video: dict[str, list[str]], repaired: int, refused: int) -> None:
    notes = [note(name, stamps) for name, stamps in video.items()]
    result = repair_moments(notes)
    assert (result.repaired, result.refused) == (repaired, refused)
    end = result.ends[VIDEO]
    assert all(s.seconds <= end for n in result.notes for s in note_stamps(n))


def test_a_note_in_mm_ss_00_links_the_moments_it_meant() -> None:
    notes = [note(n, honest(HOUR_10)) for n in "abc"] + [note("d", mm_ss_00(SLIPPED))]
    assert linked(repair_moments(notes).notes, "d") == SLIPPED


def test_a_run_of_minute_stamps_is_shifted_whole() -> None:
    """``00:23:00`` among ``20:05:00``-style slips means 23 seconds, not minutes."""
    run = ["22:36:00", "00:23:00", "20:05:00", "00:28:00", "20:10:00"]
    notes = [note(n, honest(HOUR_10)) for n in "abc"]
    notes.append(note("d", run + honest(HOUR_10)[-5:]))
    assert linked(repair_moments(notes).notes, "d")[:5] == [1356, 23, 1205, 28, 1210]


def test_a_refused_stamp_is_text_and_warned_at_its_line() -> None:
    notes = [note(n, honest(HOUR_10)) for n in "ab"]
    notes.append(note("c", [*honest(HOUR_10)[:20], "04:10:09"]))
    result = repair_moments(notes)
    (problem,) = result.problems
    assert (problem.path, problem.rule, problem.severity) == (
        "c.md",
        "timestamp/impossible",
        "warning",
    )
    assert problem.line == 5 + 2 * 20 and problem.col > 1
    changed = next(n for n in result.notes if n.name == "c")
    inline = changed.blocks[-1].inline  # type: ignore[union-attr]
    assert Clock("04:10:09") in inline
    # Shown, but not words: no name or claim ends in the clock.
    assert plain_text(inline) == "Claim 20 ."
    markdown = "\n".join(Writer(link=lambda link: "", video_id=VIDEO).blocks(changed.blocks))
    assert "04:10:09" in markdown and f"{VIDEO}&t=15009s" not in markdown


def test_a_repair_is_an_info_problem_naming_both_moments() -> None:
    notes = [note(n, honest(HOUR_10)) for n in "ab"] + [note("c", [*honest(HOUR_10), "06:33:00"])]
    (problem,) = repair_moments(notes).problems
    assert (problem.rule, problem.severity) == ("timestamp/repaired", "info")
    assert "06:33:00" in problem.message and "00:06:33" in problem.message


@pytest.mark.parametrize(
    ("values", "end"),
    [
        pytest.param([*list(range(60, 3600, 60)), 9000, 20000], 3540, id="thin-tail-cut"),
        pytest.param(
            list(range(60, 1200, 30)) + list(range(3300, 4200, 30)), 4170, id="dense-after-gap-kept"
        ),
        pytest.param([60, 120, 9000], 9000, id="too-few-to-judge"),
        pytest.param(list(range(60, 4000, 40)), 3980, id="no-gap"),
    ],
)
def test_bulk_end(values: list[int], end: int) -> None:
    assert bulk_end(values) == end


# --- invariants --------------------------------------------------------------


def test_verdicts_never_link_past_the_end() -> None:
    """Random notes: every impossible stamp gets a verdict, none lands past the end."""
    rng = random.Random(13)
    for _ in range(2000):
        end = rng.randrange(600, 4 * 3600)
        values = [
            rng.choice(
                (
                    rng.randrange(0, 60 * 3600),
                    rng.randrange(0, 100) * 3600 + rng.randrange(0, 60) * 60,
                )
            )
            for _ in range(rng.randrange(1, 30))
        ]
        verdicts = judge_note(values, end)
        assert {i for i, s in enumerate(values) if s > end} <= set(verdicts)
        assert all(v.seconds is None or v.seconds <= end for v in verdicts.values())
        assert all(values[i] % 60 == 0 for i, v in verdicts.items() if v.seconds is not None)


def _video_texts() -> dict[str, str]:
    """One video's notes (a, b honest; c with one impossible stamp; d written
    mm:ss:00), a note of no video, and another video's note."""
    return {
        "a": note_text("a", honest(HOUR_10)),
        "b": note_text("b", honest(HOUR_10)),
        "c": note_text("c", [*honest(HOUR_10)[:20], "04:10:09"]),
        "d": note_text("d", mm_ss_00(SLIPPED)),
        "e": note_text("e", ["00:01:00"], video=None),
        "other": note_text("other", honest(900), video="7gaPPrAd7nc"),
    }


def _video() -> list[Note]:
    return [parse_note(f"{k}.md", t.encode()) for k, t in _video_texts().items()]


def test_untouched_notes_are_the_same_objects_and_changed_ones_get_new_digests() -> None:
    notes = _video()
    result = repair_moments(notes)
    for before, after in zip(notes, result.notes, strict=True):
        if before.name in {"c", "d"}:
            assert after.digest not in {"", before.digest}
            assert after.path == before.path
        else:
            assert after is before


def test_same_notes_in_any_order_give_the_same_result() -> None:
    notes = _video()
    first = repair_moments(notes)
    shuffled = notes[:]
    random.Random(5).shuffle(shuffled)
    second = repair_moments(shuffled)
    assert first.problems == second.problems
    assert sorted(first.notes, key=lambda n: n.path) == sorted(second.notes, key=lambda n: n.path)
    assert [n.digest for n in repair_moments(_video()).notes] == [n.digest for n in first.notes]


def test_memo_gives_the_same_notes_and_reuses_them() -> None:
    notes = _video()
    memo = Memo()
    cold = repair_moments(notes, memo)
    warm = repair_moments(notes, memo)
    assert cold.notes == repair_moments(notes).notes
    assert all(a is b for a, b in zip(cold.notes, warm.notes, strict=True))
    assert memo.hits == 2  # both videos


def test_constants_keep_their_meaning() -> None:
    assert LONG == 3 * 3600 and MIN_EVIDENCE >= 5


# --- the corpus ----------------------------------------------------------------

LINK = re.compile(r"youtube\.com/watch\?v=([\w-]{11})&(?:amp;)?t=(\d+)s")


@pytest.fixture(scope="module")
def corpus(corpus_dir: Path, corpus_site: BuiltSite) -> tuple[list[Note], object, set]:
    """The corpus notes, their repair, and every moment link of the session's
    built corpus site (what a reader can click), read once."""
    notes = read_notes(corpus_dir)
    links: list[tuple[str, int]] = []
    for path in corpus_site.html_files():
        text = path.read_text(encoding="utf-8")
        links += [(v, int(t)) for v, t in LINK.findall(text)]
    return notes, repair_moments(notes), links


@pytest.mark.corpus
def test_corpus_links_no_moment_past_its_video(corpus: tuple) -> None:
    notes, moments, links = corpus
    before = [s.seconds for n in notes if n.video_id for s in note_stamps(n)]
    past = sorted({(v, t) for v, t in links if t > moments.ends.get(v, LONG)})
    print(
        f"stamps {len(before)}, past 3:00:00 before {sum(s >= LONG for s in before)}; "
        f"repaired {moments.repaired}, refused {moments.refused}; links {len(links)}"
    )
    assert sum(s >= LONG for s in before) > 1000  # the issue: 15% of lennyspodcast stamps
    assert len(links) > 50_000
    assert past == []


@pytest.mark.corpus
def test_corpus_keeps_every_plausible_stamp_linked(corpus: tuple) -> None:
    notes, moments, links = corpus
    touched = {(p.path, p.line, p.col) for p in moments.problems}
    kept = Counter()
    for n in notes:
        for s in note_stamps(n) if n.video_id else ():
            if (n.path, s.line, s.col) not in touched:
                kept[(n.video_id, s.seconds)] += 1
    after = [s for n in moments.notes if n.video_id for s in note_stamps(n)]
    before = sum(len(note_stamps(n)) for n in notes if n.video_id)
    assert len(after) == before - moments.refused
    assert moments.repaired > 1000 and moments.refused > 100
    assert set(kept) - set(links) == set()


def test_build_reports_each_repair_and_refusal(tmp_path: Path) -> None:
    """The build's problems carry every repair and refusal, with its place."""
    from handbook.model import Options
    from handbook.pipeline import build_handbook

    for name, text in _video_texts().items():
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
    notes = read_notes(tmp_path)
    moments = repair_moments(notes)
    rules = Counter(p.rule for p in build_handbook(tmp_path, Options()).problems)
    assert moments.repaired > 0 and moments.refused > 0
    assert rules["timestamp/repaired"] == moments.repaired
    assert rules["timestamp/impossible"] == moments.refused
    assert all(p.line > 0 and p.col > 0 for p in moments.problems)
