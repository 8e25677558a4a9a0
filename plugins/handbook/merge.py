"""Duplicate notes → one merged page: aligned sections, each claim once.

Input: the notes of one duplicate group (same video).  Output: a
:class:`MergedPage` whose blocks hold every claim of every note exactly
once, each followed by a marker naming the notes it came from.

Algorithm:

1. **Skeleton.**  The note with the most claims gives the page its order
   and its section structure; the others follow, largest first.
2. **Claim groups.**  All claims, longest first, join the first group whose
   representative is the same claim (:func:`handbook.claims.same_claim`),
   else start one.  The longest wording (the most complete) is the
   representative; a group shows every distinct second its members cite, so
   no cited moment is lost, and lists every member's note.  A group is
   *placed* where its first member sits in reading order (skeleton first).
3. **Section alignment.**  A section of another note aligns with the
   skeleton section that shares the most claim groups with it, or failing
   that the most cited moments, or failing that a similar heading:
   "Impediments to Career Growth" and "Pitfalls to Avoid" align when they
   cite the same moments.
4. **Assembly.**  Each skeleton section is rewritten so that each claim
   shows its group's representative if the group is placed there, and
   vanishes otherwise; then the unplaced claims of the sections aligned with
   it follow, in their own blocks.  Sections that align with nothing become
   new sections, ordered by their first cited moment.  Old heading anchors
   of every note stay on the page as aliases, so links into the old pages
   still land.

Invariant (tested on the whole corpus): every claim of every note is shown,
or is the same claim as one that is shown and cites the same notes; every
cited second is still cited.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .claims import (
    Claim,
    ClaimKey,
    Section,
    note_claims,
    rewrite,
    same_claim,
    sections,
    share_moment,
)
from .model import (
    Block,
    Heading,
    Html,
    Inline,
    Note,
    Paragraph,
    Plain,
    Segment,
    Stamp,
    Text,
    Timestamp,
)
from .outline import RESERVED_IDS, note_anchors
from .slugs import heading_anchor
from .syntax.inline import plain_text

_BUCKET = 10
NEAR_IDENTICAL = 90  # fuzz.ratio: the same wording, give or take a word
SAME_HEADING = 80  # token-set ratio above which an aligned heading adds nothing


@dataclass
class ClaimGroup:
    representative: Claim
    members: list[Claim] = field(default_factory=list)

    @property
    def seconds(self) -> list[int]:
        return sorted({s for m in self.members for s in m.seconds})

    def sources(self, order: Mapping[str, int]) -> list[int]:
        return sorted({order[m.note] for m in self.members})


@dataclass(frozen=True)
class MergedPage:
    notes: tuple[str, ...]  # reading order: skeleton first
    blocks: tuple[Block, ...]
    anchors: dict[int, str]  # id(heading block) -> anchor
    note_anchor: dict[str, str]  # note -> where its content starts (for redirects)
    orphans: dict[str, tuple[str, ...]]  # note -> old anchors kept on its source entry
    claims: int  # claims in all notes
    shown: int  # claim groups shown

    @property
    def primary(self) -> str:
        return self.notes[0]


def group_claims(ordered: Sequence[Claim]) -> dict[tuple[str, ClaimKey], ClaimGroup]:
    """Greedy, longest-first grouping; returns each claim's group."""
    position = {(c.note, c.key): i for i, c in enumerate(ordered)}
    groups: list[ClaimGroup] = []
    stamped: dict[int, list[int]] = defaultdict(list)
    unstamped: list[int] = []
    of: dict[tuple[str, ClaimKey], ClaimGroup] = {}
    for claim in sorted(ordered, key=lambda c: (-c.size, position[(c.note, c.key)])):
        candidates: set[int] = set()
        if claim.seconds:
            for second in claim.seconds:
                bucket = second // _BUCKET
                for near in (bucket - 1, bucket, bucket + 1):
                    candidates.update(stamped.get(near, ()))
        else:
            candidates.update(unstamped)
        home: ClaimGroup | None = None
        for index in sorted(candidates):
            if same_claim(groups[index].representative, claim):
                home = groups[index]
                break
        if home is None:
            home = ClaimGroup(claim)
            groups.append(home)
            index = len(groups) - 1
            if claim.seconds:
                for bucket in {s // _BUCKET for s in claim.seconds}:
                    stamped[bucket].append(index)
            else:
                unstamped.append(index)
        home.members.append(claim)
        of[(claim.note, claim.key)] = home
    return _join_near_identical(groups, of)


def _join_near_identical(
    groups: list[ClaimGroup], of: dict[tuple[str, ClaimKey], ClaimGroup]
) -> dict[tuple[str, ClaimKey], ClaimGroup]:
    """Second pass: join groups whose representatives are worded almost
    identically and whose cited seconds meet.

    Greedy grouping compares a claim with representatives only, so two
    near-identical wordings can end up in different groups when each met a
    different longer claim first; and a group shows every second its members
    cite, which can bring two such groups onto one moment.  Joining them
    loses nothing: the words agree and the seconds are pooled."""
    while True:
        joined_any, groups, of = _join_once(groups, of)
        if not joined_any:
            return of


def _join_once(
    groups: list[ClaimGroup], of: dict[tuple[str, ClaimKey], ClaimGroup]
) -> tuple[bool, list[ClaimGroup], dict[tuple[str, ClaimKey], ClaimGroup]]:
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[int, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        for bucket in {s // _BUCKET for s in group.seconds}:
            buckets[bucket].append(index)
    for index, group in enumerate(groups):
        seconds = group.seconds
        if not seconds:
            continue
        near: set[int] = set()
        for bucket in {s // _BUCKET for s in seconds}:
            for b in (bucket - 1, bucket, bucket + 1):
                near.update(j for j in buckets.get(b, ()) if j > index)
        for j in sorted(near):
            other = groups[j]
            if (
                find(j) != find(index)
                and share_moment(seconds, other.seconds)
                and fuzz.ratio(
                    group.representative.text,
                    other.representative.text,
                    score_cutoff=NEAR_IDENTICAL,
                )
                > 0
            ):
                parent[find(j)] = find(index)
    if all(find(i) == i for i in range(len(groups))):
        return False, groups, of
    roots: dict[int, ClaimGroup] = {}
    for index, group in enumerate(groups):
        if find(index) == index:
            roots[index] = group
    for index, group in enumerate(groups):
        root = find(index)
        if root != index:
            target = roots[root]
            target.members.extend(group.members)
            if group.representative.size > target.representative.size:
                target.representative = group.representative
    position = {id(group): index for index, group in enumerate(groups)}
    joined = {key: roots[find(position[id(group)])] for key, group in of.items()}
    return True, [roots[i] for i in sorted(roots)], joined


def _section_seconds(claims: Sequence[Claim]) -> set[int]:
    return {s for c in claims for s in c.seconds}


def _moment_overlap(a: set[int], b: set[int], tolerance: int = 30) -> float:
    """Share of the smaller set of seconds within ``tolerance`` of the other:
    sections about the same stretch of the video cite nearby, not equal, seconds."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    ordered = sorted(large)
    close = 0
    for second in small:
        i = bisect.bisect_left(ordered, second - tolerance)
        if i < len(ordered) and ordered[i] <= second + tolerance:
            close += 1
    return close / len(small)


def _heading_text(section: Section) -> str:
    return plain_text(section.heading.inline) if section.heading else ""


def merge_notes(notes: Sequence[Note]) -> MergedPage:
    """Merge one duplicate group.  Sources are numbered 1, 2 ... in reading
    order (``MergedPage.notes``); claim markers use those numbers."""
    ordered = sorted(notes, key=lambda n: n.path)
    parts = {n.path: sections(n) for n in ordered}
    claims = {n.path: note_claims(n, parts[n.path]) for n in ordered}
    ordered.sort(key=lambda n: (-len(claims[n.path]), n.path))
    skeleton = ordered[0].path
    reading = [c for n in ordered for c in claims[n.path]]
    groups = group_claims(reading)
    by_section: dict[tuple[str, int], list[Claim]] = defaultdict(list)
    for claim in reading:
        by_section[(claim.note, claim.key[0])].append(claim)  # type: ignore[index]

    aligned: dict[int, list[tuple[str, int]]] = defaultdict(list)
    loose: list[tuple[str, int]] = []
    for note in ordered[1:]:
        for index, section in enumerate(parts[note.path]):
            mine = by_section[(note.path, index)]
            target = _align(section, mine, parts[skeleton], skeleton, by_section, groups)
            if target is None:
                loose.append((note.path, index))
            else:
                aligned[target].append((note.path, index))
    loose.sort(key=lambda key: (_first_second(by_section[key]), key))

    page = _Assembler(parts, groups, reading, {n.path: i for i, n in enumerate(ordered, 1)})
    for index, section in enumerate(parts[skeleton]):
        start = _first_second(by_section[(skeleton, index)])
        while loose and section.heading is not None and _first_second(by_section[loose[0]]) < start:
            page.section(*loose.pop(0))
        heading = page.section(skeleton, index)
        for note, other in aligned[index]:
            page.section(note, other, under=heading)
    for note, index in loose:
        page.section(note, index)
    return page.finish(tuple(n.path for n in ordered), len(reading))


class _Assembler:
    """Builds the merged page section by section, keeping every old anchor.

    Each section's content lands under some heading of the merged page (its
    *destination*).  Every heading id the member notes had (top-level or
    nested) that the merged page does not use itself becomes an alias on
    that destination, or, for text before any heading, an alias on the
    note's entry in the sources box, so old links keep landing.
    """

    def __init__(
        self,
        parts: Mapping[str, list[Section]],
        groups: Mapping[tuple[str, ClaimKey], ClaimGroup],
        reading: Sequence[Claim],
        sources: Mapping[str, int],
    ) -> None:
        self.parts, self.groups, self.sources = parts, groups, sources
        # A group is shown where its first member sits in reading order.
        self.shown_at: dict[int, tuple[str, ClaimKey]] = {}
        for claim in reading:
            self.shown_at.setdefault(id(groups[(claim.note, claim.key)]), (claim.note, claim.key))
        self.blocks: list[Block] = []
        self.anchors: dict[int, str] = {}
        self.taken: set[str] = set(RESERVED_IDS)
        self.old: list[tuple[str, str, Heading | None]] = []  # (note, anchor, destination)
        self.note_anchor: dict[str, str] = {}

    def _visitor(self, note: str) -> Callable[[Claim], Inline | None]:
        def visit(claim: Claim) -> Inline | None:
            group = self.groups[(note, claim.key)]
            if self.shown_at[id(group)] != (note, claim.key):
                return None
            return _shown(group, self.sources)

        return visit

    def section(self, note: str, index: int, under: Heading | None = None) -> Heading | None:
        """Emit a section; with ``under``, only its text, below that heading."""
        section = self.parts[note][index]
        destination = under
        if under is None and section.heading is not None:
            destination = section.heading
            wanted = section.anchor or "section"
            anchor = wanted if wanted not in self.taken else heading_anchor(wanted, self.taken)
            self.taken.add(anchor)
            self.anchors[id(destination)] = anchor
            self.blocks.append(destination)
        body = rewrite(note, section.blocks, (index,), self._visitor(note), texts=False)
        heading = section.heading
        stamped = _has_stamps(section)
        if (
            under is not None
            and heading is not None
            and (stamped or (body and _differs(heading, under)))
        ):
            # The heading's words (and any moment it cites) stay, as a lead-in.
            self.blocks.append(_lead_in(heading, self.sources[note]))
        self.blocks.extend(body)
        inner = [a for h, a in note_anchors(section.blocks)]
        old = [section.anchor] if section.anchor else []
        for anchor in (*old, *inner):
            self.old.append((note, anchor, destination))
        if destination is not None:
            self.note_anchor.setdefault(note, self.anchors[id(destination)])
        return destination

    def finish(self, notes: tuple[str, ...], claims: int) -> MergedPage:
        aliases: dict[int, list[str]] = defaultdict(list)
        orphans: dict[str, list[str]] = defaultdict(list)
        for note, anchor, destination in self.old:
            if anchor in self.taken:
                continue
            self.taken.add(anchor)
            if destination is None:
                orphans[note].append(anchor)
            else:
                aliases[id(destination)].append(anchor)
        blocks = []
        for block in self.blocks:
            extra = aliases.get(id(block))
            if isinstance(block, Heading) and extra:
                spans = "".join(f'<span id="{a}"></span>' for a in extra)
                renamed = Heading(block.level, (*block.inline, Html(spans)), block.line)
                self.anchors[id(renamed)] = self.anchors.pop(id(block))
                blocks.append(renamed)
            else:
                blocks.append(block)
        return MergedPage(
            notes=notes,
            blocks=tuple(blocks),
            anchors=self.anchors,
            note_anchor=self.note_anchor,
            orphans={k: tuple(v) for k, v in orphans.items()},
            claims=claims,
            shown=len({id(g) for g in self.groups.values()}),
        )


def _has_stamps(section: Section) -> bool:
    return section.heading is not None and any(isinstance(s, Stamp) for s in section.heading.inline)


def _differs(heading: Heading, other: Heading) -> bool:
    a, b = plain_text(heading.inline), plain_text(other.inline)
    return fuzz.token_set_ratio(a, b) < SAME_HEADING


def _lead_in(heading: Heading, source: int) -> Paragraph:
    marker = Html(
        f'<sup class="hb-src" title="Source {source}"><a href="#source-{source}">{source}</a></sup>'
    )
    return Paragraph((Text("**"), *heading.inline, Text("**"), marker), heading.line)


def _first_second(claims: Sequence[Claim]) -> float:
    seconds = [s for c in claims for s in c.seconds]
    return min(seconds) if seconds else float("inf")


def _align(
    section: Section,
    claims: Sequence[Claim],
    skeleton_parts: Sequence[Section],
    skeleton: str,
    by_section: Mapping[tuple[str, int], Sequence[Claim]],
    groups: Mapping[tuple[str, ClaimKey], ClaimGroup],
) -> int | None:
    """The skeleton section this section belongs to, if any."""
    mine = {id(groups[(c.note, c.key)]) for c in claims}
    seconds = _section_seconds(claims)
    best: tuple[float, float, float, int] | None = None
    for index, candidate in enumerate(skeleton_parts):
        theirs = by_section[(skeleton, index)]
        shared = len(mine & {id(groups[(c.note, c.key)]) for c in theirs})
        moments = _moment_overlap(seconds, _section_seconds(theirs))
        title = fuzz.token_set_ratio(_heading_text(section), _heading_text(candidate)) / 100
        key = (shared, moments, title, -index)
        if best is None or key > best:  # type: ignore[operator]
            best = key  # type: ignore[assignment]
    if best is None:
        return None
    shared, moments, title, negative_index = best
    if shared >= 1 or moments >= 0.3 or (title >= 0.8 and section.heading is not None):
        return int(-negative_index)
    return None


def _shown(group: ClaimGroup, sources: Mapping[str, int]) -> Inline:
    """The representative's words, every second the group cites, its sources.

    Seconds only other members cite go before the closing punctuation; the
    source marker goes after it, as citations do."""
    inline: list[Segment] = list(group.representative.inline)
    if inline and isinstance(inline[-1], Text | Plain):
        last = inline.pop()
        trimmed = last.text.rstrip()
        if trimmed:
            inline.append(type(last)(trimmed))
    ending: list[Segment] = []
    if inline and isinstance(inline[-1], Text) and not inline[-1].text.strip(".;:,!?…"):
        ending.append(inline.pop())
    own = set(group.representative.seconds)
    for second in (s for s in group.seconds if s not in own):
        inline += [Text(" "), Stamp(Timestamp(second))]
    numbers = sorted({sources[m.note] for m in group.members})
    links = ",".join(f'<a href="#source-{n}">{n}</a>' for n in numbers)
    label = "Source" + ("s " if len(numbers) > 1 else " ") + ", ".join(map(str, numbers))
    marker = Html(f'<sup class="hb-src" title="{label}">{links}</sup>')
    return (*inline, *ending, marker)
