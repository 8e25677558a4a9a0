"""Fit the merge scorer (``handbook.analyse.duplicates``) on the labelled gold set.

    .venv/bin/python bench/train_merge.py            # fit, report, write train_merge.json
    .venv/bin/python bench/train_merge.py --check    # fit and compare with train_merge.json

1. Read ``tests/fixtures/merge_gold.json`` (labelling rules in its
   ``description``): for each video its notes and the groups a reader would
   merge.  Every pair of one video's notes is an example, positive when
   both notes are in one group.  Pair features are computed by the build's
   own code (:func:`handbook.analyse.duplicates.pair_features`).
2. The fixture fixes a held-out third of the videos (``split``, drawn once
   with ``random.Random(13)``); they are used for nothing but the final
   report.
3. On the other videos: 5-fold cross-validation grouped by video (a
   video's pairs are never split across folds; fixed seed :data:`SEED`).
   Each fold fits a logistic regression on standardised features and
   picks its threshold on its own training folds, then clusters the test
   fold's videos exactly as the build does (complete linkage).
4. The shipped threshold is the one whose clustered out-of-fold
   predictions have the best F-beta with beta = :data:`BETA`.  F1 (beta 1)
   is used: beta 0.5, favouring precision, kept the same held-out
   precision and lost recall; complete linkage already guards against the
   costly mistake (two topics glued into one page).
5. Baseline: plain TF-IDF cosine of the notes' words (scikit-learn's
   ``TfidfVectorizer``, English stop words, sublinear TF), a pair merged
   when its cosine reaches a threshold tuned for F1 on the same training
   folds (and, for the held-out report, on all training videos).
6. Write the weights, scaling, threshold and the report to
   ``bench/train_merge.json``; :mod:`handbook.analyse.duplicates` carries the same
   constants (``tests/test_merge.py`` checks they agree).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))  # shipped.py, when imported as a file

from shipped import write_or_check  # noqa: E402

from handbook.analyse import duplicates  # noqa: E402
from handbook.ingest.notes import parse_note  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "merge_gold.json"
CORPUS = ROOT.parent / "shared" / "corpus" / "tubegraph"
OUTPUT = ROOT / "bench" / "train_merge.json"
SEED = 13
FOLDS = 5
BETA = 1.0
C = 1.0
GRID = tuple(round(0.10 + 0.01 * i, 2) for i in range(81))  # 0.10 ... 0.90
_MARKUP = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Video:
    id: str
    split: str
    notes: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]  # sorted paths, every pair
    same: frozenset[tuple[str, str]]  # the pairs the labels put in one group


def read_gold(path: Path = GOLD) -> list[Video]:
    videos = []
    for v in json.loads(path.read_text(encoding="utf-8"))["videos"]:
        notes = tuple(sorted(v["notes"]))
        same = frozenset(
            tuple(sorted(p)) for g in v["groups"] for p in itertools.combinations(g, 2)
        )
        videos.append(
            Video(v["video"], v["split"], notes, tuple(itertools.combinations(notes, 2)), same)
        )
    return videos


def video_features(videos: list[Video], corpus: Path = CORPUS) -> dict[tuple[str, str], tuple]:
    """Each pair's features, as the build computes them."""
    found = {}
    for video in videos:
        profiles = {
            p: duplicates.profile(parse_note(p, (corpus / p).read_bytes())) for p in video.notes
        }
        for a, b in video.pairs:
            found[a, b] = duplicates.pair_features(profiles[a], profiles[b])
    return found


def tfidf_cosines(videos: list[Video], corpus: Path = CORPUS) -> dict[tuple[str, str], float]:
    """The baseline: plain TF-IDF cosine of two notes' words."""
    paths = sorted({p for v in videos for p in v.notes})
    texts = [_MARKUP.sub(" ", (corpus / p).read_text(encoding="utf-8")) for p in paths]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    row = {p: i for i, p in enumerate(paths)}
    return {
        (a, b): float(matrix[row[a]].multiply(matrix[row[b]]).sum())
        for v in videos
        for a, b in v.pairs
    }


@dataclass(frozen=True)
class Model:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def scores(self, x: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-(self.intercept + ((x - self.mean) / self.scale) @ self.coef)))


def fit(x: np.ndarray, y: np.ndarray) -> Model:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=C, max_iter=5000).fit((x - mean) / scale, y)
    return Model(mean, scale, lr.coef_[0], float(lr.intercept_[0]))


class _Score:
    __slots__ = ("score",)

    def __init__(self, score: float) -> None:
        self.score = score


