"""Which notes are duplicate topics: score pairs within a video, then cluster.

Notes are only ever merged with notes of the same video (blocking), so the
cost is a few dozen pairs per video, not a square of the whole vault.

**Pair score** (0–1), a logistic model over three kinds of evidence:

* ``headings``: how well each note's headings find a match among the
  other's (token-set ratio of their distinctive words);
* ``content``: cosine similarity of the notes' words weighted by TF-IDF
  *within the video*, so words every note of the episode uses count for
  little and the words of each note's own topic count for much;
* ``claims``: the share of the two notes' claims that have the same claim
  in the other note (same moment, same words; :func:`handbook.claims.same_claim`),
  a Dice coefficient.

``score = σ(BIAS + W_HEADINGS·headings + W_CONTENT·content + W_CLAIMS·claims)``.
``titles`` (title agreement) is reported too but not scored: on the gold
set it made held-out F1 worse.

**Clustering** is average-linkage agglomeration: repeatedly join the two
groups whose average pair score is highest, while it is at least
:data:`THRESHOLD`.  Average linkage does not chain: a note joins a group
only if it is close to the group as a whole.  Curation rules come first:
``together`` pairs start in one group, ``apart`` pairs never end in one.

Weights and threshold were fitted by logistic regression on half of the
labelled gold set (``tests/fixtures/merge_gold.json``, 20 videos) and
checked on the other half: pairwise F1 0.76 on the fitting half, 0.72 held
out.  Single features alone reach ROC AUC 0.85 (headings), 0.84
(content), 0.72 (claims) and 0.61 (titles).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz, process

from .claims import Claim, normalise, note_claims, same_claim, sections
from .memo import Memo, fingerprint
from .model import Note
from .syntax.inline import plain_text

BIAS = -2.51
W_HEADINGS = 2.28
W_CONTENT = 1.60
W_CLAIMS = 0.79
THRESHOLD = 0.30

# Function words both lists leave out.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "the",
        "their",
        "to",
        "with",
        "what",
        "why",
        "when",
        "your",
        "you",
    ]
)
# Titles: also the words every product-management title shares.
_STOP = _FUNCTION_WORDS | frozenset(
    [
        "vs",
        "product",
        "products",
        "management",
        "manager",
        "managers",
        "pm",
        "pms",
    ]
)
# Content: also pronouns, modals and connectives.
_CONTENT_STOP = _FUNCTION_WORDS | frozenset(
    [
        "this",
        "that",
        "these",
        "those",
        "can",
        "will",
        "not",
        "but",
        "more",
        "most",
        "also",
        "which",
        "who",
        "they",
        "them",
        "there",
        "than",
        "then",
        "so",
        "such",
    ]
)
_BUCKET = 10


def topic_words(text: str) -> str:
    """A title's distinctive words, in order."""
    return " ".join(w for w in normalise(text).split() if w not in _STOP)


@dataclass(frozen=True, slots=True)
class Profile:
    """What pair scoring needs to know about one note."""

    path: str
    title: str
    headings: tuple[str, ...]
    claims: tuple[Claim, ...]
    buckets: Mapping[int, tuple[int, ...]]  # seconds // bucket -> claim indexes
    exact: Mapping[str, tuple[int, ...]]  # text of unstamped claims -> indexes
    terms: Mapping[str, int]  # stemmed content words -> count


