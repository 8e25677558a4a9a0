"""The whole core, one function: notes folder → :class:`~handbook.model.Handbook`.

:func:`build_handbook` composes the stages of :mod:`handbook.stages`, each a
function of the values the ones before returned, and times each:

1. **ingest**: read and parse every note (cached by content hash), then
   repair or refuse timestamps past their video's end → ``Vault``;
2. **resolve**: channels, the complete note index, then every wikilink and
   image of every note, once, with its problems → ``Resolved``;
3. **merge**: duplicate notes of one video become one page, steered by
   ``handbook.yml`` → ``Merged``; **catalog**: frameworks, concepts, skills
   and pitfalls across every source → ``Catalog``;
4. **plan**: a source URI for every page, topics included; merged-away
   notes' URIs become redirects; links, backlinks, related pages → ``Plan``;
5. **render**: Markdown for every page (:mod:`handbook.render.assemble`),
   then what each URL shows, the permalink registry's verdicts and every
   problem, sorted → ``Published``;
6. **html**: every page's clean HTML and table of contents
   (:mod:`handbook.html.site`), so a site generator only wraps it in its theme.

Site generators call :func:`build_handbook` and publish what it returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import stages
from .analyse.catalog.build import build_catalog
from .engine.memo import Memo
from .engine.progress import Meter, silent_meter
from .html.page import RenderedPage
from .html.site import render_html
from .ingest.notes import NoteCache
from .model import Handbook, Options, Page
from .plan.anchors import follow_anchors
from .plan.sitemap import page_url
from .publish.merges import merge_log_lines
from .publish.search import search_fields
from .render.assemble import render_site


@dataclass
class Timings:
    """Wall time per stage, and where long loops report progress."""

    stages: dict[str, float] = field(default_factory=dict)
    meter: Callable[[str, int], Meter] = silent_meter
    workers: int = 1  # the most processes a stage ran on

    def mark(self, stage: str, started: float) -> float:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - started
        return now


def build_handbook(
    root: Path,
    options: Options | None = None,
    reserved: Iterable[str] = (),
    cache: NoteCache | None = None,
    timings: Timings | None = None,
    memo: Memo | None = None,
) -> Handbook:
    """Everything the site shows for the notes under ``root``.  ``reserved``
    source URIs are the site generator's own pages (never generated);
    ``cache`` and ``memo`` carry parsed notes and finished work between
    builds of one ``mkdocs serve``."""
    options, timings = options or Options(), timings or Timings()
    memo, reserved = Memo() if memo is None else memo, frozenset(reserved)
    clock = time.perf_counter()
    vault = stages.ingest(root, cache, memo, timings.meter("ingesting notes", 0))
    clock = timings.mark("ingest", clock)
    resolved = stages.resolve(vault, options, memo)
    clock = timings.mark("resolve", clock)
    merged = stages.merge(vault, resolved, options, memo)
    clock = timings.mark("merge", clock)
    catalog = build_catalog(merged.published, merged.curation.catalog, merged.curation.source, memo)
    clock = timings.mark("catalog", clock)
    planned = stages.plan(vault, resolved, merged, catalog, options, reserved, memo)
    clock = timings.mark("plan", clock)
    pages = render_site(planned.site_plan, memo)
    published = stages.publish(vault, resolved, merged, catalog, planned, pages, options)
    clock = timings.mark("render", clock)
    rendered = _html(pages, planned, options, reserved, timings, memo)
    problems = published.problems
    if published.registry is not None:

        def url(uri: str) -> str:
            return page_url(uri, options.directory_urls)

        problems += tuple(follow_anchors(published.registry, rendered, url))
    memo.sweep()
    timings.mark("html", clock)
    export = stages.export_builder(vault, resolved, catalog, planned, pages, published, problems)
    return Handbook(
        pages=tuple(pages),
        problems=problems,
        assets=dict(sorted(published.files.items())),
        redirects=published.redirects,
        merge_log=tuple(merge_log_lines(published.merges)),
        export_builder=export,
        published=published.served,
        rendered=rendered,
    )


def _html(
    pages: Sequence[Page],
    planned: stages.Plan,
    options: Options,
    reserved: frozenset[str],
    timings: Timings,
    memo: Memo,
) -> dict[str, RenderedPage]:
    """Every page's HTML, with its search fields (kind, channels)."""
    meter = timings.meter("rendering pages", len(pages))
    channels, channel_of = planned.site_plan.channels, planned.channel_of

    def fields(page: Page) -> str:
        names = {channels[c].name for s in page.sources if (c := channel_of.get(s)) in channels}
        return search_fields(page.kind, names)

    rendered, workers = render_html(
        [p for p in pages if p.src_uri not in reserved], fields, options, memo
    )
    timings.workers = max(timings.workers, workers)
    meter.advance(len(rendered))
    meter.close()
    return rendered