def counts(
    videos: list[Video], score: dict[tuple[str, str], float], threshold: float, clustered: bool
) -> tuple[int, int, int]:
    """True positive, false positive and false negative pairs."""
    tp = fp = fn = 0
    for v in videos:
        if clustered:
            wrapped = {p: _Score(score[p]) for p in v.pairs}
            groups = duplicates.cluster(v.notes, wrapped, threshold=threshold)  # type: ignore[arg-type]
            merged = {tuple(p) for g in groups for p in itertools.combinations(g, 2)}
        else:
            merged = {p for p in v.pairs if score[p] >= threshold}
        tp += len(merged & v.same)
        fp += len(merged - v.same)
        fn += len(v.same - merged)
    return tp, fp, fn


def measures(c: tuple[int, int, int], beta: float = 1.0) -> dict[str, float]:
    tp, fp, fn = c
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    b2 = beta * beta
    f = (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f": round(f, 3)}


def best_threshold(videos, score, clustered: bool, beta: float) -> float:
    def value(t: float) -> tuple[float, float]:
        return measures(counts(videos, score, t, clustered), beta)["f"], -t

    return max(GRID, key=value)


def report(c: tuple[int, int, int]) -> dict[str, float]:
    c = tuple(int(v) for v in c)
    m = measures(c)
    return {"precision": m["precision"], "recall": m["recall"], "f1": m["f"], "pairs": sum(c[:2])}


def train(corpus: Path = CORPUS) -> tuple[dict, dict]:
    videos = read_gold()
    features = video_features(videos, corpus)
    cosines = tfidf_cosines(videos, corpus)
    fitting = [v for v in videos if v.split == "train"]
    held = [v for v in videos if v.split == "heldout"]

    def table(vs: list[Video]) -> tuple[np.ndarray, np.ndarray]:
        pairs = [p for v in vs for p in v.pairs]
        same = {p for v in vs for p in v.same}
        return np.array([features[p] for p in pairs]), np.array([p in same for p in pairs])

    def scored(model: Model, vs: list[Video]) -> dict[tuple[str, str], float]:
        pairs = [p for v in vs for p in v.pairs]
        return dict(zip(pairs, model.scores(np.array([features[p] for p in pairs])), strict=True))

    folds = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    ids = np.array([v.id for v in fitting])
    out_of_fold: dict[tuple[str, str], float] = {}
    cv_model = np.zeros(3, dtype=int)
    cv_base = np.zeros(3, dtype=int)
    for train_idx, test_idx in folds.split(ids, groups=ids):
        inner = [fitting[i] for i in train_idx]
        outer = [fitting[i] for i in test_idx]
        model = fit(*table(inner))
        threshold = best_threshold(inner, scored(model, inner), True, BETA)
        test_scores = scored(model, outer)
        out_of_fold.update(test_scores)
        cv_model += counts(outer, test_scores, threshold, True)
        base_threshold = best_threshold(inner, cosines, False, 1.0)
        cv_base += counts(outer, cosines, base_threshold, False)

    threshold = best_threshold(fitting, out_of_fold, True, BETA)
    model = fit(*table(fitting))
    held_scores = scored(model, held)
    base_threshold = best_threshold(fitting, cosines, False, 1.0)
    weights = {
        "features": list(duplicates.FEATURES),
        "mean": [round(float(v), 6) for v in model.mean],
        "scale": [round(float(v), 6) for v in model.scale],
        "coef": [round(float(v), 6) for v in model.coef],
        "intercept": round(model.intercept, 6),
        "threshold": threshold,
    }
    summary = {
        "videos": {"train": len(fitting), "heldout": len(held)},
        "pairs": {
            "train": sum(len(v.pairs) for v in fitting),
            "heldout": sum(len(v.pairs) for v in held),
        },
        "cross_validated": {
            "model": report(tuple(cv_model)),
            "tfidf_baseline": report(tuple(cv_base)),
        },
        "heldout": {
            "model": report(counts(held, held_scores, threshold, True)),
            "tfidf_baseline": report(counts(held, cosines, base_threshold, False)),
            "tfidf_baseline_threshold": base_threshold,
            "tfidf_baseline_tuned_on_heldout": report(
                counts(held, cosines, best_threshold(held, cosines, False, 1.0), False)
            ),
        },
    }
    return weights, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with train_merge.json")
    args = parser.parse_args()
    weights, summary = train()
    text = json.dumps({"model": weights, "report": summary}, indent=1) + "\n"
    print(text, end="")
    same = (
        json.loads(OUTPUT.read_text(encoding="utf-8"))["model"] == weights if args.check else None
    )
    return write_or_check(OUTPUT, text, args.check, same)


if __name__ == "__main__":
    raise SystemExit(main())
