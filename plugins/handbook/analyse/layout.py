"""Which sections of a merged page hold which notes' sections.

Input: every section of every note of a merged group, as :class:`Part`
values (heading words, level, claim groups, cited seconds), the skeleton
note's first.  Output: the page's sections in reading order, each a host
section (whose heading the page shows) and guest sections (shown beneath
it, their headings turned into lead-ins).

Algorithm:

1. The skeleton's sections are the page's first sections, in its order.
2. Every section of the other notes (largest note first) joins the page
   section it covers the same ground as (:func:`_target`): the one with the
   same heading words; else the best of those sharing a claim group, or
   citing the same stretch of the video (30% of its seconds within 30 s),
   or with a similar heading (token-set ratio 80).  Candidates include the
   sections earlier notes added, so two notes' "Pitfalls" become one.
   A section that covers nothing on the page becomes a new page section,
   placed by its first cited second.
3. **Closing material** ("Conclusion", "Summary", "Key takeaways", "Final
   thoughts", "Recap", "TL;DR" ...: :func:`is_closing`) becomes one page
   section, the first such heading hosting every other, at the page's end,
   with the skeleton's subsections of it.  Closing sections only ever join
   each other.

Invariant: every part is in exactly one page section; no two page sections
have the same heading words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .claims import normalise

SAME_HEADING = 80  # token-set ratio of two headings that name one topic
SHARED_MOMENTS = 0.3  # share of a section's seconds near the other's
MOMENT_TOLERANCE = 30  # seconds

# Words that open a heading of closing material, in any subject.
_CLOSING = re.compile(
    r"^(?:(?:key|main|final|overall|general|practical)\s+)?"
    r"(?:conclusions?|concluding\s+\w+|summary|takeaways?|recap|wrap(?:ping)?\s+up|tl\s?dr)\b"
    r"|^(?:final|closing|parting)\s+(?:thoughts|remarks|words|notes)\b"
    r"|^in\s+(?:summary|conclusion|closing|short)\b"
)


_ENUMERATION = re.compile(r"^(?:\d+\s+)+")


def heading_words(heading: str) -> str:
    """A heading's words without its enumeration: "1. Master Internal
    Triggers" and "Master Internal Triggers" name one section."""
    return _ENUMERATION.sub("", normalise(heading))


def is_closing(heading: str) -> bool:
    """Whether a heading names closing material ("Key takeaways for
    founders", "Conclusion and tips"), not a topic ("Summarization")."""
    return bool(_CLOSING.match(normalise(heading)))


@dataclass(frozen=True)
class Part:
    """One section of one note, as the layout sees it."""

    note: str
    index: int
    heading: str  # its words, "" before the first heading
    level: int  # 0 before the first heading
    groups: frozenset[int]  # the claim groups it holds
    seconds: tuple[int, ...]  # sorted

    words: str = ""  # the heading's normalised words
    closing: bool = False  # whether the heading names closing material

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", heading_words(self.heading))
        object.__setattr__(self, "closing", is_closing(self.heading))

    @property
    def key(self) -> tuple[str, int]:
        return (self.note, self.index)

    @property
    def first(self) -> float:
        return self.seconds[0] if self.seconds else float("inf")


@dataclass
class PageSection:
    host: Part
    guests: list[Part] = field(default_factory=list)
    # What its parts hold together, for aligning further parts with it.
    groups: set[int] = field(default_factory=set)
    seconds: list[int] = field(default_factory=list)  # sorted

    def __post_init__(self) -> None:
        self.groups = set(self.host.groups)
        self.seconds = list(self.host.seconds)

    @property
    def parts(self) -> list[Part]:
        return [self.host, *self.guests]

    def add(self, part: Part) -> None:
        self.guests.append(part)
        self.groups |= part.groups
        self.seconds = sorted({*self.seconds, *part.seconds})


def plan_sections(skeleton: Sequence[Part], others: Sequence[Sequence[Part]]) -> list[PageSection]:
    """The page's sections (see the module docstring)."""
    page = [PageSection(part) for part in skeleton]
    loose: list[PageSection] = []
    for note in others:
        for part in note:
            target = _target(part, [*page, *loose])
            if target is None:
                loose.append(PageSection(part))
            else:
                target.add(part)
    loose.sort(key=lambda s: (s.host.first, s.host.key))
    ordered: list[PageSection] = []
    for section in page:
        start = section.host.first
        while loose and section.host.heading and loose[0].host.first < start:
            ordered.append(loose.pop(0))
        ordered.append(section)
    ordered += loose
    return _closing_last(ordered)


def _target(part: Part, sections: Sequence[PageSection]) -> PageSection | None:
    words, closing = part.words, part.closing
    best: tuple[float, float, float, int] | None = None
    chosen: PageSection | None = None
    for position, section in enumerate(sections):
        host = section.host
        if closing != host.closing:
            continue
        if words and host.words == words:
            return section
        if closing:
            return section  # closing material all goes to the first closing section
        shared = len(part.groups & section.groups)
        moments = _moment_overlap(part.seconds, section.seconds)
        title = fuzz.token_set_ratio(words, host.words) if words else 0.0
        if not (shared >= 1 or moments >= SHARED_MOMENTS or title >= SAME_HEADING):
            continue
        key = (shared, moments, title, -position)
        if best is None or key > best:
            best, chosen = key, section
    return chosen


def _moment_overlap(a: Sequence[int], b: Sequence[int]) -> float:
    """Share of the smaller set of seconds within the tolerance of the
    other: sections on one stretch of the video cite nearby seconds."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    close = 0
    for second in small:
        i = bisect.bisect_left(large, second - MOMENT_TOLERANCE)
        if i < len(large) and large[i] <= second + MOMENT_TOLERANCE:
            close += 1
    return close / len(small)


def _closing_last(sections: list[PageSection]) -> list[PageSection]:
    """One closing section, with its subsections, at the end."""
    body: list[PageSection] = []
    closing: list[PageSection] = []
    level = 0  # > 0 while inside a closing section's subsections
    for section in sections:
        host = section.host
        if level and host.level > level and not host.closing:
            closing.append(section)
            continue
        level = host.level if host.closing and host.level else 0
        (closing if level else body).append(section)
    if not closing:
        return body
    first = next(s for s in closing if s.host.closing)
    merged = [first]
    for section in closing:
        if section is first:
            continue
        if section.host.closing:
            for part in section.parts:
                first.add(part)
        else:
            merged.append(section)
    return [*body, *merged]
