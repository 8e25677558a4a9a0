"""Which notes are duplicate topics: score pairs within a video, then cluster.

Notes are only ever merged with notes of the same video (blocking), so the
cost is a few dozen pairs per video, not a square of the whole vault.  An
episode's notes share its guest, company and vocabulary, so "same video,
similar words" is not enough: two notes merge only when they write up the
same topic, and a note that goes deep on one sub-topic stays apart from
the overviews that mention it in passing (the labelling rules of
``tests/fixtures/merge_gold.json``).

**Evidence** for a pair of notes (:data:`FEATURES`, each from 0 to 1):

* ``content``: cosine similarity of the notes' stemmed words weighted by
  TF-IDF, the IDF taken from general English word frequency (``wordfreq``,
  :func:`idf`): rare words such as "premortem" weigh much, "team" little.
  It needs no statistics over the vault, so a note's vector depends on the
  note alone (memo-friendly: one edit does not move every score);
* ``containment``: the share of each note's weighted words that the other
  holds too, the smaller of the two directions.  A focused note is
  contained in an overview but not the other way round, so this is what
  keeps a sub-topic note from joining the overviews that mention it;
* ``sections``: how well each note's headings find a match among the
  other's (token-set ratio of their distinctive words), averaged per note,
  the weaker of the two directions (aligned sections);
* ``titles``: token-set agreement of the titles' distinctive words.

Measured on the gold set (first 66 videos) and left out because they did
not improve the cross-validated F1 (ROC AUC alone in brackets; content
0.92, containment 0.93, sections 0.87, titles 0.63): shared claims, the Dice share of claims
that have the same claim in the other note (0.73), named entities (0.75),
first sections' content (0.68), the notes' size ratio (0.73).  Shared
claims also were the slowest to compute.

**Score** ``σ(INTERCEPT + Σ COEF·(x - MEAN)/SCALE)``, a logistic regression
fitted by ``bench/train_merge.py`` with scikit-learn on the labelled gold
set; the fitted constants are copied here from ``bench/train_merge.json``
(a test keeps the two equal), so the build needs no scikit-learn.

**Clustering** is complete-linkage agglomeration: repeatedly join the two
groups whose *lowest* pair score is highest, while it is at least
:data:`THRESHOLD`.  Invariant: every two notes that share a page scored at
least the threshold with each other, so an overview note cannot glue two
unrelated sub-topics together.  Curation rules come first: ``together``
pairs start in one group, ``apart`` pairs never end in one.  Output is
sorted; nothing iterates a set for output.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz, process
from wordfreq import zipf_frequency

from ..engine.memo import Memo, fingerprint
from ..ingest.syntax.inline import plain_text
from ..model import Note
from ..text.stems import strip_suffix
from .claims import normalise, note_claims, sections

# Fitted by bench/train_merge.py (see bench/train_merge.json); do not edit by hand.
FEATURES = ("content", "containment", "sections", "titles")
MEAN = (0.532566, 0.382661, 0.543062, 0.442646)
SCALE = (0.138627, 0.133471, 0.106712, 0.144337)
COEF = (0.526559, 2.131448, 0.518932, 0.454738)
INTERCEPT = -1.643924
THRESHOLD = 0.25
MIN_TERMS = 12  # distinct content terms a note needs before its content is compared

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
# Zipf 8 is beyond the commonest English word: an unknown word weighs 8.
_ZIPF_CEILING = 8.0


def topic_words(text: str) -> str:
    """A title's distinctive words, in order."""
    return " ".join(w for w in normalise(text).split() if w not in _STOP)


@lru_cache(maxsize=1 << 17)
def idf(word: str) -> float:
    """How rare ``word`` is in English: 8 minus its Zipf frequency, at least 0."""
    return max(0.0, _ZIPF_CEILING - zipf_frequency(word, "en"))


@dataclass(frozen=True, slots=True)
class Vector:
    """Weighted words, with the sums that comparing two vectors needs."""

    weights: Mapping[str, float]
    total: float
    norm: float


@lru_cache(maxsize=1 << 17)
def _term(word: str) -> tuple[str, float] | None:
    """The stem a content word counts under and its IDF; ``None`` to skip it."""
    if len(word) <= 2 or word in _CONTENT_STOP or word.isdigit():
        return None
    return strip_suffix(word), idf(word)


def weigh(words: Iterable[str]) -> Vector:
    """TF-IDF vector of ``words`` keyed by stem; a stem's IDF is that of its
    commonest surface form (the stem itself is often not an English word)."""
    counts: dict[str, int] = {}
    rarity: dict[str, float] = {}
    for word, count in Counter(words).items():
        term = _term(word)
        if term is None:
            continue
        key, weight = term
        if key in counts:
            counts[key] += count
            if weight < rarity[key]:
                rarity[key] = weight
        else:
            counts[key] = count
            rarity[key] = weight
    return vector({k: (1 + math.log(c)) * rarity[k] for k, c in counts.items() if rarity[k] > 0})


