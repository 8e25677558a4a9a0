"""Occurrences → entries: merge by name, stem, similarity and citations.

This is how a note's *structure* makes entries (a "Common pitfalls"
section, a "Three Ws framework" heading); :mod:`.build` then vets them
with the fitted model, adds the subjects the model finds elsewhere, and
gathers every note's mentions into them.

Occurrences of one kind join into one entry (union-find) when

1. their names have the same key (stemmed content words: "Communicate" and
   "Communication"), across videos too: several sources on one idea make
   one entry with several sources;
2. they come from the same video, cite moments at most
   :data:`NEAR_SECONDS` apart, and share a name word or describe it alike
   ("Focusing on what you cannot control" and "focusing on things beyond
   one's control"; "Relationship with change" and "slowing down the rate
   of change"), **unless** some note names a member of each as a separate
   item: siblings of one list ("Communicate", "Execute", "Influence") are
   distinct things however alike their passages read, and joining them
   would chain a list into one entry;
3. they come from the same video and one name is the other plus words:
   "Hypothesizing jobs in a conference room" and "... without talking to
   real people" (at least :data:`EXTENDED_WORDS` content words in common),
   under the same proviso.

An entry's name is the one written by the most notes; ties go, for
skills, to a noun ("Communication" over "Communicate"), then to the
shortest; a one-word skill verb is named by its noun ("Execute" →
"Execution").  Its slug is the slugged name, unique within its kind.

Curation (``catalog`` in ``handbook.yml``) then applies, keyed by the
entry's ``kind/slug``: ``exclude`` drops false positives, ``kind`` moves an
entry, ``rename`` sets its name (and slug), ``aliases`` adds names, which
also merges entries whose key equals an alias key.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz

from ...engine.disjoint import DisjointSets
from ...model import Problem
from ...text.slugs import slugify
from ..claims import same_claim
from .cues import name_key, name_tokens
from .extract import Occurrence

KINDS = ("framework", "concept", "skill", "pitfall")
PLURAL = {
    "framework": "frameworks",
    "concept": "concepts",
    "skill": "skills",
    "pitfall": "pitfalls",
}
NEAR_SECONDS = 60
EXTENDED_WORDS = 3
SAME_DESCRIPTION = 60
_NOUN_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ing", "ship", "ance", "ence")


@dataclass
class Entry:
    kind: str
    name: str
    slug: str
    occurrences: list[Occurrence]
    aliases: list[str] = field(default_factory=list)

    @property
    def uri(self) -> str:
        return f"{PLURAL[self.kind]}/{self.slug}.md"

    @property
    def ident(self) -> str:
        return f"{PLURAL[self.kind]}/{self.slug}"

    @property
    def notes(self) -> list[str]:
        return sorted({o.note for o in self.occurrences})

    @property
    def videos(self) -> list[str]:
        return sorted({o.video for o in self.occurrences if o.video})

    @property
    def names(self) -> list[str]:
        """Every name the entry goes by: its own, then the others seen, then aliases."""
        seen = dict.fromkeys(
            [self.name, *sorted({o.name for o in self.occurrences}), *self.aliases]
        )
        return list(seen)

    @property
    def citations(self) -> int:
        return len({(o.video, s) for o in self.occurrences for s in o.seconds})


def _description(occurrence: Occurrence) -> str:
    return " ".join(c.text for c in occurrence.claims)[:600]


def _near(a: Occurrence, b: Occurrence) -> bool:
    if a.video is None or a.video != b.video:
        return False
    theirs = sorted(b.seconds)
    for second in a.seconds:
        i = bisect.bisect_left(theirs, second - NEAR_SECONDS)
        if i < len(theirs) and theirs[i] <= second + NEAR_SECONDS:
            return True
    return False


def _related_names(a: Occurrence, b: Occurrence) -> bool:
    """Two names for one thing: as many words, most of them shared; or the
    same description.  Equal length keeps "Communication and Collaboration"
    from chaining "Communication" to "Collaboration"."""
    if a.note == b.note:
        return False
    ta, tb = name_tokens(a.name), name_tokens(b.name)
    if len(ta) == len(tb) and len(ta & tb) * 2 >= len(ta | tb):
        return True
    if any(same_claim(x, y) for x in a.claims for y in b.claims):
        return True  # they cite one moment with the same words
    if a.kind == "framework" and _same_parts(a, b):
        return True
    return fuzz.token_set_ratio(_description(a), _description(b)) >= SAME_DESCRIPTION


def _extends(a: Occurrence, b: Occurrence) -> bool:
    """One name is the other with words added: one thing, said in more detail.
    Timestamps cannot tell here: the two notes may cite different moments
    of the episode for it, or one of them none it could keep."""
    ta, tb = name_tokens(a.name), name_tokens(b.name)
    shorter, longer = sorted((ta, tb), key=len)
    return len(shorter) >= EXTENDED_WORDS and shorter < longer


def _same_parts(a: Occurrence, b: Occurrence) -> bool:
    """Two frameworks whose parts mostly agree are one framework."""
    if len(a.parts) < 2 or len(b.parts) < 2:
        return False
    matched = sum(
        1 for p in a.parts if any(fuzz.token_set_ratio(p.name, q.name) >= 80 for q in b.parts)
    )
    return matched * 2 >= min(len(a.parts), len(b.parts)) + 1


def merge_occurrences(occurrences: Iterable[Occurrence]) -> list[Entry]:
    """Group occurrences into entries, deterministically."""
    items = sorted(occurrences, key=lambda o: (o.kind, o.note, o.line, o.name))
    sets = DisjointSets(range(len(items)))

    def union(i: int, j: int) -> None:
        a, b = sets.find(i), sets.find(j)
        if a != b:
            sets.join(min(a, b), max(a, b))  # the earliest occurrence is the root

    by_key: dict[tuple[str, str], int] = {}
    by_video: dict[tuple[str, str], list[int]] = defaultdict(list)
    names = [name_key(o.name) for o in items]
    for index, occurrence in enumerate(items):
        key = (occurrence.kind, names[index])
        if key in by_key:
            union(by_key[key], index)
        else:
            by_key[key] = index
        if occurrence.video:
            by_video[(occurrence.kind, occurrence.video)].append(index)
    # Name keys each note writes as separate items: never one entry.
    listed_in: dict[str, set[str]] = defaultdict(set)  # name key → notes
    keys_of: dict[int, set[str]] = defaultdict(set)  # group root → its name keys
    for index, occurrence in enumerate(items):
        if occurrence.origin != "mention":
            listed_in[names[index]].add(occurrence.note)
        keys_of[sets.find(index)].add(names[index])

    def separate(a: int, b: int) -> bool:
        return any(
            x != y and x and y and not listed_in[x].isdisjoint(listed_in[y])
            for x in keys_of[a]
            for y in keys_of[b]
        )

    for members in by_video.values():
        for i, j in combinations(members, 2):
            a, b = sets.find(i), sets.find(j)
            if (
                a != b
                and (
                    (_near(items[i], items[j]) and _related_names(items[i], items[j]))
                    or _extends(items[i], items[j])
                )
                and not separate(a, b)
            ):
                union(i, j)
                keys_of[sets.find(i)] = keys_of[a] | keys_of[b]
    groups: dict[int, list[Occurrence]] = defaultdict(list)
    for index, occurrence in enumerate(items):
        groups[sets.find(index)].append(occurrence)
    entries = [Entry(group[0].kind, canonical_name(group), "", group) for group in groups.values()]
    return assign_slugs(entries)


def canonical_name(occurrences: Sequence[Occurrence]) -> str:
    """The name most notes use; ties: a noun for skills, then the shortest."""
    votes: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    notes: dict[str, set[str]] = defaultdict(set)
    for occurrence in occurrences:
        key = name_key(occurrence.name) or occurrence.name.lower()
        spelling.setdefault(key, occurrence.name)
        notes[key].add(occurrence.note)
    for key, members in notes.items():
        votes[key] = len(members)
    kind = occurrences[0].kind

    def rank(key: str) -> tuple[int, int, int, str]:
        shown = spelling[key].lower()
        noun = kind == "skill" and shown.split()[-1].endswith(_NOUN_ENDINGS)
        return (-votes[key], 0 if noun else 1, len(shown), shown)

    best = sorted(votes, key=rank)[0]
    name = spelling[best]
    if kind == "skill":
        name = nominalise(name)
    return name[:1].upper() + name[1:]


_VERB_ENDINGS = (("ize", "ization"), ("ise", "isation"), ("ate", "ation"), ("ute", "ution"))


def nominalise(name: str) -> str:
    """A one-word skill named by its verb reads as its noun: "Communicate"
    → "Communication", "Prioritize" → "Prioritization", "Execute" → "Execution"."""
    if " " in name.strip():
        return name
    for verb, noun in _VERB_ENDINGS:
        if name.lower().endswith(verb) and len(name) > len(verb) + 3:
            return name[: -len(verb)] + noun
    return name


def assign_slugs(entries: list[Entry]) -> list[Entry]:
    taken: set[str] = set()
    ordered = sorted(
        entries,
        key=lambda e: (e.kind, -len(e.videos), -len(e.notes), e.name.lower(), e.notes[0]),
    )
    for entry in ordered:
        base = slugify(entry.name, fallback=entry.kind)
        slug, n = base, 1
        while f"{entry.kind}/{slug}" in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(f"{entry.kind}/{slug}")
        entry.slug = slug
    return sorted(ordered, key=lambda e: (e.kind, e.slug))


def apply_curation(
    entries: list[Entry], rules: Mapping[str, Any], source: str
) -> tuple[list[Entry], list[Problem]]:
    """Apply ``catalog`` rules from ``handbook.yml``; report unknown entries."""
    problems: list[Problem] = []
    by_ident = {e.ident: e for e in entries}

    def lookup(ident: object, rule: str) -> Entry | None:
        entry = by_ident.get(str(ident).strip("/"))
        if entry is None:
            problems.append(
                Problem(
                    source,
                    0,
                    "curation/invalid",
                    f"catalog {rule}: no entry {ident!r}",
                    hint="name entries by kind/slug, e.g. skills/communication",
                )
            )
        return entry

    for ident in rules.get("exclude", []) or []:
        entry = lookup(ident, "exclude")
        if entry is not None:
            entries.remove(entry)
    for ident, kind in (rules.get("kind", {}) or {}).items():
        entry = lookup(ident, "kind")
        if entry is not None and kind in KINDS:
            entry.kind = kind
            entry.occurrences = [_with_kind(o, kind) for o in entry.occurrences]
        elif entry is not None:
            problems.append(
                Problem(
                    source, 0, "curation/invalid", f"catalog kind: {kind!r} is not one of {KINDS}"
                )
            )
    for ident, names in (rules.get("aliases", {}) or {}).items():
        entry = lookup(ident, "aliases")
        if entry is not None:
            entry.aliases.extend(str(n) for n in (names if isinstance(names, list) else [names]))
    for ident, name in (rules.get("rename", {}) or {}).items():
        entry = lookup(ident, "rename")
        if entry is not None:
            entry.name = str(name)
    entries = _merge_by_alias(entries)
    return assign_slugs(entries), problems


def _with_kind(occurrence: Occurrence, kind: str) -> Occurrence:
    from dataclasses import replace

    return replace(occurrence, kind=kind)


def _merge_by_alias(entries: list[Entry]) -> list[Entry]:
    """An alias whose key is another entry's key (same kind) joins the two."""
    by_key: dict[tuple[str, str], Entry] = {}
    kept: list[Entry] = []
    for entry in sorted(entries, key=lambda e: (-len(e.aliases), e.kind, e.name)):
        keys = {(entry.kind, name_key(n)) for n in entry.names}
        home = next(
            (by_key[k] for k in sorted(keys) if k in by_key and by_key[k] is not entry), None
        )
        if home is None:
            kept.append(entry)
            for key in keys:
                by_key.setdefault(key, entry)
        else:
            home.occurrences.extend(entry.occurrences)
            home.aliases.extend(n for n in entry.names if n not in home.names)
    return kept
