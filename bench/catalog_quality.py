"""Score the catalog of a vault against the issue-12 targets.

    .venv/bin/python bench/catalog_quality.py            # the shared corpus
    .venv/bin/python bench/catalog_quality.py --sample 40 --kind pitfall   # print a sample to read

Figures (each printed with the target it answers):

* **recall**: of the named concepts in ``tests/fixtures/catalog_recall.json``
  (compiled by reading, not from our output), the share with an entry.  An
  entry is the concept's when one of its names matches the concept's
  pattern or equals one of its variants after :func:`subject_key` folding;
* **coverage**: for each concept, the share of the videos that discuss it
  (the fixture's list) that its entry cites, missing entries counted as 0;
  the median over the concepts that have an entry, and over all;
* **labelled precision**: entries whose subject key is labelled in
  ``tests/fixtures/catalog_labels.tsv``, typed as labelled (an estimate; the
  issue's figure is a read sample, which ``--sample`` prints);
* **duplicates**: entries whose name folds (:func:`.names.fold_keys`) to
  another entry's, or whose name is another's plus or minus words at the end
  ("Three Ws" and "Three Ws career growth");
* **bodies**: frameworks with two or more explained parts; pitfalls that
  say both why it hurts and what to do instead.

The module is also imported by ``tests/test_catalog_quality.py``, so the
suite scores exactly what this prints.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from handbook.analyse.catalog.content import framework_parts, kind_sections  # noqa: E402
from handbook.analyse.catalog.entries import Entry  # noqa: E402
from handbook.analyse.catalog.names import subject_key  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus" / "tubegraph"
SEED = 40


@dataclass(frozen=True)
class Scores:
    recall: float
    coverage_found: float
    coverage_all: float
    missing: tuple[str, ...]
    labelled: dict[str, tuple[int, int]]  # kind → (right, judged)
    duplicates: float
    duplicate_pairs: tuple[tuple[str, str], ...]
    frameworks_with_parts: float
    pitfalls_complete: float
    per_concept: dict[str, tuple[str | None, float]]


def recall_concepts() -> list[dict]:
    return json.loads((FIXTURES / "catalog_recall.json").read_text(encoding="utf-8"))["concepts"]


def labels() -> dict[str, str]:
    out = {}
    for line in (FIXTURES / "catalog_labels.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, label, *_ = line.split("\t")
            out[key] = label.strip()
    return out


def entry_for(concept: dict, entries: list[Entry]) -> Entry | None:
    """The entry that is this concept's: the one citing most of its videos."""
    pattern = re.compile(concept["pattern"], re.I)
    variants = {subject_key(v) for v in [concept["name"], *concept["variants"]]}
    # An entry named by the concept (any of its names matches the pattern in
    # full, or folds to a variant): "NPS" with the alias "Net Promoter Score".
    matching = [
        e
        for e in entries
        if any(pattern.fullmatch(n) or subject_key(n) in variants for n in e.names)
        or (pattern.search(e.name) and len(e.name.split()) <= 4)
    ]
    wanted = set(concept["videos"])
    return max(matching, key=lambda e: (len(wanted & set(e.videos)), e.uri), default=None)


def _duplicates(entries: list[Entry]) -> list[tuple[str, str]]:
    by_key: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_key[subject_key(e.name)].append(e)
    pairs = [(es[0].uri, e.uri) for es in by_key.values() for e in es[1:]]
    keys = sorted(by_key)
    words = {k: k.split() for k in keys}
    for k in keys:
        w = words[k]
        # "three ws" and "three ws career growth": a name plus a tail.
        for n in range(2, len(w)):
            head = " ".join(w[:n])
            if head in by_key and len(head) >= 6:
                pairs.append((by_key[head][0].uri, by_key[k][0].uri))
                break
    return pairs


