"""Heading anchors: one algorithm shared by link resolution and rendering.

A page's heading ids are assigned in document order (pre-order over the
block tree) by :func:`handbook.text.slugs.heading_anchor`, starting from the ids
the page template itself uses.  ``links`` asks for them to check
``[[note#heading]]``; ``render`` assigns the same ids while writing, so a
link and its target always agree.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..ingest.syntax.inline import plain_text
from ..model import (
    Block,
    Callout,
    Embed,
    Heading,
    Inline,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Segment,
    Table,
    WikiLink,
)
from ..text.slugs import heading_anchor

# Ids the generated page layout uses itself; headings never take them.
RESERVED_IDS = frozenset({"referenced-by", "sources", "related", "same-episode", "on-this-page"})


def block_anchor(block_id: str) -> str:
    """The HTML id of an Obsidian ``^block-id``."""
    return "block-" + block_id


def walk(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, containers before their children, in document order."""
    for block in blocks:
        yield block
        if isinstance(block, Callout | Quote):
            yield from walk(block.children)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from walk(item.children)


_ANCHORS: dict[int, tuple[tuple[Block, ...], list[tuple[Heading, str]]]] = {}


def note_anchors(blocks: tuple[Block, ...]) -> list[tuple[Heading, str]]:
    """``(heading, id)`` for every heading of a page built from ``blocks``.

    Memoised on the identity of ``blocks`` (kept alive in the memo, so the
    identity cannot be reused): every stage asks for a note's anchors."""
    cached = _ANCHORS.get(id(blocks))
    if cached is not None and cached[0] is blocks:
        return cached[1]
    taken = set(RESERVED_IDS)
    found = [
        (block, heading_anchor(plain_text(block.inline), taken))
        for block in walk(blocks)
        if isinstance(block, Heading)
    ]
    if len(_ANCHORS) > 100_000:
        _ANCHORS.clear()
    _ANCHORS[id(blocks)] = (blocks, found)
    return found


def inlines(block: Block) -> tuple[Inline, ...]:
    """The inline runs a block holds itself (not those of its children)."""
    if isinstance(block, Paragraph | Heading):
        return (block.inline,)
    if isinstance(block, ListBlock):
        return tuple(item.inline for item in block.items)
    if isinstance(block, Table):
        return block.rows
    if isinstance(block, Callout) and block.title:
        return (block.title,)
    return ()


def segments(blocks: tuple[Block, ...]) -> Iterator[Segment]:
    """Every inline segment under ``blocks``, in document order."""
    for block in walk(blocks):
        for inline in inlines(block):
            yield from inline


def wikilinks(blocks: tuple[Block, ...]) -> Iterator[WikiLink]:
    """Every wikilink under ``blocks``, embeds included, in document order."""
    for block in walk(blocks):
        if isinstance(block, Embed):
            yield block.link
        for inline in inlines(block):
            for segment in inline:
                if isinstance(segment, Link):
                    yield segment.link
