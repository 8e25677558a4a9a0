"""Fit the catalog's entry classifier from the labelled candidates.

    .venv/bin/python bench/train_catalog.py            # fit, report, write model.json
    .venv/bin/python bench/train_catalog.py --check    # fit and compare with model.json

1. Read ``tests/fixtures/catalog_labels.tsv`` (labelling rules at its top):
   one candidate subject per row, keyed by its subject key.
2. Build the candidates of the shared corpus (``../shared/corpus/tubegraph``)
   exactly as the build does, and find each labelled subject.
3. Split the labelled subjects once, stratified by label with a fixed
   seed: :data:`HELD_OUT` of them are never used for fitting or tuning.
4. On the rest, fit one logistic regression per kind (that kind against
   everything else; scikit-learn) on standardised features, the name
   stems that recur in :data:`MIN_NAMES` or more labelled names, and the
   TF-IDF of the words around each subject (:mod:`handbook.analyse.catalog.context`)
   over the words around :data:`MIN_CONTEXT` or more labelled subjects,
   weighted by :data:`CONTEXT_WEIGHT` (both chosen by cross-validated
   average precision: the context lifts the concept kind's from 0.42 to
   0.51, skills' from 0.25 to 0.37); choose
   each kind's threshold from 5-fold cross-validated predictions as the
   lowest that reaches :data:`TARGET_PRECISION` at :data:`MIN_RECALL`,
   else the threshold with the best F-beta (:data:`BETA`, weighing
   precision higher) among those with precision at least
   :data:`FLOOR_PRECISION` (a kind that reaches neither is never kept by
   the model); the report says which kinds fall short of the target.
5. Report precision and recall per kind on the held-out part, for the
   model and for a baseline that keeps every subject whose notes'
   structure announces a kind (a "Pitfalls" section, "the X framework")
   and types it by that announcement: what the catalog did before.
6. Report the same on ``tests/fixtures/catalog_labels_fresh.tsv``: candidates
   labelled after the model was fitted, drawn at random from the pool the
   recall list lives in (subjects that several videos announce or name), and
   never fitted on: an estimate no threshold choice has seen.
7. Write the weights, scaling and thresholds to
   ``plugins/handbook/analyse/catalog/model.json`` (rounded, so it is stable).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, train_test_split

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))  # shipped.py, when imported as a file

from shipped import write_or_check  # noqa: E402

from handbook.analyse.catalog.build import subject_table  # noqa: E402
from handbook.analyse.catalog.context import Words, tfidf  # noqa: E402
from handbook.analyse.catalog.features import NAMES  # noqa: E402
from handbook.analyse.catalog.names import subject_key  # noqa: E402
from handbook.analyse.catalog.subjects import Subject  # noqa: E402
from handbook.engine.memo import Memo  # noqa: E402
from handbook.ingest.notes import read_notes  # noqa: E402
from handbook.resolve.index import find_channels  # noqa: E402

LABELS = ROOT / "tests" / "fixtures" / "catalog_labels.tsv"
FRESH = ROOT / "tests" / "fixtures" / "catalog_labels_fresh.tsv"
MODEL = ROOT / "plugins" / "handbook" / "analyse" / "catalog" / "model.json"
CORPUS = ROOT.parent / "shared" / "corpus" / "tubegraph"
KINDS = ("framework", "concept", "skill", "pitfall")
TARGET_PRECISION = 0.90
MIN_RECALL = 0.3
# A kind that cannot reach the target at useful recall takes its best-F-beta
# threshold with at least this precision; below it, the kind is never kept.
FLOOR_PRECISION = 0.5
# ... and among those, the threshold with the best F-beta: beta < 1 weighs
# precision higher, since a reader is misled by a wrong entry and only
# under-served by a missing one.
BETA = 0.5
MIN_NAMES = 8
MIN_CONTEXT = 10
CONTEXT_WEIGHT = 5.0
VETO_PRECISION = 0.75
MAX_VETO = 0.1
HELD_OUT = 0.25
# The whole corpus and a fifth of its videos: a vault may hold sixty videos
# or thousands, and every count feature reads differently at each size.
SCALES = (1.0, 0.2)
SEED = 12
REPEATS = 10
C = 0.3


def read_labels(path: Path = LABELS) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, label, *_ = line.split("\t")
        rows.append((key, label.strip()))
    return rows


def corpus_features(
    corpus: Path = CORPUS, fraction: float = 1.0
) -> tuple[list[Subject], dict[str, tuple], dict[str, Words]]:
    """The candidate subjects of the corpus, or of a sub-vault holding the
    notes of a fixed random ``fraction`` of its videos, with each one's
    features as the build sees them."""
    notes = read_notes(corpus, None, None)
    hubs = {c.hub for c in find_channels(notes).values() if c.hub}
    notes = [n for n in notes if n.path not in hubs]
    if fraction < 1.0:
        videos = sorted({n.video_id for n in notes if n.video_id})
        keep = set(random.Random(SEED).sample(videos, max(2, round(len(videos) * fraction))))
        notes = [n for n in notes if n.video_id in keep]
    table, _ = subject_table(notes, Memo())
    return (
        [s for s, _, _ in table],
        {s.key: f for s, f, _ in table},
        {s.key: w for s, _, w in table},
    )


def labelled_table(
    subjects: list[Subject], features: dict[str, tuple], labels: list[tuple[str, str]]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features and labels of the labelled subjects found among ``subjects``."""
    by_key: dict[str, Subject] = {}
    for subject in subjects:
        for sighting in subject.sightings:
            by_key.setdefault(subject_key(sighting.name), subject)
    rows, ys, keys, seen = [], [], [], set()
    for key, label in labels:
        subject = by_key.get(key)
        if subject is None or subject.key in seen:
            continue  # no longer a candidate, or folded into one labelled already
        seen.add(subject.key)
        rows.append(features[subject.key])
        ys.append(label)
        keys.append(subject.key)
    return np.array(rows), np.array(ys), keys


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    return mean, scale


