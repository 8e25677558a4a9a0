"""What an entry page says: its claims, deduplicated and sorted by role.

* **Framework**: its parts in order.  The occurrence with the most parts
  gives the order; parts of other occurrences join the part whose name
  agrees (token-set ratio >= :data:`SAME_PART`) or follow it.  Each part
  holds the claims that explain it; claims outside parts describe the whole.
* **Skill**: a definition (the first claim of each occurrence), levels
  (claims naming a level, "level 0 to 5"), and advice (the rest).
* **Pitfall**: the mistake, why it hurts, and what to do instead, read off
  each claim's wording: remedy words ("instead", "to counter", "should",
  "focus on") make a remedy, harm words ("hinder", "slow", "limit",
  "leads to") make a reason, anything else states the mistake.

Within each heading, claims are grouped with :func:`handbook.merge.group_claims`
(per video, so moments of different videos never meet): each claim once,
in its most complete wording, citing every note that made it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..claims import Claim, ClaimKey
from ..merge import ClaimGroup, group_claims
from .entries import Entry

SAME_PART = 80
_LEVEL = re.compile(r"\blevels?\s+\d|\(level\b|\blevel\s+(?:zero|one|two|three|four|five)\b", re.I)
_REMEDY = re.compile(
    r"\b(?:instead(?!\s+of)|to counter|counter this|should|must|focus on|redirect|recogni[sz]|"
    r"it'?s (?:crucial|vital|essential|important|key) to|correct(?:ing)?|benchmark|the fix|"
    r"remedy|better to|avoid(?:ing)?|make sure|ensure|start (?:with|by)|try to)\b",
    re.I,
)
_HARM = re.compile(
    r"\b(?:hinder|imped|slow|limit|hurt|damag|risk|leads? to|lead to|cause|prevent|cost|waste|"
    r"undermin|stall|fail|self-limiting|anti-signal|excuse|problem|harm|block)",
    re.I,
)


@dataclass
class Shown:
    """One claim group to show, and the notes it cites."""

    group: ClaimGroup

    @property
    def first_second(self) -> float:
        seconds = self.group.seconds
        return min(seconds) if seconds else float("inf")


def groups(claims: Iterable[Claim], video_of: dict[str, str | None]) -> list[Shown]:
    """Deduplicated claim groups, in first-seen order, never across videos."""
    unique: dict[tuple[str, ClaimKey], Claim] = {}
    for claim in claims:
        unique.setdefault((claim.note, claim.key), claim)
    by_video: dict[str, list[Claim]] = defaultdict(list)
    order: list[str] = []
    for claim in unique.values():
        video = video_of.get(claim.note) or "article:" + claim.note
        if video not in by_video:
            order.append(video)
        by_video[video].append(claim)
    shown: list[Shown] = []
    for video in order:
        members = by_video[video]
        of = group_claims(members)
        seen: set[int] = set()
        for claim in members:
            group = of[(claim.note, claim.key)]
            if id(group) not in seen:
                seen.add(id(group))
                shown.append(Shown(group))
    return shown


@dataclass
class PartView:
    name: str
    claims: list[Claim]


def framework_parts(entry: Entry) -> list[PartView]:
    """The parts of a framework, aligned across its occurrences."""
    ordered = sorted(entry.occurrences, key=lambda o: (-len(o.parts), o.note))
    parts: list[PartView] = []
    for occurrence in ordered:
        for part in occurrence.parts:
            home = next(
                (
                    p
                    for p in parts
                    if fuzz.token_set_ratio(p.name.lower(), part.name.lower()) >= SAME_PART
                ),
                None,
            )
            if home is None:
                parts.append(PartView(part.name, list(part.claims)))
            else:
                home.claims.extend(part.claims)
    return parts


def role_of(kind: str, claim: Claim) -> str:
    """Which heading of an entry page a claim belongs under."""
    text = claim.text
    if kind == "skill":
        return "levels" if _LEVEL.search(text) else "advice"
    if kind == "pitfall":
        if _REMEDY.search(text):
            return "remedy"
        if _HARM.search(text):
            return "harm"
        return "mistake"
    return "overview"


def sections(entry: Entry) -> list[tuple[str, str, list[Claim]]]:
    """``(anchor, heading, claims)`` for an entry page, in reading order."""
    claims = [c for o in entry.occurrences for c in o.claims]
    if entry.kind == "skill":
        firsts = {id(o.claims[0]) for o in entry.occurrences if o.claims}
        definition = [c for c in claims if id(c) in firsts and role_of("skill", c) != "levels"]
        rest = [c for c in claims if id(c) not in firsts or role_of("skill", c) == "levels"]
        levels = [c for c in rest if role_of("skill", c) == "levels"]
        advice = [c for c in rest if role_of("skill", c) == "advice"]
        return [
            ("what-it-is", "What it is", definition),
            ("levels", "Levels", levels),
            ("advice", "Advice", advice),
        ]
    if entry.kind == "pitfall":
        by_role: dict[str, list[Claim]] = defaultdict(list)
        for claim in claims:
            by_role[role_of("pitfall", claim)].append(claim)
        return [
            ("the-mistake", "The mistake", by_role["mistake"]),
            ("why-it-hurts", "Why it hurts", by_role["harm"]),
            ("what-to-do-instead", "What to do instead", by_role["remedy"]),
        ]
    return [("what-the-sources-say", "What the sources say", claims)]