def score(entries: list[Entry]) -> Scores:
    concepts = recall_concepts()
    per: dict[str, tuple[str | None, float]] = {}
    for c in concepts:
        entry = entry_for(c, entries)
        wanted = set(c["videos"])
        share = len(wanted & set(entry.videos)) / len(wanted) if entry else 0.0
        per[c["name"]] = (entry.uri if entry else None, share)
    found = [s for uri, s in per.values() if uri]
    labelled: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    gold = labels()
    for e in entries:
        label = gold.get(subject_key(e.name))
        if label is not None:
            labelled[e.kind][1] += 1
            labelled[e.kind][0] += label == e.kind
    pairs = _duplicates(entries)
    dup_entries = {b for _, b in pairs}
    frameworks = [e for e in entries if e.kind == "framework"]
    pitfalls = [e for e in entries if e.kind == "pitfall"]
    with_parts = sum(sum(bool(p.claims) for p in framework_parts(e)) >= 2 for e in frameworks)
    complete = sum(_complete_pitfall(e) for e in pitfalls)
    return Scores(
        recall=len(found) / len(concepts),
        coverage_found=statistics.median(found) if found else 0.0,
        coverage_all=statistics.median(s for _, s in per.values()),
        missing=tuple(name for name, (uri, _) in per.items() if uri is None),
        labelled={k: (v[0], v[1]) for k, v in sorted(labelled.items())},
        duplicates=len(dup_entries) / max(1, len(entries)),
        duplicate_pairs=tuple(sorted(pairs)),
        frameworks_with_parts=with_parts / max(1, len(frameworks)),
        pitfalls_complete=complete / max(1, len(pitfalls)),
        per_concept=per,
    )


def _complete_pitfall(entry: Entry) -> bool:
    video_of = {o.note: o.video for o in entry.occurrences}
    sections = {heading: claims for _, heading, claims in kind_sections(entry, video_of, set())}
    return all(sections.get(h) for h in ("Why it hurts", "What to do instead"))


def sample(entries: list[Entry], kind: str, size: int) -> list[Entry]:
    """A fixed pseudo-random sample of one kind's entries: the ``size`` whose
    URL hashes (SHA-1, salted with :data:`SEED`) are smallest.  Unlike a
    random draw from the list, it is stable when entries come and go: an
    entry joins the sample only if its own hash is among the smallest, so a
    catalog change leaves most of a reviewed sample in place."""
    pool = [e for e in entries if e.kind == kind]

    def rank(entry: Entry) -> str:
        return hashlib.sha1(f"{SEED}:{entry.uri}".encode()).hexdigest()

    return sorted(pool, key=rank)[:size]


def describe(entry: Entry, claims: int = 6) -> str:
    """An entry as a reviewer reads it: name, kind, spread and its first claims."""
    from handbook.analyse.catalog.content import definition, entry_claims

    lines = [
        f"### {entry.kind} `{entry.uri[:-3]}/` {entry.name!r}",
        f"aliases: {entry.names[1:6]}; {len(entry.videos)} videos, {len(entry.notes)} notes",
    ]
    first = definition(entry)
    if first is not None:
        lines.append(f"definition: {first.text[:300]}")
    for claim in entry_claims(entry)[:claims]:
        lines.append(f"- [{claim.note}] {claim.text[:240]}")
    return "\n".join(lines) + "\n"


def corpus_entries(corpus: Path = CORPUS) -> list[Entry]:
    """The corpus's entries, built as the pipeline's catalog stage builds them."""
    from handbook.analyse.catalog.build import build_catalog
    from handbook.ingest.moments import repair_moments
    from handbook.ingest.notes import read_notes
    from handbook.resolve.index import find_channels

    notes = list(repair_moments(read_notes(corpus, None, None)).notes)
    hubs = {c.hub for c in find_channels(notes).values() if c.hub}
    published = [n for n in notes if n.path not in hubs]
    return list(build_catalog(published, {}, "").entries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--kind", default="")
    args = parser.parse_args()
    entries = corpus_entries(args.corpus)
    if args.sample:
        for kind in [args.kind] if args.kind else ["framework", "concept", "skill", "pitfall"]:
            for e in sample(entries, kind, args.sample):
                print(describe(e))
        return 0
    s = score(entries)
    kinds = defaultdict(int)
    for e in entries:
        kinds[e.kind] += 1
    print(f"entries: {len(entries)} {dict(sorted(kinds.items()))}")
    print(f"recall: {s.recall:.1%} (target 90%); missing: {', '.join(s.missing)}")
    print(
        f"coverage: median {s.coverage_found:.1%} of entries found (target 80%), "
        f"{s.coverage_all:.1%} over all"
    )
    for name, (uri, share) in sorted(s.per_concept.items()):
        print(f"  {share:5.0%}  {name}  → {uri}")
    for kind, (right, judged) in s.labelled.items():
        print(f"labelled precision {kind}: {right}/{judged} = {right / max(1, judged):.1%}")
    print(f"duplicates: {s.duplicates:.1%} (target ≤3%)")
    for a, b in s.duplicate_pairs[:30]:
        print(f"  {a}  ~  {b}")
    print(f"frameworks with ≥2 explained parts: {s.frameworks_with_parts:.1%} (target 80%)")
    print(f"pitfalls with why and instead: {s.pitfalls_complete:.1%} (target 80%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