def profile(note: Note) -> Profile:
    parts = sections(note)
    claims = tuple(note_claims(note, parts))
    buckets: dict[int, list[int]] = defaultdict(list)
    exact: dict[str, list[int]] = defaultdict(list)
    for index, claim in enumerate(claims):
        if claim.seconds:
            for bucket in {s // _BUCKET for s in claim.seconds}:
                buckets[bucket].append(index)
        else:
            exact[claim.text].append(index)
    headings = tuple(
        topic_words(plain_text(p.heading.inline)) for p in parts if p.heading is not None
    )
    terms = Counter(
        _stem(w)
        for c in claims
        for w in c.text.split()
        if len(w) > 2 and w not in _CONTENT_STOP and not w.isdigit()
    )
    return Profile(
        note.path,
        topic_words(note.title),
        tuple(h for h in headings if h),
        claims,
        {k: tuple(v) for k, v in buckets.items()},
        {k: tuple(v) for k, v in exact.items()},
        dict(terms),
    )


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A light suffix stripper: enough to meet 'framework' and 'frameworks'."""
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)]
    return word


def tfidf_vectors(profiles: Mapping[str, Profile]) -> dict[str, dict[str, float]]:
    """TF-IDF vectors of each note, IDF taken within the group given."""
    df = Counter(term for p in profiles.values() for term in p.terms)
    n = len(profiles)
    return {
        path: {t: (1 + math.log(c)) * math.log((1 + n) / df[t]) for t, c in p.terms.items()}
        for path, p in profiles.items()
    }


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def matched_claims(a: Profile, b: Profile) -> tuple[set[int], set[int]]:
    """Indexes of ``a``'s and ``b``'s claims that have the same claim in the
    other note; each candidate pair is compared once."""
    in_a: set[int] = set()
    in_b: set[int] = set()
    for index, claim in enumerate(a.claims):
        if not claim.seconds:
            others = b.exact.get(claim.text, ())
            if others:
                in_a.add(index)
                in_b.update(others)
            continue
        candidates: set[int] = set()
        for second in claim.seconds:
            bucket = second // _BUCKET
            for near in (bucket - 1, bucket, bucket + 1):
                candidates.update(b.buckets.get(near, ()))
        for j in sorted(candidates):
            if j in in_b and index in in_a:
                continue
            if same_claim(claim, b.claims[j]):
                in_a.add(index)
                in_b.add(j)
    return in_a, in_b


@dataclass(frozen=True, slots=True)
class PairScore:
    a: str
    b: str
    score: float
    headings: float = 0.0
    content: float = 0.0
    claims: float = 0.0
    titles: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "notes": [self.a, self.b],
            "score": round(self.score, 3),
            "headings": round(self.headings, 3),
            "content": round(self.content, 3),
            "claims": round(self.claims, 3),
            "titles": round(self.titles, 3),
        }


def _heading_match(a: Sequence[str], b: Sequence[str]) -> float:
    if not a or not b:
        return 0.0
    matrix = process.cdist(a, b, scorer=fuzz.token_set_ratio)
    return float(matrix.max(axis=1).sum() + matrix.max(axis=0).sum()) / (100 * (len(a) + len(b)))


def score_pair(a: Profile, b: Profile, content: float) -> PairScore:
    total = len(a.claims) + len(b.claims)
    in_a, in_b = matched_claims(a, b)
    shared = len(in_a) + len(in_b)
    claims = shared / total if total else 0.0
    titles = fuzz.token_set_ratio(a.title, b.title) / 100 if a.title and b.title else 0.0
    headings = _heading_match(a.headings, b.headings)
    logit = BIAS + W_HEADINGS * headings + W_CONTENT * content + W_CLAIMS * claims
    score = 1 / (1 + math.exp(-logit))
    return PairScore(a.path, b.path, score, headings, content, claims, titles)


def score_video(notes: Sequence[Note]) -> dict[tuple[str, str], PairScore]:
    """Scores of every pair of one video's notes, keyed by sorted paths."""
    profiles = {n.path: profile(n) for n in notes}
    vectors = tfidf_vectors(profiles)
    return {
        (a, b): score_pair(profiles[a], profiles[b], cosine(vectors[a], vectors[b]))
        for a, b in combinations(sorted(profiles), 2)
    }


@dataclass
class Clustering:
    groups: list[list[str]] = field(default_factory=list)
    scores: dict[tuple[str, str], PairScore] = field(default_factory=dict)
    forced: set[frozenset[str]] = field(default_factory=set)


def cluster(
    paths: Sequence[str],
    scores: Mapping[tuple[str, str], PairScore],
    together: Iterable[frozenset[str]] = (),
    apart: Iterable[frozenset[str]] = (),
    threshold: float = THRESHOLD,
) -> list[list[str]]:
    """Average-linkage groups of ``paths`` (sorted), honouring curation rules."""
    groups: list[set[str]] = [{p} for p in sorted(paths)]
    for rule in together:
        members = [g for g in groups if g & rule]
        if len(members) > 1:
            merged = set().union(*members)
            groups = [g for g in groups if g not in members] + [merged]
    apart_pairs = [tuple(sorted(rule)) for rule in apart]

    def allowed(x: set[str], y: set[str]) -> bool:
        return not any((p in x and q in y) or (p in y and q in x) for p, q in apart_pairs)

    def linkage(x: set[str], y: set[str]) -> float:
        values = [scores[tuple(sorted((p, q)))].score for p in x for q in y]  # type: ignore[index]
        return sum(values) / len(values)

    while True:
        best: tuple[float, int, int] | None = None
        for i, j in combinations(range(len(groups)), 2):
            if not allowed(groups[i], groups[j]):
                continue
            value = linkage(groups[i], groups[j])
            if value >= threshold and (best is None or value > best[0]):
                best = (value, i, j)
        if best is None:
            break
        _, i, j = best
        groups[i] |= groups[j]
        del groups[j]
    return sorted(sorted(g) for g in groups)


def find_duplicates(
    notes: Iterable[Note],
    together: Iterable[frozenset[str]] = (),
    apart: Iterable[frozenset[str]] = (),
    threshold: float = THRESHOLD,
    memo: Memo | None = None,
) -> Clustering:
    """Group each video's notes into duplicate topics."""
    memo = Memo() if memo is None else memo
    by_video: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        if note.video_id and note.kind == "note":
            by_video[note.video_id].append(note)
    result = Clustering()
    together = list(together)
    apart = list(apart)
    for video in sorted(by_video):
        members = sorted(by_video[video], key=lambda n: n.path)
        if len(members) < 2:
            continue
        scores = memo.get("scores", fingerprint(members), lambda m=members: score_video(m))
        result.scores.update(scores)
        paths = [n.path for n in members]
        local_together = [r for r in together if r <= set(paths)]
        local_apart = [r for r in apart if r <= set(paths)]
        result.forced.update(local_together)
        for group in cluster(paths, scores, local_together, local_apart, threshold):
            if len(group) > 1:
                result.groups.append(group)
    result.groups.sort()
    return result
