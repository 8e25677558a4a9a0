"""``handbook.json`` and ``handbook/*.jsonl``: the whole handbook as data.

Layout (schema 2).  ``handbook.json`` is the small site-wide index: the
``schema``, every page, and under ``tables`` each bulk table's file and row
count.  Each table is a JSON Lines file in ``handbook/`` beside it, one row
per line, so a tool streams a table or greps it instead of parsing one file
that was 433 MB on the 21,000-note wiki (schema 1).  Every table is sorted
and every row written with sorted keys, so each file is byte-identical for
the same notes.  :func:`read_export` puts the tables back into one mapping,
the shape :func:`build_export` returns.

Tables:

``pages``
    ``{url, src_uri, kind, title, sources}`` for every page; ``url`` is
    site-relative as MkDocs writes it (``notes/x/``), ``sources`` the note
    files (relative to the notes folder) the page was built from.
``links``
    ``{source, line, col, target, raw, from, to, anchor, resolved, embed}``
    for every wikilink in the notes, the ``From:`` line included.
    ``from``/``to`` are page URLs (``to`` is ``null`` when the link is
    shown as text); ``resolved`` says how: ``exact``, ``tolerant``,
    ``alias``, ``path``, ``self``, ``channel``, ``image``, ``topic``,
    ``text`` or ``refused``, with ``-ambiguous`` appended when several notes
    matched.
``timestamps``
    ``{video, seconds, page, anchor, source, line}`` for every citation.
``backlinks``
    ``{page, from, anchor, source, line}``: each passage listed under a
    page's "Referenced by".
``problems``
    ``{path, line, col, rule, severity, message}``: everything the build
    reported.
``merges``, ``entries``, ``related``, ``redirects``
    the merge report, the catalog, related pages and old URLs
    (:func:`assemble_export`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model import Note, Page, Problem
from ..plan.sitemap import page_url
from ..render.links import LinkContext
from ..resolve.mentions import Mention, note_stamps

SCHEMA_VERSION = 2
INDEX = "handbook.json"
TABLES = "handbook"
# What the index keeps itself; every other list is a table of its own.
_INDEX_KEYS = ("schema", "pages")


def build_export(
    pages: Sequence[Page],
    notes: Iterable[Note],
    mentions: Iterable[Mention],
    backlinks: Mapping[str, Sequence[Mention]],
    links: LinkContext,
    problems: Iterable[Problem],
    *,
    directory_urls: bool = True,
    topic_mode: str = "topic",
) -> dict[str, Any]:
    def url(uri: str | None) -> str | None:
        return None if uri is None else page_url(uri, directory_urls)

    site = links.site
    link_rows: list[dict[str, Any]] = []
    for mention in mentions:
        link = mention.link
        resolution = links.resolutions[(mention.note, link)]
        target = links.target(resolution)
        how = resolution.how
        if resolution.kind == "unresolved":
            how = "topic" if target is not None else topic_mode
        if resolution.kind == "image":
            image = links.assets.embeds.get((mention.note, link))
            target, how = image, "image"
        link_rows.append(
            _link_row(
                mention.note,
                link,
                url(site.notes.get(mention.note)),
                url(target) if how != "image" else target,
                resolution.anchor,
                how,
            )
        )
    note_list = list(notes)
    for note in note_list:
        if note.source_link is not None:
            key = note.source_link.target
            channel = next((c for c in links.index.channels.values() if c.name == key), None)
            to = url(site.channels.get(channel.key)) if channel else None
            link_rows.append(
                _link_row(
                    note.path,
                    note.source_link,
                    url(site.notes.get(note.path)),
                    to,
                    None,
                    "source-line",
                )
            )
    stamps = [
        {
            "video": note.video_id,
            "seconds": stamp.seconds,
            "page": url(site.notes.get(note.path)),
            "anchor": anchor,
            "source": note.path,
            "line": stamp.line,
        }
        for note in note_list
        if note.video_id
        for stamp, anchor in note_stamps(note)
    ]
    back = [
        {
            "page": url(target),
            "from": url(site.notes.get(m.note)),
            "anchor": m.section,
            "source": m.note,
            "line": m.link.line,
        }
        for target, group in backlinks.items()
        for m in group
    ]
    return {
        "schema": SCHEMA_VERSION,
        "pages": sorted(
            (
                {
                    "url": url(p.src_uri),
                    "src_uri": p.src_uri,
                    "kind": p.kind,
                    "title": p.title,
                    "sources": list(p.sources),
                }
                for p in pages
            ),
            key=lambda row: row["src_uri"],
        ),
        "links": sorted(link_rows, key=lambda r: (r["source"], r["line"], r["col"], r["raw"])),
        "timestamps": sorted(stamps, key=lambda r: (r["source"], r["line"], r["seconds"])),
        "backlinks": sorted(back, key=lambda r: (r["page"], r["source"], r["line"], r["from"])),
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "col": p.col,
                "rule": p.rule,
                "severity": p.severity,
                "message": p.message,
            }
            for p in problems
        ],
    }


def assemble_export(
    export: dict[str, Any],
    *,
    merges: list[dict[str, object]],
    entries: list[dict[str, object]],
    related: Mapping[str, list[tuple[str, float]]],
    redirects: Mapping[str, tuple[str, str]],
    directory_urls: bool,
) -> dict[str, Any]:
    """The export with the merge report, catalog, related pages and redirects."""
    export["merges"] = merges
    export["entries"] = entries
    export["related"] = [
        {
            "page": page_url(uri, directory_urls),
            "related": [{"page": page_url(o, directory_urls), "score": s} for o, s in found],
        }
        for uri, found in sorted(related.items())
    ]
    export["redirects"] = [
        {"from": old, "to": new, "anchor": anchor}
        for old, (new, anchor) in sorted(redirects.items())
    ]
    return export


def _link_row(
    source: str, link: Any, from_url: str | None, to_url: str | None, anchor: str | None, how: str
) -> dict[str, Any]:
    return {
        "source": source,
        "line": link.line,
        "col": link.col,
        "target": link.target,
        "raw": link.raw,
        "from": from_url,
        "to": to_url,
        "anchor": anchor,
        "resolved": how,
        "embed": link.embed,
    }


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dump_export(export: Mapping[str, Any]) -> dict[str, str]:
    """The files of ``export``, by path relative to the site: the index and
    one JSON Lines file per table.  Written by the C encoder (``indent``
    would send every value through the Python one, which took two seconds
    on the corpus); the index has one page per line, so it diffs well."""
    tables = sorted(k for k in export if k not in _INDEX_KEYS)
    files = {
        f"{TABLES}/{name}.jsonl": "".join(_compact(row) + "\n" for row in export[name])
        for name in tables
    }
    index = {
        "schema": export.get("schema", SCHEMA_VERSION),
        "pages": export.get("pages", []),
        "tables": {
            name: {"path": f"{TABLES}/{name}.jsonl", "rows": len(export[name])} for name in tables
        },
    }

    def member(key: str, value: Any) -> str:
        if isinstance(value, list) and value:
            rows = ",\n".join("  " + _compact(item) for item in value)
            return f"{_compact(key)}: [\n{rows}\n]"
        return f"{_compact(key)}: {_compact(value)}"

    files[INDEX] = "{\n" + ",\n".join(member(k, index[k]) for k in sorted(index)) + "\n}\n"
    return files


def write_export(export: Mapping[str, Any], site_dir: Path) -> None:
    """Write :func:`dump_export`'s files under ``site_dir``; a table file a
    smaller handbook no longer has is removed, so none goes stale."""
    files = dump_export(export)
    folder = site_dir / TABLES
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jsonl"):
        if f"{TABLES}/{old.name}" not in files:
            old.unlink()
    for relative, text in files.items():
        if relative != INDEX:
            (site_dir / relative).write_text(text, encoding="utf-8")
    # The index last: a reader who finds it finds the tables it names.
    (site_dir / INDEX).write_text(files[INDEX], encoding="utf-8")


def read_export(site_dir: Path) -> dict[str, Any]:
    """A written export back as one mapping: the index and every table."""
    index = json.loads((site_dir / INDEX).read_text(encoding="utf-8"))
    export = {k: index[k] for k in _INDEX_KEYS}
    for name, table in index["tables"].items():
        text = (site_dir / table["path"]).read_text(encoding="utf-8")
        export[name] = [json.loads(line) for line in text.splitlines()]
    return export
