"""Warm rebuilds (what ``mkdocs serve`` does after an edit) equal cold builds.

The pipeline memoises per-note work and every page's render under a digest
of its inputs (handbook.engine.memo, handbook.render.signature).  A missing input in a
digest would leave a stale page behind after an edit, so this test edits a
real vault in every way that matters, one edit after another, and after
each one compares a warm build (shared memo and note cache) with a cold one
(fresh ones): every page's Markdown and HTML, the problems and the export.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from handbook.engine.memo import Memo
from handbook.ingest.notes import NoteCache
from handbook.model import Handbook, Options
from handbook.pipeline import build_handbook
from helpers import CORPUS, VAULT

pytestmark = pytest.mark.corpus

Edit = Callable[[Path], None]


def _replace(relative: str, old: str, new: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _append(relative: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def _write(relative: str, text: str) -> Edit:
    def edit(root: Path) -> None:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")

    return edit


def _delete(relative: str) -> Edit:
    return lambda root: (root / relative).unlink()


def _rename(relative: str, new: str) -> Edit:
    return lambda root: (root / relative).rename(root / new)


def _copy(relative: str, new: str) -> Edit:
    return lambda root: shutil.copyfile(root / relative, root / new)


FRAMEWORK = """

## The Five Questions Framework

1. **Who is the user**: name the person with the problem.
2. **What do they need**: the job they hire the product for.
3. **Why now**: what changed that makes it urgent.
"""

WORDLE = "3blue1brown/wordle_strategies_and_optimal_openers.md"
IDEAS = "gregisenberg/ai_startup_ideas_and_trends.md"
OTHER = "vault/channel_a/other_note.md"
INNER = "vault/channel_a/deep/inner_note.md"

EDITS: list[tuple[str, Edit]] = [
    ("text of a note", _replace(WORDLE, " the ", " the very ")),
    ("heading others link to", _replace(INNER, "Second Part", "Second Half")),
    ("block others embed", _replace(OTHER, "^key-point", "and more ^key-point")),
    ("link to a new topic", _append(IDEAS, "\nSee [[A Brand New Topic]].\n")),
    ("title of a linked note", _replace(OTHER, "title:", "title: Renamed")),
    ("new note", _write("vault/channel_b/fresh.md", "---\ntitle: Fresh\n---\n[[inner_note]]\n")),
    ("deleted note", _delete("vault/channel_b/other_note.md")),
    ("renamed note", _rename("vault/loose.md", "vault/loose_renamed.md")),
    ("duplicate in one video", _copy(WORDLE, "3blue1brown/wordle_copy.md")),
    ("new framework", _append(IDEAS, FRAMEWORK)),
]  # fmt: skip


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CORPUS.is_dir():
        pytest.fail(f"the shared corpus is missing at {CORPUS}")
    root = tmp_path_factory.mktemp("incremental") / "notes"
    shutil.copytree(VAULT, root / "vault")
    for channel in ("3blue1brown", "gregisenberg"):
        shutil.copytree(CORPUS / channel, root / channel)
    return root


def _build(root: Path, cache: NoteCache, memo: Memo) -> Handbook:
    return build_handbook(root, Options(), (), cache, None, memo)


def _compare(warm: Handbook, cold: Handbook) -> None:
    assert [p.src_uri for p in warm.pages] == [p.src_uri for p in cold.pages]
    stale = [p.src_uri for p, q in zip(warm.pages, cold.pages, strict=True) if p != q]
    assert not stale, f"stale pages after the edit: {stale[:10]}"
    assert warm.rendered == cold.rendered
    assert warm.problems == cold.problems
    assert warm.redirects == cold.redirects
    assert warm.export == cold.export


def test_warm_builds_match_cold_builds_after_every_kind_of_edit(vault: Path) -> None:
    cache, memo = NoteCache(), Memo()
    _build(vault, cache, memo)
    for name, edit in EDITS:
        edit(vault)
        warm = _build(vault, cache, memo)
        reused, _ = memo.last
        cold = _build(vault, NoteCache(), Memo())
        _compare(warm, cold)
        assert reused > 0, f"{name}: the warm build reused nothing"
