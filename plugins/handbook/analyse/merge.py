"""Duplicate notes → one merged page: one voice, each point once.

Input: the notes of one duplicate group (same video).  Output: a
:class:`MergedPage` whose blocks hold every claim of every note: shown, or
folded beneath the claim that says the same thing, with its citation.

Algorithm:

1. **Skeleton.**  The note with the most claims gives the page its order
   and its section structure; the others follow, largest first.
2. **Claim groups** (:mod:`handbook.analyse.fold`): claims that make one point,
   in any wording, form a group.  Its most complete wording is shown once,
   with every second any member cites and a marker naming every member's
   note; it is *placed* where its first member sits in reading order.
3. **Sections** (:mod:`handbook.analyse.layout`): each section of another note
   joins the page section covering the same ground (same heading, shared
   claim groups, same stretch of the video, similar heading) or becomes a
   new one; closing material ("Conclusion", "Key takeaways" ...) becomes
   one section at the end.
4. **Assembly.**  Each page section shows its host's heading, then each of
   its parts with every claim replaced by its group's representative where
   the group is placed, dropped elsewhere; a guest's heading becomes a bold
   lead-in when it adds words or cites a moment.  The other wordings of the
   groups shown in a page section follow it in a collapsed "Other wordings"
   callout (:data:`WORDINGS_KIND`), each with its own timestamps and a
   marker naming its note.
5. **Headings.**  A heading left with nothing beneath it (no text and no
   subsection with text) is dropped; a heading whose words another heading
   of the page already has is qualified with its parent heading ("Examples
   · Framework B").  Old heading anchors of every note stay on the page as
   aliases (a dropped heading's on the next heading shown), so links into
   the old pages still land.

Invariant (tested on the whole corpus): every claim of every note is shown,
or folded beneath its representative, citing its note; every cited second
is still cited; no heading is empty or repeated; closing material is last.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from ..ingest.syntax.inline import plain_text
from ..model import (
    Block,
    Callout,
    Heading,
    Html,
    Inline,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Plain,
    Quote,
    Segment,
    Stamp,
    Text,
    Timestamp,
)
from ..resolve.outline import RESERVED_IDS, note_anchors
from ..text.slugs import heading_anchor
from .claims import Claim, ClaimKey, Section, note_claims, rewrite, sections
from .fold import ClaimGroup, group_claims
from .layout import PageSection, Part, heading_words, plan_sections

__all__ = [
    "WORDINGS_KIND",
    "ClaimGroup",
    "MergedPage",
    "group_claims",
    "merge_notes",
]

SAME_HEADING = 80  # token-set ratio above which an aligned heading adds nothing
WORDINGS_KIND = "other wordings"  # callout type of the folded wordings


@dataclass(frozen=True)
class MergedPage:
    notes: tuple[str, ...]  # reading order: skeleton first
    blocks: tuple[Block, ...]
    anchors: dict[int, str]  # id(heading block) -> anchor
    note_anchor: dict[str, str]  # note -> where its content starts (for redirects)
    orphans: dict[str, tuple[str, ...]]  # note -> old anchors kept on its source entry
    claims: int  # claims in all notes
    shown: int  # claim groups shown
    # The claims a reader sees, in page order: each group's representative
    # once (outside the folded "Other wordings").
    shown_claims: tuple[Claim, ...] = ()

    @property
    def primary(self) -> str:
        return self.notes[0]


def merge_notes(notes: Sequence[Note]) -> MergedPage:
    """Merge one duplicate group.  Sources are numbered 1, 2 ... in reading
    order (``MergedPage.notes``); claim markers use those numbers."""
    ordered = sorted(notes, key=lambda n: n.path)
    parts = {n.path: sections(n) for n in ordered}
    claims = {n.path: note_claims(n, parts[n.path]) for n in ordered}
    ordered.sort(key=lambda n: (-len(claims[n.path]), n.path))
    reading = [c for n in ordered for c in claims[n.path]]
    groups = group_claims(reading)
    number = {id(g): i for i, g in enumerate({id(g): g for g in groups.values()}.values())}
    by_section: dict[tuple[str, int], list[Claim]] = defaultdict(list)
    for claim in reading:
        by_section[(claim.note, claim.key[0])].append(claim)  # type: ignore[index]

    def part(note: str, index: int) -> Part:
        section = parts[note][index]
        mine = by_section[(note, index)]
        return Part(
            note,
            index,
            plain_text(section.heading.inline) if section.heading else "",
            section.heading.level if section.heading else 0,
            frozenset(number[id(groups[(c.note, c.key)])] for c in mine),
            tuple(sorted({s for c in mine for s in c.seconds})),
        )

    layout = plan_sections(
        [part(ordered[0].path, i) for i in range(len(parts[ordered[0].path]))],
        [[part(n.path, i) for i in range(len(parts[n.path]))] for n in ordered[1:]],
    )
    page = _Assembler(parts, groups, reading, {n.path: i for i, n in enumerate(ordered, 1)})
    for page_section in layout:
        page.page_section(page_section)
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
        self.shown_here: list[ClaimGroup] = []  # groups shown in the current page section
        self.voice: list[Claim] = []  # every claim shown, in page order
        self.headings: set[str] = set()  # heading words already on the page
        self.parents: list[Heading] = []  # the open headings, outermost first
        self.primary = next(iter(sources), "")

    def _visitor(self, note: str) -> Callable[[Claim], Inline | None]:
        def visit(claim: Claim) -> Inline | None:
            group = self.groups[(note, claim.key)]
            if self.shown_at[id(group)] != (note, claim.key):
                return None
            self.shown_here.append(group)
            self.voice.append(group.representative)
            return _shown(group, self.sources)

        return visit

    def page_section(self, plan: PageSection) -> None:
        host = plan.host
        heading = self.section(host.note, host.index)
        for guest in plan.guests:
            self.section(guest.note, guest.index, heading, guest=True)
        self._wordings()

    def _heading(self, heading: Heading) -> Heading:
        """The heading as shown: qualified by its parent when its words are
        already on the page."""
        while self.parents and self.parents[-1].level >= heading.level:
            self.parents.pop()
        shown = heading
        words = heading_words(plain_text(heading.inline))
        for parent in reversed(self.parents):
            if words not in self.headings:
                break
            qualifier = (Text(" · "), Plain(plain_text(parent.inline).strip()))
            shown = Heading(heading.level, (*shown.inline, *qualifier), heading.line)
            words = heading_words(plain_text(shown.inline))
        count = 1
        while words in self.headings:  # no parent tells them apart: number them
            count += 1
            shown = Heading(heading.level, (*heading.inline, Plain(f" ({count})")), heading.line)
            words = heading_words(plain_text(shown.inline))
        self.headings.add(words)
        self.parents.append(shown)
        return shown

    def section(
        self, note: str, index: int, under: Heading | None = None, guest: bool = False
    ) -> Heading | None:
        """Emit a section; as a ``guest``, only its text, below ``under``."""
        section = self.parts[note][index]
        destination = under
        if not guest and section.heading is not None:
            destination = self._heading(section.heading)
            wanted = section.anchor or "section"
            anchor = wanted if wanted not in self.taken else heading_anchor(wanted, self.taken)
            self.taken.add(anchor)
            self.anchors[id(destination)] = anchor
            self.blocks.append(destination)
        body = _demoted(rewrite(note, section.blocks, (index,), self._visitor(note), texts=False))
        heading = section.heading
        if (
            guest
            and heading is not None
            and (_has_stamps(section) or (body and (under is None or _differs(heading, under))))
        ):
            # The heading's words (and any moment it cites) stay, as a lead-in.
            self.blocks.append(_lead_in(heading, self.sources[note]))
        self.blocks.extend(body)
        inner = [a for h, a in note_anchors(section.blocks)]
        old = [section.anchor] if section.anchor and (guest or destination is None) else []
        for anchor in (*old, *inner):
            self.old.append((note, anchor, destination))
        if destination is not None:
            self.note_anchor.setdefault(note, self.anchors[id(destination)])
        return destination

    def _wordings(self) -> None:
        """The other wordings of the groups shown since the last call."""
        items: list[ListItem] = []
        for group in self.shown_here:
            for wording in group.other_wordings():
                first = wording[0]
                notes = sorted({self.sources[m.note] for m in wording})
                inline = (*_trimmed(first.inline), *_seconds_of(wording, first), _marker(notes))
                items.append(ListItem(inline, (), 0))
        self.shown_here = []
        if items:
            count = len(items)
            title = (Text(f"Other wordings ({count})"),)
            body = (ListBlock(False, tuple(items), 0),)
            self.blocks.append(Callout("note", WORDINGS_KIND, title, "-", body, 0))

    def finish(self, notes: tuple[str, ...], claims: int) -> MergedPage:
        self._drop_empty_headings()
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
            shown_claims=tuple(self.voice),
        )

    def _drop_empty_headings(self) -> None:
        """Drop each heading with no text beneath it and no subsection with
        text; its anchor and aliases move to the next heading shown (or, at
        the end of the page, the last one)."""
        kept: list[Block] = []
        pending: list[Heading] = []  # dropped after the last kept heading
        following: Heading | None = None  # the next kept heading, scanning backwards
        content = False
        for block in reversed(self.blocks):
            if not isinstance(block, Heading):
                kept.append(block)
                content = True
            elif content or (following is not None and following.level > block.level):
                kept.append(block)
                following, content = block, False
                for heading in pending:
                    self._move_anchors(heading, block)
                pending = []
            elif following is not None:
                self._move_anchors(block, following)
            else:
                pending.append(block)
        kept.reverse()
        for heading in pending:  # no heading anywhere: the aliases go to the sources box
            self._move_anchors(heading, None)
        self.blocks = kept

    def _move_anchors(self, heading: Heading, to: Heading | None) -> None:
        anchor = self.anchors.pop(id(heading))
        owner = next((n for n, _, d in self.old if d is heading), "")
        self.old = [(n, a, to if d is heading else d) for n, a, d in self.old]
        self.taken.discard(anchor)
        self.old.append((owner or self.primary, anchor, to))


def _demoted(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Headings nested in a list item or callout ("1.  ### Step one") as bold
    lead-ins: on a merged page they would repeat the sections' headings, and
    they never were sections (their old anchors are aliases already)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            block = Paragraph((Text("**"), *block.inline, Text("**")), block.line)
        elif isinstance(block, ListBlock):
            items = tuple(replace(i, children=_demoted(i.children)) for i in block.items)
            block = replace(block, items=items)
        elif isinstance(block, Callout):
            block = Callout(
                block.kind,
                block.raw_kind,
                block.title,
                block.fold,
                _demoted(block.children),
                block.line,
            )
        elif isinstance(block, Quote):
            block = Quote(_demoted(block.children), block.line)
        out.append(block)
    return tuple(out)


def _has_stamps(section: Section) -> bool:
    return section.heading is not None and any(isinstance(s, Stamp) for s in section.heading.inline)


def _differs(heading: Heading, other: Heading) -> bool:
    a, b = plain_text(heading.inline), plain_text(other.inline)
    return fuzz.token_set_ratio(a, b) < SAME_HEADING


def _marker(numbers: Sequence[int]) -> Html:
    links = ",".join(f'<a href="#source-{n}">{n}</a>' for n in numbers)
    label = "Source" + ("s " if len(numbers) > 1 else " ") + ", ".join(map(str, numbers))
    return Html(f'<sup class="hb-src" title="{label}">{links}</sup>')


def _lead_in(heading: Heading, source: int) -> Paragraph:
    return Paragraph((Text("**"), *heading.inline, Text("**"), _marker([source])), heading.line)


def _trimmed(inline: Inline) -> list[Segment]:
    out: list[Segment] = list(inline)
    if out and isinstance(out[-1], Text | Plain):
        last = out.pop()
        if last.text.rstrip():
            out.append(type(last)(last.text.rstrip()))
    return out


def _seconds_of(wording: Sequence[Claim], first: Claim) -> list[Segment]:
    """Seconds the other copies of one wording cite and the first does not."""
    own = set(first.seconds)
    extra = sorted({s for m in wording for s in m.seconds} - own)
    return [x for s in extra for x in (Text(" "), Stamp(Timestamp(s)))]


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
    return (*inline, *ending, _marker(sorted({sources[m.note] for m in group.members})))
