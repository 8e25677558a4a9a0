"""Sightings → subjects: one subject per named thing across the vault.

Every sighting's name gets its :func:`.names.subject_key`; keys then fold
(:func:`.names.fold_keys`) where an acronym meets its expansion or a
person's name is spelled two ways.  A **subject** is one folded key with
every sighting of it, from every note, video and channel.

Its display name is the spelling written most often, counting running
text and headings before file-name link targets (which are lower case);
ties go to the spelling with more capitals, then the shorter, then the
alphabetically first, so the choice never depends on note order.

A subject is a **candidate** for an entry when more than one note names
it, or when a note's structure or a kind word announces it (a section
"Common pitfalls", "the RICE framework"): a name written once, as a plain
heading, is a section of one note, not a thing a reader looks up.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...text.stems import term_stem
from .candidates import Sighting
from .names import fold_keys, is_acronym, subject_key, words

RUNNING = ("label", "cue", "quoted")
_CAPITAL = re.compile(r"^[A-Z]")


@dataclass(frozen=True, slots=True)
class Subject:
    key: str
    name: str
    names: tuple[str, ...]  # every spelling, most written first
    sightings: tuple[Sighting, ...]

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(sorted({s.note for s in self.sightings}))

    @property
    def videos(self) -> tuple[str, ...]:
        return tuple(sorted({s.video for s in self.sightings if s.video}))

    @property
    def candidate(self) -> bool:
        return len(self.notes) >= 2 or any(
            s.hint or s.origin in ("cue", "structure") for s in self.sightings
        )


def _proper_words(sightings: Iterable[Sighting]) -> frozenset[str]:
    """Stems written capitalised, and never in lower case, in running text."""
    upper: set[str] = set()
    lower: set[str] = set()
    for sighting in sightings:
        if sighting.origin not in RUNNING:
            continue
        for token in re.split(r"[\s_\-/]+", sighting.name):
            key = words(token)
            if key:
                (upper if _CAPITAL.match(token) else lower).add(term_stem(key[0]))
    return frozenset(upper - lower)


def display_name(spellings: Counter[str], sightings: Sequence[Sighting]) -> str:
    weights: Counter[str] = Counter()
    for sighting in sightings:
        weights[sighting.name] += 1 if sighting.origin == "link" else 2
    for name in spellings:
        weights.setdefault(name, 0)
    return min(
        weights,
        key=lambda n: (-weights[n], -sum(c.isupper() for c in n), len(n), n),
    )


def group_sightings(
    sightings: Iterable[Sighting], pairs: Iterable[tuple[str, str]]
) -> list[Subject]:
    """Every subject, sorted by key."""
    by_key: dict[str, list[Sighting]] = defaultdict(list)
    for sighting in sightings:
        key = subject_key(sighting.name)
        if key:
            by_key[key].append(sighting)
    proper = {k: _proper_words(v) for k, v in by_key.items()}
    acronyms = {k for k, v in by_key.items() if any(is_acronym(s.name) for s in v)}
    spelled = {k: frozenset(w for s in v for w in words(s.name)) for k, v in by_key.items()}
    folded = fold_keys(by_key, pairs, proper, acronyms, spelled)
    members: dict[str, list[Sighting]] = defaultdict(list)
    for key in sorted(by_key):
        members[folded[key]].extend(by_key[key])
    subjects = []
    for key in sorted(members):
        found = members[key]
        spellings = Counter(s.name for s in found)
        name = display_name(spellings, found)
        names = tuple(sorted(spellings, key=lambda n: (-spellings[n], n)))
        subjects.append(Subject(key, name, names, tuple(found)))
    return subjects
