"""The catalog stage: notes → entries, their links, mentions and relations.

1. **sightings** of named things in every published note
   (:mod:`.candidates`), memoised per note;
2. **subjects**: sightings of one name, folded across spellings, acronyms
   and name variants (:mod:`.subjects`, :mod:`.names`);
3. **typing**: each candidate subject is kept as a framework, concept,
   skill or pitfall, or left out, by the fitted model (:mod:`.classify`);
4. **gathering**: every claim of every note that names a kept subject
   joins its entry (:mod:`.gather`), so an entry cites every video and
   channel that discusses it, not only the notes that give it a heading;
5. a framework that no source explains in two or more parts is shown as
   a concept: a framework page without its parts would promise what it
   cannot show;
6. curation from ``handbook.yml`` (:func:`.entries.apply_curation`);
7. a :class:`~.autolink.Matcher` of the entries' **specific** names
   (:func:`.gather.specific`), for links and "Referenced by";
8. **related entries**: entries that share notes with this one, or whose
   names appear in its claims, strongest first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz

from ...engine.memo import Memo
from ...model import Html, Inline, Note, Problem, Stamp, Text, WikiLink
from ...resolve.mentions import Mention
from ...resolve.mentions import sections as note_sections
from ...resolve.outline import inlines
from ...text.sentences import split_sentences
from ..claims import Claim, note_claims
from ..claims import sections as claim_sections
from .autolink import Matcher
from .candidates import Sighting, note_sightings
from .classify import shipped_model
from .context import Words, subject_words
from .entries import Entry, apply_curation, assign_slugs, merge_occurrences
from .evidence import evidence_of, vault_text
from .extract import Occurrence
from .features import subject_features
from .gather import gather_mentions, specific
from .names import subject_key, words
from .subjects import Subject, group_sightings

RELATED = 8
EVERYDAY_SHARE = 0.05
EVERYDAY_MIN = 10
# Vaults of fewer videos than the smallest the model is validated at (a fifth
# of the shared corpus, bench/train_catalog.py SCALES) keep what notes announce.
MODEL_VIDEOS = 50
SAME_NAME = 90
ANNOUNCING = ("heading", "bold", "structure", "cue", "quoted")


@dataclass
class Catalog:
    entries: list[Entry]
    matcher: Matcher
    problems: list[Problem] = field(default_factory=list)
    # Every name a note writes → (note, section) that first writes
    # it: where an old URL of an entry the catalog no longer keeps lands.
    homes: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def by_uri(self) -> dict[str, Entry]:
        return {e.uri: e for e in self.entries}


def vault_subjects(notes: Sequence[Note], memo: Memo) -> list[Subject]:
    """Every candidate subject of the vault, by key."""
    sightings: list[Sighting] = []
    pairs: list[tuple[str, str]] = []
    for note in notes:
        found, written = memo.get(
            "sightings", (note.path, note.digest), lambda n=note: note_sightings(n)
        )
        sightings += found
        pairs += written
    return [s for s in group_sightings(sightings, pairs) if s.candidate]


def vault_mentions(
    claims: Mapping[str, Sequence[Claim]], subjects: Sequence[Subject]
) -> dict[str, list[Claim]]:
    """Subject key → the claims that name it (:func:`.gather.gather_mentions`)."""
    names: dict[str, str] = {}
    for subject in subjects:
        for name in subject.names:
            names.setdefault(name, subject.key)
    announced = {s.key: set(s.notes) for s in subjects}
    return gather_mentions(sorted(claims.items()), names, announced)


Row = tuple[Subject, tuple[float, ...], Words]  # subject, features, its words


def subject_table(notes: Sequence[Note], memo: Memo) -> tuple[list[Row], dict[str, list[Claim]]]:
    """Every candidate subject with its features and words, and the claims
    that name each: what the classifier reads, in training too."""
    subjects = vault_subjects(notes, memo)
    claims = {
        n.path: memo.get("claims", (n.path, n.digest), lambda n=n: tuple(note_claims(n)))
        for n in notes
    }
    mentions = vault_mentions(claims, subjects)
    vault = vault_text(notes, claims)
    table = [
        (
            s,
            subject_features(s, evidence_of(s, mentions.get(s.key, ()), vault)),
            subject_words(s, mentions.get(s.key, ())),
        )
        for s in subjects
    ]
    return table, mentions


def _occurrence(sighting: Sighting, kind: str, origin: str = "") -> Occurrence:
    return Occurrence(
        kind,
        sighting.name,
        sighting.note,
        sighting.video,
        sighting.section,
        sighting.claims(),
        sighting.part_claims(),
        origin or sighting.origin,
        sighting.line,
    )


def _explained_parts(occurrences: Iterable[Occurrence]) -> int:
    return max((sum(bool(p.claims) for p in o.parts) for o in occurrences), default=0)


def choose_entries(table: Sequence[Row]) -> list[tuple[Entry, set[str]]]:
    """The entries, before gathering, each with the subject keys it covers.

    1. What the notes' structure announces (:func:`.entries.merge_occurrences`)
       is kept when the model keeps one subject the entry names as the
       announced kind (at that kind's threshold): this is where "Lesson
       Learned" or "Linear" under a skills heading go.  In a vault smaller
       than :data:`MODEL_VIDEOS` videos, announcements are kept unless the
       model finds the kind implausible (below its ``veto:`` threshold).
    2. Every other subject the model keeps becomes an entry of its kind."""
    model = shipped_model()
    by_key = {s.key: s for s, _, _ in table}
    videos = {g.video for s, _, _ in table for g in s.sightings if g.video}
    large = len(videos) >= MODEL_VIDEOS

    def floor(kind: str) -> float:
        # In a vault the model was validated at, an announcement is kept only
        # where the model would keep the subject as that kind; in a smaller
        # one the spread the model reads does not exist yet, so the notes'
        # own announcements stand unless the model all but rules them out.
        return model.thresholds.get(kind if large else "veto:" + kind, 1.0 if large else 0.0)

    probability = {
        s.key: dict(zip(model.kinds, model.probabilities(f, w), strict=True)) for s, f, w in table
    }
    owner: dict[str, str] = {}
    for subject, _, _ in table:
        for sighting in subject.sightings:
            owner.setdefault(subject_key(sighting.name), subject.key)
    structural = [
        _occurrence(g, g.hint)
        for subject, _, _ in table
        for g in subject.sightings
        if g.origin == "structure" and g.hint
    ]
    chosen: list[tuple[Entry, set[str]]] = []
    covered: set[str] = set()
    for entry in merge_occurrences(structural):
        keys = {owner[k] for n in entry.names if (k := subject_key(n)) in owner}
        # Gather only under names that are this entry's: "Career growth", the
        # tail of "the three Ws framework for career growth", names a topic
        # the whole vault talks about and would drown the entry.
        own = {k for k in keys if _same_subject(by_key[k].name, entry.name)} or keys
        best = max((probability[k][entry.kind] for k in keys), default=0.0)
        if best < floor(entry.kind):
            continue
        chosen.append((entry, own))
        covered |= keys
    for subject, features, said in table:
        if subject.key in covered:
            continue
        kind, _ = model.decide(features, said)
        if kind is None:
            continue
        # A subject written only as link labels and targets has no passage
        # of its own; gathering gives it every sentence that names it.
        own = [_occurrence(g, kind) for g in subject.sightings if g.origin in ANNOUNCING]
        chosen.append((Entry(kind, subject.name, "", own, list(subject.names[1:])), {subject.key}))
    return chosen


def _same_subject(a: str, b: str) -> bool:
    """Whether two names of one structural entry name one subject (one is a
    spelling or abbreviation of the other), rather than two."""
    a, b = subject_key(a), subject_key(b)
    return a == b or fuzz.token_set_ratio(a, b) >= SAME_NAME


def common_here(table: Sequence[Row], mentions: Mapping[str, list[Claim]], notes: int) -> set[str]:
    """Subjects of one word that this vault uses everywhere: named in more
    than :data:`EVERYDAY_SHARE` of its notes (and :data:`EVERYDAY_MIN`).
    "Startups", "prompts" or "outputs" are rare in English at large, so
    :func:`.gather.specific` lets them gather, but in a vault about startups
    every note says them: such a name gathers only where a note announces
    it, and never links."""
    cap = max(EVERYDAY_MIN, EVERYDAY_SHARE * notes)
    return {
        s.key
        for s, _, _ in table
        if len(words(s.name)) == 1 and len({c.note for c in mentions.get(s.key, ())}) > cap
    }


def local_only(
    table: Sequence[Row], mentions: Mapping[str, list[Claim]], common: set[str]
) -> dict[str, list[Claim]]:
    """The gathered claims, those of :func:`common_here` subjects kept only in
    the notes that announce them."""
    announced = {s.key: set(s.notes) for s, _, _ in table if s.key in common}
    return {
        key: [c for c in claims if c.note in announced[key]] if key in announced else claims
        for key, claims in mentions.items()
    }


def gather_into(
    notes: Sequence[Note],
    chosen: Sequence[tuple[Entry, set[str]]],
    gathered: Mapping[str, list[Claim]],
) -> list[Entry]:
    """Every entry with the claims that name any subject it covers; a
    framework no source explains in two or more parts becomes a concept."""
    by_path = {n.path: n for n in notes}
    anchors: dict[str, list[str | None]] = {}  # note → its sections' anchors, read once
    out = []
    for entry, keys in chosen:
        own = list(entry.occurrences)
        seen = {(c.note, c.key) for o in own for c in o.claims}
        seen |= {(c.note, c.key) for o in own for p in o.parts for c in p.claims}
        mentions = []
        for key in sorted(keys):
            for claim in gathered.get(key, []):
                if (claim.note, claim.key) not in seen:
                    seen.add((claim.note, claim.key))
                    if claim.note not in anchors:
                        anchors[claim.note] = [
                            s.anchor for s in claim_sections(by_path[claim.note])
                        ]
                    mentions.append(
                        _mention(by_path[claim.note], claim, anchors[claim.note], entry)
                    )
        kind = entry.kind
        if kind == "framework" and _explained_parts(own) < 2:
            kind = "concept"
        occurrences = [replace(o, kind=kind) for o in (*own, *mentions)]
        if not any(o.claims or o.parts for o in occurrences):
            continue  # nothing is said about it anywhere: no page to show
        out.append(Entry(kind, entry.name, "", occurrences, list(entry.aliases)))
    return assign_slugs(out)  # curation names entries by kind/slug


def _mention(note: Note, claim: Claim, anchors: Sequence[str | None], entry: Entry) -> Occurrence:
    """A claim gathered into ``entry``, placed in its section (``anchors``: the
    anchors of the note's sections, as :func:`.claims.sections` splits it)."""
    index = claim.key[0] if claim.key and isinstance(claim.key[0], int) else -1
    section = anchors[index] if 0 <= index < len(anchors) else None
    return Occurrence(
        entry.kind, entry.name, note.path, note.video_id, section, (claim,), (), "mention"
    )


def build_catalog(
    notes: Iterable[Note], rules: Mapping[str, Any], source: str, memo: Memo | None = None
) -> Catalog:
    memo = Memo() if memo is None else memo
    notes = list(notes)
    table, mentions = subject_table(notes, memo)
    common = common_here(table, mentions, len(notes))
    entries = gather_into(notes, choose_entries(table), local_only(table, mentions, common))
    entries, problems = apply_curation(entries, rules or {}, source or "handbook.yml")
    names: dict[str, str] = {}
    everyday = {s.name.lower() for s, _, _ in table if s.key in common}
    for entry in sorted(entries, key=lambda e: (-len(e.videos), -len(e.notes), e.uri)):
        for name in entry.names:
            if specific(name) and name.lower() not in everyday:
                names.setdefault(" ".join(name.lower().split()), entry.uri)
    matcher = Matcher(names)
    matcher.found = memo.get("autolink", matcher.key, dict)
    homes: dict[str, tuple[str, str | None]] = {}
    for announced in (True, False):  # a passage that announces the name first
        for subject, _, _ in table:
            for g in subject.sightings:
                if (g.origin in ("heading", "bold", "structure")) == announced:
                    homes.setdefault(g.name, (g.note, g.section))
    return Catalog(entries, matcher, problems, dict(sorted(homes.items())))


def entry_mentions(
    notes: Iterable[Note], matcher: Matcher, memo: Memo | None = None
) -> list[tuple[str, Mention]]:
    """``(entry URI, mention)`` for the first mention of each entry per section."""
    memo = Memo() if memo is None else memo
    found: list[tuple[str, Mention]] = []
    for note in notes:
        key = (note.path, note.digest, matcher.key)
        found += memo.get("mentions", key, lambda n=note: note_entry_mentions(n, matcher))
    return found


def note_entry_mentions(note: Note, matcher: Matcher) -> list[tuple[str, Mention]]:
    """One note's entry mentions: the first of each entry per section."""
    found: list[tuple[str, Mention]] = []
    seen: set[tuple[str | None, str]] = set()
    for block, section in note_sections(note):
        for inline in inlines(block):
            for sentence in split_sentences(inline):
                for index, segment in enumerate(sentence):
                    if not isinstance(segment, Text):
                        continue
                    for start, end, uri in matcher.find(segment.text):
                        if (section, uri) in seen:
                            continue
                        seen.add((section, uri))
                        marked = _marked(sentence, index, start, end)
                        name = segment.text[start:end]
                        link = WikiLink(
                            target=name,
                            raw=f"mention of {name!r}",
                            line=getattr(block, "line", 0),
                        )
                        stamps = tuple(s.stamp for s in sentence if isinstance(s, Stamp))
                        found.append((uri, Mention(note.path, link, marked, section, stamps)))
    return found


def _marked(sentence: Inline, index: int, start: int, end: int) -> Inline:
    text = sentence[index].text  # type: ignore[union-attr]
    pieces = (
        Text(text[:start]),
        Html("<mark>"),
        Text(text[start:end]),
        Html("</mark>"),
        Text(text[end:]),
    )
    return (*sentence[:index], *pieces, *sentence[index + 1 :])


def related_entries(entries: Sequence[Entry], matcher: Matcher) -> dict[str, list[Entry]]:
    """Entries that share notes (one point each) or are named in each other's
    claims (two points), strongest first, the strongest of each kind before
    the rest."""
    by_note: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for note in entry.notes:
            by_note[note].append(entry)
    by_uri = {e.uri: e for e in entries}
    related: dict[str, list[Entry]] = {}
    for entry in entries:
        score: Counter[str] = Counter()
        for note in entry.notes:
            for other in by_note[note]:
                if other is not entry:
                    score[other.uri] += 1
        text = " ".join(c.text for o in entry.occurrences for c in o.claims)
        for _, _, uri in matcher.find(text):
            if uri != entry.uri and uri in by_uri:
                score[uri] += 2
        best = [
            uri
            for uri, _ in sorted(score.items(), key=lambda kv: (-kv[1], by_uri[kv[0]].name.lower()))
        ]
        # The strongest of each kind first, so eight skills sharing the same
        # notes do not hide the framework those notes explain.
        leaders = list({by_uri[uri].kind: uri for uri in reversed(best)}.values())
        ordered = sorted(leaders, key=best.index) + [u for u in best if u not in leaders]
        related[entry.uri] = [by_uri[uri] for uri in ordered[:RELATED]]
    return related


def export_entries(entries: Sequence[Entry], url: Any) -> list[dict[str, Any]]:
    """Every entry for ``handbook.json``: kind, names, claims and sources."""
    rows = []
    for entry in entries:
        claims = [
            {"text": c.text, "note": c.note, "seconds": list(c.seconds)}
            for o in entry.occurrences
            for c in (*o.claims, *(c for p in o.parts for c in p.claims))
        ]
        rows.append(
            {
                "kind": entry.kind,
                "name": entry.name,
                "slug": entry.slug,
                "url": url(entry.uri),
                "aliases": [n for n in entry.names if n != entry.name],
                "sources": entry.notes,
                "videos": entry.videos,
                "claims": sorted(claims, key=lambda c: (c["note"], c["seconds"], c["text"])),
            }
        )
    return sorted(rows, key=lambda r: r["url"])
