"""Find framework, skill and pitfall occurrences in the notes' own structure.

No list of known entries exists anywhere in the code; everything comes
from how the notes are written:

1. **Sections** whose heading announces a kind (:mod:`.cues`): under a
   pitfall or skill heading, each bold-led list item (``**Name:** text``),
   each short plain item, and each sub-heading is one occurrence, its text
   the description.  A framework heading is itself an occurrence, named
   after the heading without the cue word, and its parts are the items of
   its first list or else its sub-headings.
2. **Lead-ins**: a list right after a sentence that announces skills or
   pitfalls ("the top three skills to master are:").
3. **Callouts**: warning, caution and danger callouts, and callouts titled
   "Don't ..." or "Avoid ...", are pitfalls.
4. **Prose**: "a common pitfall is X" names a pitfall; a quoted name before
   "framework" (``a "three Ws" framework``) names a framework.
5. **Concepts**: a phrase that heads two or more sections of one note and
   that the note calls a concept, model or principle is a framework whose
   parts are the note's sections (the Brandon Chu article's "managerial
   leverage").

Each occurrence keeps its claims (:mod:`handbook.analyse.claims`), so entries can
cite the exact moments, and where in the note it sits.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ...ingest.syntax.inline import plain_text
from ...model import (
    Block,
    Callout,
    Heading,
    Inline,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Stamp,
    Text,
)
from ...resolve.outline import note_anchors
from ...text.sentences import split_sentences
from ..claims import Claim, normalise, rewrite
from .cues import STOP, classify_heading, mentions_cue, name_tokens

PITFALL_CALLOUTS = frozenset({"warning", "danger", "failure"})
_NEGATIVE_TITLE = re.compile(r"^(?:don'?t|do not|avoid|never|stop|beware)\b", re.I)
_PROSE_PITFALL = re.compile(
    r"\b(?:pitfall|mistake|trap|impediment)s?\b[^.:]{0,80}?\b(?:is|was|are)\s+(?:that\s+)?"
    r"(?:(?:teams|they|people|managers|pms|many|most)\s+)?(?P<name>[^.;:,]{6,90})",
    re.I,
)
_QUOTED_FRAMEWORK = re.compile(
    r"[\"“](?P<name>[^\"”]{2,40})[\"”]\s+(?:framework|model|method)\b", re.I
)
_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|[ivx]+\.)\s+", re.I)
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)\s*$")
_POSSESSIVE = re.compile(r"^(?:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)['’]s\s+")
_TRAILING_CUE = re.compile(
    r"\s+(?:framework|model|method|methodology|mechanism|process|approach)s?\b.*$", re.I
)
_QUALIFIER = re.compile(
    r"\s+(?:for|in|of)\s+(?:product managers?|pms?|product management)\b.*$", re.I
)
_CONCEPT_WORDS = re.compile(r"\b(?:concepts?|framework|model|principles?|idea)\b", re.I)
# "the top three skills to master are:", "common mistakes include:"
_ANNOUNCES = re.compile(
    r"\b(?:skills?|traits?|attributes?|competenc\w*|pitfalls?|mistakes?|traps?)\b[^.]{0,40}?"
    r"\b(?:are|include|includes|were)\s*:$",
    re.I,
)
# Where a pitfall named in prose stops: "slowing down X as one becomes senior".
_CLAUSE_END = re.compile(
    r"\s+(?:as|when|while|such as|which|because|since|instead of|rather than)\s+", re.I
)
_PLURAL_CUE = re.compile(r"\b(?:frameworks|methods|methodologies)\b", re.I)
# A pitfall is a mistake, not advice: names that open with a positive
# imperative ("Invest in career conversations") are tips.
_ADVICE_START = re.compile(
    r"^(?:invest|develop|build|use|create|embrace|practi[cs]e|start|make|be|do|adopt|set|"
    r"define|prioriti[sz]e|focus|encourage|ensure|establish|leverage|learn|seek|ask|keep|"
    r"stay|take|get|give|find|hire|measure|test|try|write)\b",
    re.I,
)
# Skills are capabilities, not roles or warnings.
_ROLE_END = re.compile(
    r"(?:\b(?:experts?|designers?|engineers?|managers?|leaders?|founders?|users?)|ists?)$", re.I
)
_NEGATIVE_START = re.compile(r"^(?:not|don'?t|avoid|never|no)\b", re.I)
GENERIC_STEMS = frozenset({"growth", "product", "strategi", "success", "custom", "new", "simpl"})
_NUMBERED = re.compile(r"^\s*\d+[.)]\s")
GENERIC = frozenset({"product", "products", "management", "manager", "managers", "pm", "pms"})

MAX_NAME_WORDS = 12


@dataclass(frozen=True)
class Part:
    name: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Occurrence:
    kind: str
    name: str
    note: str
    video: str | None
    section: str | None  # heading anchor in the note's page
    claims: tuple[Claim, ...]
    parts: tuple[Part, ...] = ()
    origin: str = "item"
    line: int = 0

    @property
    def seconds(self) -> set[int]:
        found = {s for c in self.claims for s in c.seconds}
        for part in self.parts:
            found |= {s for c in part.claims for s in c.seconds}
        return found


_LETTER_S = re.compile(r"\b([A-Z])['’]s\b")
# Headings about a framework rather than naming one.
_META = re.compile(
    r"^(?:implement\w*|apply\w*|using|use|adopt\w*|origin\w*|history|distinction|overview|"
    r"introduction|comparison|evolution|limitations?|benefits?|criticism|how|why|when|what|"
    r"recommended|other|key|core|common|choosing|custom|beyond|putting)\b",
    re.I,
)


def clean_name(text: str, kind: str) -> str:
    """A readable entry name from a heading, bold lead or callout title.

    For frameworks the cue word and what qualifies it go ("The Three W's
    Framework for Career Growth" → "Three Ws"); around a colon, the side
    that names it wins: "Three W's: A Career Growth Framework" → "Three Ws",
    "Delegating Effectively: The CEDAF Framework" → "CEDAF"."""
    name = _NUMBERING.sub("", " ".join(text.split())).strip(" :-–—.*\"'“”")
    name = _LETTER_S.sub(r"\1s", name)
    name = _PARENTHETICAL.sub("", name)
    if kind == "framework":
        head, colon, tail = name.partition(":")
        tail = tail.strip()
        if colon and re.match(r"(?:a|an)\s", tail, re.I):
            name = head
        elif (
            colon
            and re.match(r"the\s", tail, re.I)
            and (_TRAILING_CUE.search(tail) or len(tail.split()) <= 4)
        ):
            name = tail
        elif colon and _TRAILING_CUE.search(head):
            name = head
        name = _POSSESSIVE.sub("", name.strip())
        name = re.sub(r"^the\s+", "", name, flags=re.I)
        name = _TRAILING_CUE.sub("", name)
        name = _QUALIFIER.sub("", name)
    # Scare quotes around part of a name ("First Principles" Thinking) are
    # the note's emphasis, not the name's.
    name = " ".join(re.sub(r"[\"“”]", "", name).split()).strip(" :-–—.'")
    return name[:1].upper() + name[1:] if name else name


def _acceptable(name: str, kind: str = "") -> bool:
    words = name.split()
    if not (0 < len(words) <= MAX_NAME_WORDS) or not name_tokens(name):
        return False
    if normalise(words[-1]) in STOP:  # "Implementing the"
        return False
    if name.count('"') % 2 or name.count("(") != name.count(")"):  # cut mid-quote
        return False
    if kind == "pitfall" and _ADVICE_START.match(name):
        return False
    if kind == "skill" and (_ROLE_END.search(name) or _NEGATIVE_START.match(name)):
        return False
    return not (
        kind == "framework" and (_META.match(name) or not name_tokens(name) - GENERIC_STEMS)
    )


def _claims(note: Note, blocks: tuple[Block, ...], key: tuple[object, ...]) -> tuple[Claim, ...]:
    found: list[Claim] = []

    def keep(claim: Claim) -> Inline:
        found.append(claim)
        return claim.inline

    rewrite(note.path, blocks, key, keep)
    return tuple(found)


def _item_claims(
    note: Note, item: ListItem, rest: Inline, key: tuple[object, ...]
) -> tuple[Claim, ...]:
    blocks: tuple[Block, ...] = ()
    if rest and (normalise(plain_text(rest)) or any(isinstance(x, Stamp) for x in rest)):
        blocks = (Paragraph(rest, item.line),)
    return _claims(note, (*blocks, *item.children), key)


def bold_lead(inline: Inline) -> tuple[str, Inline] | None:
    """Split ``**Name:** rest`` (or ``**Name**: rest``) into name and rest."""
    if not inline or not isinstance(inline[0], Text) or not inline[0].text.startswith("**"):
        return None
    collected: list[str] = []
    for index, segment in enumerate(inline):
        text = segment.text if isinstance(segment, Text) else plain_text((segment,))
        start = 2 if index == 0 else 0
        end = text.find("**", start)
        if end >= 0:
            collected.append(text[start:end])
            # "**Name**: rest" keeps its colon outside the bold; drop it.
            after = text[end + 2 :].lstrip(" :–—-")
            rest: Inline = ((Text(after),) if after else ()) + inline[index + 1 :]
            return "".join(collected), rest
        collected.append(text[start:])
    return None


def _items(
    note: Note, block: ListBlock, kind: str, section: str | None, key: tuple[object, ...]
) -> Iterator[Occurrence]:
    for k, item in enumerate(block.items):
        lead = bold_lead(item.inline)
        if lead is not None:
            raw, rest = lead
        elif item.inline and len(plain_text(item.inline).split()) <= 5 and kind == "skill":
            raw, rest = plain_text(item.inline), ()
        else:
            continue
        name = clean_name(raw, kind)
        if _acceptable(name, kind):
            claims = _item_claims(note, item, rest, (*key, "i", k))
            yield Occurrence(kind, name, note.path, note.video_id, section, claims, line=item.line)


def _parts(note: Note, blocks: Sequence[Block], key: tuple[object, ...]) -> tuple[Part, ...]:
    for index, block in enumerate(blocks):
        if isinstance(block, ListBlock):
            parts = []
            for k, item in enumerate(block.items):
                lead = bold_lead(item.inline)
                raw, rest = lead if lead is not None else (plain_text(item.inline), ())
                name = clean_name(raw, "part")
                if name and len(name.split()) <= MAX_NAME_WORDS:
                    parts.append(Part(name, _item_claims(note, item, rest, (*key, index, "i", k))))
            if len(parts) >= 2:
                return tuple(parts)
    return ()


@dataclass
class _Section:
    heading: Heading
    anchor: str | None
    direct: list[Block]
    children: list[_Section]
    start: int  # index in the note's top-level blocks


def _tree(note: Note) -> list[_Section]:
    """Headings as a tree; each node holds its direct blocks."""
    anchors = {id(h): a for h, a in note_anchors(note.blocks)}
    roots: list[_Section] = []
    stack: list[_Section] = []
    for index, block in enumerate(note.blocks):
        if isinstance(block, Heading):
            node = _Section(block, anchors.get(id(block)), [], [], index)
            while stack and stack[-1].heading.level >= block.level:
                stack.pop()
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
        elif stack:
            stack[-1].direct.append(block)
    return roots


def _walk(nodes: list[_Section]) -> Iterator[_Section]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _all_blocks(node: _Section) -> tuple[Block, ...]:
    blocks = list(node.direct)
    for child in node.children:
        blocks.append(child.heading)
        blocks.extend(_all_blocks(child))
    return tuple(blocks)


def note_occurrences(note: Note) -> list[Occurrence]:
    """Every framework, skill and pitfall occurrence in one note."""
    if note.kind == "note" and note.video_id is None:
        return []  # channel hubs and loose pages carry no claims of their own
    found: list[Occurrence] = []
    tree = _tree(note)
    for node in _walk(tree):
        title = plain_text(node.heading.inline)
        kind = classify_heading(title)
        key = ("h", node.start)
        if kind == "framework" and _PLURAL_CUE.search(title):
            # "Recommended Growth Frameworks": the items are the frameworks.
            for index, block in enumerate(node.direct):
                if isinstance(block, ListBlock):
                    found.extend(_items(note, block, "framework", node.anchor, (*key, index)))
        elif kind == "framework":
            name = clean_name(title, "framework")
            if _acceptable(name, "framework"):
                parts = _parts(note, node.direct, key)
                if not parts and node.children:
                    parts = tuple(
                        Part(
                            clean_name(plain_text(c.heading.inline), "part"),
                            _claims(note, _all_blocks(c), ("h", c.start)),
                        )
                        for c in node.children
                    )
                claims = _claims(
                    note, tuple(b for b in node.direct if not isinstance(b, ListBlock)), key
                )
                found.append(
                    Occurrence(
                        "framework",
                        name,
                        note.path,
                        note.video_id,
                        node.anchor,
                        claims,
                        parts,
                        "heading",
                        node.heading.line,
                    )
                )
        elif kind in ("skill", "pitfall"):
            for index, block in enumerate(node.direct):
                if isinstance(block, ListBlock):
                    found.extend(_items(note, block, kind, node.anchor, (*key, index)))
            for child in node.children:
                # Only numbered sub-headings ("### 1. Focusing on ...") name
                # one entry each; others are themes of the section.
                heading = plain_text(child.heading.inline)
                if not _NUMBERED.match(heading):
                    continue
                name = clean_name(heading, kind)
                if _acceptable(name) and classify_heading(name) is None:
                    claims = _claims(note, _all_blocks(child), ("h", child.start))
                    found.append(
                        Occurrence(
                            kind,
                            name,
                            note.path,
                            note.video_id,
                            child.anchor,
                            claims,
                            origin="heading",
                            line=child.heading.line,
                        )
                    )
            if kind == "pitfall":
                found.extend(_prose_pitfalls(note, node))
        found.extend(_lead_ins(note, node))
    found.extend(_callouts(note))
    found.extend(_quoted_frameworks(note))
    found.extend(_concepts(note, tree))
    return found


def _sentences(note: Note, blocks: Sequence[Block], key: tuple[object, ...]) -> Iterator[Claim]:
    yield from _claims(note, tuple(b for b in blocks if isinstance(b, Paragraph)), key)


def _prose_pitfalls(note: Note, node: _Section) -> Iterator[Occurrence]:
    for claim in _sentences(note, node.direct, ("h", node.start)):
        match = _PROSE_PITFALL.search(plain_text(claim.inline))
        if match:
            name = clean_name(_CLAUSE_END.split(match.group("name"))[0], "pitfall")
            if _acceptable(name):
                yield Occurrence(
                    "pitfall",
                    name,
                    note.path,
                    note.video_id,
                    node.anchor,
                    (claim,),
                    origin="prose",
                    line=node.heading.line,
                )


def _lead_ins(note: Note, node: _Section) -> Iterator[Occurrence]:
    """A list announced by the sentence before it: 'the top skills are:'."""
    blocks = node.direct
    for index in range(1, len(blocks)):
        before, block = blocks[index - 1], blocks[index]
        if not (isinstance(before, Paragraph) and isinstance(block, ListBlock)):
            continue
        sentences = split_sentences(before.inline)
        last = plain_text(sentences[-1]).strip() if sentences else ""
        if not _ANNOUNCES.search(last):
            continue
        for kind in ("skill", "pitfall"):
            if (
                mentions_cue(last, kind)
                and classify_heading(plain_text(node.heading.inline)) != kind
            ):
                yield from _items(note, block, kind, node.anchor, ("h", node.start, index))


def _callouts(note: Note) -> Iterator[Occurrence]:
    anchors = {id(h): a for h, a in note_anchors(note.blocks)}
    section: str | None = None
    for index, block in enumerate(note.blocks):
        if isinstance(block, Heading):
            section = anchors.get(id(block), section)
        if not isinstance(block, Callout) or block.title is None:
            continue
        title = plain_text(block.title)
        kind = None
        if block.kind in PITFALL_CALLOUTS or _NEGATIVE_TITLE.match(title):
            kind = "pitfall"
        elif classify_heading(title) == "framework":
            kind = "framework"
        if kind is None:
            continue
        name = clean_name(title, kind)
        if _acceptable(name):
            claims = _claims(note, block.children, ("c", index))
            yield Occurrence(
                kind,
                name,
                note.path,
                note.video_id,
                section,
                claims,
                origin="callout",
                line=block.line,
            )


def _quoted_frameworks(note: Note) -> Iterator[Occurrence]:
    for claim in _claims(note, tuple(b for b in note.blocks if isinstance(b, Paragraph)), ("q",)):
        match = _QUOTED_FRAMEWORK.search(plain_text(claim.inline))
        if match:
            name = clean_name(match.group("name"), "framework")
            if _acceptable(name):
                yield Occurrence(
                    "framework", name, note.path, note.video_id, None, (claim,), origin="prose"
                )


def _concepts(note: Note, tree: list[_Section]) -> Iterator[Occurrence]:
    """Articles have no markup to announce a framework; the phrase that heads
    the most sections (at least two) and that the text calls a concept,
    model or principle is one, with the article's sections as its parts."""
    if note.kind != "article":
        return
    phrases: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for node in _walk(tree):
        words = [w for w in plain_text(node.heading.inline).split() if w[:1].isupper()]
        seen: set[str] = set()
        for size in (2, 3):
            for i in range(len(words) - size + 1):
                phrase = " ".join(words[i : i + size])
                key = normalise(phrase)
                tokens = key.split()
                if (
                    len(name_tokens(phrase)) == size
                    and not set(tokens) & GENERIC
                    and key not in seen
                ):
                    seen.add(key)
                    phrases[key] += 1
                    spelled.setdefault(key, phrase)
    text = " ".join(plain_text(b.inline) for b in note.blocks if isinstance(b, Paragraph)).lower()
    ranked = sorted(phrases.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
    for key, count in ranked:
        if count < 2:
            return
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if key.split()[0] in s]
        if any(_CONCEPT_WORDS.search(s) for s in sentences):
            parts = tuple(
                Part(
                    clean_name(plain_text(n.heading.inline), "part"),
                    _claims(note, _all_blocks(n), ("h", n.start)),
                )
                for n in tree
            )
            name = spelled[key]
            name = name[:1].upper() + name[1:].lower()
            yield Occurrence(
                "framework", name, note.path, note.video_id, None, (), parts, "concept"
            )
            return
