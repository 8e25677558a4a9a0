"""Paraphrases: which claims of one page say the same thing in other words.

Everything here compares the claims of **one page** (one merged group of
notes, or one catalog heading), never the whole corpus, so the cost is the
square of a page's claims, done as a few matrix products.

**Content words.**  A claim's words (already normalised) of two or more
characters whose Zipf frequency in English (:mod:`wordfreq`) is below
:data:`FUNCTION_ZIPF`: "the", "is", "have", "people" fall out, "product",
"framework", "actionable" stay.  The cut is read off word frequencies, not
a hand-written stop list.  Numbers stay: "10 million" is not "100 million".

**TF-IDF** is fitted on the page itself (smooth IDF, ``log((1+n)/(1+df))+1``,
rows L2-normalised), so the words every claim of the page uses count for
little and the words of one claim's own point count for much.

**Restatement** (:func:`restating`): a claim restates another when the
cosine of their content-word TF-IDF vectors is at least :data:`RESTATES`.
This is the reader's measure of "the page says this twice"; tests hold
merged pages to it.

**Folding evidence** (:func:`evidence`), for each pair of a page's claims:

* ``cosine`` of stemmed content words (Porter2, :mod:`snowballstemmer`);
* ``cover``: the share of the *smaller* claim's IDF weight that the other
  claim also has; 1.0 means the longer wording says all the shorter says;
* ``ratio``: rapidfuzz's edit ratio of the whole texts (near-identical
  wordings);
* moments: the closest pair of cited seconds, if both cite any;
* guards: numbers both cite that differ, or a negation only one has, mean
  the claims say different things whatever the words share.

The rule itself is :func:`same_thing`.  Its thresholds were set by reading
folded pairs of the corpus's merged pages: above them, pairs were one point
worded twice (a shorter wording inside a longer one, or the same sentence
paraphrased); below them they were often two details of one minute.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz
from scipy import sparse
from wordfreq import zipf_frequency

from ..text.stems import porter2

FUNCTION_ZIPF = 6.0  # "should" 5.99 stays; "have" 6.7, "people" 6.3, "also" 6.2 go
RESTATES = 0.5  # cosine at which a reader sees the same point twice
CANDIDATE = 0.45  # stemmed cosine below which a pair is not even scored

NEAR_IDENTICAL = 90  # fuzz.ratio: the same wording, give or take a word
MOMENT = 30  # seconds: two notes citing one moment of the video
SAME_WORDS = 0.55  # stemmed cosine: one point, worded twice
COVERED = 0.55  # cover that, with a restating cosine, makes one point
COVERED_AT_MOMENT = 0.5
WHOLE = 0.999  # cover: every content word of the smaller claim
NEGATION_SLACK = 1  # other words a negated wording may differ by ("do" for "don t")
SHORT = 3  # content words below which a claim folds only when near-identical

# "1 000" (normalised "1,000") is one figure, as "1000" is.
_NUMBER = re.compile(r"\d{1,3}(?: \d{3})+(?!\d)|\d+")
# "t" is what normalising leaves of "n't" ("don t", "isn t").
_NEGATION = frozenset(
    {"not", "no", "never", "without", "nor", "cannot", "don", "doesn", "isn", "t"}
)


@lru_cache(maxsize=200_000)
def _is_content(word: str) -> bool:
    return len(word) > 1 and (word.isdigit() or zipf_frequency(word, "en") < FUNCTION_ZIPF)


@lru_cache(maxsize=200_000)
def content_words(text: str) -> tuple[str, ...]:
    """The content words of normalised ``text``, in order (memoised: every
    claim is compared on its page, and again on catalog pages)."""
    return tuple(w for w in text.split() if _is_content(w))


def tfidf(docs: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, dict[str, float]]:
    """L2-normalised TF-IDF rows of ``docs`` (word lists) over their own
    vocabulary, and that IDF.  Sparse: a claim has a dozen words of a
    page's thousands."""
    df: Counter[str] = Counter(w for d in docs for w in set(d))
    vocabulary = sorted(df)
    column_of = {w: i for i, w in enumerate(vocabulary)}
    n = len(docs)
    idf = np.log((1 + n) / (1 + np.array([df[w] for w in vocabulary], dtype=np.float64))) + 1
    indptr = np.cumsum([0, *map(len, docs)])
    indices = np.fromiter((column_of[w] for d in docs for w in d), np.int64, int(indptr[-1]))
    rows = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(n, len(vocabulary)))
    rows.sum_duplicates()  # word counts
    rows.data *= idf[rows.indices]
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    rows = sparse.csr_matrix(sparse.diags(1 / norms) @ rows)
    return rows, dict(zip(vocabulary, idf.tolist(), strict=True))


def _pairs_above(rows: sparse.csr_matrix, threshold: float) -> list[tuple[int, int, float]]:
    """``(i, j, cosine)`` for the pairs ``i < j`` at or above ``threshold``,
    sorted."""
    similar = sparse.triu(rows @ rows.T, k=1).tocoo()
    keep = similar.data >= threshold - 1e-9
    return sorted(
        zip(
            similar.row[keep].tolist(),
            similar.col[keep].tolist(),
            similar.data[keep].tolist(),
            strict=True,
        )
    )


