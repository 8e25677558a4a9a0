"""Fast rebuilds for ``mkdocs serve``: after an edit, only the changed pages.

MkDocs rebuilds the whole site after any change, which for the corpus means
about 3,000 pages and half a minute.  ``mkdocs serve --dirty`` is no way
out: it leaves stale titles and a truncated search index (mkdocs#4047).
The handbook knows exactly which pages an edit changed, so
:class:`Rebuilder`, installed in place of the server's builder:

1. checks that nothing outside the notes folder changed (``mkdocs.yml``,
   ``docs/``, ``handbook.yml``, the permalink registry, a theme folder);
2. re-runs the core pipeline, warm (:mod:`handbook.engine.memo`), and compares
   its pages with the last build's.  If the set of pages, a page in the
   navigation, the redirects or the published files changed, it falls back
   to MkDocs' full build;
3. otherwise hands each changed page its new content and has MkDocs run
   that page's usual events and template, exactly as a full build would,
   swaps the page's entries in the search index in place (keeping the
   index in page order) and refreshes copied note files.  The browser
   reloads then; ``handbook.json`` and its tables, 30 MB on the corpus,
   are written by a background thread a second later;
4. logs only the problems the edit introduced.

The site it leaves is byte-identical to a full build's (tested), and the
first build, any error and any doubt go through MkDocs' own builder.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from ..model import Handbook
from ..publish.export import write_export

if TYPE_CHECKING:
    from .plugin import HandbookPage, HandbookPlugin

log = get_plugin_logger(__name__)


@dataclass
class BuildState:
    """What a full build left behind for the next partial one."""

    plugin: HandbookPlugin
    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Any  # jinja2.Environment
    pages: dict[str, HandbookPage]  # src URI -> the MkDocs page
    inputs: tuple[tuple[str, int, int], ...]  # everything but the notes


_LAST: BuildState | None = None
_ACTIVE = False


def activate() -> None:
    """``mkdocs serve`` started: keep each build's state for the next."""
    global _ACTIVE
    _ACTIVE = True


def active() -> bool:
    return _ACTIVE


def remember(state: BuildState) -> None:
    global _LAST
    _LAST = state


def watched_inputs(paths: Iterable[str | os.PathLike[str]]) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every file under ``paths``."""
    found: list[tuple[str, int, int]] = []
    for root in paths:
        root = Path(root)
        if root.is_file():
            stat = root.stat()
            found.append((str(root), stat.st_size, stat.st_mtime_ns))
            continue
        for folder, _dirs, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


class Rebuilder:
    """The serve builder: a partial rebuild when it is exact, else ``full``."""

    def __init__(self, full: Callable[[], None]) -> None:
        self.full = full

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        finish_export()
        state = _LAST
        if args or kwargs or state is None:
            self.full(*args, **kwargs)
            return
        started = time.perf_counter()
        try:
            changed = rebuild_changed(state)
        except Exception as error:
            log.info("partial rebuild failed (%s); rebuilding everything", error)
            changed = None
        if changed is None:
            self.full()
            return
        log.info(
            "rebuilt %d changed page(s) in %.2fs: %s",
            len(changed),
            time.perf_counter() - started,
            ", ".join(changed[:5]) + (" ..." if len(changed) > 5 else ""),
        )


def rebuild_changed(state: BuildState) -> list[str] | None:
    """Rebuild the pages an edit of notes changed; ``None`` if only a full
    build can be exact."""
    plugin, config = state.plugin, state.config
    if watched_inputs(plugin.watched(config)) != state.inputs:
        return None
    old = plugin.handbook
    new = plugin.run_pipeline(config)
    if old is None or not _same_frame(old, new):
        return None
    if plugin.link_errors(new):
        return None  # the full build reports them and fails, as it should
    changed = [
        page.src_uri
        for page in new.pages
        if page.src_uri in state.pages
        and (
            page != state.pages[page.src_uri].core
            or new.rendered[page.src_uri] != old.rendered[page.src_uri]
        )
    ]
    plugin.handbook = new
    known = set(old.problems)
    fresh = [p for p in new.problems if p not in known]
    plugin.log_problems(fresh)
    if len(fresh) != len(new.problems):
        log.info("%d problem(s) in the notes, %d new", len(new.problems), len(fresh))
    doc_files = state.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(getattr(search, "search_index", None), "entries", None)
    new_pages = {p.src_uri: p for p in new.pages}
    rebuilt: dict[str, list[dict[str, Any]]] = {}
    for uri in changed:
        page = state.pages[uri]
        page.update(new_pages[uri], new.rendered[uri])
        _populate_page(page, config, state.files)
        before = len(index) if index is not None else 0
        _build_page(page, config, doc_files, state.nav, state.env)
        if index is not None:
            rebuilt[page.url] = index[before:]
            del index[before:]
    if index is not None and rebuilt:
        index[:] = _reorder(index, rebuilt, [f.page.url if f.page else f.url for f in doc_files])
        search.on_post_build(config=config)  # type: ignore[union-attr]
    _copy_changed(new.assets, config.site_dir)
    _write_export_later(new, Path(config.site_dir))
    return changed


_EXPORT: threading.Thread | None = None


def _write_export_later(handbook: Handbook, site_dir: Path) -> None:
    global _EXPORT

    def write() -> None:
        write_export(handbook.export, site_dir)

    _EXPORT = threading.Thread(target=write, name="handbook-export", daemon=True)
    _EXPORT.start()


def finish_export() -> None:
    """Wait for the last export, so no old one lands in a newer site."""
    if _EXPORT is not None:
        _EXPORT.join()


def _same_frame(old: Handbook, new: Handbook) -> bool:
    """Same pages, navigation, redirects and files: only contents may differ."""
    if [p.src_uri for p in old.pages] != [p.src_uri for p in new.pages]:
        return False
    nav_old = [(p.src_uri, p.title) for p in old.pages if p.in_nav]
    nav_new = [(p.src_uri, p.title) for p in new.pages if p.in_nav]
    return nav_old == nav_new and old.redirects == new.redirects and old.assets == new.assets


def _reorder(
    entries: list[dict[str, Any]], rebuilt: dict[str, list[dict[str, Any]]], order: list[str]
) -> list[dict[str, Any]]:
    """The search entries in page order, each rebuilt page's replaced.

    ``order`` holds page URLs (the home page is ``""``, where its file says
    ``"./"``), which is how search entries name their page."""
    by_page: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_page.setdefault(entry["location"].partition("#")[0], []).append(entry)
    by_page.update(rebuilt)
    ordered = [e for url in order for e in by_page.pop(url, [])]
    return ordered + [e for rest in by_page.values() for e in rest]


def _copy_changed(assets: dict[str, str], site_dir: str) -> None:
    """Copy published files (note sources, images) whose source changed."""
    for uri, source in assets.items():
        target = os.path.join(site_dir, uri)
        try:
            src = os.stat(source)
        except OSError:
            continue
        try:
            dst = os.stat(target)
            if dst.st_size == src.st_size and dst.st_mtime_ns >= src.st_mtime_ns:
                continue
        except OSError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(source, target)
