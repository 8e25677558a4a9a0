"""Byte identity: the seed and corpus sites are what was recorded, file for file.

A change that should not alter output (a restructure, a speed-up) proves it
here; a change that should alter it (new knowledge, a fixed bug) says so by
re-recording (``make digest``), and the diff of ``site_digest.json`` names
the sections of the site it touched.

Each section of a site (its first path component: ``concepts``, ``notes``,
``sources``, ``index.html`` ...) has one SHA-256 over the sorted relative
paths and contents of its files.  ``pagefind/`` is left out: Pagefind names
its index files after hashes that vary run to run (the determinism test
counts them), and its input, every page, is covered.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

from helpers import BuiltSite

RECORD = Path(__file__).parent / "fixtures" / "site_digest.json"
UNSTABLE = {"pagefind"}


def section_digests(root: Path) -> dict[str, str]:
    """One digest per top-level section of a built site."""
    files: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(root.rglob("*")):
        if path.is_file():
            relative = path.relative_to(root)
            if relative.parts[0] not in UNSTABLE:
                files[relative.parts[0]].append(path)
    digests = {}
    for section, paths in sorted(files.items()):
        digest = hashlib.sha256()
        for path in paths:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        digests[section] = digest.hexdigest()
    return digests


def _check(name: str, site: BuiltSite) -> None:
    found = section_digests(site.root)
    recorded = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}
    if os.environ.get("HANDBOOK_RECORD_DIGEST") == "1":
        recorded[name] = found
        RECORD.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return
    wanted = recorded.get(name, {})
    changed = sorted(s for s in found.keys() | wanted.keys() if found.get(s) != wanted.get(s))
    assert not changed, (
        f"the {name} site differs from the recorded one in {changed}; "
        "if that is intended, run `make digest` and commit tests/fixtures/site_digest.json"
    )


def test_seed_site_is_the_recorded_one(seed_site: BuiltSite) -> None:
    _check("seed", seed_site)


def test_corpus_site_is_the_recorded_one(corpus_site: BuiltSite) -> None:
    _check("corpus", corpus_site)


@pytest.mark.parametrize("unstable", sorted(UNSTABLE))
def test_only_pagefind_is_left_out(seed_site: BuiltSite, unstable: str) -> None:
    assert (seed_site.root / unstable).is_dir()
    assert set(section_digests(seed_site.root)) >= {"index.html", "notes", "sources", "assets"}
