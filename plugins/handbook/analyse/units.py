"""Content units: which notes become which page.

A unit is one published content page: a single note, or a group of
duplicate notes merged into one (:mod:`handbook.analyse.merge`).  This module runs
duplicate detection with the contributors' curation rules, merges each
group, and picks each merged page's title and URL owner:

* a title pinned in ``handbook.yml`` for any member wins, and the page keeps
  the URL of its skeleton note (the one with the most claims);
* otherwise the title is the members' **medoid** title: the one whose
  distinctive words agree best with the other members' titles (ties: the
  shorter, then by path), and the page takes that note's URL.

Every other member's URL becomes a redirect to the merged page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..engine.memo import Memo, fingerprint
from ..ingest.curation import Curation
from ..model import Note
from .duplicates import Clustering, find_duplicates, topic_words
from .merge import MergedPage, merge_notes


@dataclass(frozen=True)
class Unit:
    notes: tuple[Note, ...]  # reading order; one note unless merged
    owner: str  # the note whose URL the page takes
    title: str
    merged: MergedPage | None = None
    pinned: bool = False

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(n.path for n in self.notes)


def medoid_title(notes: Sequence[Note]) -> Note:
    """The member whose title agrees best with all the others' titles."""

    def agreement(note: Note) -> float:
        mine = topic_words(note.title)
        return sum(fuzz.token_set_ratio(mine, topic_words(o.title)) for o in notes if o is not note)

    return sorted(notes, key=lambda n: (-agreement(n), len(n.title), n.path))[0]


def plan_units(
    notes: Iterable[Note], curation: Curation, memo: Memo | None = None
) -> tuple[list[Unit], Clustering]:
    """Units for every publishable note, merged groups first, by owner path."""
    memo = Memo() if memo is None else memo
    notes = list(notes)
    by_path: Mapping[str, Note] = {n.path: n for n in notes}
    clustering = find_duplicates(notes, curation.together, curation.apart, memo=memo)
    units: list[Unit] = []
    grouped: set[str] = set()
    for group in clustering.groups:
        members = [by_path[p] for p in group]
        merged = memo.get("merge", fingerprint(members), lambda m=members: merge_notes(m))
        ordered = tuple(by_path[p] for p in merged.notes)
        pinned = next((curation.titles[p] for p in merged.notes if p in curation.titles), None)
        if pinned is not None:
            units.append(Unit(ordered, merged.primary, pinned, merged, pinned=True))
        else:
            owner = medoid_title(members)
            units.append(Unit(ordered, owner.path, owner.title, merged))
        grouped.update(group)
    for note in notes:
        if note.path not in grouped:
            title = curation.titles.get(note.path, note.title)
            units.append(Unit((note,), note.path, title, pinned=note.path in curation.titles))
    units.sort(key=lambda u: u.owner)
    return units, clustering
