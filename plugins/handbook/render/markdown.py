"""Blocks and segments → Markdown that Python-Markdown reads as intended.

The output dialect is Python-Markdown with ``attr_list``, ``admonition``,
``pymdownx.details`` and ``tables``:

* blocks are separated by one blank line, so lists never glue onto the
  paragraph above and ``---`` is never read as a setext underline;
* nesting is four spaces (list children, admonition bodies);
* callouts become ``!!!`` admonitions, or ``???`` / ``???+`` when folded;
* every heading carries an explicit ``{#id}`` from :mod:`handbook.resolve.outline`,
  so anchors do not depend on the Markdown engine's slugger;
* text the author meant literally (:class:`~handbook.model.Plain`) is
  escaped; the author's own Markdown (:class:`~handbook.model.Text`) is not.

How a wikilink is written is decided by the caller's :class:`LinkWriter`,
which keeps this module free of any knowledge of pages and URLs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..ingest.syntax.callouts import admonition_classes, default_title
from ..ingest.syntax.inline import plain_text
from ..ingest.syntax.timestamps import youtube_url
from ..model import (
    TAB,
    Block,
    Callout,
    Clock,
    Code,
    CodeBlock,
    Embed,
    Heading,
    Html,
    Image,
    Inline,
    Link,
    ListBlock,
    Paragraph,
    Plain,
    Quote,
    Rule,
    Stamp,
    Table,
    Text,
    WikiLink,
)
from ..resolve.outline import block_anchor, note_anchors
from ..text.sentences import split_sentences

LinkWriter = Callable[[WikiLink], str]
ImageWriter = Callable[[Image], str]
EmbedWriter = Callable[[WikiLink, str], list[str]]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#!])")
_BULLET_START = re.compile(r"^(\s*)([-+])(\s|$)", re.MULTILINE)
_NUMBER_START = re.compile(r"^(\s*\d+)\.(\s|$)", re.MULTILINE)
_SETEXT = re.compile(r"^[ \t]*(=+|-+)[ \t]*$")
_INDENT = "    "


def escape_markdown(text: str) -> str:
    """Make plain text render exactly as written."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _BULLET_START.sub(r"\1\\\2\3", text)
    return _NUMBER_START.sub(r"\1\\.\2", text)


