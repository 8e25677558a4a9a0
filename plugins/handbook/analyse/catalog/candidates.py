"""Candidate names: everything the notes say about named things.

One note yields **sightings**, each a name written somewhere with what
the note says about it there:

* ``heading``: every heading (cleaned as :func:`.extract.clean_name` does:
  numbering, "The", a trailing kind word and a qualifying tail go); its
  parts are the items of its first list or its sub-headings;
* ``bold``: every bold-led list item (``**Name:** text``); its parts are
  its own sub-items;
* ``link`` and ``label``: every wikilink's target (made readable) and its
  label, with the sentence it stands in;
* ``cue``: a capitalised, quoted or acronym name in running text next to a
  kind word ("the RICE framework", "a \"three Ws\" model", "the Sean Ellis
  test", "the build trap");
* ``quoted``: a short phrase in quotation marks in running text ("their
  \"aha moment\"", "a \"feature factory\""): how writers mark a term of art.
  An everyday word alone in quotes ("why", "no") is emphasis, not a name,
  and is not sighted (judged by its ``wordfreq`` frequency);
* ``structure``: what :func:`.extract.note_occurrences` reads off sections
  that announce their kind ("Common pitfalls", "Key skills"), with that
  kind as a hint.

Sightings are cheap records; which of them name a subject worth an entry
is decided later, from all sightings of one key across the vault
(:mod:`.features`, :mod:`.classify`).  Invariant: the order of sightings
is the order of the note, so everything built from them is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ...ingest.syntax.inline import plain_text
from ...model import Block, Link, ListBlock, ListItem, Note, Paragraph, Stamp
from ...resolve.outline import inlines, walk
from ...text.sentences import split_sentences
from ...text.slugs import readable_title
from ..claims import Claim, normalise, rewrite
from .cues import classify_heading
from .extract import (
    Part,
    _all_blocks,
    _tree,
    _walk,
    bold_lead,
    clean_name,
    note_occurrences,
)
from .names import NAMING_WORDS, common, expansions, words

MAX_WORDS = 7
CUE_KINDS = (
    "framework|model|method|methodology|matrix|canvas|flywheel|loop|test|metric|principle|law|"
    "rule|effect|score|index|ratio|curve|map|pyramid|funnel|cycle|trap|fallacy|bias|mistake|"
    "pitfall|syndrome|paradox|problem|theory|technique|playbook|strategy"
)
_NAME = r"(?:[A-Z][\w'’.&/-]*|[A-Z]{2,}s?|\d+[A-Za-z]*)"
_JOIN = r"(?:\s+(?:of|the|and|to|for|&|a|in|vs\.?|be)\s+|\s+|-)"
_CUE = re.compile(
    rf"(?<![\w'’])(?P<name>{_NAME}(?:{_JOIN}{_NAME}){{0,5}})\s+(?P<cue>(?:{CUE_KINDS})s?)\b"
)
_CUT_ADJECTIVE = re.compile(r"\w-(?:led|based|driven|centric|first|focused|oriented)$", re.I)
_ANY_CUE = re.compile(rf"\b(?:{CUE_KINDS})s?\b", re.I)
_QUOTED = re.compile(rf"[\"“](?P<name>[^\"”]{{3,50}})[\"”]\s+(?P<cue>(?:{CUE_KINDS})s?)\b", re.I)
# "the build trap", "the jobs-to-be-done framework": lower case after "the".
# A quoted name of one to four words, not a quoted sentence.
_QUOTED_NAME = re.compile(
    r"(?<![\w\"“])[\"“](?P<name>[A-Za-z][\w'’-]*(?:\s[A-Za-z0-9][\w'’-]*){0,3})[\"”](?![\w])"
)
EVERYDAY_ZIPF = 5.0  # one word this frequent in English is emphasis when quoted
_THE_CUE = re.compile(
    rf"\bthe\s+(?P<name>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){{0,3}})\s+(?P<cue>(?:{CUE_KINDS}))\b"
)


@dataclass(frozen=True, slots=True)
class Said:
    """What a note says at one place, read into claims only when asked.

    Most sightings never become entries, so splitting their blocks into
    claims up front would be wasted: :meth:`claims` does it on demand."""

    note: str
    blocks: tuple[Block, ...] = ()
    key: tuple = ()
    ready: tuple[Claim, ...] | None = None  # claims already made elsewhere

    def claims(self) -> tuple[Claim, ...]:
        if self.ready is not None:
            return self.ready
        found: list[Claim] = []

        def keep(claim: Claim) -> tuple:
            found.append(claim)
            return claim.inline

        rewrite(self.note, self.blocks, self.key, keep)
        return tuple(found)

    def size(self) -> int:
        """How much is said: blocks and list items, counted without parsing."""
        if self.ready is not None:
            return len(self.ready)
        return sum(1 for _ in walk(self.blocks))

    def text(self) -> str:
        """The plain words of the first blocks, for features (lower case)."""
        words = []
        for block in self.blocks[:2]:
            for inline in inlines(block)[:3]:
                words.append(plain_text(inline))
        if self.ready:
            words += [c.text for c in self.ready[:2]]
        return " ".join(words).lower()[:400]


@dataclass(frozen=True, slots=True)
class PartSaid:
    name: str
    said: Said


@dataclass(frozen=True, slots=True)
class Sighting:
    name: str
    origin: str  # heading, bold, link, label, cue, quoted, structure
    note: str
    video: str | None
    section: str | None
    line: int
    said: Said | None = None
    parts: tuple[PartSaid, ...] = ()
    hint: str = ""  # a kind the note's own structure announces
    cue: str = ""  # the kind word next to the name in running text
    context: str = ""  # the sentence a link or label stands in

    def claims(self) -> tuple[Claim, ...]:
        return self.said.claims() if self.said is not None else ()

    def part_claims(self) -> tuple[Part, ...]:
        return tuple(Part(p.name, p.said.claims()) for p in self.parts)


# Heading openers that say what the section does with a subject, not which
# subject: "Understanding Product-Market Fit" is about product-market fit, and
# so are "Strategies for Overcoming Impostor Syndrome" and "Avoid the Sunk
# Cost Fallacy" (a pitfall is named by the mistake, not by its avoidance).
_META_PREFIX = re.compile(
    r"^(?:(?:the\s+)?(?:importance|role|power|rise|concept|idea|nature|basics|art|science|"
    r"anatomy|evolution|origins?|history|principles?|definition|meaning|value|impact|"
    r"benefits?|limits?|limitations?|challenges?|dangers?|myth|case|strategies|tips|signs|"
    r"cost|costs|problem|problems|pitfalls?|risks?)\s+(?:of|for|behind|with|in)\s+|"
    r"(?:understanding|defining|define|introducing|introduction\s+to|overview\s+of|exploring|"
    r"applying|implementing|using|leveraging|mastering|building|achieving|measuring|finding|"
    r"overcoming|overcome|avoiding|avoid|embracing|embrace|navigating|dealing\s+with|"
    r"beware\s+of|why|what\s+is|how\s+to|from|on|beyond|about)\s+)",
    re.I,
)
_ARTICLE = re.compile(r"^(?:the|an?)\s+(?=\S)", re.I)
_QUOTES = "\"“”'‘’ "


def subject_name(name: str) -> str:
    """A heading or bold lead without its meta openers (at most two:
    "Strategies for Overcoming ..."), as a subject's name."""
    stripped = name
    for _ in range(2):
        stripped = _META_PREFIX.sub("", stripped, count=1).strip()
    stripped = _ARTICLE.sub("", stripped.strip(_QUOTES)).strip(_QUOTES)
    if stripped and stripped != name and _short(stripped):
        return stripped[:1].upper() + stripped[1:]
    return name