def restating(texts: Sequence[str], threshold: float = RESTATES) -> list[bool]:
    """For each normalised claim text, whether another one of ``texts``
    (the claims shown on one page) restates it."""
    flags = [False] * len(texts)
    if len(texts) < 2:
        return flags
    rows, _ = tfidf([content_words(t) for t in texts])
    for i, j, _ in _pairs_above(rows, threshold):
        flags[i] = flags[j] = True
    return flags


def restatement_share(pages: Iterable[Sequence[str]]) -> tuple[int, int]:
    """``(restating claims, claims)`` over ``pages`` (each: its shown claims)."""
    restated = total = 0
    for texts in pages:
        restated += sum(restating(texts))
        total += len(texts)
    return restated, total


@dataclass(frozen=True, slots=True)
class Wording:
    """What the rule needs to know about one claim."""

    text: str  # normalised words
    seconds: tuple[int, ...]
    whole_block: bool = False  # a table or code block, compared whole


@dataclass(frozen=True, slots=True)
class Evidence:
    cosine: float
    cover: float  # of the smaller claim's content by the other's
    smaller: int  # content words of the smaller claim


@lru_cache(maxsize=200_000)
def stems(text: str) -> tuple[str, ...]:
    return tuple(porter2(w) for w in content_words(text))


def evidence(wordings: Sequence[Wording]) -> dict[tuple[int, int], Evidence]:
    """Evidence for every pair ``i < j`` worth scoring: stemmed cosine at
    least :data:`CANDIDATE`, or the same words in the same order."""
    docs = [stems(w.text) for w in wordings]
    found: dict[tuple[int, int], Evidence] = {}
    if len(docs) < 2:
        return found
    rows, idf = tfidf(docs)
    words = [set(d) for d in docs]
    for a, b, cosine in _pairs_above(rows, CANDIDATE):
        small, other = (a, b) if len(words[a]) <= len(words[b]) else (b, a)
        total = sum(idf[w] for w in words[small])
        shared = sum(idf[w] for w in words[small] & words[other])
        found[(a, b)] = Evidence(cosine, shared / total if total else 0.0, len(words[small]))
    by_text: dict[str, list[int]] = {}
    for index, wording in enumerate(wordings):
        by_text.setdefault(wording.text, []).append(index)
    for members in by_text.values():
        for x in members:
            for y in members:
                if x < y and (x, y) not in found:
                    found[(x, y)] = Evidence(1.0, 1.0, len(set(docs[x])))
    return found


def _numbers(text: str) -> frozenset[str]:
    """The figures ``text`` cites; normalising made "1,000" read "1 000"."""
    return frozenset(n.replace(" ", "") for n in _NUMBER.findall(text))


def figures_agree(shown: str, folded: str) -> bool:
    """Whether every number ``folded`` cites is in ``shown``: "level 1" is
    not "level 2", and a wording with a figure the shown one lacks says more."""
    return _numbers(folded) <= _numbers(shown)


def contradicts(a: str, b: str) -> bool:
    """One wording negates what the other says in nearly the same words."""
    words_a, words_b = a.split(), b.split()
    if any(w in _NEGATION for w in words_a) == any(w in _NEGATION for w in words_b):
        return False
    # Beyond the negation the wordings differ by a word or two at most: "a
    # no-brainer" added to a sentence is not its negation.
    a, b = Counter(words_a), Counter(words_b)
    other = [w for w in (a - b) + (b - a) if w not in _NEGATION]
    if len(other) > NEGATION_SLACK:
        return False
    plain_a = " ".join(w for w in words_a if w not in _NEGATION)
    plain_b = " ".join(w for w in words_b if w not in _NEGATION)
    return fuzz.ratio(plain_a, plain_b) >= NEAR_IDENTICAL


def _gap(a: tuple[int, ...], b: tuple[int, ...]) -> int | None:
    if not a or not b:
        return None
    return min(abs(x - y) for x in a for y in b)


def same_thing(a: Wording, b: Wording, proof: Evidence) -> bool:
    """Whether two wordings make one point (see the module docstring)."""
    if a.whole_block or b.whole_block:
        return a.whole_block and b.whole_block and a.text == b.text
    if not figures_agree(a.text, b.text):
        return False
    if fuzz.ratio(a.text, b.text) >= NEAR_IDENTICAL:
        return True
    if contradicts(a.text, b.text):
        return False
    gap = _gap(a.seconds, b.seconds)
    near = gap is not None and gap <= MOMENT
    if proof.smaller < SHORT:
        # A label ("Writing copy") folds only into a wording that contains
        # it whole, at the same moment: elsewhere it heads its own list.
        return near and proof.cover >= WHOLE and proof.cosine >= RESTATES
    if proof.cosine >= SAME_WORDS:
        return True
    if proof.cosine >= RESTATES and proof.cover >= COVERED:
        return True  # the other wording says most of what this one says
    return near and proof.cosine >= CANDIDATE and proof.cover >= COVERED_AT_MOMENT
