"""Published URLs never break: renamed, merged and split pages redirect."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from handbook.engine.memo import Memo
from handbook.model import Options
from handbook.pipeline import build_handbook
from handbook.plan.permalinks import Registry, record
from helpers import REPO, SEEDS, BuiltSite, build_site

SEED_003 = "lennyspodcast/career_growth_and_impact_for_product_managers.md"


def label(path: Path) -> str:
    """The notes folder as the plugin names it: relative to mkdocs.yml."""
    return Path(os.path.relpath(path, REPO)).as_posix()


def record_registry(
    notes: Path, into: Path, curation: str = "", memo: Memo | None = None
) -> Registry:
    handbook = build_handbook(
        notes, Options(curation=curation, source_label=label(notes)), memo=memo
    )
    registry = record(Registry(), handbook.published, label(notes))
    into.write_text(registry.dump())
    return registry


def resolves(site: BuiltSite, url: str) -> tuple[bool, str]:
    """Whether a recorded URL lands on a page (and anchor) in the built site."""
    path, anchor, html = site.follow("/" + url)
    if "<article" not in html:
        return False, f"{url} -> {path}: no page"
    if anchor and f'id="{anchor}"' not in html:
        return False, f"{url} -> {path}#{anchor}: no anchor"
    return True, path


def test_the_seed_registry_is_current() -> None:
    """permalinks.json lists every URL the seed site publishes (make permalinks)."""
    registry = Registry.load(REPO / "permalinks.json")
    handbook = build_handbook(
        SEEDS, Options(curation=str(REPO / "handbook.yml"), source_label="source_notes")
    )
    assert {p.url for p in handbook.published} <= set(registry.urls)
    assert registry.source_dir == "source_notes"


def test_renamed_note_redirects_and_deleted_note_fails_strict(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    shutil.copytree(SEEDS, notes)
    registry = tmp_path / "permalinks.json"
    recorded = record_registry(notes, registry)
    old_url = "notes/lennyspodcast/career-growth-and-impact-for-product-managers/"
    assert old_url in recorded.urls

    (notes / SEED_003).rename(notes / "lennyspodcast/impact_first_career_growth.md")
    env = {"HANDBOOK_PERMALINKS": str(registry), "HANDBOOK_CURATION": ""}
    site = build_site(notes, tmp_path / "renamed", strict=True, env=env)
    assert site.returncode == 0, site.log
    ok, landed = resolves(site, old_url)
    assert ok and landed == "/notes/lennyspodcast/impact-first-career-growth/"

    (notes / "lennyspodcast/impact_first_career_growth.md").unlink()
    broken = build_site(notes, tmp_path / "deleted", strict=True, env=env)
    assert broken.returncode != 0
    assert f"published URL {old_url} would stop resolving" in broken.log


@pytest.mark.corpus
def test_recorded_urls_survive_growth_renames_and_merges(corpus_dir: Path, tmp_path: Path) -> None:
    """Record half the corpus; add the other half, rename two notes, merge two
    topics by rule; every recorded URL still lands on a page and anchor."""
    notes = tmp_path / "notes"
    files = sorted(p for p in corpus_dir.rglob("*.md"))
    videos = sorted(
        {
            m.group(1)
            for p in files
            if (m := re.search(r"videoId: *(\S+)", p.read_text(errors="replace")[:400]))
        }
    )
    first_half = set(videos[::2])

    def video_of(path: Path) -> str | None:
        match = re.search(r"videoId: *(\S+)", path.read_text(errors="replace")[:400])
        return match.group(1) if match else None

    for path in files:
        if video_of(path) is None or video_of(path) in first_half:
            target = notes / path.relative_to(corpus_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    registry_path = tmp_path / "permalinks.json"
    # One memo for the three in-process builds, as `make serve` keeps one:
    # unchanged notes are not parsed again (warm builds equal cold ones,
    # tests/test_incremental.py), which saves minutes of the suite.
    memo = Memo()
    registry = record_registry(notes, registry_path, memo=memo)
    assert len(registry.urls) > 1000

    for path in files:  # the other half arrives
        target = notes / path.relative_to(corpus_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    first = build_handbook(notes, Options(source_label=label(notes)), memo=memo)
    kinds = {page.src_uri: page.kind for page in first.pages}
    recorded_half = sorted(
        p.relative_to(notes).as_posix() for p in notes.rglob("*.md") if video_of(p) in first_half
    )
    renamed = [  # two notes of the recorded half that have a page of their own
        note
        for note in recorded_half
        if kinds.get("notes/" + re.sub(r"[^a-z0-9/]+", "-", note[:-3].lower()) + ".md") == "note"
    ][:2]
    assert len(renamed) == 2
    for path in renamed:
        (notes / path).rename(notes / path.replace(".md", "_renamed.md"))
    handbook = build_handbook(notes, Options(source_label=label(notes)), memo=memo)
    merged = {n for m in handbook.export["merges"] for n in m["notes"]}
    by_video: dict[str, list[str]] = {}
    for note in sorted(p.relative_to(notes).as_posix() for p in notes.rglob("*.md")):
        video = video_of(notes / note)
        if video in first_half and note not in merged:
            by_video.setdefault(video, []).append(note)
    pair = next(v[:2] for v in by_video.values() if len(v) >= 2)
    rules = tmp_path / "handbook.yml"
    rules.write_text(f"merge:\n  together:\n    - [{pair[0]}, {pair[1]}]\n")

    env = {"HANDBOOK_PERMALINKS": str(registry_path), "HANDBOOK_CURATION": str(rules)}
    site = build_site(notes, tmp_path / "site", env=env)
    assert site.returncode == 0, site.log[-3000:]
    assert "[permalink/broken]" not in site.log
    failures = []
    for url in registry.urls:
        ok, detail = resolves(site, url)
        if not ok:
            failures.append(detail)
    assert failures == []
    moved = site.export()["redirects"]
    targets = {r["from"]: r for r in moved}
    for path in renamed:
        old = "notes/" + re.sub(r"[^a-z0-9/]+", "-", path[:-3].lower()) + "/"
        assert targets[old]["to"].endswith("-renamed/")


@pytest.mark.parametrize(
    ("recorded", "homes", "expected"),
    [
        # An entry retyped by the catalog (framework → concept) keeps its URL.
        (["entry:framework:kano"], {}, ("concepts/kano/", "")),
        # An entry no longer kept lands on the passage it was made from.
        (["entry:skill:data"], {"entry:data": ("notes/a/", "data")}, ("notes/a/", "data")),
        # Served keys win over homes.
        (["entry:kano"], {"entry:kano": ("notes/a/", "x")}, ("concepts/kano/", "")),
    ],
)
def test_entry_urls_resolve_by_name_not_kind(
    recorded: list[str], homes: dict, expected: tuple[str, str]
) -> None:
    from handbook.plan.permalinks import Published, resolve_registry

    registry = Registry("", {"old/": {"keys": recorded}})
    served = [Published("concepts/kano/", ("entry:kano",)), Published("notes/a/", ("note:a.md",))]
    moves, problems = resolve_registry(registry, served, {}, {}, homes)
    assert problems == []
    assert moves["old/"] == expected


def test_an_entry_nothing_writes_any_more_is_reported() -> None:
    from handbook.plan.permalinks import Published, resolve_registry

    registry = Registry("", {"old/": {"keys": ["entry:skill:gone"]}})
    moves, problems = resolve_registry(registry, [Published("notes/a/", ("note:a.md",))], {}, {})
    assert moves == {} and [p.rule for p in problems] == ["permalink/broken"]
