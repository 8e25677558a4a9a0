"""A video's timeline: the topics of the episode in time order, each with its moments.

Algorithm (:func:`timeline`):

1. **Statements.**  Every sentence of a note's paragraphs, list items,
   callouts and quotes that cites a timestamp is a statement at its first
   timestamp; a following sentence of the same block that cites none
   continues it.  Its words are shown without their timestamps
   (:func:`unstamped`): the timestamps, the separators between them and the
   brackets around them go, and the text on both sides is rejoined, so
   ``end <stamp>.`` reads ``end.`` and ``end, <stamp>.`` reads ``end.``.
2. **Topics.**  A statement belongs to the part of its note it sits in:
   the nearest heading at the note's section level (the shallowest level
   used at least twice, else the shallowest) or one below it (a subsection,
   so a long section is several topics), or the note's title before the
   first heading.  Parts of the same name (under a section of the same
   name) in several notes of the video are one topic.
3. **Moments.**  In video order, a statement joins the earlier moment within
   :data:`NEARBY` seconds that says most nearly the same thing
   (:func:`likeness`), keeping the fuller wording; otherwise it joins
   the moment at its own second as a further statement, or opens one.  So
   each second appears once on the page and each distinct statement once.
4. **One voice.**  Statements anywhere in the video that make the same
   point in other words (:func:`handbook.analyse.fold.fold_wordings`, the rule that
   folds a merged page's claims) are one statement: the most complete
   wording is shown at its moment, and the others are kept, with their
   moments, in the shown one's topic under a folded "Other wordings".
   A moment left with nothing to show is not listed; its second stays in
   the folded wordings.
5. A moment belongs to the topic of its first statement; topics are ordered
   by their first moment, and moments within a topic by time.

Invariants: the output depends only on the notes and their order (ties
break on note order, then position in the note), so it is byte-identical
across builds; no second appears twice among the shown moments; no
statement is dropped unless an equal or fuller one is shown at the same or
a nearby moment, and every folded wording is listed under its topic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ...ingest.syntax.inline import plain_text
from ...model import (
    Block,
    Callout,
    Heading,
    Inline,
    ListBlock,
    Note,
    Paragraph,
    Plain,
    Quote,
    Segment,
    Stamp,
    Text,
)
from ...resolve.outline import note_anchors
from ...text.sentences import split_sentences
from ..claims import normalise
from ..fold import fold_wordings
from ..paraphrase import Wording

NEARBY = 10  # seconds: the same point cited a moment apart is one moment
SAME = 80  # token-sort ratio: above it two wordings are one statement (claims.py)
_SEPARATOR = re.compile(r"[\s,;]*")
_TERMINAL = re.compile(r"[.!?:;,][\"'”’)\]*_]*$")
_BARE_LAST_LINE = re.compile(r"(?:\n[^\w\n]*)+$")
_CLOSE = "\"'”’)]*_"


@dataclass(frozen=True)
class Statement:
    note: str
    inline: Inline  # without timestamps
    words: str  # normalised, for comparison


@dataclass(frozen=True)
class Moment:
    second: int
    statements: tuple[Statement, ...]  # distinct, in video then note order


@dataclass(frozen=True)
class Topic:
    title: str
    sources: tuple[tuple[str, str | None], ...]  # (note path, heading anchor)
    moments: tuple[Moment, ...]
    folded: tuple[tuple[int, Statement], ...] = ()  # other wordings, with their seconds


@dataclass(frozen=True)
class _Cited:
    second: int
    order: tuple[int, int]  # note index, position in the note
    topic: str  # normalised topic name
    title: str
    anchor: str | None
    said: Statement


def unstamped(inline: Inline) -> Inline:
    """``inline`` without its timestamps, the words around them rejoined."""
    out: list[Segment] = []
    index = 0
    while index < len(inline):
        if not isinstance(inline[index], Stamp):
            out.append(inline[index])
            index += 1
            continue
        end = index + 1  # a run of stamps with only separators between them
        while end < len(inline):
            if isinstance(inline[end], Stamp):
                end += 1
            elif (
                isinstance(inline[end], Text | Plain)
                and end + 1 < len(inline)
                and isinstance(inline[end + 1], Stamp)
                and _SEPARATOR.fullmatch(inline[end].text)  # type: ignore[union-attr]
            ):
                end += 2
            else:
                break
        after = inline[end] if end < len(inline) else None
        _rejoin(out, after)
        if after is not None:
            end += 1
        index = end
    return _trimmed(out)


def _rejoin(out: list[Segment], after: Segment | None) -> None:
    """Glue the words before a removed run of stamps to the segment after it.

    The space before the run goes; punctuation after it attaches to the
    word before; brackets that held only stamps go; and where both sides
    bring punctuation, one stays ("end. <stamp>." and "end, <stamp>."
    both read "end.")."""
    while out and isinstance(out[-1], Text | Plain) and not out[-1].text.strip():
        out.pop()
    last = out[-1] if out and isinstance(out[-1], Text | Plain) else None
    head = last.text.rstrip() if last is not None else ""
    if not isinstance(after, Text | Plain):
        if last is not None:
            out[-1] = type(last)(head)
        if after is not None:
            out += [Text(" ") if out else Text(""), after]
        return
    tail = after.text.lstrip()
    if head[-1:] in ("(", "[") and tail[:1] in (")", "]"):
        head, tail = head[:-1].rstrip(), tail[1:].lstrip()
    if tail[:1] and tail[:1] in ".,;:!?)]":
        if head.rstrip(_CLOSE)[-1:] in (".", "!", "?", ":") and tail[0] in ".,;:!?":
            tail = tail[1:]
        elif head[-1:] in (",", ";") and tail[0] in ".!?:":
            head = head[:-1]
    elif tail and out:
        tail = " " + tail
    if last is not None:
        out[-1] = type(last)(head)
    out.append(type(after)(tail))


def _trimmed(segments: list[Segment]) -> Inline:
    merged: list[Segment] = []
    for segment in segments:
        if isinstance(segment, Text | Plain) and not segment.text:
            continue
        if merged and isinstance(segment, Text | Plain) and type(merged[-1]) is type(segment):
            merged[-1] = type(segment)(merged[-1].text + segment.text)  # type: ignore[union-attr]
        else:
            merged.append(segment)
    if merged and isinstance(merged[0], Text | Plain):
        merged[0] = type(merged[0])(merged[0].text.lstrip())
    if merged and isinstance(merged[-1], Text | Plain):
        # A last line of bare punctuation (a ":::" fence the notes' dialect
        # lacks) is no part of what was said.
        text = _BARE_LAST_LINE.sub("", merged[-1].text.rstrip())
        merged[-1] = type(merged[-1])(text.rstrip())
    return tuple(s for s in merged if not (isinstance(s, Text | Plain) and not s.text))


def ends_a_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


def same_statement(a: str, b: str) -> bool:
    """Two normalised wordings say the same: near-identical, or one adds nothing."""
    return likeness(a, b) > 0


def likeness(a: str, b: str) -> float:
    """How alike two wordings are when they say the same, else 0: their
    token-sort ratio when at least :data:`SAME`; a wording whose words all
    recur in the other (three words or more) adds nothing and scores just
    above 0, so a near-identical wording elsewhere is preferred to it.
    Wordings citing different numbers are never the same."""
    short, long = sorted((a.split(), b.split()), key=len)
    if not {w for w in short if w.isdigit()} <= set(long):
        return 0.0  # "3 out of 10" and "9 out of 10" are two details
    ratio = fuzz.token_sort_ratio(a, b)
    if ratio >= SAME:
        return ratio
    return 1.0 if len(short) >= 3 and set(short) <= set(long) else 0.0


def _section_level(note: Note) -> int | None:
    levels = sorted(b.level for b in note.blocks if isinstance(b, Heading))
    repeated = [level for level in levels if levels.count(level) > 1]
    return (repeated or levels or [None])[0]


def _inlines(blocks: tuple[Block, ...]) -> Iterator[Inline]:
    """Every run of words a statement can come from, in document order."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.inline
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield item.inline
                yield from _inlines(item.children)
        elif isinstance(block, Callout):
            if block.title:
                yield block.title
            yield from _inlines(block.children)
        elif isinstance(block, Quote):
            yield from _inlines(block.children)


