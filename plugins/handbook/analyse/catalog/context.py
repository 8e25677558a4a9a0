"""The words a subject is written with, for the classifier.

A reader tells "network effects" from "growth opportunities" by what is
said around each: a term of art stands next to words that define, measure
or name it ("refers to", "metric", "called"), a generic phrase next to
anything.  The shallow features of :mod:`.features` cannot see that, so
the model (:mod:`.classify`) also reads two bags of words:

* **stems** of the subject's display name that recur across labelled names
  ("lack", "test", "loop");
* **context**: how often each word occurs in the sentences the subject is
  sighted in (its first :data:`SIGHTINGS`) and in the claims of the vault
  that name it (the first :data:`MENTIONS`), lower-cased, words of two or
  more letters or digits (scikit-learn's default token pattern).

The context enters the model as a TF-IDF vector over the words the
training script kept (those around at least ``MIN_CONTEXT`` labelled
subjects, English stop words left out): sub-linear term frequency
``1 + ln(count)``, the smoothed inverse document frequency fitted in
training, then scaled to unit length.  :func:`tfidf` is that computation,
used by the build and by training alike, so the shipped weights read
exactly the vectors they were fitted on.

Invariant: a pure function of the subject's sightings and the claims that
name it, in their (deterministic) order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ...text.stems import term_stem
from ..claims import Claim
from .names import words
from .subjects import Subject

SIGHTINGS = 20
MENTIONS = 20
_TOKEN = re.compile(r"\b\w\w+\b")


@dataclass(frozen=True, slots=True)
class Words:
    stems: frozenset[str]
    context: Mapping[str, int]


def name_stems(subject: Subject) -> frozenset[str]:
    """The stems of the subject's display name, for the model's vocabulary."""
    return frozenset(term_stem(w) for w in words(subject.name))


def subject_words(subject: Subject, mentions: Iterable[Claim] = ()) -> Words:
    texts = []
    for sighting in subject.sightings[:SIGHTINGS]:
        if sighting.context:
            texts.append(sighting.context)
        elif sighting.said is not None:
            texts.append(sighting.said.text())
    for n, claim in enumerate(mentions):
        if n >= MENTIONS:
            break
        texts.append(claim.text)
    counts = Counter(_TOKEN.findall(" ".join(texts).lower()))
    return Words(name_stems(subject), dict(sorted(counts.items())))


def tfidf(
    context: Mapping[str, int], index: Mapping[str, int], idf: Sequence[float]
) -> dict[int, float]:
    """Column → weight of ``context`` over a fitted vocabulary (``index``:
    word → column, ``idf`` per column), unit length; empty when no word of
    the vocabulary occurs."""
    # Sorted, so the sums below run in one order whatever the hash seed.
    shared = sorted(context.keys() & index.keys())
    weights = {index[w]: (1.0 + math.log(context[w])) * idf[index[w]] for w in shared}
    norm = math.sqrt(sum(v * v for v in weights.values()))
    return {i: v / norm for i, v in weights.items()} if norm else {}