def _short(name: str) -> bool:
    """A name of a few words that does not stop on a compound adjective
    ("Product-led", "Data-driven": the noun it qualifies was cut off)."""
    if _CUT_ADJECTIVE.search(name):
        return False
    return 0 < len(name.split()) <= MAX_WORDS and any(c.isalpha() for c in name)


def note_sightings(note: Note) -> tuple[tuple[Sighting, ...], tuple[tuple[str, str], ...]]:
    """A note's sightings, and the (acronym, expansion) pairs it writes."""
    if note.video_id is None and note.kind != "article":
        return (), ()  # channel hubs and loose pages say nothing of their own
    found: list[Sighting] = []
    for node in _walk(_tree(note)):
        title = plain_text(node.heading.inline)
        name = subject_name(clean_name(title, "framework"))
        if _short(name):
            parts = _list_parts(note, node.direct, ("h", node.start))
            if not parts and node.children:
                parts = tuple(
                    PartSaid(
                        clean_name(plain_text(c.heading.inline), "part"),
                        Said(note.path, _all_blocks(c), ("h", c.start)),
                    )
                    for c in node.children
                )
            direct = tuple(b for b in node.direct if not isinstance(b, ListBlock))
            claims = Said(note.path, direct, ("h", node.start))
            found.append(
                Sighting(
                    name,
                    "heading",
                    note.path,
                    note.video_id,
                    node.anchor,
                    node.heading.line,
                    claims,
                    parts,
                    classify_heading(title) or "",
                )
            )
        hint = classify_heading(title) or ""
        for index, block in enumerate(node.direct):
            if isinstance(block, ListBlock):
                found.extend(_bold_items(note, block, node.anchor, ("b", node.start, index), hint))
        for block in node.direct:
            found.extend(_running(note, block, node.anchor))
    found.extend(
        Sighting(
            o.name,
            "structure",
            o.note,
            o.video,
            o.section,
            o.line,
            Said(o.note, ready=o.claims),
            tuple(PartSaid(p.name, Said(o.note, ready=p.claims)) for p in o.parts),
            o.kind,
        )
        for o in note_occurrences(note)
    )
    text = " ".join(plain_text(i) for b in walk(note.blocks) for i in inlines(b))
    return tuple(found), tuple(expansions(text))