def vocabulary(said: list[Words]) -> list[str]:
    """Name stems that recur in at least :data:`MIN_NAMES` labelled names: the
    words that mark a kind ("lack", "test"), never one subject's own name."""
    counts = Counter(w for words in said for w in words.stems)
    return sorted(w for w, n in counts.items() if n >= MIN_NAMES)


def context_vocabulary(said: list[Words]) -> tuple[list[str], list[float]]:
    """Words around at least :data:`MIN_CONTEXT` subjects (stop words left
    out), with scikit-learn's smoothed IDF: ``ln((1 + n) / (1 + df)) + 1``."""
    df = Counter(w for words in said for w in words.context)
    kept = sorted(w for w, n in df.items() if n >= MIN_CONTEXT and w not in ENGLISH_STOP_WORDS)
    n = len(said)
    return kept, [math.log((1 + n) / (1 + df[w])) + 1 for w in kept]


def design(x, said, mean, scale, vocab, context) -> np.ndarray:
    index = {w: i for i, w in enumerate(vocab)}
    words = np.zeros((len(said), len(vocab)))
    for row, entry in enumerate(said):
        for w in entry.stems:
            if w in index:
                words[row, index[w]] = 1.0
    terms, idf = context
    columns = {w: i for i, w in enumerate(terms)}
    around = np.zeros((len(said), len(terms)))
    for row, entry in enumerate(said):
        for i, v in tfidf(entry.context, columns, idf).items():
            around[row, i] = CONTEXT_WEIGHT * v
    return np.hstack([(x - mean) / scale, words, around])


def fit(x: np.ndarray, said: list, y: np.ndarray):
    """One regression per kind: that kind against everything else."""
    mean, scale = standardise(x)
    vocab = vocabulary(said)
    context = context_vocabulary(said)
    z = design(x, said, mean, scale, vocab, context)
    models = [LogisticRegression(C=C, max_iter=5000).fit(z, y == k) for k in KINDS]
    return models, mean, scale, vocab, context


def probabilities(fitted, x: np.ndarray, said: list) -> np.ndarray:
    models, mean, scale, vocab, context = fitted
    z = design(x, said, mean, scale, vocab, context)
    return np.column_stack([m.predict_proba(z)[:, 1] for m in models])


