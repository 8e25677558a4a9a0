"""Inline text → segments: code spans, wikilinks, timestamps and raw HTML.

Algorithm, one linear pass per block of text:

1. Code spans are found first by pairing backtick runs of equal length
   (CommonMark's rule) with a table of next occurrences, so unmatched
   backticks never cause quadratic scanning.  Code is never transformed.
2. The text between code spans is scanned with one regular expression whose
   alternatives all start with ``<``, ``!``, ``[`` or ``]``, so the regex
   engine skips ordinary prose quickly.  Each token becomes a segment:
   a timestamp anchor or bare ``[hh:mm:ss]`` a :class:`Stamp`, a wikilink a
   :class:`Link`, an allowed HTML tag an :class:`Html`; a malformed or
   unsafe token becomes :class:`Plain` text and is reported with its line
   and column.
3. Everything else stays :class:`Text`, the author's Markdown.

Corpus quirk: 522 timestamps are wrapped in a broken Markdown link,
``[00:03:37](<a class="yt-timestamp" ...>[00:03:37]</a>``, with or without
the closing parenthesis; the wrapper is dropped and the tag read as usual.
A few tags misspell the class (``yt_timestamp``, ``class="yt="``,
``class="yt>timestamp"``, ``class="yt-0:00:11"``): any ``<a>`` whose
attributes start a ``yt-``-like class or carry ``data-t`` is a timestamp
tag, and a ``>`` right after ``yt`` does not end the tag.

Timestamps only become links in a note that has a ``videoId``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Clock, Code, Html, Image, Inline, Link, Plain, Segment, Stamp, Text, Timestamp
from . import html as html_rules
from .report import Reporter
from .timestamps import parse_joined, parse_stamp_tag, parse_time
from .wikilinks import is_timestamp_target, parse_wikilink


@dataclass(frozen=True, slots=True)
class SrcLine:
    """A line of a note: its 1-based number, the column of ``text[0]``, the text."""

    no: int
    col: int
    text: str


def blank(text: str) -> bool:
    return not text.strip()


def indent(text: str) -> int:
    """The columns of leading spaces."""
    return len(text) - len(text.lstrip(" "))


def shift(line: SrcLine, count: int) -> SrcLine:
    """``line`` without its first ``count`` characters, its column moved on."""
    return SrcLine(line.no, line.col + count, line.text[count:])


# The leading lookahead lets the regex engine skip prose with a fast charset
# scan; without it every alternative is tried at every position (6x slower).
_TOKEN = re.compile(
    r"""
    (?=[<!\[\]])
    (?:
    (?P<stamp>(?P<wrap>\[[\d:]{4,12}\]\([ \t]*)?
        <a\b(?=(?:[^<>]|(?<=yt)>)*(?:\byt[-_>=]|data-t\s*=))
        (?P<sattrs>(?:[^<>]|(?<=yt)>)*)>(?P<stext>[^<]*)(?:</a\s*>)?
        (?(wrap)\)?))
  | (?P<wiki>(?P<bang>!?)\[\[(?P<inner>[^\[\]\n]*)\]\])
  | (?P<image>!\[(?P<alt>[^\[\]\n]*)\]\([ \t]*<?(?P<src>[^\s)>]*)>?(?:[ \t]+"[^"\n]*")?[ \t]*\))
  | (?P<bare>\[(?P<btime>\d{1,2}:\d{2}(?::\d{2})*:?)\](?!\())
  | (?P<auto><(?P<aurl>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\s]*)>)
  | (?P<comment><!--)
  | (?P<tag><(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:\s[^<>]*)?/?)>)
  | (?P<mdurl>\]\([ \t]*<?(?P<url>[^\s)>]+))
  | (?P<refdef>\[[^\[\]\n]+\]:[ \t]*<?(?P<rurl>[^\s>]+))
  | (?P<open>\[\[)
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
_BACKTICKS = re.compile(r"`+")


def code_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every code span, pairing equal backtick runs."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    if len(runs) < 2:
        return []
    following: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        following.setdefault(end - start, []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = following[end - start]
        position = bisect.bisect_right(same, index)
        if position < len(same):
            closer = same[position]
            spans.append((start, runs[closer][1]))
            index = closer + 1
        else:
            index += 1
    return spans


class InlineParser:
    """Parses the inline text of one note, reporting into its reporter."""

    def __init__(self, reporter: Reporter, video_id: str | None) -> None:
        self.reporter = reporter
        self.video_id = video_id

    def parse(self, lines: Sequence[SrcLine]) -> Inline:
        if not lines:
            return ()
        text = "\n".join(line.text for line in lines)
        starts: list[int] = []
        offset = 0
        for line in lines:
            starts.append(offset)
            offset += len(line.text) + 1
        self._lines, self._starts = lines, starts
        segments: list[Segment] = []
        cursor = 0
        for start, end in code_spans(text):
            self._scan(text, cursor, start, segments)
            segments.append(Code(text[start:end]))
            cursor = end
        self._scan(text, cursor, len(text), segments)
        return _merge_text(segments)

    def where(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, position) - 1
        line = self._lines[index]
        return line.no, line.col + position - self._starts[index]

    def _report(self, position: int, rule: str, message: str, hint: str = "") -> None:
        line, col = self.where(position)
        self.reporter.report(line, rule, message, col=col, hint=hint)

    def _scan(self, text: str, start: int, end: int, out: list[Segment]) -> None:
        if start >= end:
            return
        chunk_end = end
        cursor = start
        lowered: str | None = None
        for match in _TOKEN.finditer(text, start, end):
            if match.start() < cursor:
                continue  # inside content already dropped
            if match.start() > cursor:
                out.append(Text(text[cursor : match.start()]))
            kind = match.lastgroup
            cursor = match.end()
            if kind == "stamp":
                out.append(self._stamp_tag(match))
            elif kind == "wiki":
                out.append(self._wikilink(match))
            elif kind == "image":
                out.append(self._image(match))
            elif kind == "bare":
                out.append(self._bare_stamp(match))
            elif kind == "auto":
                out.append(self._autolink(match))
            elif kind == "comment":
                close = text.find("-->", match.end(), chunk_end)
                if close < 0:
                    out.append(Plain(match.group()))
                else:
                    cursor = close + 3
            elif kind == "tag":
                if lowered is None:
                    lowered = text.lower()
                cursor = self._tag(match, lowered, chunk_end, out)
            elif kind == "mdurl":
                out.append(self._markdown_url(match, "url"))
            elif kind == "refdef":
                out.append(self._markdown_url(match, "rurl"))
            else:  # an opening [[ that never closes
                self._report(
                    match.start(),
                    "link/malformed",
                    "'[[' is never closed; shown as text",
                    "close the link with ']]' or escape the brackets",
                )
                out.append(Plain(match.group()))
        if cursor < end:
            out.append(Text(text[cursor:end]))

    # --- token handlers -------------------------------------------------

    def _stamp(self, position: int, seconds: int) -> Stamp:
        line, col = self.where(position)
        return Stamp(Timestamp(seconds, line, col))

    def _no_video(self, position: int, shown: str) -> Plain:
        self._report(
            position,
            "timestamp/no-video",
            f"timestamp {shown!r} in a note without a videoId; shown as text",
            "add 'videoId: <11 characters>' to the front matter",
        )
        return Plain(shown)

    def _stamp_tag(self, match: re.Match[str]) -> Segment:
        shown = match.group("stext")
        tag = parse_stamp_tag(match.group("sattrs"))
        if tag.value is None:
            self._report(
                match.start(),
                "timestamp/broken-tag",
                f"broken timestamp tag {match.group()[:60]!r} has no data-t value; shown as text",
                'write <a class="yt-timestamp" data-t="hh:mm:ss">[hh:mm:ss]</a>',
            )
            return Plain(shown)
        if tag.seconds is None:
            if self.video_id is None and parse_joined(tag.value) is not None:
                return self._no_video(match.start(), shown or tag.value)
            return self._joined(
                match.start(),
                shown or tag.value,
                tag.value,
                f"malformed timestamp data-t={tag.value!r}; shown as text",
                "use hh:mm:ss, h:mm:ss or mm:ss",
            )
        if self.video_id is None:
            return self._no_video(match.start(), shown or tag.value)
        return self._stamp(match.start(), tag.seconds)

    def _bare_stamp(self, match: re.Match[str]) -> Segment:
        if self.video_id is None:
            return Text(match.group())
        seconds = parse_time(match.group("btime"))
        if seconds is None:
            return self._joined(
                match.start(),
                match.group(),
                match.group("btime"),
                f"malformed timestamp {match.group()!r}; shown as text",
                "use [hh:mm:ss], [h:mm:ss] or [mm:ss]",
            )
        return self._stamp(match.start(), seconds)

    def _joined(self, position: int, shown: str, value: str, message: str, hint: str) -> Segment:
        """A malformed value that still says one moment (a range written with
        colons, ``hh:mm:ss:00``) links there, with a hint; else it is text,
        reported with ``message`` and ``hint``."""
        joined = parse_joined(value)
        if joined is None:
            self._report(position, "timestamp/malformed", message, hint)
            return Plain(shown)
        seconds, shape = joined
        clock = Timestamp(seconds).text
        self._report(
            position,
            "timestamp/joined",
            f"timestamp {shown!r} reads as {shape}; linked at {clock}",
            f"write [{clock}]",
        )
        return self._stamp(position, seconds)

    def _wikilink(self, match: re.Match[str]) -> Segment:
        line, col = self.where(match.start())
        parsed = parse_wikilink(
            match.group("inner"), embed=bool(match.group("bang")), line=line, col=col
        )
        if isinstance(parsed, str):
            self._report(
                match.start(),
                "link/malformed",
                f"malformed link {match.group()!r}: {parsed}; shown as text",
                "write [[target]] or [[target | label]]",
            )
            return Plain(match.group())
        if is_timestamp_target(parsed):
            seconds = parse_time(parsed.target)
            if seconds is None:
                self._report(
                    match.start(),
                    "timestamp/malformed",
                    f"malformed timestamp {match.group()!r}; shown as text",
                    "use [[hh:mm:ss]]",
                )
                return Plain(match.group())
            if self.video_id is None:
                return self._no_video(match.start(), match.group())
            return self._stamp(match.start(), seconds)
        return Link(parsed)

    def _image(self, match: re.Match[str]) -> Segment:
        src = match.group("src")
        if html_rules.is_safe_url(src):
            line, col = self.where(match.start())
            return Image(match.group("alt"), src, line, col)
        self._unsafe_url(match.start(), src)
        return Plain(match.group("alt"))

    def _autolink(self, match: re.Match[str]) -> Segment:
        if html_rules.is_safe_url(match.group("aurl")):
            return Text(match.group())
        self._unsafe_url(match.start(), match.group("aurl"))
        return Plain(match.group())

    def _markdown_url(self, match: re.Match[str], group: str) -> Segment:
        """``](url`` of a Markdown link or ``[id]: url`` of a reference."""
        url = match.group(group)
        if html_rules.is_safe_url(url):
            return Text(match.group())
        self._unsafe_url(match.start(), url)
        return Text(match.group()[: match.start(group) - match.start()] + "#")

    def _unsafe_url(self, position: int, url: str) -> None:
        self._report(
            position,
            "html/unsafe-url",
            f"unsafe link target {url[:60]!r} removed",
            "only http, https, mailto and relative links are published",
        )

    def _tag(self, match: re.Match[str], lowered: str, end: int, out: list[Segment]) -> int:
        name = match.group("name")
        verdict = html_rules.clean_tag(
            bool(match.group("close")), name, match.group("attrs"), match.group()
        )
        cursor = match.end()
        if verdict.action == "keep":
            out.append(Html(verdict.html))
        elif verdict.action == "literal":
            out.append(Plain(verdict.html))
            return cursor
        elif verdict.action == "drop-content":
            close = lowered.find("</" + name.lower(), cursor, end)
            if close >= 0:
                after = lowered.find(">", close, end)
                cursor = end if after < 0 else after + 1
        if verdict.removed:
            what = ", ".join(verdict.removed)
            self._report(
                match.start(),
                "html/unsafe",
                f"removed unsafe HTML {what}",
                "notes may use basic formatting tags only; no scripts, styles or frames",
            )
        return cursor


def _merge_text(segments: list[Segment]) -> Inline:
    merged: list[Segment] = []
    for segment in segments:
        if merged and type(segment) is Text and type(merged[-1]) is Text:
            merged[-1] = Text(merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return tuple(merged)


def plain_text(inline: Inline) -> str:
    """The words of an inline run, for search, titles and similarity."""
    parts: list[str] = []
    for segment in inline:
        if isinstance(segment, Clock):
            continue  # a refused timestamp: shown, but not words
        if isinstance(segment, Text | Plain):
            parts.append(segment.text)
        elif isinstance(segment, Code):
            parts.append(segment.text.strip("`"))
        elif isinstance(segment, Link):
            link = segment.link
            parts.append(link.label or link.heading or link.target)
        elif isinstance(segment, Image):
            parts.append(segment.alt)
    return "".join(parts)
