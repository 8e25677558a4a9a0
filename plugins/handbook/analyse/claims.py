"""Claims: the unit merging compares, deduplicates and cites.

A **claim** is a sentence of a paragraph, a list item (at any depth), a
callout title, or a block that has no sentences (a table, code, a quote),
together with the timestamps it cites.  Each claim has a key: its path in
the note (section, block, then ``("p", k)`` for a sentence, ``("i", k)`` for
a list item, ``("c",)`` into children ...).

:func:`rewrite` is the one traversal that defines those keys.  Extraction
(:func:`note_claims`) is ``rewrite`` with a visitor that keeps everything;
merging is ``rewrite`` with a visitor that replaces or drops claims.  Using
one traversal for both is what keeps keys and positions in agreement.

Two claims are **the same** (:func:`same_claim`) when they say the same
thing:

* with timestamps: they cite the same moment (two seconds within
  :data:`MOMENT_TOLERANCE`) and their words agree with a similarity of at
  least :data:`SAME_AT_MOMENT` (token-set ratio, so a shorter wording
  contained in a longer one counts);
* without timestamps: their words are near-identical
  (:data:`SAME_WITHOUT_MOMENT`).

The thresholds were read off same-moment sentence pairs of the corpus:
above 80 the pairs are one claim worded twice; between 60 and 80 they are
often different details from the same minute of the video.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from ..ingest.syntax.inline import plain_text
from ..model import (
    Block,
    Callout,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Plain,
    Quote,
    Stamp,
)
from ..resolve.outline import note_anchors, segments
from ..text.sentences import split_sentences

MOMENT_TOLERANCE = 10  # seconds
SAME_AT_MOMENT = 80
SAME_WITHOUT_MOMENT = 95

ClaimKey = tuple[object, ...]
_WORD_CHAR = re.compile(r"\w")
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, punctuation removed, single spaces: the words only."""
    return _SPACE.sub(" ", _NON_WORD.sub(" ", text.lower())).strip()


@dataclass(frozen=True, slots=True)
class Claim:
    note: str
    key: ClaimKey
    inline: Inline  # empty for a whole-block claim
    text: str
    seconds: tuple[int, ...]
    block: Block | None = None  # set for a whole-block claim

    @property
    def size(self) -> int:
        return len(self.text)


@dataclass(frozen=True, slots=True)
class Section:
    """A top-level heading (``None`` before the first one) and its blocks."""

    heading: Heading | None
    anchor: str | None
    blocks: tuple[Block, ...]


def sections(note: Note) -> list[Section]:
    """Split a note at its top-level headings."""
    anchors = {id(h): a for h, a in note_anchors(note.blocks)}
    found: list[Section] = []
    heading: Heading | None = None
    current: list[Block] = []
    for block in note.blocks:
        if isinstance(block, Heading):
            if heading is not None or current:
                found.append(Section(heading, anchors.get(id(heading)), tuple(current)))
            heading, current = block, []
        else:
            current.append(block)
    if heading is not None or current:
        found.append(Section(heading, anchors.get(id(heading)), tuple(current)))
    return found


def stamps_of(inline: Inline) -> tuple[int, ...]:
    return tuple(s.stamp.seconds for s in inline if isinstance(s, Stamp))


# A visitor gets a claim and returns the inline to show in its place, or
# ``None`` to drop it.  For a whole-block claim it returns the block's
# inline unchanged (``()``) to keep it, or ``None``.
Visitor = Callable[[Claim], Inline | None]


# A moment shown as text because it cannot exist (handbook.ingest.moments) is
# where the note cites, not what it says: "... should be free [05:09:00]".
_MOMENT_TEXT = re.compile(r"\[?(?:\d{1,2}:)?\d{1,2}:\d{2}\]?")


def _words(inline: Inline, texts: bool) -> str:
    """The claim text of ``inline``: its normalised words when ``texts``,
    else just a marker of whether it has any (cheaper, same emptiness).
    Refused moments (plain ``[hh:mm:ss]`` text) are not words of the claim,
    so they never keep two wordings of one point apart."""
    if any(isinstance(s, Plain) and _MOMENT_TEXT.fullmatch(s.text.strip()) for s in inline):
        inline = tuple(
            s
            for s in inline
            if not (isinstance(s, Plain) and _MOMENT_TEXT.fullmatch(s.text.strip()))
        )
    plain = plain_text(inline)
    if texts:
        return normalise(plain)
    return "x" if _WORD_CHAR.search(plain) else ""


