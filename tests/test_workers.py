"""Both cores (:mod:`handbook.engine.workers`): work done in worker processes comes
back in order and the same as work done in this one (the whole site is
compared both ways in ``tests/test_determinism.py``)."""

from __future__ import annotations

import pytest

from handbook.engine.memo import Memo
from handbook.engine.workers import memo_map, pure_map, workers_for
from handbook.text.slugs import slugify


@pytest.mark.parametrize(
    ("rows", "least", "cores", "expected"),
    [
        (0, 200, "2", 1),
        (200, 200, "2", 1),  # a small batch never pays for workers
        (201, 200, "2", 2),
        (5000, 200, "2", 2),
        (5000, 200, "1", 1),  # HANDBOOK_WORKERS=1: this process only
        (61, 60, "8", 2),
        (1000, 60, "8", 8),
    ],
)
def test_workers_for(
    rows: int, least: int, cores: str, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDBOOK_WORKERS", cores)
    assert workers_for(rows, least) == expected


def test_pure_map_keeps_order_on_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_WORKERS", "2")
    titles = [f"Title number {i} — with Ünïcode" for i in range(40)]
    assert pure_map(slugify, titles, least=1) == [slugify(t) for t in titles]


def test_memo_map_computes_only_what_the_memo_lacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_WORKERS", "1")
    memo = Memo()
    first, _ = memo_map(memo, "slug", ["a", "b"], slugify, ["A b", "C d"])
    again, workers = memo_map(memo, "slug", ["a", "b", "c"], slugify, ["x", "y", "E f"])
    assert first == ["a-b", "c-d"]
    assert again == ["a-b", "c-d", "e-f"]  # "a" and "b" came from the memo
    assert workers == 1
