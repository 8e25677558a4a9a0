"""The export's layout: a small index, ``handbook.json``, and one JSON Lines
file per table under ``handbook/`` (:mod:`handbook.publish.export`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handbook.publish.export import dump_export, read_export, write_export
from helpers import BuiltSite

EXPORT = {
    "schema": 2,
    "pages": [{"url": "a/", "src_uri": "a.md", "kind": "note", "title": "A", "sources": []}],
    "links": [{"source": "a.md", "line": 1, "raw": "[[b]]"}, {"source": "a.md", "line": 2}],
    "problems": [],
    "redirects": [{"from": "old/", "to": "a/", "anchor": ""}],
}


def test_tables_are_json_lines_beside_a_small_index() -> None:
    files = dump_export(EXPORT)
    assert sorted(files) == [
        "handbook.json",
        "handbook/links.jsonl",
        "handbook/problems.jsonl",
        "handbook/redirects.jsonl",
    ]
    index = json.loads(files["handbook.json"])
    assert index["pages"] == EXPORT["pages"]
    assert index["tables"]["links"] == {"path": "handbook/links.jsonl", "rows": 2}
    assert "links" not in index
    assert files["handbook/links.jsonl"].splitlines()[1] == '{"line":2,"source":"a.md"}'
    assert files["handbook/problems.jsonl"] == ""


def test_written_export_reads_back_whole(tmp_path: Path) -> None:
    (tmp_path / "handbook").mkdir()
    (tmp_path / "handbook" / "stale.jsonl").write_text("{}\n")
    write_export(EXPORT, tmp_path)
    assert not (tmp_path / "handbook" / "stale.jsonl").exists()
    assert read_export(tmp_path) == EXPORT


@pytest.mark.corpus
def test_corpus_index_stays_small(corpus_site: BuiltSite) -> None:
    """A tool reads the site's pages without loading every link and claim."""
    files = corpus_site.export_files()
    index = len(files["handbook.json"])
    assert index < 0.2 * sum(len(v) for v in files.values())
    assert {"links", "timestamps", "backlinks", "entries"} <= {
        Path(p).stem for p in files if p.endswith(".jsonl")
    }