def rewrite(
    note: str, blocks: tuple[Block, ...], key: ClaimKey, visit: Visitor, texts: bool = True
) -> tuple[Block, ...]:
    """Blocks with every claim passed through ``visit``; emptied blocks vanish.

    With ``texts=False`` claims carry no text (the visitor goes by key),
    which saves normalising every sentence again when assembling a page."""
    out: list[Block] = []
    for index, block in enumerate(blocks):
        here = (*key, index)
        if isinstance(block, Paragraph):
            kept: list[Inline] = []
            for k, sentence in enumerate(split_sentences(block.inline)):
                text = _words(sentence, texts)
                if not text:
                    kept.append(sentence)
                    continue
                shown = visit(Claim(note, (*here, "p", k), sentence, text, stamps_of(sentence)))
                if shown is not None:
                    kept.append(shown)
            if any(_words(s, False) or stamps_of(s) for s in kept):
                inline = _join(kept)
                out.append(Paragraph(inline, block.line, block.block_id))
        elif isinstance(block, ListBlock):
            items = _rewrite_items(note, block, here, visit, texts)
            if items:
                out.append(replace(block, items=tuple(items)))
        elif isinstance(block, Callout):
            title = block.title
            if title:
                text = _words(title, texts)
                shown = (
                    visit(Claim(note, (*here, "t"), title, text, stamps_of(title)))
                    if text
                    else title
                )
                title = shown
            children = rewrite(note, block.children, (*here, "c"), visit, texts)
            if children or title:
                out.append(
                    Callout(block.kind, block.raw_kind, title, block.fold, children, block.line)
                )
        elif isinstance(block, Quote):
            children = rewrite(note, block.children, (*here, "c"), visit, texts)
            if children:
                out.append(Quote(children, block.line))
        elif isinstance(block, Heading):
            out.append(block)
        else:
            words = block_text(block)
            text = normalise(words) if texts else ("x" if _WORD_CHAR.search(words) else "")
            claim = Claim(note, (*here, "b"), (), text, block_seconds(block), block)
            if not text or visit(claim) is not None:
                out.append(block)
    return tuple(out)


def _rewrite_items(
    note: str, block: ListBlock, here: ClaimKey, visit: Visitor, texts: bool
) -> list[ListItem]:
    items: list[ListItem] = []
    for k, item in enumerate(block.items):
        children = rewrite(note, item.children, (*here, "i", k, "c"), visit, texts)
        text = _words(item.inline, texts)
        shown = (
            visit(Claim(note, (*here, "i", k), item.inline, text, stamps_of(item.inline)))
            if text
            else item.inline
        )
        if shown is not None:
            items.append(replace(item, inline=shown, children=children))
        else:
            # The item's own words live elsewhere; its unique children move up.
            for child in children:
                if isinstance(child, ListBlock):
                    items.extend(child.items)
                else:
                    items.append(ListItem((), (child,), item.line))
    return items


def _join(sentences: list[Inline]) -> Inline:
    """Sentences back into one inline run, spaced where a dropped one was."""
    from ..model import Text

    joined: list[object] = []
    for sentence in sentences:
        if joined and sentence:
            last, first = joined[-1], sentence[0]
            last_text = getattr(last, "text", "")
            first_text = getattr(first, "text", "")
            if (
                not (isinstance(last, Text) and last_text[-1:].isspace())
                and not first_text[:1].isspace()
            ):
                joined.append(Text(" "))
        joined.extend(sentence)
    return tuple(joined)  # type: ignore[arg-type]


def block_text(block: Block) -> str:
    """The words of a block, for blocks compared whole."""
    if isinstance(block, Paragraph | Heading):
        return plain_text(block.inline)
    rows = getattr(block, "rows", None)
    if rows is not None:
        return " ".join(plain_text(row) for row in rows)
    return str(getattr(block, "text", "") or getattr(getattr(block, "link", None), "raw", ""))


def block_seconds(block: Block) -> tuple[int, ...]:
    return tuple(s.stamp.seconds for s in segments((block,)) if isinstance(s, Stamp))


_CLAIMS: dict[tuple[str, str], tuple[Claim, ...]] = {}


def note_claims(note: Note, parts: list[Section] | None = None) -> tuple[Claim, ...]:
    """Every claim of ``note`` in document order, keyed by section.

    Memoised by path and content hash: duplicate detection, merging and
    related pages all read the same claims, and ``mkdocs serve`` rebuilds
    reuse them for every note that did not change."""
    memo = (note.path, note.digest)
    cached = _CLAIMS.get(memo) if note.digest else None
    if cached is not None:
        return cached
    found: list[Claim] = []

    def keep(claim: Claim) -> Inline:
        found.append(claim)
        return claim.inline

    for s_index, section in enumerate(parts if parts is not None else sections(note)):
        rewrite(note.path, section.blocks, (s_index,), keep)
    result = tuple(found)
    if note.digest:
        if len(_CLAIMS) > 200_000:
            _CLAIMS.clear()
        _CLAIMS[memo] = result
    return result


def share_moment(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return any(abs(x - y) <= MOMENT_TOLERANCE for x in a for y in b)


SHORT_CLAIM_WORDS = 4


def similarity(a: str, b: str, cutoff: float = 0) -> float:
    """Agreement of two claims' words, 0–100 (0 when below ``cutoff``).

    The token-set ratio lets a wording that is contained in a longer one
    match it; for claims of a few words ("Data", "Technology skills") that
    would match almost anything, so they must agree as whole strings."""
    if min(a.count(" "), b.count(" ")) + 1 < SHORT_CLAIM_WORDS:
        return fuzz.ratio(a, b, score_cutoff=cutoff)
    return fuzz.token_set_ratio(a, b, score_cutoff=cutoff) or fuzz.ratio(a, b, score_cutoff=cutoff)


def same_claim(a: Claim, b: Claim) -> bool:
    if (a.block is None) != (b.block is None):
        return False
    if a.seconds and b.seconds:
        return share_moment(a.seconds, b.seconds) and similarity(a.text, b.text, SAME_AT_MOMENT) > 0
    if a.seconds or b.seconds:
        return False
    return fuzz.ratio(a.text, b.text, score_cutoff=SAME_WITHOUT_MOMENT) > 0
