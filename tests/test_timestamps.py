"""Timestamp forms: every accepted spelling and every malformed one."""

from __future__ import annotations

import pytest

from handbook.ingest.notes import parse_note
from handbook.ingest.syntax.timestamps import (
    parse_joined,
    parse_stamp_tag,
    parse_time,
    youtube_url,
)
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
            '<a class="yt-timestamp" data-t="01:00:77:51">[01:00:77:51]</a>',
            "timestamp/malformed",
            "[01:00:77:51]",
            id="four-fields-seconds-over-59",
        ),
        pytest.param(
            '<a class="yt-timestamp" data-t="10:41:88">[10:41:88]</a>',
            "timestamp/malformed",
            "[10:41:88]",
            id="seconds-over-59",
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
            "[09:30:02:40]", "timestamp/malformed", "[09:30:02:40]", id="bare-four-fields"
        ),
        pytest.param("[[12:34:]]", "timestamp/malformed", "[[12:34:]]", id="wikilink-malformed"),
    ],
)
def test_malformed_timestamps_are_text_and_reported(body: str, rule: str, shown: str) -> None:
    segments, problems = _note(f"Said {body} here.")
    assert not any(isinstance(s, Stamp) for s in segments)
    assert Plain(shown) in segments
    assert problems == [rule]


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        pytest.param("33:31:33:46", 33 * 60 + 31, id="mm:ss-to-mm:ss"),
        pytest.param("57:59:58:12", 57 * 60 + 59, id="range-across-a-minute"),
        pytest.param("01:17:17:18:12", 4637, id="hh:mm:ss-to-mm:ss"),
        pytest.param("01:02:03:01:02:40", 3723, id="hh:mm:ss-to-hh:mm:ss"),
        pytest.param("01:03:41:03:41", 3821, id="range-of-one-moment"),
        pytest.param("01:14:40:00", 4480, id="hh:mm:ss-and-00"),
        pytest.param("01:02:05:00", 3725, id="00-wins-over-a-range"),
        pytest.param("1:14:40:00", 4480, id="h:mm:ss-and-00"),
        pytest.param("01:16:34:77", 4594, id="fraction-of-a-second"),
        pytest.param("01:00:17:51", 3617, id="fraction-not-a-range"),
        pytest.param("00:18:58]", 1138, id="stray-bracket"),
        pytest.param("35:22:57:51", None, id="range-too-long"),
        pytest.param("09:30:02:40", None, id="hours-implausible-not-a-range"),
        pytest.param("12:30:12:20", None, id="range-backwards"),
        pytest.param("10:41:88", None, id="three-fields-seconds-over-59"),
        pytest.param("01:00:77:51", None, id="seconds-over-59"),
        pytest.param("01:0:49:00", None, id="one-digit-minutes"),
        pytest.param("00:12:34", None, id="well-formed-is-not-joined"),
    ],
)
def test_parse_joined(value: str, seconds: int | None) -> None:
    joined = parse_joined(value)
    assert (joined[0] if joined else None) == seconds


@pytest.mark.parametrize(
    "body",
    ["[33:31:33:46]", '<a class="yt-timestamp" data-t="33:31:33:46">[33:31:33:46]</a>'],
)
def test_a_joined_value_links_its_moment_with_a_hint(body: str) -> None:
    note = parse_note(
        "n.md", f"---\ntitle: T\nvideoId: {VIDEO}\n---\n\nSaid {body} here.\n".encode()
    )
    (paragraph,) = note.blocks
    assert [s.stamp.seconds for s in paragraph.inline if isinstance(s, Stamp)] == [2011]
    (problem,) = note.problems
    assert (problem.rule, problem.severity, problem.line) == ("timestamp/joined", "info", 6)
    assert "linked at 00:33:31" in problem.message and problem.hint == "write [00:33:31]"


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
