"""Impossible moments: timestamps past the end of their video, repaired or refused.

Notes cite moments of their video, and a good many cite moments the video
does not have: ``06:33:00`` written for 6 min 33 s (``mm:ss`` with a
``:00`` tacked on), or stamps that drift hours past the end.  A link to
such a moment plays nothing, so :func:`repair_moments` judges every stamp
against its video and either repairs it or shows it as text.

Algorithm, per video (every note with that ``videoId`` is one witness):

1. **Each note's end.**  A *precise* stamp (seconds not ``00``) cannot be
   an ``mm:ss:00`` slip, so a note with :data:`MIN_EVIDENCE` precise stamps
   *votes* with the end of their bulk: in the sorted stamps, from the median
   up, the first gap longer than :data:`GAP` (and :data:`SPACINGS` mean
   spacings) after which the remaining tail is sparser than :data:`DROP`
   of the bulk's density.  A dense stretch after a gap is part of the video;
   a thin tail is drift.  A note with fewer precise stamps has the bulk end
   of all its stamps, read as ``mm:ss:00`` if read as written they run past
   :data:`LONG` (hours of minute-only stamps), and does not vote.
2. **Consensus.**  With three voters or more, notes ending past
   :data:`AGREE` times the median of the voters left are dropped until none
   is; the video's bulk ends where the last agreeing note ends.  Without
   voters every note counts; one or two voters are simply believed.
3. **Long videos need two witnesses.**  Episodes run 0.5 to 2.5 hours, so a
   bulk past :data:`LONG` (3 h) is believed only when two agreeing notes end
   past it; otherwise it is cut back to the last note ending before it.
4. **Plausible end** ``E``: the bulk end plus a margin (:data:`MARGIN_MIN`
   or :data:`MARGIN_RATIO` of it), as notes rarely cite the very last
   minutes; never past :data:`LONG` unless step 3 believed a long video.

Then, per note, the stamps past ``E`` are *impossible*:

* when at least :data:`SLIPS` of them end in ``:00`` and read as ``mm:ss``
  (``HH:MM:00`` → ``00:HH:MM``) fall within ``E``, the note writes
  ``mm:ss:00``: those stamps are shifted, and so is every stamp of a run
  of consecutive ``:00`` stamps (document order) mostly past ``E`` (the run
  is in that notation, so its ``00:23:00`` means 23 s); the other
  impossible stamps become text;
* otherwise (drift, a mixture, a shift that still overshoots) no reading is
  unambiguous and every impossible stamp of the note becomes plain text.

Each repair is an ``info`` Problem (``timestamp/repaired``), like other
repairs of what the author meant; each refusal a ``warning``
(``timestamp/impossible``); both name file, line and column.

Invariants:

* no stamp past its video's plausible end is ever a link, and a repaired
  stamp always lands within it;
* a stamp at or before ``E`` is touched only inside a ``:00`` run mostly
  past ``E``, so every other well-formed plausible stamp stays linked;
* notes without a video, or without impossible stamps, are returned as the
  same objects; a changed note gets a new ``digest`` derived from its
  file's digest, the plausible end and its changes, so every cache keyed by digest
  (:mod:`handbook.engine.memo`, claims) sees the repaired note, and the same notes
  always give the same digests;
* the result depends only on the notes, never on their order.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from ..engine.memo import Memo, fingerprint
from ..model import (
    Block,
    Callout,
    Clock,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Problem,
    Quote,
    Stamp,
    Table,
    Timestamp,
)

LONG = 3 * 3600  # longer than typical episodes (0.5-2.5 h): needs two witnesses
MIN_EVIDENCE = 8  # fewer stamps than this: a gap between them proves nothing
GAP = 15 * 60  # a gap shorter than this never ends a bulk ...
SPACINGS = 10  # ... nor one shorter than this many of its mean spacings
WINDOW = 10 * 60  # added to spans, so a lone stamp has a finite density
DROP = 0.2  # a tail sparser than this share of the bulk's density is no bulk
AGREE = 1.5  # notes ending within this factor of the median note agree
SLIPS = 0.9  # a note is read as mm:ss:00 if this share of its impossible stamps fit
MARGIN_MIN = 5 * 60
MARGIN_RATIO = 0.1

RULES = ("timestamp/impossible", "timestamp/repaired")
Key = tuple[int, int, int]  # a stamp's line, column and seconds: unique in a note


@dataclass(frozen=True, slots=True)
class Verdict:
    """What becomes of one impossible stamp: new seconds, or ``None`` (text)."""

    seconds: int | None
    reason: str


@dataclass(frozen=True, slots=True)
class Moments:
    """The notes with impossible moments repaired or refused, and the counts."""

    notes: tuple[Note, ...]
    problems: tuple[Problem, ...]
    repaired: int
    refused: int
    ends: dict[str, int]  # video id -> plausible end in seconds


def shifted(seconds: int) -> int:
    """``HH:MM:00`` read as ``00:HH:MM``."""
    return seconds // 60


def clock(seconds: int) -> str:
    return Timestamp(seconds).text


def bulk_end(values: Sequence[int]) -> int:
    """Where the sorted ``values`` stop being dense (step 1 above)."""
    ordered = sorted(values)
    n = len(ordered)
    if n < MIN_EVIDENCE:
        return ordered[-1]
    for k in range((n - 1) // 2, n - 1):
        here, following = ordered[k], ordered[k + 1]
        bulk = (k + 1) / (here + WINDOW)
        if following - here <= max(GAP, SPACINGS / bulk):
            continue
        tail = (n - k - 1) / (ordered[-1] - following + WINDOW)
        if tail < DROP * bulk:
            return here
    return ordered[-1]


def note_end(values: Sequence[int]) -> tuple[int, bool]:
    """One note's bulk end, and whether it votes (it has enough precise stamps)."""
    precise = [s for s in values if s % 60]
    if len(precise) >= MIN_EVIDENCE:
        return bulk_end(precise), True
    end = bulk_end(values)
    if end > LONG:  # hours of minute-only stamps: read as mm:ss:00
        end = bulk_end([s if s % 60 else shifted(s) for s in values])
    return end, False