def _cited(note: Note, index: int) -> list[_Cited]:
    """The note's statements, each with its topic."""
    level = _section_level(note)
    anchors = {id(h): a for h, a in note_anchors(note.blocks)}
    title, anchor = " ".join(note.title.split()), None
    found: list[_Cited] = []
    section = key = normalise(title)
    for block in note.blocks:
        if isinstance(block, Heading) and block.level <= (level or 0) + 1:
            title = " ".join(plain_text(unstamped(block.inline)).split()) or title
            anchor = anchors.get(id(block))
            if block.level <= (level or 0):
                section = key = normalise(title)
            else:  # a subsection: one topic per section and subsection
                key = f"{section} / {normalise(title)}"
            continue
        for inline in _inlines((block,)):
            current: list[Inline] = []
            second: int | None = None
            for sentence in (*split_sentences(inline), None):
                stamps = [] if sentence is None else [s for s in sentence if isinstance(s, Stamp)]
                if (sentence is None or stamps) and current and second is not None:
                    shown = unstamped(tuple(s for part in current for s in part))
                    words = normalise(plain_text(shown))
                    if words:
                        said = Statement(note.path, shown, words)
                        order = (index, len(found))
                        found.append(_Cited(second, order, key, title, anchor, said))
                    current = []
                if sentence is not None and (stamps or current):
                    if stamps:
                        second = stamps[0].stamp.seconds
                    current.append(sentence)
    return found


