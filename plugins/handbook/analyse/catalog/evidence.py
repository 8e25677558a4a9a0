"""What the vault's running text says about a subject's name.

Sightings show where notes *announce* a name; this module reads the
sentences that *use* it (:func:`.gather.gather_mentions`), in their own
letter case, and counts how they write it:

* **capitals**: the share of uses capitalised mid-sentence (a sentence's
  first word proves nothing).  Companies, products and people are always
  capitalised; concepts often are not ("product-market fit");
* **possessive** ("Airbnb's") and **organisation** ("at Airbnb", "using
  Figma", "founded Stripe"): how names of organisations are used;
* **naming**: uses that treat the name as a term: "the concept of X",
  "what he calls X", "known as X", "the X framework / test / loop",
  "X (OKR)", a quoted "X", "X is a method for ...".  A generic phrase
  ("user feedback") is used but almost never named.

* **word use across the vault** (:class:`VaultText`): whether the name's
  first word is used as a verb ("to streamline": an instruction such as
  "Streamline onboarding", not a thing) and its last word as people
  ("managers who": a role, not a thing).

Only the first :data:`MAX_SAMPLES` uses are read, so the cost per subject
is bounded.  Invariant: a pure function of the subject and the claims.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from ...ingest.syntax.inline import plain_text
from ...model import Note
from ..claims import Claim, normalise
from .names import subject_key
from .subjects import Subject

MAX_SAMPLES = 24
_ENTITY_BEFORE = re.compile(
    r"(?:\b(?:at|from|by|with|using|joined|founded|via|on)\s+|\bco-?)$", re.I
)
_NAMED_BEFORE = re.compile(
    r"(?:\b(?:concept|idea|notion|principle|practice|term|philosophy|method|technique|theory|"
    r"law|discipline|framework|model|approach|phenomenon|process)\s+of\s+(?:the\s+)?|"
    r"\b(?:called|known\s+as|termed|dubbed|coined|so-called|referred\s+to\s+as|calls?|"
    r"introduced|popularized|named)\s+(?:it\s+|this\s+)?(?:the\s+|a\s+|an\s+)?|[\"“‘'])$",
    re.I,
)
# Running text that treats a name as a capability: "skills like X", "good at
# X", "improve your X", "X skills", "X is a skill".
_SKILL_BEFORE = re.compile(
    r"\b(?:skills?\s+(?:like|such\s+as|of|in|including)|good\s+at|better\s+at|great\s+at|"
    r"ability\s+(?:to|in)|capacity\s+for|(?:improve|develop|build|hone|practice|sharpen|"
    r"strengthen|master|learn)(?:s|ed|ing)?\s+(?:your|their|his|her|our|my|the)?\s*)$",
    re.I,
)
_SKILL_AFTER = re.compile(
    r"^(?:\s+skills?\b|\s+(?:is|are)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:skill|capability|"
    r"muscle|ability|competency|craft)\b)",
    re.I,
)
_NAMED_AFTER = re.compile(
    r"^(?:[\"”’']|\s*\((?:[A-Z][A-Za-z]+|[^)]{0,40}\bor\b)|"
    r"\s+(?:framework|model|method|methodology|matrix|test|metric|principle|loop|effect|law|"
    r"theory|technique|approach|concept|playbook|score|canvas|exercise|rule|fallacy|syndrome|"
    r"trap|bias)s?\b|"
    r"\s+(?:is|are|refers\s+to|means|describes|stands\s+for)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:framework|concept|metric|method|technique|approach|practice|term|strategy|process|"
    r"model|principle|measure|tool|mindset|idea|phenomenon|skill|ability|mistake|trap|way))",
    re.I,
)


@dataclass(frozen=True)
class VaultText:
    """Counts over every claim of the vault, read once per build."""

    video_of: Mapping[str, str | None]
    titles: frozenset[str]  # subject keys of the notes' own titles and names
    words: Mapping[str, int]  # word -> uses
    after_to: Mapping[str, int]  # word -> uses right after "to" (as a verb)
    before_who: Mapping[str, int]  # word -> uses right before "who" (as people)

    @cached_property
    def videos(self) -> int:
        return len({v for v in self.video_of.values() if v})


def vault_text(notes: Iterable[Note], claims: Mapping[str, Sequence[Claim]]) -> VaultText:
    words: Counter[str] = Counter()
    after_to: Counter[str] = Counter()
    before_who: Counter[str] = Counter()
    for path in sorted(claims):
        for claim in claims[path]:
            tokens = claim.text.split()
            words.update(tokens)
            for a, b in pairwise(tokens):
                if a == "to":
                    after_to[b] += 1
                elif b == "who":
                    before_who[a] += 1
    notes = list(notes)
    titles = frozenset(subject_key(n.title) for n in notes) | frozenset(
        subject_key(n.name) for n in notes
    )
    return VaultText({n.path: n.video_id for n in notes}, titles, words, after_to, before_who)


@dataclass(frozen=True)
class Evidence:
    """What the rest of the vault says about a subject, beyond its sightings."""

    prose_notes: frozenset[str] = frozenset()  # notes naming it in running text
    prose_videos: frozenset[str] = frozenset()
    note_title: bool = False  # a note of the vault is titled with its name
    capital: float = -1.0  # share written capitalised mid-sentence (-1: never seen)
    possessive: float = 0.0  # share written "Name's"
    organisation: float = 0.0  # share after "at", "using", "founded" ...
    named: int = 0  # uses that name it as a term
    seen: int = 0  # uses read
    verb_first: float = 0.0  # how often its first word follows "to" in the vault
    people: float = 0.0  # how often its last word precedes "who"
    vault_videos: int = 0  # videos in the whole vault: the scale every count is read at
    as_skill: int = 0  # uses that treat it as a capability ("good at X", "X skills")


def _spellings(subject: Subject) -> list[str]:
    """The subject's spellings as :func:`_folded` text writes them, longest first."""
    found = {" ".join(_folded(n).split()) for n in subject.names[:6]}
    return sorted((f for f in found if f), key=lambda f: (-len(f), f))  # ties: by text