def plausible_end(notes: Sequence[Sequence[int]]) -> int:
    """The plausible end of one video from each of its notes' stamps."""
    judged = [note_end(values) for values in notes if values]
    ends = sorted(end for end, votes in judged if votes)
    if not ends:  # no note has the evidence to outvote another: each one counts
        ends = sorted(end for end, _ in judged)
    elif len(ends) >= 3:
        while True:  # trim notes ending far past the median of those left
            agreed = [e for e in ends if e <= AGREE * _median(ends)]
            if agreed == ends:
                break
            ends = agreed
    end = ends[-1]
    believed_long = sum(1 for e in ends if e > LONG) >= 2
    if end > LONG and not believed_long:
        end = max((e for e in ends if e <= LONG), default=LONG)
    end += max(MARGIN_MIN, int(MARGIN_RATIO * end))
    return end if believed_long else min(end, LONG)


def _median(values: Sequence[int]) -> float:
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def judge_note(seconds: Sequence[int], end: int) -> dict[int, Verdict]:
    """Verdicts for one note's stamps, in document order, by index (see above)."""
    past = [i for i, s in enumerate(seconds) if s > end]
    if not past:
        return {}
    verdicts = {i: Verdict(None, "") for i in past}
    slips = [i for i in past if seconds[i] % 60 == 0 and shifted(seconds[i]) <= end]
    if len(slips) < SLIPS * len(past):
        return verdicts  # drift, or a mixture: no reading is unambiguous
    for i in slips:
        verdicts[i] = Verdict(shifted(seconds[i]), "mm:ss:00 written for mm:ss")
    for run in _zero_runs(seconds):
        if 2 * sum(1 for i in run if seconds[i] > end) > len(run):
            for i in run:
                if shifted(seconds[i]) <= end:
                    verdicts[i] = Verdict(shifted(seconds[i]), "the note writes mm:ss:00 for mm:ss")
    return verdicts


def _zero_runs(seconds: Sequence[int]) -> list[list[int]]:
    """Maximal runs of consecutive stamps that end in ``:00``, as indexes."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, value in enumerate(seconds):
        if value % 60 == 0:
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def repair_moments(notes: Iterable[Note], memo: Memo | None = None) -> Moments:
    """Judge every note's stamps against its video; see the module docstring.

    ``memo`` keeps each video's result under its notes' digests, so a
    rebuild after an edit judges only the edited note's video again."""
    notes = tuple(notes)
    by_video: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        if note.video_id:
            by_video[note.video_id].append(note)
    changed: dict[str, Note] = {}
    problems: list[Problem] = []
    ends: dict[str, int] = {}
    for video, members in sorted(by_video.items()):
        members.sort(key=lambda n: n.path)
        if memo is None:
            result = judge_video(members)
        else:
            key = fingerprint(members)
            result = memo.get("moments", key, lambda m=members: judge_video(m))  # type: ignore[misc]
        end, repaired_notes = result
        if end is not None:
            ends[video] = end
        for note in repaired_notes:
            changed[note.path] = note
    out = tuple(changed.get(n.path, n) for n in notes)
    for note in changed.values():
        problems += [p for p in note.problems if p.rule in RULES]
    problems.sort(key=lambda p: p.sort_key())
    repaired = sum(1 for p in problems if p.rule == "timestamp/repaired")
    return Moments(out, tuple(problems), repaired, len(problems) - repaired, ends)