def scored(fitted, x: np.ndarray, stems: list) -> tuple[np.ndarray, np.ndarray]:
    """The most probable kind of each row, and its probability."""
    probs = probabilities(fitted, x, stems)
    return probs.max(axis=1), np.array(KINDS)[probs.argmax(axis=1)]


def predict(fitted, x: np.ndarray, stems: list, thresholds: dict[str, float]) -> list[str]:
    p, kind = scored(fitted, x, stems)
    return [k if q >= thresholds.get(k, 1.0) else "reject" for q, k in zip(p, kind, strict=True)]


def choose_thresholds(
    x: np.ndarray, stems: list, y: np.ndarray, announced: list[str], groups: list[str]
) -> dict[str, float]:
    """Per kind, the lowest threshold whose cross-validated precision reaches
    the target at useful recall, else the floor (:func:`best_threshold`)."""
    # Cross-validated probabilities, averaged over REPEATS fold draws: a
    # threshold read off one draw swings with every label added.
    probs = np.zeros((len(y), len(KINDS)))
    for repeat in range(REPEATS):
        folds = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED + repeat)
        for train, test in folds.split(x, y, groups):
            fitted = fit(x[train], [stems[i] for i in train], y[train])
            probs[test] += probabilities(fitted, x[test], [stems[i] for i in test]) / REPEATS
    p = probs.max(axis=1)
    kind = np.array(KINDS, dtype=object)[probs.argmax(axis=1)]
    thresholds = {}
    # Vetoes: what a note's structure announces as kind k is dropped below
    # the lowest probability of k at which such announcements reach
    # VETO_PRECISION (cross-validated), never above MAX_VETO: the features
    # count notes and videos, so in a small vault every probability is
    # lower, and a veto fitted on the corpus would empty a five-note
    # handbook. The veto is for what the model is nearly sure is not it.
    for k in ("framework", "skill", "pitfall"):
        rows = [i for i, h in enumerate(announced) if h == k]
        chosen = 0.0
        for t in sorted({round(float(probs[i][KINDS.index(k)]), 3) for i in rows}):
            kept = [i for i in rows if probs[i][KINDS.index(k)] >= t]
            if len(kept) >= 5 and np.mean([y[i] == k for i in kept]) >= VETO_PRECISION:
                chosen = t
                break
        thresholds["veto:" + k] = min(chosen, MAX_VETO)
    for k in KINDS:
        thresholds[k] = best_threshold(p, kind, y, k)
    return thresholds


def best_threshold(p: np.ndarray, kind: np.ndarray, y: np.ndarray, k: str) -> float:
    """The lowest threshold at which kind ``k`` reaches :data:`TARGET_PRECISION`
    with at least :data:`MIN_RECALL` recall; else the one with the best F-beta
    among those whose precision reaches :data:`FLOOR_PRECISION` (a kind that
    cannot be kept precisely is judged on what it misses and, more, on what
    it gets wrong); else 1.0: never kept."""
    real = max(1, int((y == k).sum()))
    best, best_f = 1.0, -1.0
    for t in sorted({round(float(q), 3) for q in p[kind == k]}):
        kept = (kind == k) & (p >= t)
        if kept.sum() < 5:
            break
        precision = float((y[kept] == k).mean())
        recall = float((y[kept] == k).sum()) / real
        if precision >= TARGET_PRECISION and recall >= MIN_RECALL:
            return t
        b2 = BETA * BETA
        f = (1 + b2) * precision * recall / (b2 * precision + recall) if recall else 0.0
        if precision >= FLOOR_PRECISION and f > best_f:
            best, best_f = t, f
    return best


def _announced(subject: Subject) -> str:
    """The kind the notes' structure announces most often for a subject, or ''."""
    hints = Counter(g.hint for g in subject.sightings if g.origin == "structure" and g.hint)
    return hints.most_common(1)[0][0] if hints else ""


def baseline(subjects_by_key: dict[str, Subject], keys: list[str]) -> list[str]:
    out = []
    for key in keys:
        hints = Counter(s.hint for s in subjects_by_key[key].sightings if s.hint)
        out.append(hints.most_common(1)[0][0] if hints else "reject")
    return out