def _folded(text: str) -> str:
    """Lower case with ``-``/``_`` as spaces: same length, so offsets carry over."""
    return text.lower().replace("-", " ").replace("_", " ")


def _find(folded: str, spellings: list[str]) -> tuple[int, int] | None:
    for spelling in spellings:
        start = folded.find(spelling)
        while start >= 0:
            end = start + len(spelling)
            if (start == 0 or not folded[start - 1].isalnum()) and (
                end == len(folded) or not folded[end].isalnum()
            ):
                return start, end
            start = folded.find(spelling, start + 1)
    return None


def _ratio(counts: Mapping[str, int], total: Mapping[str, int], word: str) -> float:
    return counts.get(word, 0) / (total.get(word, 0) + 5)


def evidence_of(subject: Subject, mentions: Sequence[Claim], vault: VaultText) -> Evidence:
    notes = frozenset(c.note for c in mentions)
    videos = frozenset(v for n in notes if (v := vault.video_of.get(n)))
    spellings = _spellings(subject)
    capital = possessive = organisation = named = seen = total = as_skill = 0
    for claim in mentions[:MAX_SAMPLES]:
        text = plain_text(claim.inline) if claim.inline else ""
        span = _find(_folded(text), spellings)
        if span is None:
            continue
        seen += 1
        start, end = span
        before, after = text[max(0, start - 40) : start], text[end : end + 80]
        named += bool(_NAMED_BEFORE.search(before) or _NAMED_AFTER.match(after))
        as_skill += bool(_SKILL_BEFORE.search(before) or _SKILL_AFTER.match(after))
        if start == 0 or text[start - 2 : start] in (". ", ": "):
            continue  # a sentence's first word is capitalised anyway
        total += 1
        capital += text[start].isupper()
        possessive += after[:2] in ("'s", "’s")
        organisation += bool(_ENTITY_BEFORE.search(before[-12:]))
    shares = (capital / total, possessive / total, organisation / total) if total else (-1.0, 0, 0)
    tokens = normalise(subject.name).split() or [""]
    return Evidence(
        notes,
        videos,
        subject.key in vault.titles,
        *shares,
        named,
        seen,
        _ratio(vault.after_to, vault.words, tokens[0]),
        _ratio(vault.before_who, vault.words, tokens[-1]),
        vault.videos,
        as_skill,
    )