def judge_video(notes: Sequence[Note]) -> tuple[int | None, tuple[Note, ...]]:
    """One video's plausible end, and the notes of it that change."""
    stamps = [note_stamps(n) for n in notes]
    seconds = [[s.seconds for s in found] for found in stamps]
    if not any(seconds):
        return None, ()
    end = plausible_end(seconds)
    changed: list[Note] = []
    for note, found, values in zip(notes, stamps, seconds, strict=True):
        verdicts = judge_note(values, end)
        if verdicts:
            changes = {(found[i].line, found[i].col, values[i]): v for i, v in verdicts.items()}
            changed.append(_apply(note, changes, end))
    return end, tuple(changed)


def _problem(path: str, key: Key, verdict: Verdict, end: int) -> Problem:
    line, col, seconds = key
    where = f"past the video's plausible end (about {clock(end)}, judged from its notes)"
    if verdict.seconds is None:
        return Problem(
            path,
            line,
            "timestamp/impossible",
            f"timestamp {clock(seconds)} is {where}; shown as text, not linked",
            col=col,
            hint="check the moment in the video and write it as hh:mm:ss",
        )
    if seconds <= end:
        where = "in a note that writes every moment as mm:ss:00"
    return Problem(
        path,
        line,
        "timestamp/repaired",
        f"timestamp {clock(seconds)} is {where}; linked as {clock(verdict.seconds)} "
        f"({verdict.reason})",
        col=col,
        hint=f"write {clock(verdict.seconds)}",
    )


def _apply(note: Note, changes: dict[Key, Verdict], end: int) -> Note:
    problems = [_problem(note.path, key, verdict, end) for key, verdict in sorted(changes.items())]

    def fix(inline: Inline) -> Inline:
        if not any(isinstance(segment, Stamp) for segment in inline):
            return inline
        out = []
        for segment in inline:
            if isinstance(segment, Stamp):
                stamp = segment.stamp
                verdict = changes.get((stamp.line, stamp.col, stamp.seconds))
                if verdict is not None:
                    if verdict.seconds is None:
                        segment = Clock(stamp.text)  # type: ignore[assignment]
                    else:
                        segment = Stamp(replace(stamp, seconds=verdict.seconds))
            out.append(segment)
        return tuple(out)

    # Everything the new note depends on besides the file: the end and the changes.
    summary = repr((end, sorted((k, v.seconds, v.reason) for k, v in changes.items())))
    digest = hashlib.sha256(f"{note.digest}\0moments\0{summary}".encode()).hexdigest()
    return replace(
        note,
        blocks=map_inlines(note.blocks, fix),
        problems=tuple(sorted((*note.problems, *problems), key=lambda p: p.sort_key())),
        digest=digest,
    )


# --- walking a note's inline text -------------------------------------------


def note_stamps(note: Note) -> list[Timestamp]:
    """Every stamp of a note, in document order."""
    return [s.stamp for inline in _inlines(note.blocks) for s in inline if isinstance(s, Stamp)]


def _inlines(blocks: Iterable[Block]) -> Iterator[Inline]:
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            yield block.inline
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield item.inline
                yield from _inlines(item.children)
        elif isinstance(block, Callout):
            if block.title is not None:
                yield block.title
            yield from _inlines(block.children)
        elif isinstance(block, Quote):
            yield from _inlines(block.children)
        elif isinstance(block, Table):
            yield from block.rows


def map_inlines(blocks: tuple[Block, ...], fn: Callable[[Inline], Inline]) -> tuple[Block, ...]:
    """The blocks with every inline run passed through ``fn``, in document
    order (the order of :func:`note_stamps`); unchanged blocks are kept."""
    return tuple(_map_block(block, fn) for block in blocks)


def _map_block(block: Block, fn: Callable[[Inline], Inline]) -> Block:
    if isinstance(block, Heading | Paragraph):
        inline = fn(block.inline)
        return block if inline is block.inline else replace(block, inline=inline)
    if isinstance(block, ListBlock):
        items = tuple(_map_item(item, fn) for item in block.items)
        return block if items == block.items else replace(block, items=items)
    if isinstance(block, Callout):
        title = fn(block.title) if block.title is not None else None
        children = map_inlines(block.children, fn)
        if title is block.title and children == block.children:
            return block
        return replace(block, title=title, children=children)
    if isinstance(block, Quote):
        children = map_inlines(block.children, fn)
        return block if children == block.children else replace(block, children=children)
    if isinstance(block, Table):
        rows = tuple(fn(row) for row in block.rows)
        return block if rows == block.rows else replace(block, rows=rows)
    return block


def _map_item(item: ListItem, fn: Callable[[Inline], Inline]) -> ListItem:
    inline, children = fn(item.inline), map_inlines(item.children, fn)
    if inline is item.inline and children == item.children:
        return item
    return replace(item, inline=inline, children=children)
