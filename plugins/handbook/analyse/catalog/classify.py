"""Type a candidate subject: framework, concept, skill, pitfall, or none.

One logistic regression per kind over :mod:`.features`, the stems of
the subject's name that recur across labelled names and the words around
it (:mod:`.context`), fitted with
scikit-learn by ``bench/train_catalog.py`` on the labelled candidates in
``tests/fixtures/catalog_labels.tsv`` (their labelling rules head that
file).  The fitted weights ship as ``model.json`` beside this module, so
the build needs neither scikit-learn nor the fixture; the test suite
re-fits the model and checks the file is what the fixture gives.

A subject is kept as its most probable kind when that probability
reaches the kind's threshold.  Thresholds were chosen on
cross-validated predictions so that each kind's precision is at least the
target (:data:`TARGET_PRECISION` in the training script); what falls
below is left out of the catalog, never typed as something it is not.

Invariant: the decision is a pure function of the features and the
shipped weights; no name, list of names or answer lives in the code.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from .context import Words, tfidf
from .features import NAMES


@dataclass(frozen=True)
class Model:
    """One logistic regression per kind (that kind versus everything else)
    over standardised features, the stems of the subject's name that recur
    across labelled names ("lack", "test", "loop", "think"), and the TF-IDF
    of the words around it (:mod:`.context`), scaled by ``context_weight``."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    vocabulary: tuple[str, ...]
    kinds: tuple[str, ...]
    coef: tuple[tuple[float, ...], ...]  # per kind: features, vocabulary, context
    intercept: tuple[float, ...]
    thresholds: dict[str, float]
    context: tuple[str, ...] = ()
    idf: tuple[float, ...] = ()
    context_weight: float = 0.0

    @cached_property
    def _index(self) -> dict[str, int]:
        return {w: i for i, w in enumerate(self.vocabulary)}

    @cached_property
    def _context_index(self) -> dict[str, int]:
        return {w: i for i, w in enumerate(self.context)}

    def probabilities(self, x: tuple[float, ...], words: Words) -> list[float]:
        z = [(v - m) / s for v, m, s in zip(x, self.mean, self.scale, strict=True)]
        width = len(z)
        present = sorted({self._index[w] for w in words.stems if w in self._index})
        start = width + len(self.vocabulary)
        around = sorted(tfidf(words.context, self._context_index, self.idf).items())
        probs = []
        for row, b in zip(self.coef, self.intercept, strict=True):
            score = b + sum(w * v for w, v in zip(row[:width], z, strict=True))
            score += sum(row[width + i] for i in present)
            score += self.context_weight * sum(row[start + i] * v for i, v in around)
            probs.append(1 / (1 + math.exp(-score)))
        return probs

    def decide(self, x: tuple[float, ...], words: Words) -> tuple[str | None, float]:
        """The kind to keep the subject as (``None`` to leave it out), and its probability."""
        probs = self.probabilities(x, words)
        best = max(range(len(probs)), key=lambda i: (probs[i], -i))
        kind, p = self.kinds[best], probs[best]
        return (kind if p >= self.thresholds.get(kind, 1.0) else None), p


def model_from_dict(data: dict) -> Model:
    if tuple(data["features"]) != NAMES:
        raise ValueError("model.json was fitted on other features; run bench/train_catalog.py")
    return Model(
        features=tuple(data["features"]),
        mean=tuple(data["mean"]),
        scale=tuple(data["scale"]),
        vocabulary=tuple(data["vocabulary"]),
        kinds=tuple(data["kinds"]),
        coef=tuple(tuple(r) for r in data["coef"]),
        intercept=tuple(data["intercept"]),
        thresholds=dict(data["thresholds"]),
        context=tuple(data.get("context", ())),
        idf=tuple(data.get("idf", ())),
        context_weight=float(data.get("context_weight", 0.0)),
    )


@cache
def shipped_model() -> Model:
    text = resources.files(__package__).joinpath("model.json").read_text(encoding="utf-8")
    return model_from_dict(json.loads(text))
