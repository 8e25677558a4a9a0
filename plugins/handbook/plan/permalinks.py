"""Permalinks that never break: a committed registry of every published URL.

``permalinks.json`` records each URL the handbook has published and what
the page there *is*: its identity keys (the note files behind it, their
content hashes and title keys; a topic, entry, video or channel key) and,
for note pages, the moments they cite.  On every build,
:func:`resolve_registry` checks each recorded URL:

1. a page is still published there: nothing to do;
2. a redirect already covers it (a note merged into another page): fine;
3. otherwise the page moved (renamed, merged, split): the first current
   page that shares an identity key takes it, in key order (file path,
   content hash, title, then the others), else the page citing most of the
   same moments; the URL becomes a redirect to it, with the anchor of the
   note's entry when it landed in a merged page;
4. nothing matches: a ``permalink/broken`` error, so ``mkdocs build
   --strict`` fails before a reviewer's link dies.

``handbook permalinks`` (``make permalinks``) records the current URLs after
a deliberate change; recorded URLs are never dropped.  With each URL it
records its page's claim and section anchors, so that a reworded claim's
old fragment still lands (:mod:`handbook.plan.anchors`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Options, Problem

FORMAT = 1
MAX_MOMENTS = 200
_KEY_ORDER = (
    "note:",
    "digest:",
    "title:",
    "entry:",
    "topic:",
    "video:",
    "article:",
    "channel:",
    "fixed:",
)


@dataclass
class Registry:
    source_dir: str = ""
    urls: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Registry:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data.get("source_dir", ""), dict(data.get("urls", {})))

    def dump(self) -> str:
        payload = {"format": FORMAT, "source_dir": self.source_dir, "urls": self.urls}
        return json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Published:
    """One URL the current build serves, with what identifies its page."""

    url: str
    keys: tuple[str, ...]
    moments: tuple[str, ...] = ()


def _rank(key: str) -> int:
    return next(
        (i for i, prefix in enumerate(_KEY_ORDER) if key.startswith(prefix)), len(_KEY_ORDER)
    )


def resolve_registry(
    registry: Registry,
    published: Iterable[Published],
    redirects: Mapping[str, tuple[str, str]],
    note_anchor: Mapping[str, str],
    homes: Mapping[str, tuple[str, str]] | None = None,
) -> tuple[dict[str, tuple[str, str]], list[Problem]]:
    """New redirects for recorded URLs that moved; problems for lost ones.

    ``note_anchor`` maps a note path to the anchor of its entry on the page
    that now holds it (``source-2`` on a merged page).  ``homes`` maps an
    ``entry:`` key the build no longer serves to the section of the note
    that writes that name (URL, anchor): an entry the catalog stopped
    keeping sends its readers to the passage it was made from."""
    homes = homes or {}
    served = {p.url: p for p in published}
    by_key: dict[str, str] = {}
    moments: dict[str, set[str]] = {}
    for page in sorted(served.values(), key=lambda p: p.url):
        for key in page.keys:
            by_key.setdefault(key, page.url)
        moments[page.url] = set(page.moments)
    found: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    for url, record in sorted(registry.urls.items()):
        if url in served or url in redirects:
            continue
        keys = sorted(map(_kind_free, record.get("keys", [])), key=lambda k: (_rank(k), k))
        target = next((by_key[k] for k in keys if k in by_key), None)
        anchor = ""
        if target is not None:
            note = next(
                (k[5:] for k in keys if k.startswith("note:") and by_key.get(k) == target), None
            )
            anchor = note_anchor.get(note, "") if note else ""
        elif home := next((homes[k] for k in keys if k in homes), None):
            target, anchor = home
        else:
            target = _by_moments(set(record.get("moments", [])), moments)
        if target is None:
            problems.append(
                Problem(
                    "permalinks.json",
                    0,
                    "permalink/broken",
                    f"published URL {url} would stop resolving: no page holds what it showed",
                    hint="restore the note or add a handbook.yml rule, then make permalinks",
                )
            )
            continue
        found[url] = (target, anchor)
    return found, problems


def _kind_free(key: str) -> str:
    """``entry:framework:x`` (recorded before entries lost their kind) → ``entry:x``."""
    if key.startswith("entry:") and key.count(":") == 2:
        return "entry:" + key.split(":", 2)[2]
    return key


def _by_moments(old: set[str], pages: Mapping[str, set[str]]) -> str | None:
    """The page citing most of the same moments (a note split in two)."""
    if not old:
        return None
    best = max(pages.items(), key=lambda kv: (len(old & kv[1]), kv[0]), default=None)
    if best is None or len(old & best[1]) * 3 < len(old):
        return None
    return best[0]


def record(
    registry: Registry,
    published: Iterable[Published],
    source_dir: str,
    anchors: Mapping[str, Mapping[str, list[str]]] | None = None,
) -> Registry:
    """The registry with every currently published URL added (none removed),
    each with its page's claim and section ``anchors`` (URL -> anchors, as
    :func:`handbook.plan.anchors.page_anchors` gives them).  Anchors recorded
    earlier that the page has lost are kept: old links to them still land
    (:func:`handbook.plan.anchors.retired`)."""
    anchors = anchors or {}
    urls = {url: dict(value) for url, value in registry.urls.items()}
    for page in published:
        entry: dict[str, Any] = {"keys": sorted(set(page.keys))}
        if page.moments:
            entry["moments"] = sorted(set(page.moments))[:MAX_MOMENTS]
        known = {**urls.get(page.url, {}).get("anchors", {}), **anchors.get(page.url, {})}
        if known:
            entry["anchors"] = dict(sorted(known.items()))
        urls[page.url] = entry
    return Registry(source_dir or registry.source_dir, dict(sorted(urls.items())))


def as_dict(registry: Registry) -> dict[str, Any]:
    return json.loads(registry.dump())


def load_registry(options: Options) -> Registry | None:
    """The permalink registry, if one is configured and belongs to these notes."""
    if not options.permalinks or not Path(options.permalinks).is_file():
        return None
    registry = Registry.load(Path(options.permalinks))
    if registry.source_dir and options.source_label and registry.source_dir != options.source_label:
        return None  # recorded for another notes folder
    return registry
