"""Two builds of the same notes are byte-identical, whatever the file-system
order, the hash seed or the number of worker processes.

The second build runs with another ``PYTHONHASHSEED`` and a
``sitecustomize`` that shuffles what ``os.walk``, ``os.listdir`` and
``os.scandir`` return, so any code that relies on directory order or on
set and dict iteration of strings shows up as a differing file.  The first
runs in one process, the second renders its pages on two
(:mod:`handbook.engine.workers`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import UNSTABLE_SEARCH_FILES, VAULT, build_site

SHUFFLE = """
import os, random

_random = random.Random(20261121)
_walk, _listdir, _scandir = os.walk, os.listdir, os.scandir


def walk(top, *args, **kwargs):
    for folder, dirs, files in _walk(top, *args, **kwargs):
        _random.shuffle(dirs)
        _random.shuffle(files)
        yield folder, dirs, files


def listdir(path="."):
    names = _listdir(path)
    _random.shuffle(names)
    return names


class _Shuffled:
    def __init__(self, entries):
        self._entries = entries
        shuffled = list(entries)
        _random.shuffle(shuffled)
        self._iter = iter(shuffled)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._iter)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._entries.close()

    def close(self):
        self._entries.close()


def scandir(path="."):
    return _Shuffled(_scandir(path))


os.walk, os.listdir, os.scandir = walk, listdir, scandir
open(os.environ["HANDBOOK_SHUFFLED"], "w").close()  # proof the shim ran
"""


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of a built site, by path; Pagefind's filter and metadata
    indexes by their count only (see helpers.UNSTABLE_SEARCH_FILES)."""
    files = {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    unstable = sorted(n for n in files if UNSTABLE_SEARCH_FILES.match(n))
    found = {n: p.read_bytes() for n, p in files.items() if n not in unstable}
    found["pagefind/(unstable index files)"] = str(len(unstable)).encode()
    return found


@pytest.mark.corpus
def test_builds_are_byte_identical_across_order_and_hash_seed(
    corpus_dir: Path, tmp_path: Path
) -> None:
    vault = tmp_path / "notes"
    shutil.copytree(corpus_dir / "gregisenberg", vault / "gregisenberg")
    shutil.copytree(VAULT, vault / "vault")
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(SHUFFLE)
    common = {"SOURCE_DATE_EPOCH": "1700000000", "HANDBOOK_PERMALINKS": ""}
    first = build_site(
        vault, tmp_path / "a", env={**common, "PYTHONHASHSEED": "1", "HANDBOOK_WORKERS": "1"}
    )
    proof = tmp_path / "shuffled"
    shuffled = {
        "PYTHONHASHSEED": "2",
        "PYTHONPATH": str(shim),
        "HANDBOOK_SHUFFLED": str(proof),
        "HANDBOOK_WORKERS": "2",
    }
    second = build_site(vault, tmp_path / "b", env={**common, **shuffled})
    assert proof.exists()
    assert first.returncode == 0 and second.returncode == 0, second.log[-2000:]
    assert "; 1 process)" in first.log and "; 2 processes)" in second.log
    a, b = snapshot(first.root), snapshot(second.root)
    assert len(a) > 300
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
