"""Timestamp forms: every accepted spelling and every malformed one."""

from __future__ import annotations

import pytest

from handbook.ingest.notes import parse_note
from handbook.ingest.syntax.timestamps import parse_stamp_tag, parse_time, youtube_url
from handbook.model import Paragraph, Plain, Stamp

VIDEO = "ImSvm11GR0Y"


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        pytest.param("00:06:11", 371, id="hh:mm:ss"),
        pytest.param("01:08:47", 4127, id="hh:mm:ss-over-an-hour"),
        pytest.param("1:08:47", 4127, id="h:mm:ss"),
        pytest.param("06:11", 371, id="mm:ss"),
        pytest.param("6:11", 371, id="m:ss"),
        pytest.param(" 00:00:07 ", 7, id="surrounding-space"),
        pytest.param("00:00:00", 0, id="zero"),
        pytest.param("01:00:17:51", None, id="four-fields"),
        pytest.param("00:12:34]", None, id="trailing-bracket"),
        pytest.param("12:34:", None, id="trailing-colon"),
        pytest.param("", None, id="empty"),
        pytest.param("00:61:00", None, id="minutes-over-59"),
        pytest.param("00:00:60", None, id="seconds-over-59"),
        pytest.param("0:6:11", None, id="one-digit-minutes-with-hours"),
        pytest.param("abc", None, id="words"),
    ],
)
def test_parse_time(value: str, seconds: int | None) -> None:
    assert parse_time(value) == seconds


@pytest.mark.parametrize(
    ("attributes", "value", "seconds"),
    [
        pytest.param(
            ' class="yt-timestamp" data-t="00:06:11"', "00:06:11", 371, id="double-quoted"
        ),
        pytest.param(
            " class='yt-timestamp' data-t='00:06:11'", "00:06:11", 371, id="single-quoted"
        ),
        pytest.param(' class="yt-timestamp" data-t=00:06:11', "00:06:11", 371, id="unquoted"),
        pytest.param(' class="yt-timestamp" data-t=""', "", None, id="empty-value"),
        pytest.param(' class="yt-timestamp" data-23:11:00', None, None, id="broken-no-data-t"),
        pytest.param(' class="yt-timestamp" data-05:08"', None, None, id="broken-stray-quote"),
    ],
)
def test_parse_stamp_tag(attributes: str, value: str | None, seconds: int | None) -> None:
    tag = parse_stamp_tag(attributes)
    assert (tag.value, tag.seconds) == (value, seconds)


def test_youtube_url() -> None:
    assert youtube_url(VIDEO, 371) == f"https://www.youtube.com/watch?v={VIDEO}&t=371s"


def _note(body: str, video: str | None = VIDEO) -> tuple[list[object], list[str]]:
    front = f"---\ntitle: T\nvideoId: {video}\n---\n" if video else "---\ntitle: T\n---\n"
    note = parse_note("n.md", (front + body).encode())
    assert isinstance(note.blocks[0], Paragraph)
    return list(note.blocks[0].inline), [p.rule for p in note.problems]


@pytest.mark.parametrize(
    ("body", "seconds"),
    [
        pytest.param('<a class="yt-timestamp" data-t="00:06:11">[00:06:11]</a>', 371, id="tag"),
        pytest.param('<a class="yt-timestamp" data-t="00:06:11"></a>', 371, id="tag-empty-text"),
        pytest.param(
            '<a class="yt-timestamp" data-t="00:06:11">[00:07:00]</a>', 371, id="tag-text-differs"
        ),
        pytest.param('<a class="yt-timestamp" data-t="1:02:03">x</a>', 3723, id="tag-h:mm:ss"),
        pytest.param('<a class="yt-timestamp" data-t="02:03">x</a>', 123, id="tag-mm:ss"),
        pytest.param("[00:06:11]", 371, id="bare"),
        pytest.param("[1:02:03]", 3723, id="bare-h:mm:ss"),
        pytest.param("[06:11]", 371, id="bare-mm:ss"),
        pytest.param("[[00:06:11]]", 371, id="wikilink"),
        pytest.param(
            '[00:06:11](<a class="yt-timestamp" data-t="00:06:11">[00:06:11]</a>)',
            371,
            id="wrapped-in-broken-markdown-link",
        ),
    ],
)
def test_well_formed_timestamps_become_stamps(body: str, seconds: int) -> None:
    segments, problems = _note(f"Said {body} here.")
    stamps = [s for s in segments if isinstance(s, Stamp)]
    assert [s.stamp.seconds for s in stamps] == [seconds]
    assert problems == []


@pytest.mark.parametrize(
    ("body", "rule", "shown"),
    [
        pytest.param(
            '<a class="yt-timestamp" data-t="01:00:17:51">[01:00:17:51]</a>',
            "timestamp/malformed",
            "[01:00:17:51]",
            id="four-fields",
        ),
        pytest.param(
            '<a class="yt-timestamp" data-t="00:12:34]">[00:12:34]</a>',
            "timestamp/malformed",
            "[00:12:34]",
            id="trailing-bracket",
        ),
        pytest.param(
            '<a class="yt-timestamp" data-t="12:34:">[12:34:]</a>',
            "timestamp/malformed",
            "[12:34:]",
            id="trailing-colon",
        ),
        pytest.param(
            '<a class="yt-timestamp" data-t="">[?]</a>', "timestamp/malformed", "[?]", id="empty"
        ),
        pytest.param(
            '<a class="yt-timestamp" data-23:11:00>[02:31:11]</a>',
            "timestamp/broken-tag",
            "[02:31:11]",
            id="broken-tag",
        ),
        pytest.param(
            "[01:00:17:51]", "timestamp/malformed", "[01:00:17:51]", id="bare-four-fields"
        ),
        pytest.param("[[12:34:]]", "timestamp/malformed", "[[12:34:]]", id="wikilink-malformed"),
    ],
)
def test_malformed_timestamps_are_text_and_reported(body: str, rule: str, shown: str) -> None:
    segments, problems = _note(f"Said {body} here.")
    assert not any(isinstance(s, Stamp) for s in segments)
    assert Plain(shown) in segments
    assert problems == [rule]


def test_problem_names_line_and_column() -> None:
    note = parse_note(
        "c/n.md",
        b"---\ntitle: T\nvideoId: ImSvm11GR0Y\n---\n\nok\n\n"
        b'x <a class="yt-timestamp" data-t="1:2:3:4">y</a>',
    )
    (problem,) = note.problems
    assert (problem.path, problem.line, problem.col) == ("c/n.md", 8, 3)


def test_timestamps_need_a_video() -> None:
    segments, problems = _note(
        'Said <a class="yt-timestamp" data-t="00:06:11">[00:06:11]</a>.', video=None
    )
    assert Plain("[00:06:11]") in segments
    assert problems == ["timestamp/no-video"]


def test_bare_time_without_video_is_just_text() -> None:
    segments, problems = _note("At [00:06:11] nothing happens.", video=None)
    assert not any(isinstance(s, Stamp | Plain) for s in segments)
    assert problems == []


def test_markdown_link_with_time_label_is_not_a_bare_stamp() -> None:
    segments, _ = _note("See [00:06:11](https://example.com).")
    assert not any(isinstance(s, Stamp) for s in segments)
