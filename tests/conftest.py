"""Session fixtures: each site is built once and read by many tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import CORPUS, SEEDS, VAULT, BuiltSite, build_site


def _require_corpus() -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("HANDBOOK_SKIP_CORPUS") == "1":
            pytest.skip("HANDBOOK_SKIP_CORPUS=1 and ../shared/corpus is absent")
        pytest.fail(f"the shared corpus is missing at {CORPUS}; CI checks it out beside the repo")
    return CORPUS


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    site = build_site(SEEDS, tmp_path_factory.mktemp("seed-site"), strict=True)
    assert site.returncode == 0, site.log
    return site


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _require_corpus()


@pytest.fixture(scope="session")
def corpus_site(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    site = build_site(corpus_dir, tmp_path_factory.mktemp("corpus-site"))
    assert site.returncode == 0, site.log[-5000:]
    return site


@pytest.fixture(scope="session")
def vault_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture vault: every feature and some bad notes (not strict)."""
    return build_site(VAULT, tmp_path_factory.mktemp("vault"))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One Chromium per test process, for every browser test."""
    from browser import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture(scope="session")
def seed_url(seed_site: BuiltSite) -> Iterator[str]:
    """The seed site served on localhost."""
    from browser import serve

    with serve(seed_site.root) as url:
        yield url
