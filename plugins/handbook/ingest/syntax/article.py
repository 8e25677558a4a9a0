"""Plain-text web articles: title, byline, paragraphs, and junk removal.

A ``.txt`` note without front matter is an article scraped from the web:

1. its first non-empty line is the title; ``Title | Written by Name`` (or
   ``| By Name``) also names the author, and so does a second line that
   reads ``By Name`` or ``Written by Name``;
2. from the first line that starts like a comment form ("Leave a Reply",
   "Your email address will not be published", ...) to the end is page
   furniture, not article: it is cut, and the cut text is returned so the
   build can report it;
3. blank lines separate paragraphs; a short single-line paragraph with no
   closing punctuation, followed by more text, reads as a section heading.

The text is plain, so every segment is :class:`~handbook.model.Plain`:
nothing in an article is interpreted as Markdown or HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Block, Heading, Paragraph, Plain

JUNK_MARKERS = (
    "leave a reply",
    "leave a comment",
    "your email address will not be published",
    "required fields are marked",
    "giphy app key not set",
    "cancel reply",
)
_BYLINE = re.compile(
    r"(?P<title>.*?)(?:\s*\||\s+[–—-])\s*(?:written\s+by|by)\s+(?P<author>.+)", re.I
)
_AUTHOR_LINE = re.compile(r"(?:written\s+by|by)\s+(?P<author>[^.!?]{2,80})", re.I)
_SENTENCE_END = (".", "!", "?", ":", ";", ",", '"', "”", ")", "…")


@dataclass(frozen=True, slots=True)
class Article:
    title: str
    author: str | None
    blocks: tuple[Block, ...]
    cut: str
    cut_line: int


def _is_heading(paragraph: list[str], has_next: bool) -> bool:
    if len(paragraph) != 1 or not has_next:
        return False
    text = paragraph[0].strip()
    words = text.split()
    return (
        0 < len(text) <= 90
        and len(words) <= 12
        and text[0].isupper()
        and not text.endswith(_SENTENCE_END)
    )


def parse_article(text: str) -> Article:
    """Parse the plain text of an article (already decoded, ``\\n`` newlines)."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return Article("", None, (), "", 0)
    title_line = " ".join(lines[first].split())
    author: str | None = None
    if match := _BYLINE.fullmatch(title_line):
        title_line, author = match.group("title").strip(), match.group("author").strip()
    body_start = first + 1
    second = next((i for i in range(body_start, len(lines)) if lines[i].strip()), None)
    if (
        author is None
        and second is not None
        and (m := _AUTHOR_LINE.fullmatch(lines[second].strip()))
    ):
        author = m.group("author").strip()
        body_start = second + 1

    cut_at = len(lines)
    for index in range(body_start, len(lines)):
        lowered = lines[index].strip().lower()
        if lowered.startswith(JUNK_MARKERS):
            cut_at = index
            break
    cut = "\n".join(lines[cut_at:]).strip()

    paragraphs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for index in range(body_start, cut_at):
        line = lines[index].strip()
        if line:
            if not current:
                start = index + 1
            current.append(" ".join(line.split()))
        elif current:
            paragraphs.append((start, current))
            current = []
    if current:
        paragraphs.append((start, current))

    blocks: list[Block] = []
    for position, (line_no, paragraph) in enumerate(paragraphs):
        has_next = position + 1 < len(paragraphs)
        if _is_heading(paragraph, has_next):
            blocks.append(Heading(2, (Plain(paragraph[0]),), line_no))
        else:
            blocks.append(Paragraph((Plain("\n".join(paragraph)),), line_no))
    return Article(title_line, author, tuple(blocks), cut, cut_at + 1 if cut else 0)
