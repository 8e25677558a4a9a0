"""The catalog scored against issue 12's targets on the shared corpus.

What a reader notices: whether the entries are real and rightly typed
(the read review sample), whether well-known subjects have an entry that
gathers the videos discussing them (the recall list, compiled by reading),
whether entries repeat each other, and whether the pages say what their
kind promises.  Figures come from ``bench/catalog_quality.py``, the same
code the closing note quotes.

Targets not reached yet are ``xfail(strict=True)`` with the measured
figure in the reason: they fail the suite the day they are reached (so the
marker is removed) and never pass silently.  Floors below the targets
guard against regressions.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import catalog_quality as quality  # noqa: E402

REVIEW = ROOT / "tests" / "fixtures" / "catalog_review.tsv"
KINDS = ("framework", "concept", "skill", "pitfall")


@pytest.fixture(scope="module")
def entries(corpus_dir: Path) -> list:
    return quality.corpus_entries(corpus_dir)


@pytest.fixture(scope="module")
def scores(entries: list) -> quality.Scores:
    return quality.score(entries)


def review() -> list[dict[str, str]]:
    lines = [line for line in REVIEW.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return list(csv.DictReader(lines, delimiter="\t"))


def precision(kind: str) -> float:
    rows = [r for r in review() if r["kind"] == kind]
    return sum(r["right"] == "yes" for r in rows) / len(rows)


def test_review_judges_40_entries_per_kind_or_all(entries: list) -> None:
    rows = review()
    for kind in KINDS:
        judged = [r for r in rows if r["kind"] == kind]
        assert len(judged) == min(40, sum(e.kind == kind for e in entries)), kind
        assert all(r["right"] in ("yes", "no") for r in judged)
        # "right" is exactly real, rightly typed and whole.
        for r in judged:
            assert (r["right"] == "yes") == (
                r["real"] == "yes" and r["typed"] == "yes" and r["fragment"] == "no"
            ), r["url"]


def test_review_is_of_todays_catalog(entries: list) -> None:
    """The sample drawn from today's build is (nearly) the one judged: a
    catalog change that moves the sample needs the new entries reviewed."""
    judged = {r["url"] for r in review()}
    drawn = {e.uri[:-3] + "/" for kind in KINDS for e in quality.sample(entries, kind, 40)}
    unjudged = sorted(drawn - judged)
    assert len(unjudged) <= len(drawn) // 10, f"review these entries: {unjudged}"


@pytest.mark.parametrize(
    ("kind", "floor"), [("framework", 0.85), ("concept", 0.75), ("skill", 0.65), ("pitfall", 0.85)]
)
def test_review_precision_floor(kind: str, floor: float) -> None:
    assert precision(kind) >= floor


@pytest.mark.parametrize("kind", KINDS)
def test_review_precision_target(kind: str) -> None:
    figure = precision(kind)
    if figure < 0.9:
        pytest.xfail(f"{kind} precision {figure:.0%} of the read entries; target 90%")
    assert figure >= 0.9


def test_recall_list_floor(scores: quality.Scores) -> None:
    # Named subjects every product reader looks up are among those found.
    found = {name for name, (uri, _) in scores.per_concept.items() if uri}
    assert {"Product-market fit", "OKRs", "Jobs to be Done", "Product-led growth"} <= found
    assert scores.recall >= 0.45
    assert scores.coverage_found >= 0.8


@pytest.mark.xfail(strict=True, reason="recall 57% of 61 listed subjects; target 90%")
def test_recall_target(scores: quality.Scores) -> None:
    assert scores.recall >= 0.9, scores.missing


def test_coverage_target(scores: quality.Scores) -> None:
    assert scores.coverage_found >= 0.8


def test_generic_words_are_not_entries(entries: list) -> None:
    """The issue's examples of fields and fragments kept as entries."""
    names = {e.name.lower() for e in entries}
    assert not names & {"data", "knowledge", "career growth", "firm", "bet"}
    assert not names & {"lesson learned", "analysis", "application", "comprehension", "linear"}


def test_no_field_is_kept_as_a_skill(entries: list) -> None:
    names = {e.name.lower() for e in entries if e.kind == "skill"}
    assert not names & {"technology", "engineering", "branding"}


def test_duplicates_target(scores: quality.Scores) -> None:
    assert scores.duplicates <= 0.03, scores.duplicate_pairs


def test_frameworks_show_explained_parts(scores: quality.Scores) -> None:
    assert scores.frameworks_with_parts >= 0.8


@pytest.mark.xfail(strict=True, reason="54% of pitfalls say both why and instead; target 80%")
def test_pitfalls_say_why_and_instead_target(scores: quality.Scores) -> None:
    assert scores.pitfalls_complete >= 0.8


def test_pitfalls_say_why_and_instead_floor(scores: quality.Scores) -> None:
    assert scores.pitfalls_complete >= 0.5


def test_shipped_model_is_what_the_labels_give() -> None:
    """``model.json`` is refitted from ``catalog_labels.tsv`` and beats the
    structural baseline on the held-out part."""
    import train_catalog

    weights, report = train_catalog.train()
    shipped = train_catalog.json.loads(train_catalog.MODEL.read_text(encoding="utf-8"))
    assert weights == shipped, "run bench/train_catalog.py"
    model, baseline = report["model"], report["baseline"]
    assert model["framework"]["precision"] >= baseline["framework"]["precision"] + 0.2
    assert model["pitfall"]["precision"] >= baseline["pitfall"]["precision"]
    assert model["concept"]["recall"] > 0.1  # the structure announces no concepts at all
