"""Parser fuzzing: for any text, each parser returns a result or a reported
problem, and never raises.

Hypothesis draws two kinds of input for each parser: arbitrary text (and
bytes, for ingest), and text assembled from the note format's own pieces
(front-matter fences, ``[[``, ``|``, ``#^``, timestamp tags, callout
headers, tables, fences), which reaches the parsers' corners far more often
than random characters do.

``make test`` runs 2,000 examples per parser; ``make fuzz`` sets
``HANDBOOK_FUZZ_EXAMPLES`` higher.  The whole-pipeline property builds tiny
vaults, so it runs a tenth as many.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.ingest.notes import parse_note
from handbook.ingest.syntax.blocks import BlockParser
from handbook.ingest.syntax.callouts import CalloutHeader, parse_callout_header
from handbook.ingest.syntax.inline import InlineParser, SrcLine
from handbook.ingest.syntax.report import Reporter
from handbook.ingest.syntax.timestamps import StampTag, parse_stamp_tag, parse_time
from handbook.ingest.syntax.wikilinks import parse_wikilink
from handbook.model import Note, WikiLink
from handbook.pipeline import build_handbook

EXAMPLES = int(os.environ.get("HANDBOOK_FUZZ_EXAMPLES", "2000"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("HANDBOOK_FUZZ_RANDOM") != "1",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

# Pieces of the note format, glued together by the strategies below.
PIECES = [
    "---\n",
    "title: ",
    "videoId: ",
    "aliases: [",
    "]",
    "\n",
    "\r\n",
    " ",
    "\t",
    "[[",
    "]]",
    "![[",
    "|",
    "\\|",
    "#",
    "#^",
    "^",
    "[",
    "]",
    "(",
    ")",
    '<a class="yt-timestamp" data-t="',
    '">',
    "</a>",
    "<a ",
    "data-t=",
    "data-",
    "00:06:11",
    "01:00:17:51",
    "00:12:34]",
    "12:34:",
    "1:02:03",
    "99:99",
    "> ",
    "> [!NOTE]",
    "> [!pro tip]- ",
    "[!",
    "> > [!quote]+ Title",
    "- ",
    "* ",
    "1. ",
    "    ",
    "```",
    "~~~",
    "$$",
    "| a | b |\n|---|---|\n",
    "From: [[",
    "]] <br/>",
    "<br/>",
    "<script>",
    "<img src=x onerror=alert(1)>",
    "javascript:",
    "&#x6A;",
    "<!--",
    "-->",
    "`",
    "**",
    "_",
    "\x00",
    "\ufeff",
    "\u2068",
    "\u2069",
    "é",
    "漢",
    "😀",
    "word",
    "Leave a Reply",
    "| Written by X",
]
formatted = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map(
    "".join
)
any_text = st.one_of(st.text(max_size=400), formatted)


def lines_of(text: str) -> list[SrcLine]:
    return [SrcLine(n, 1, line) for n, line in enumerate(text.split("\n"), start=1)]


def problems_point_into(problems: tuple[object, ...] | list[object], text: str) -> None:
    last = text.count("\n") + 1
    for problem in problems:
        assert 0 <= problem.line <= last + 1, problem  # type: ignore[attr-defined]
        assert problem.message  # type: ignore[attr-defined]


@FUZZ
@given(st.one_of(st.binary(max_size=600), formatted.map(str.encode)), st.booleans())
def test_ingest_never_raises(data: bytes, article: bool) -> None:
    path = "folder/note." + ("txt" if article else "md")
    note = parse_note(path, data)
    assert isinstance(note, Note)
    assert note.title.strip() or note.problems
    problems_point_into(note.problems, data.decode("utf-8", "replace"))


@FUZZ
@given(any_text, st.booleans())
def test_wikilink_parser_returns_a_link_or_an_error(inner: str, embed: bool) -> None:
    result = parse_wikilink(inner, embed=embed, line=3, col=1)
    if isinstance(result, WikiLink):
        assert result.target or result.heading or result.block
        assert result.raw.endswith("]]")
    else:
        assert isinstance(result, str) and result


@FUZZ
@given(any_text)
def test_wikilinks_in_running_text_never_raise(text: str) -> None:
    reporter = Reporter("n.md")
    inline = InlineParser(reporter, "ImSvm11GR0Y").parse(lines_of(text))
    assert isinstance(inline, tuple)
    problems_point_into(reporter.problems, text)


timestamp_values = st.one_of(
    st.text(alphabet="0123456789:] ", max_size=14),
    st.from_regex(r"\d{1,3}(:\d{1,3}){0,3}:?\]?", fullmatch=True),
    st.text(max_size=20),
)


@FUZZ
@given(timestamp_values, st.sampled_from(['data-t="{}"', "data-t='{}'", "data-t={}", "data-{}"]))
def test_timestamp_parser_returns_seconds_or_nothing(value: str, form: str) -> None:
    seconds = parse_time(value)
    assert seconds is None or seconds >= 0
    tag = parse_stamp_tag('class="yt-timestamp" ' + form.format(value))
    assert isinstance(tag, StampTag)
    assert tag.seconds is None or tag.seconds >= 0


@FUZZ
@given(timestamp_values, any_text)
def test_timestamp_tags_in_running_text_never_raise(value: str, around: str) -> None:
    text = f'{around}<a class="yt-timestamp" data-t="{value}">[{value}]</a>{around}'
    reporter = Reporter("n.md")
    InlineParser(reporter, None).parse(lines_of(text))  # no videoId: reported, not raised
    InlineParser(reporter, "ImSvm11GR0Y").parse(lines_of(text))
    problems_point_into(reporter.problems, text)


callout_lines = st.lists(
    st.one_of(
        st.builds(
            lambda depth, kind, fold, title: ">" * depth + f" [!{kind}]{fold} {title}",
            st.integers(1, 3),
            st.one_of(st.sampled_from(["NOTE", "info", "PRO TIP", "definition", ""]), st.text()),
            st.sampled_from(["", "+", "-", "++"]),
            st.text(max_size=30),
        ),
        formatted,
    ),
    max_size=12,
).map("\n".join)


@FUZZ
@given(callout_lines)
def test_callout_parser_never_raises(text: str) -> None:
    for line in text.split("\n"):
        header = parse_callout_header(line.lstrip("> "))
        assert header is None or isinstance(header, CalloutHeader)
    reporter = Reporter("n.md")
    inline = InlineParser(reporter, None)
    blocks = BlockParser(inline.parse, reporter).parse(lines_of(text))
    assert isinstance(blocks, tuple)
    problems_point_into(reporter.problems, text)


@settings(FUZZ, max_examples=max(50, EXAMPLES // 10))
@given(
    st.lists(
        st.tuples(st.sampled_from(["a.md", "b/c.md", "B/C.md", "d.txt"]), any_text),
        min_size=1,
        max_size=4,
    )
)
def test_whole_pipeline_never_raises(notes: list[tuple[str, str]]) -> None:
    """Past the parsers: resolve, merge, catalog and render any little vault."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in notes:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        handbook = build_handbook(root)
        written = {p.relative_to(root).as_posix() for p in root.rglob("*.*")}
        published = {s for page in handbook.pages for s in page.sources}
        reported = {p.path for p in handbook.problems}
        assert written <= published | reported