def escape_html(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


REFUSED = "No such moment: this is past the end of the video"


def stamp_html(video_id: str, seconds: int, text: str) -> str:
    """A timestamp citation: a plain link, so it works without JavaScript."""
    href = youtube_url(video_id, seconds).replace("&", "&amp;")
    return f'<a class="yt-timestamp" href="{href}">{text}</a>'


@dataclass
class Writer:
    """Renders one page's blocks; ``video_id`` is the note's video."""

    link: LinkWriter
    video_id: str | None = None
    embed: EmbedWriter | None = None
    image: ImageWriter | None = None
    # Links mentions of catalog entries in plain text; has ``new_section()``.
    autolink: Callable[[str], str] | None = None
    # Ids taken on the page; when set, every claim gets an anchor span.
    claim_ids: set[str] | None = None
    _in_title: bool = False

    def claim(self, inline: Inline) -> str:
        """One claim, wrapped in an anchor a reviewer can link to."""
        text = self.inline(inline).strip()
        if self.claim_ids is None or not text:
            return text
        anchor = claim_anchor(plain_text(inline), self.claim_ids)
        return f'<span class="hb-claim" id="{anchor}">{text}</span>'

    def claims(self, inline: Inline) -> str:
        if self.claim_ids is None:
            return self.inline(inline)
        return " ".join(part for part in (self.claim(s) for s in split_sentences(inline)) if part)

    def inline(self, inline: Inline) -> str:
        parts: list[str] = []
        for segment in inline:
            if isinstance(segment, Text) and self.autolink is not None and not self._in_title:
                parts.append(self.autolink(segment.text))
            elif isinstance(segment, Text | Code | Html):
                parts.append(segment.text if not isinstance(segment, Html) else segment.tag)
            elif isinstance(segment, Clock):
                # A stamp refused as impossible: the note's text, marked so a
                # reader learns why it is not a link.
                text = escape_html(segment.text)
                parts.append(f'<span class="hb-clock" title="{REFUSED}">{text}</span>')
            elif isinstance(segment, Plain):
                parts.append(escape_markdown(segment.text))
            elif isinstance(segment, Link):
                parts.append(self.link(segment.link))
            elif isinstance(segment, Image):
                if self.image is not None:
                    parts.append(self.image(segment))
                else:
                    parts.append(f"![{_bracketed(segment.alt)}]({segment.src})")
            elif isinstance(segment, Stamp):
                stamp = segment.stamp
                if self.video_id is None:
                    parts.append(escape_markdown(stamp.text))
                else:
                    parts.append(stamp_html(self.video_id, stamp.seconds, stamp.text))
        return "".join(parts)

    def _title(self, inline: Inline) -> str:
        """Headings and callout titles are never autolinked."""
        self._in_title = True
        try:
            return self.inline(inline)
        finally:
            self._in_title = False

    def blocks(self, blocks: tuple[Block, ...], anchors: dict[int, str] | None = None) -> list[str]:
        """Markdown lines for ``blocks``; pass ``anchors`` from the page's outline."""
        if anchors is None:
            anchors = {id(h): a for h, a in note_anchors(blocks)}
        lines: list[str] = []
        for block in blocks:
            rendered = self.block(block, anchors)
            if not rendered:
                continue
            if lines:
                lines.append("")
            lines.extend(rendered)
        return lines

    def block(self, block: Block, anchors: dict[int, str]) -> list[str]:
        if isinstance(block, Paragraph):
            text = _anchored(block.block_id, self.claims(block.inline))
            return _protect_setext(text.split("\n"))
        if isinstance(block, Heading):
            if self.autolink is not None:
                self.autolink.new_section()  # type: ignore[attr-defined]
            text = " ".join(self._title(block.inline).split("\n")).strip()
            anchor = anchors.get(id(block))
            suffix = f" {{#{anchor}}}" if anchor else ""
            return ["#" * block.level + " " + text + suffix]
        if isinstance(block, ListBlock):
            return self._list(block, anchors)
        if isinstance(block, Callout):
            return self._callout(block, anchors)
        if isinstance(block, Quote):
            inner = self.blocks(block.children, anchors)
            return [("> " + line).rstrip() for line in inner] or [">"]
        if isinstance(block, CodeBlock):
            return block.text.split("\n")
        if isinstance(block, Table):
            return [self.inline(row) for row in block.rows]
        if isinstance(block, Rule):
            return ["---"]
        if isinstance(block, Embed):
            if self.embed is not None:
                return self.embed(block.link, "")
            return [self.link(block.link)]
        raise TypeError(f"unknown block {block!r}")

    def _list(self, block: ListBlock, anchors: dict[int, str]) -> list[str]:
        if block.definition:
            return self._definitions(block, anchors)
        lines: list[str] = []
        for position, item in enumerate(block.items, start=1):
            marker = (
                f"{item.number if item.number is not None else position}." if block.ordered else "*"
            )
            text = _anchored(item.block_id, self.claim(item.inline)) if item.inline else ""
            text = _protect_setext(text.split("\n")) if text else []
            if item.task:
                # pymdownx.tasklist's syntax, which html.py renders the same way.
                marker += f" [{item.task}]"
            children = self.blocks(item.children, anchors)
            if not text:
                # Python-Markdown needs content on the marker line: start the
                # item with its first child (a quote, callout or nested list).
                text, children = (children[:1] or ["&nbsp;"]), children[1:]
                if children and children[0] == "":
                    children = children[1:]
                lines.append(f"{marker} {text[0]}")
                lines.extend(_indent(children))
                continue
            lines.append(f"{marker} {text[0]}".rstrip())
            lines.extend(_indent(text[1:]))
            if children:
                first = item.children[0]
                # CommonMark lets only a list numbered from 1 interrupt a
                # paragraph; any other start needs a blank line before it.
                if not isinstance(first, ListBlock) or (
                    first.ordered and (first.items[0].number or 1) != 1
                ):
                    lines.append("")
                lines.extend(_indent(children))
        return lines

    def _definitions(self, block: ListBlock, anchors: dict[int, str]) -> list[str]:
        """def_list's syntax: the term's line, then each definition as a
        ``:   `` paragraph with its continuation indented four spaces."""
        lines: list[str] = []
        for item in block.items:
            if lines:
                lines.append("")
            if item.inline:
                lines.append(" ".join(self.claim(item.inline).split("\n")).strip())
            opened = False
            for child in item.children:
                body = self.block(child, anchors)
                if not body:
                    continue
                if not item.inline:
                    # The term lives elsewhere on the page: its definitions
                    # stand as plain blocks.
                    lines.extend(["", *body] if lines else body)
                elif isinstance(child, Paragraph) or not opened:
                    lines.extend([":   " + body[0], *_indent(body[1:])])
                else:
                    lines.extend(["", *_indent(body)])
                opened = True
        return lines

    def _callout(self, block: Callout, anchors: dict[int, str]) -> list[str]:
        if block.kind == TAB:
            opener = {"+": "===+", "-": "===!"}.get(block.fold, "===")
            title = " ".join(self._title(block.title).split("\n")).strip() if block.title else ""
            body = self.blocks(block.children, anchors)
            return [f'{opener} "{title}"', *(["", *_indent(body)] if body else [])]
        opener = {"-": "???", "+": "???+"}.get(block.fold, "!!!")
        classes = admonition_classes(block.raw_kind)
        if block.title is not None:
            title: str | None = " ".join(self._title(block.title).split("\n")).strip()
        else:
            fallback = default_title(block.raw_kind)
            title = escape_markdown(fallback) if fallback is not None else None
        head = f'{opener} {classes} "{title}"' if title is not None else f"{opener} {classes}"
        body = self.blocks(block.children, anchors)
        return [head, *_indent(body)] if body else [head]


# Tags that open an HTML block in CommonMark when a line starts with them.
_BLOCK_TAGS = re.compile(
    r"</?(?:blockquote|caption|details|div|dl|dd|dt|figcaption|figure|h[1-6]|hr|li|ol|p|"
    r"summary|table|tbody|td|tfoot|th|thead|tr|ul)\b",
    re.IGNORECASE,
)


def inline_only(inline: Inline) -> Inline:
    """``inline`` without block-level tags, for a passage quoted on one line
    (a ``<div>`` there would swallow the rest of the line as raw HTML)."""
    return tuple(s for s in inline if not (isinstance(s, Html) and _BLOCK_TAGS.match(s.tag)))


def claim_anchor(words: str, taken: set[str]) -> str:
    """A stable id for a claim: a hash of its words, unique on the page."""
    digest = hashlib.sha1(" ".join(words.lower().split()).encode("utf-8")).hexdigest()[:8]
    anchor, n = f"c-{digest}", 1
    while anchor in taken:
        n += 1
        anchor = f"c-{digest}-{n}"
    taken.add(anchor)
    return anchor


def _anchored(block_id: str | None, text: str) -> str:
    """Give an Obsidian block its id, so ``[[note#^id]]`` lands on it."""
    return f'<span id="{block_anchor(block_id)}"></span>{text}' if block_id else text


def _bracketed(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def _indent(lines: list[str]) -> list[str]:
    return [_INDENT + line if line else "" for line in lines]


def _protect_setext(lines: list[str]) -> list[str]:
    """A paragraph line of only ``=`` or ``-`` would turn the line above into
    a heading in Python-Markdown; escape its first character."""
    return ["\\" + line.lstrip() if _SETEXT.match(line) else line for line in lines]
