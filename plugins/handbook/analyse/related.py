"""Related pages across videos: distinctive words, MinHash LSH, Jaccard.

Notes from different videos about the same topic are not merged (two
speakers are two voices) but linked as related.  Comparing every page with
every other grows with the square of the vault, so candidates come from
locality-sensitive hashing:

1. each page is described by its :data:`TOP_TERMS` most **distinctive
   words**: stemmed words scored by TF-IDF over the whole vault, title words
   counted five times.  Generic product vocabulary shared by every page
   scores low and drops out, so what is left names the page's topic;
2. a MinHash signature of those words goes into an LSH index tuned for
   pairs with a Jaccard similarity around :data:`LSH_THRESHOLD`;
3. each candidate pair is checked with the exact Jaccard similarity of the
   two word sets; each page keeps its :data:`TOP` best partners at or above
   :data:`MIN_JACCARD` that come from another video.

Cost: one signature per page and the few candidates LSH returns, close to
linear in the number of pages.  Output order is fixed (score, then URI).

Pages of one video are never related here; :func:`episode_siblings` lists
them instead, so two notes of an episode that were not merged (different
sub-topics, :mod:`handbook.analyse.duplicates`) still link each other.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from ..engine.memo import Memo
from ..text.stems import strip_suffix
from .claims import normalise

NUM_PERM = 128
LSH_THRESHOLD = 0.1
MIN_JACCARD = 0.1
TOP_TERMS = 40
TITLE_WEIGHT = 5
TOP = 5
_STOP = frozenset(
    """about after also been before being between both could does doing during each
    from have having here into itself just like made make many more most much must
    need only other over really same should some such than that their them then there
    these they this those through under very want well were what when where which while
    will with would your product products management manager managers people team
    teams company companies things thing think important""".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A page that may have related pages: its URI, video and words."""

    uri: str
    group: str  # pages of one group (one video) are never related to each other
    title: str
    text: Callable[[], str]  # normalised words of the page, asked for once
    key: Hashable = None  # identifies title and text, for handbook.engine.memo


def _counts(candidate: Candidate) -> Counter[str]:
    counts = Counter(
        strip_suffix(w)
        for w in candidate.text().split()
        if len(w) > 3 and w not in _STOP and not w.isdigit()
    )
    for word in normalise(candidate.title).split():
        if len(word) > 3 and word not in _STOP:
            counts[strip_suffix(word)] += TITLE_WEIGHT
    return counts


def distinctive_terms(
    candidates: list[Candidate], memo: Memo | None = None
) -> dict[str, frozenset[str]]:
    """Each page's :data:`TOP_TERMS` words by TF-IDF over all pages."""
    memo = Memo() if memo is None else memo
    counts = {
        c.uri: memo.get("terms", c.key, lambda c=c: _counts(c)) if c.key else _counts(c)
        for c in candidates
    }
    df = Counter(term for terms in counts.values() for term in terms)
    n = len(counts)
    chosen: dict[str, frozenset[str]] = {}
    for uri, terms in counts.items():
        scored = sorted(
            terms.items(), key=lambda kv: (-(1 + math.log(kv[1])) * math.log(n / df[kv[0]]), kv[0])
        )
        chosen[uri] = frozenset(term for term, _ in scored[:TOP_TERMS])
    return chosen


def related_pages(
    candidates: Iterable[Candidate], memo: Memo | None = None
) -> dict[str, list[tuple[str, float]]]:
    """URI → up to :data:`TOP` related URIs from other groups, best first."""
    items = sorted(candidates, key=lambda c: c.uri)
    sets = distinctive_terms(items, memo)
    groups = {c.uri: c.group for c in items}
    if memo is None:
        return _match(sets, groups)
    # An edit rarely changes any page's distinctive words: reuse the matching.
    key = hash(tuple((uri, groups[uri], tuple(sorted(words))) for uri, words in sets.items()))
    return memo.get("related", key, lambda: _match(sets, groups))


def episode_siblings(candidates: Iterable[Candidate]) -> dict[str, list[str]]:
    """URI -> the other pages of its group (its video), by title then URI."""
    by_group: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_group.setdefault(c.group, []).append(c)
    found: dict[str, list[str]] = {}
    for members in by_group.values():
        ordered = sorted(members, key=lambda c: (c.title.casefold(), c.uri))
        for c in ordered:
            others = [o.uri for o in ordered if o.uri != c.uri]
            if others:
                found[c.uri] = others
    return dict(sorted(found.items()))


def _match(
    sets: dict[str, frozenset[str]], groups: dict[str, str]
) -> dict[str, list[tuple[str, float]]]:
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    signatures: dict[str, MinHash] = {}
    for uri, words in sets.items():
        if words:
            signature = MinHash(num_perm=NUM_PERM, seed=1)
            signature.update_batch(sorted(w.encode("utf-8") for w in words))
            signatures[uri] = signature
            lsh.insert(uri, signature)
    found: dict[str, list[tuple[str, float]]] = {}
    for uri, signature in signatures.items():
        scored: list[tuple[str, float]] = []
        for other in sorted(lsh.query(signature)):
            if other == uri or groups[other] == groups[uri]:
                continue
            a, b = sets[uri], sets[other]
            jaccard = len(a & b) / len(a | b)
            if jaccard >= MIN_JACCARD:
                scored.append((other, round(jaccard, 3)))
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        if scored:
            found[uri] = scored[:TOP]
    return found