def _item_said(note: Note, item: ListItem, rest: tuple, key: tuple) -> Said:
    """What a list item says: its words after the bold lead, and its children
    (as :func:`.extract._item_claims` reads them)."""
    blocks: tuple[Block, ...] = ()
    if rest and (normalise(plain_text(rest)) or any(isinstance(x, Stamp) for x in rest)):
        blocks = (Paragraph(rest, item.line),)
    return Said(note.path, (*blocks, *item.children), key)


def _list_parts(
    note: Note, blocks: tuple[Block, ...] | list[Block], key: tuple
) -> tuple[PartSaid, ...]:
    for index, block in enumerate(blocks):
        if isinstance(block, ListBlock) and len(block.items) >= 2:
            parts = []
            for k, item in enumerate(block.items):
                lead = bold_lead(item.inline)
                raw, rest = lead if lead is not None else (plain_text(item.inline), ())
                name = clean_name(raw, "part")
                if not _short(name):
                    return ()  # a list of sentences, not of parts
                parts.append(PartSaid(name, _item_said(note, item, rest, (*key, index, "i", k))))
            return tuple(parts)
    return ()


def _bold_items(
    note: Note, block: ListBlock, section: str | None, key: tuple, hint: str
) -> Iterator[Sighting]:
    for k, item in enumerate(block.items):
        lead = bold_lead(item.inline)
        if lead is None:
            continue
        raw, rest = lead
        name = subject_name(clean_name(raw, "framework"))
        if not _short(name):
            continue
        claims = _item_said(note, item, rest, (*key, "i", k))
        parts = _list_parts(note, item.children, (*key, "p", k))
        yield Sighting(
            name, "bold", note.path, note.video_id, section, item.line, claims, parts, hint
        )


def _running(note: Note, block: Block, section: str | None) -> Iterator[Sighting]:
    """Link targets, labels and cue-word names in a block's running text."""
    for inline in inlines(block):
        line = getattr(block, "line", 0)
        plain = plain_text(inline)
        if (
            not any(isinstance(x, Link) for x in inline)
            and not _ANY_CUE.search(plain)
            and not _QUOTED_NAME.search(plain)
        ):
            continue  # no link, kind word or quote: nothing to sight, no sentences to split
        for sentence in split_sentences(inline):
            text = plain_text(sentence)
            claim = None
            for segment in sentence:
                if isinstance(segment, Link) and not segment.link.embed:
                    link = segment.link
                    target = readable_title(link.target.split("/")[-1])
                    where = (note.path, note.video_id, section, link.line)
                    if _short(target):
                        yield Sighting(target, "link", *where, context=text)
                    if link.label and _short(link.label) and link.label.lower() != target.lower():
                        yield Sighting(link.label, "label", *where, context=text)
            for match in _QUOTED_NAME.finditer(text):
                name = match.group("name").strip(" .,'’-")
                if _short(name) and not _everyday(name):
                    claim = claim or Said(note.path, (Paragraph(sentence, line),), ("s", line))
                    yield Sighting(
                        name, "quoted", note.path, note.video_id, section, line, claim, context=text
                    )
            if not _ANY_CUE.search(text):
                continue  # most sentences name no kind word: skip the three scans
            for pattern in (_CUE, _QUOTED, _THE_CUE):
                for match in pattern.finditer(text):
                    name = match.group("name").strip(" .,'’")
                    cue = match.group("cue")
                    if cue.lower().rstrip("s") in NAMING_WORDS:
                        # "the IKEA effect", "the Sean Ellis test": the kind
                        # word is part of the name ("IKEA" alone is a company).
                        name = f"{name} {cue}"
                    if _short(name):
                        claim = claim or Said(note.path, (Paragraph(sentence, line),), ("s", line))
                        yield Sighting(
                            name,
                            "cue",
                            note.path,
                            note.video_id,
                            section,
                            line,
                            claim,
                            cue=cue.lower().rstrip("s"),
                            context=text,
                        )


def _everyday(name: str) -> bool:
    """One everyday English word: quoted for emphasis ("why", "real")."""
    found = words(name)
    return len(found) <= 1 and (not found or common(found[0]) >= EVERYDAY_ZIPF)