def timeline(notes: Sequence[Note]) -> list[Topic]:
    """The topics of a video's notes, each with its moments (see module doc)."""
    cited = sorted(
        (c for i, note in enumerate(notes) for c in _cited(note, i)),
        key=lambda c: (c.second, c.order),
    )
    moments: list[tuple[int, list[Statement], _Cited]] = []  # second, statements, first
    for item in cited:
        best: tuple[float, int, list[Statement], int] | None = None  # likeness, -distance
        for second, said, _ in reversed(moments):
            if second < item.second - NEARBY:
                break
            for k, statement in enumerate(said):
                score = likeness(statement.words, item.said.words)
                if score and (best is None or (score, second - item.second) > best[:2]):
                    best = (score, second - item.second, said, k)
        if best is not None:
            _, _, said, k = best
            if len(item.said.words) > len(said[k].words):
                said[k] = item.said  # the fuller wording
            continue
        if moments and moments[-1][0] == item.second:
            moments[-1][1].append(item.said)
        else:
            moments.append((item.second, [item.said], item))
    return _topics(moments)


def _topics(moments: list[tuple[int, list[Statement], _Cited]]) -> list[Topic]:
    """Fold restatements (step 4), then gather the moments into topics."""
    flat = [(m, said) for m, (_, statements, _) in enumerate(moments) for said in statements]
    homes = fold_wordings(
        [Wording(said.words, (moments[m][0],)) for m, said in flat],
        [said.note for _, said in flat],
    )
    shown: dict[int, list[Statement]] = {}
    for i, (m, said) in enumerate(flat):
        if homes[i] == i:
            shown.setdefault(m, []).append(said)
    folded: dict[int, list[int]] = {}  # moment of the shown wording -> folded wordings
    for i, home in enumerate(homes):
        if home != i:
            folded.setdefault(flat[home][0], []).append(i)
    topics: dict[str, tuple[str, list[tuple[str, str | None]], list[Moment], list[int]]] = {}
    for m, (second, _, first) in enumerate(moments):
        if m not in shown:
            continue
        _, sources, members, others = topics.setdefault(first.topic, (first.title, [], [], []))
        if (first.said.note, first.anchor) not in sources:
            sources.append((first.said.note, first.anchor))
        members.append(Moment(second, tuple(shown[m])))
        others += folded.get(m, [])
    return [
        Topic(
            title,
            tuple(sources),
            tuple(members),
            tuple((moments[flat[i][0]][0], flat[i][1]) for i in sorted(others)),
        )
        for title, sources, members, others in topics.values()
    ]