def scores(y: list[str], predicted: list[str]) -> dict[str, dict[str, float]]:
    table = {}
    for kind in KINDS:
        kept = [t for t, p in zip(y, predicted, strict=True) if p == kind]
        real = sum(t == kind for t in y)
        right = sum(t == kind for t in kept)
        table[kind] = {
            "kept": len(kept),
            "labelled": real,
            "precision": round(right / len(kept), 3) if kept else 1.0,
            "recall": round(right / real, 3) if real else 1.0,
        }
    return table


def train(corpus: Path = CORPUS) -> tuple[dict, dict]:
    """Fit on the labelled subjects as the whole corpus and its sub-vaults
    (:data:`SCALES`) see them; hold out a fixed quarter of the subjects at
    every scale; report held-out scores per scale."""
    labels = read_labels()
    rows: list[tuple[float, str, tuple, str, Words, str]] = []
    full: tuple[list[Subject], dict[str, tuple], dict[str, Words]] = ([], {}, {})
    for fraction in SCALES:
        subjects, features, said = corpus_features(corpus, fraction)
        if fraction == 1.0:
            full = (subjects, features, said)
        x, y, keys = labelled_table(subjects, features, labels)
        by_key = {s.key: s for s in subjects}
        for f, label, key in zip(x, y, keys, strict=True):
            subject = by_key[key]
            rows.append((fraction, key, tuple(f), label, said[key], _announced(subject)))
    keys = sorted({r[1] for r in rows if r[0] == 1.0})
    label_of = {r[1]: r[3] for r in rows if r[0] == 1.0}
    _, held = train_test_split(
        keys, test_size=HELD_OUT, stratify=[label_of[k] for k in keys], random_state=SEED
    )
    held_keys = set(held)
    fit_rows = [r for r in rows if r[1] not in held_keys]
    x = np.array([r[2] for r in fit_rows])
    y = np.array([r[3] for r in fit_rows])
    stems = [r[4] for r in fit_rows]
    thresholds = choose_thresholds(x, stems, y, [r[5] for r in fit_rows], [r[1] for r in fit_rows])
    fitted = fit(x, stems, y)
    report: dict = {
        "labelled": len(labels),
        "labels": dict(sorted(Counter(label_of.values()).items())),
        "held_out": len(held_keys),
        "scales": {},
    }
    for fraction in SCALES:
        held_rows = [r for r in rows if r[0] == fraction and r[1] in held_keys]
        xh = np.array([r[2] for r in held_rows])
        yh = [r[3] for r in held_rows]
        predicted = predict(fitted, xh, [r[4] for r in held_rows], thresholds)
        base = [r[5] or "reject" for r in held_rows]
        report["scales"][str(fraction)] = {
            "subjects": len(held_rows),
            "model": scores(yh, predicted),
            "baseline": scores(yh, base),
        }
    subjects, features, said = full
    x, y, keys = labelled_table(subjects, features, read_labels(FRESH))
    by_key = {s.key: s for s in subjects}
    report["fresh"] = {
        "subjects": len(keys),
        "model": scores(list(y), predict(fitted, x, [said[k] for k in keys], thresholds)),
        "baseline": scores(list(y), [_announced(by_key[k]) or "reject" for k in keys]),
    }
    report["model"] = report["scales"]["1.0"]["model"]
    report["baseline"] = report["scales"]["1.0"]["baseline"]
    report["thresholds"] = thresholds
    models, mean, scale, vocab, (terms, idf) = fitted

    def r(v: float) -> float:
        return round(float(v), 6)

    weights = {
        "features": list(NAMES),
        "mean": [r(v) for v in mean],
        "scale": [r(v) for v in scale],
        "vocabulary": vocab,
        "kinds": list(KINDS),
        "coef": [[r(v) for v in m.coef_[0]] for m in models],
        "intercept": [r(m.intercept_[0]) for m in models],
        "thresholds": thresholds,
        "context": terms,
        "idf": [r(v) for v in idf],
        "context_weight": CONTEXT_WEIGHT,
    }
    return weights, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with model.json")
    args = parser.parse_args()
    weights, report = train()
    print(json.dumps(report, indent=1))
    return write_or_check(MODEL, json.dumps(weights, indent=1) + "\n", args.check)


if __name__ == "__main__":
    raise SystemExit(main())
