"""Every wikilink occurrence, with the sentence and section it sits in.

Topic pages quote these sentences and every page's "Referenced by" section
is built from them, so a reader sees *what was said* about a page, not just
that something links to it.

Algorithm: walk a note's blocks in document order (callouts and lists
included), remembering the anchor of the last heading passed; split each
inline run into sentences (:mod:`handbook.text.sentences`) and emit one
:class:`Mention` per link, carrying its sentence, the timestamps cited in
that sentence and the section anchor.  An embed is a mention without a
sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import (
    Block,
    Embed,
    Heading,
    Inline,
    Link,
    Note,
    Plain,
    Segment,
    Stamp,
    Text,
    Timestamp,
    WikiLink,
)
from ..text.sentences import split_sentences
from .outline import inlines, note_anchors, walk


@dataclass(frozen=True, slots=True)
class Mention:
    note: str
    link: WikiLink
    sentence: Inline
    section: str | None
    stamps: tuple[Timestamp, ...]


def sections(note: Note) -> Iterator[tuple[Block, str | None]]:
    """Every block with the anchor of the heading it falls under."""
    anchors = {id(heading): anchor for heading, anchor in note_anchors(note.blocks)}
    section: str | None = None
    for block in walk(note.blocks):
        if isinstance(block, Heading):
            section = anchors.get(id(block), section)
        yield block, section


def note_stamps(note: Note) -> Iterator[tuple[Timestamp, str | None]]:
    """Every timestamp citation in ``note`` with its section anchor."""
    for block, section in sections(note):
        for inline in inlines(block):
            for segment in inline:
                if isinstance(segment, Stamp):
                    yield segment.stamp, section


def note_mentions(note: Note) -> Iterator[Mention]:
    """Every link occurrence in ``note``, in document order."""
    for block, section in sections(note):
        if isinstance(block, Embed):
            yield Mention(note.path, block.link, (), section, ())
            continue
        for inline in inlines(block):
            if not any(isinstance(segment, Link) for segment in inline):
                continue
            for sentence in split_sentences(inline):
                long = _words(sentence) > 2 * WINDOW
                stamps = tuple(s.stamp for s in sentence if isinstance(s, Stamp))
                for at, segment in enumerate(sentence):
                    if isinstance(segment, Link):
                        if long:
                            quote = excerpt(sentence, at)
                            cited = tuple(s.stamp for s in quote if isinstance(s, Stamp))
                            yield Mention(note.path, segment.link, quote, section, cited)
                        else:
                            yield Mention(note.path, segment.link, sentence, section, stamps)


WINDOW = 40  # words a passage keeps either side of its link
SEGMENT_WORDS = 5  # what a link, timestamp or code span costs of that budget


def _words(sentence: Inline) -> int:
    return sum(len(s.text.split()) if isinstance(s, Text | Plain) else 1 for s in sentence)


def excerpt(sentence: Inline, at: int, window: int = WINDOW) -> Inline:
    """Segment ``at`` of ``sentence`` with up to ``window`` words either side."""
    before = _take(sentence, range(at - 1, -1, -1), window, leading=True)
    after = _take(sentence, range(at + 1, len(sentence)), window, leading=False)
    return (*reversed(before), sentence[at], *after)


def _take(sentence: Inline, order: range, budget: int, *, leading: bool) -> list[Segment]:
    """Segments of ``sentence`` in ``order`` until ``budget`` words are spent.

    A segment cut in half becomes :class:`Plain` text, so no half of a bold
    span or a link is left to break the Markdown around it."""
    taken: list[Segment] = []
    for index in order:
        segment = sentence[index]
        if isinstance(segment, Text | Plain):
            words = segment.text.split()
            if len(words) <= budget:
                taken.append(segment)
                budget -= len(words)
                continue
            kept = " ".join(words[len(words) - budget :] if leading else words[:budget])
            taken.append(Plain(f"… {kept} " if leading else f" {kept} …"))
            break
        if budget < SEGMENT_WORDS:
            taken.append(Plain("… " if leading else " …"))
            break
        taken.append(segment)
        budget -= SEGMENT_WORDS
    return taken