def vector(weights: Mapping[str, float]) -> Vector:
    return Vector(weights, sum(weights.values()), math.sqrt(sum(v * v for v in weights.values())))


def compare(a: Vector, b: Vector) -> tuple[float, float]:
    """Cosine of ``a`` and ``b``, and the smaller share of either one's
    weight that the other holds too (weighted containment).  Sums run in
    the dicts' insertion order (the order of the note's words), never in
    hash order, so the floats are the same in every run."""
    if len(a.weights) > len(b.weights):
        a, b = b, a
    x, y = a.weights, b.weights
    shared = [k for k in x if k in y]
    dot = sum([x[k] * y[k] for k in shared])
    overlap = sum([min(x[k], y[k]) for k in shared])
    cos = dot / (a.norm * b.norm) if a.norm and b.norm else 0.0
    bigger = max(a.total, b.total)
    return cos, overlap / bigger if bigger else 0.0


@dataclass(frozen=True, slots=True)
class Profile:
    """What pair scoring needs to know about one note."""

    path: str
    title: str  # distinctive words of the title
    headings: tuple[str, ...]  # distinctive words of each heading
    words: Vector  # stem -> TF-IDF weight, over every claim


def profile(note: Note) -> Profile:
    parts = sections(note)
    headings = tuple(
        topic_words(plain_text(p.heading.inline)) for p in parts if p.heading is not None
    )
    return Profile(
        note.path,
        topic_words(note.title),
        tuple(h for h in headings if h),
        weigh(w for c in note_claims(note, parts) for w in c.text.split()),
    )


@dataclass(frozen=True, slots=True)
class PairScore:
    a: str
    b: str
    score: float
    features: tuple[float, ...] = ()  # in the order of FEATURES

    def as_dict(self) -> dict[str, object]:
        shown: dict[str, object] = {"notes": [self.a, self.b], "score": round(self.score, 3)}
        shown.update({n: round(v, 3) for n, v in zip(FEATURES, self.features, strict=True)})
        return shown


def _heading_sides(a: Sequence[str], b: Sequence[str]) -> tuple[float, float]:
    """Mean best match of each of ``a``'s headings in ``b``, and the reverse."""
    if not a or not b:
        return 0.0, 0.0
    matrix = process.cdist(a, b, scorer=fuzz.token_set_ratio)
    return float(matrix.max(axis=1).mean()) / 100, float(matrix.max(axis=0).mean()) / 100


def pair_features(a: Profile, b: Profile) -> tuple[float, ...]:
    """The evidence about ``a`` and ``b``, in the order of :data:`FEATURES`."""
    content, containment = compare(a.words, b.words)
    return (
        content,
        containment,
        min(_heading_sides(a.headings, b.headings)),
        fuzz.token_set_ratio(a.title, b.title) / 100 if a.title and b.title else 0.0,
    )


def probability(features: Sequence[float]) -> float:
    """The fitted model's probability that two notes are one topic."""
    logit = INTERCEPT + sum(
        w * (x - m) / s for w, x, m, s in zip(COEF, features, MEAN, SCALE, strict=True)
    )
    return 1 / (1 + math.exp(-logit))


def score_pair(a: Profile, b: Profile) -> PairScore:
    """The pair's score; 0 when either note says too little to be judged.

    A note of a sentence or two ("Upper sentinel.") shares its one rare
    word with its neighbour and looks like a duplicate to every feature,
    but there is nothing to compare: such notes never merge by score
    (a ``together`` rule still merges them).  Real notes have forty terms
    and more, so the fitted model never meets the case."""
    features = pair_features(a, b)
    if min(len(a.words.weights), len(b.words.weights)) < MIN_TERMS:
        return PairScore(a.path, b.path, 0.0, features)
    return PairScore(a.path, b.path, probability(features), features)


def score_video(notes: Sequence[Note]) -> dict[tuple[str, str], PairScore]:
    """Scores of every pair of one video's notes, keyed by sorted paths."""
    profiles = {n.path: profile(n) for n in notes}
    return {
        (a, b): score_pair(profiles[a], profiles[b]) for a, b in combinations(sorted(profiles), 2)
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
    """Complete-linkage groups of ``paths`` (sorted), honouring curation rules."""
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
        return min(scores[tuple(sorted((p, q)))].score for p in x for q in y)  # type: ignore[index]

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
