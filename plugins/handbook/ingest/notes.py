"""Files → :class:`~handbook.model.Note` values.

:func:`discover` lists the note files under the notes folder in a fixed
order (sorted POSIX paths), skipping hidden folders such as ``.obsidian``.

:func:`parse_note` turns one file's bytes into a Note:

1. decode: strip a byte-order mark, normalise CRLF and CR, replace invalid
   UTF-8 (reporting the line of the first bad byte); a file with NUL bytes
   is binary and has no body;
2. a ``.txt`` file without front matter is a plain-text article
   (:mod:`handbook.ingest.syntax.article`);
3. otherwise split the front matter, validate it, take the
   ``From: [[channel]] <br/>`` source line out of the body, and parse the
   body into blocks with inline segments.

``parse_note`` is a pure function of ``(path, bytes)``, which is what lets
:class:`NoteCache` reuse parsed notes across ``mkdocs serve`` rebuilds.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

from ..engine.progress import Meter
from ..model import Note, WikiLink
from ..text.slugs import readable_title
from .syntax.article import parse_article
from .syntax.blocks import BlockParser
from .syntax.frontmatter import read_metadata, split_front_matter
from .syntax.inline import InlineParser, SrcLine
from .syntax.report import Reporter

NOTE_SUFFIXES = (".md", ".markdown", ".txt")
_SOURCE_LINE = re.compile(
    r"\s*From:\s*\[\[(?P<channel>[^\[\]|#\n]+?)\s*(?:\|[^\[\]\n]*)?\]\]\s*(?:<br\s*/?>)?\s*",
    re.IGNORECASE,
)


def discover(root: Path) -> list[tuple[str, Path]]:
    """``(relative POSIX path, absolute path)`` of every note, sorted."""
    found: list[tuple[str, Path]] = []
    for directory, folders, files in os.walk(root):
        folders[:] = [f for f in folders if not f.startswith((".", "_"))]
        for name in files:
            if name.startswith(".") or not name.lower().endswith(NOTE_SUFFIXES):
                continue
            absolute = Path(directory, name)
            found.append((absolute.relative_to(root).as_posix(), absolute))
    return sorted(found)


def decode(data: bytes, reporter: Reporter) -> str | None:
    """Bytes → text with ``\\n`` newlines; ``None`` for a binary file."""
    if b"\x00" in data[:65536]:
        reporter.report(
            0,
            "file/binary",
            "file contains NUL bytes and is not text; it is not published",
            hint="notes must be UTF-8 text",
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        reporter.report(
            line,
            "file/encoding",
            f"invalid UTF-8 (byte 0x{data[error.start]:02x}); bad bytes shown as \ufffd",
            hint="save the note as UTF-8",
        )
        text = data.decode("utf-8", errors="replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _source_line(lines: list[SrcLine]) -> tuple[WikiLink | None, list[SrcLine]]:
    """Find the ``From: [[channel]]`` line among the first lines; remove it."""
    seen = 0
    for index, line in enumerate(lines):
        if not line.text.strip():
            continue
        match = _SOURCE_LINE.fullmatch(line.text)
        if match:
            link = WikiLink(
                target=match.group("channel").strip(),
                line=line.no,
                col=line.col + line.text.find("[["),
                raw=line.text.strip(),
            )
            return link, lines[:index] + lines[index + 1 :]
        seen += 1
        if seen >= 3:
            break
    return None, lines


def _check_name(path: str, reporter: Reporter) -> None:
    """Warn about invisible characters in a path: bidi isolates (U+2066 to
    U+2069), zero-width spaces and other format characters make two names
    that look alike differ, and can make a name read differently than it
    sorts.  The note is still published; its URL slug drops them."""
    hidden = sorted({c for c in path if unicodedata.category(c) == "Cf"})
    if hidden:
        codes = ", ".join(f"U+{ord(c):04X}" for c in hidden)
        reporter.report(
            0,
            "file/invisible-name",
            f"file or folder name contains invisible characters ({codes})",
            hint="rename it without them",
        )


def parse_note(path: str, data: bytes) -> Note:
    """Parse one note file; never raises, never returns nothing."""
    reporter = Reporter(path)
    _check_name(path, reporter)
    stem = path.rsplit("/", 1)[-1]
    name = stem.rsplit(".", 1)[0] if "." in stem else stem
    digest = hashlib.sha256(data).hexdigest()
    text = decode(data, reporter)
    fallback_title = readable_title(name)
    if text is None:
        return Note(
            path, name, fallback_title, "note", (), problems=tuple(reporter.problems), digest=digest
        )
    if not text.strip():
        reporter.report(0, "note/empty", "note is empty", hint="add content or delete the file")
    if path.lower().endswith(".txt") and not text.startswith("---"):
        article = parse_article(text)
        if article.cut:
            reporter.report(
                article.cut_line,
                "article/junk-cut",
                f"cut {article.cut.count(chr(10)) + 1} line(s) of scraped page furniture "
                f"starting {article.cut.splitlines()[0][:50]!r}",
            )
        return Note(
            path=path,
            name=name,
            title=article.title or fallback_title,
            kind="article",
            blocks=article.blocks,
            author=article.author,
            cut=article.cut,
            problems=tuple(reporter.problems),
            digest=digest,
        )

    front = split_front_matter(text, reporter)
    if front.present and not front.body.strip():
        reporter.report(
            front.body_line,
            "note/empty",
            "note has front matter but no content",
            hint="add the note's text below the closing '---'",
        )
    if not front.present and text.strip():
        reporter.report(
            1,
            "front-matter/missing",
            "note has no front matter; using its file name as the title",
            hint="start the note with '---', 'title: ...', 'videoId: ...', '---'",
        )
    meta = read_metadata(front, text, reporter)
    lines = [
        SrcLine(number, 1, line.expandtabs(4))
        for number, line in enumerate(front.body.split("\n"), start=front.body_line)
    ]
    source_link, lines = _source_line(lines)
    inline = InlineParser(reporter, meta.video_id)
    blocks = BlockParser(inline.parse, reporter).parse(lines)
    return Note(
        path=path,
        name=name,
        title=meta.title or fallback_title,
        kind="note",
        blocks=blocks,
        video_id=meta.video_id,
        channel=source_link.target if source_link else None,
        source_link=source_link,
        aliases=meta.aliases,
        problems=tuple(sorted(reporter.problems, key=lambda p: p.sort_key())),
        digest=digest,
    )


class NoteCache:
    """Parsed notes keyed by path and content hash.

    ``mkdocs serve`` builds a fresh plugin for every rebuild, so the cache
    lives at module level (:data:`CACHE`); a note is parsed again only when
    its bytes change.
    """

    def __init__(self) -> None:
        self._notes: dict[tuple[str, str], Note] = {}

    def parse(self, path: str, data: bytes) -> Note:
        key = (path, hashlib.sha256(data).hexdigest())
        note = self._notes.get(key)
        if note is None:
            note = parse_note(path, data)
            self._notes[key] = note
        return note

    def retain(self, live: set[str]) -> None:
        """Forget notes whose path is gone, keeping memory bounded."""
        self._notes = {k: v for k, v in self._notes.items() if k[0] in live}


CACHE = NoteCache()


def read_notes(
    root: Path, cache: NoteCache | None = None, meter: Meter | None = None
) -> list[Note]:
    """Parse every note under ``root``; unreadable files become problems."""
    cache = cache or NoteCache()
    notes: list[Note] = []
    found = discover(root)
    meter = meter or Meter("ingesting notes", len(found))
    meter.total = len(found)
    for relative, absolute in found:
        meter.advance()
        try:
            data = absolute.read_bytes()
        except OSError as error:
            reporter = Reporter(relative)
            reporter.report(0, "file/unreadable", f"cannot read file: {error.strerror}")
            name = relative.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            notes.append(
                Note(
                    relative,
                    name,
                    readable_title(name),
                    "note",
                    (),
                    problems=tuple(reporter.problems),
                )
            )
            continue
        notes.append(cache.parse(relative, data))
    if cache is not None:
        cache.retain({note.path for note in notes})
    meter.close()
    return notes
