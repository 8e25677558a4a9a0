"""The catalog stage: notes → entries, their links, mentions and relations.

1. occurrences from every published note (:mod:`.extract`);
2. entries merged from them, then curated (:mod:`.entries`);
3. a :class:`~.autolink.Matcher` of every entry name and alias;
4. **mentions**: the first mention of each entry in each section of each
   note, quoted like a backlink (the name highlighted), so an entry's
   "Referenced by" shows where notes talk about it;
5. **related entries**: entries that share notes with this one, or whose
   names appear in its claims, strongest first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..memo import Memo
from ..mentions import Mention
from ..mentions import sections as note_sections
from ..model import Html, Inline, Note, Problem, Stamp, Text, WikiLink
from ..outline import inlines
from ..sentences import split_sentences
from .autolink import Matcher
from .entries import Entry, apply_curation, merge_occurrences
from .extract import note_occurrences

RELATED = 8


@dataclass
class Catalog:
    entries: list[Entry]
    matcher: Matcher
    problems: list[Problem] = field(default_factory=list)

    def by_uri(self) -> dict[str, Entry]:
        return {e.uri: e for e in self.entries}


def build_catalog(
    notes: Iterable[Note], rules: Mapping[str, Any], source: str, memo: Memo | None = None
) -> Catalog:
    memo = Memo() if memo is None else memo
    occurrences = [
        o
        for note in notes
        for o in memo.get(
            "occurrences", (note.path, note.digest), lambda n=note: note_occurrences(n)
        )
    ]
    entries = merge_occurrences(occurrences)
    entries, problems = apply_curation(entries, rules or {}, source or "handbook.yml")
    names: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: (-len(e.notes), e.uri)):
        for name in entry.names:
            names.setdefault(" ".join(name.lower().split()), entry.uri)
    matcher = Matcher(names)
    matcher.found = memo.get("autolink", matcher.key, dict)
    return Catalog(entries, matcher, problems)


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
    claims (two points), strongest first."""
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
        best = sorted(score.items(), key=lambda kv: (-kv[1], by_uri[kv[0]].name.lower()))
        related[entry.uri] = [by_uri[uri] for uri, _ in best[:RELATED]]
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
