"""The whole core, one function: notes folder → :class:`~handbook.model.Handbook`.

Stages, each a pure function of the ones before:

1. **ingest**: read and parse every note (cached by content hash), then
   repair or refuse timestamps past their video's end (:mod:`handbook.ingest.moments`);
2. **resolve**: channels, the complete :class:`~handbook.resolve.index.NoteIndex`,
   then every wikilink and image of every note, once, with its problems;
3. **merge**: duplicate notes of one video become one page
   (:mod:`handbook.analyse.units`, :mod:`handbook.analyse.merge`), steered by ``handbook.yml``;
   **catalog**: frameworks, skills and pitfalls from the notes' structure
   (:mod:`handbook.analyse.catalog`);
4. **plan**: a source URI for every page, topics included
   (:mod:`handbook.plan.sitemap`); merged-away notes' URIs become redirects;
   related pages across videos (:mod:`handbook.analyse.related`);
5. **render**: Markdown for every page, backlinks, and ``handbook.json``;
6. **html**: every page's clean HTML and table of contents
   (:mod:`handbook.html.page`), so a site generator only wraps it in its theme.

Problems from every stage are returned sorted, so logs are deterministic.
Site generators call :func:`build_handbook` and publish what it returns.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any

from .analyse.catalog.build import build_catalog, entry_mentions, export_entries, related_entries
from .analyse.claims import note_claims
from .analyse.duplicates import Clustering
from .analyse.related import Candidate, episode_siblings, related_pages
from .analyse.units import Unit, plan_units
from .engine.memo import Memo, fingerprint
from .engine.progress import Meter, silent_meter
from .engine.workers import memo_map
from .html.page import RenderedPage, render_page
from .ingest.curation import load_curation
from .ingest.moments import repair_moments
from .ingest.notes import NoteCache, read_notes
from .model import Handbook, Note, Options, Page, Problem, WikiLink
from .plan.anchors import moved_marker, page_anchors, retired
from .plan.identity import entry_key, identify
from .plan.permalinks import Registry, resolve_registry
from .plan.sitemap import SiteMap, page_url, plan_site
from .publish.export import assemble_export, build_export
from .publish.search import search_fields
from .render.assemble import SitePlan, render_site
from .render.backlinks import collect_backlinks
from .render.links import LinkContext, find_embed_cycles, raw_uri
from .render.pages import channel_key
from .render.sources import article_uri, find_videos, video_uri
from .render.topics import fold_topics, plan_topics, topic_spellings
from .resolve.images import resolve_images
from .resolve.index import NoteIndex, Resolution, find_channels
from .resolve.mentions import Mention, note_mentions

Resolutions = dict[tuple[str, WikiLink], Resolution]


def resolve_links(
    mentions: Iterable[Mention], index: NoteIndex, options: Options
) -> tuple[Resolutions, list[Problem]]:
    """Resolve every mention's link once; report ambiguity and breakage."""
    resolutions: Resolutions = {}
    problems: list[Problem] = []
    for mention in mentions:
        link = mention.link
        note = index.notes[mention.note]
        resolution = index.resolve(link, note)
        resolutions[(note.path, link)] = resolution
        where = (note.path, link.line)
        for rule, message in resolution.problems:
            problems.append(Problem(*where, rule, message, col=link.col))
        if resolution.kind == "unresolved" and options.unresolved_links != "topic":
            severity = "error" if options.unresolved_links == "error" else "warning"
            problems.append(
                Problem(
                    *where,
                    "link/unresolved",
                    f"no note matches {link.raw!r}; shown as text",
                    severity,
                    link.col,
                    "check the spelling, or add the note",
                )
            )
    return resolutions, problems


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
    options = options or Options()
    timings = timings or Timings()
    reserved = frozenset(reserved)
    memo = Memo() if memo is None else memo
    started = time.perf_counter()
    notes = read_notes(root, cache, timings.meter("ingesting notes", 0))
    # Impossible moments are judged per video, so after every note is read;
    # repaired notes carry new digests, so every memo below sees them.
    notes = list(repair_moments(notes, memo).notes)
    started = timings.mark("ingest", started)

    channels = find_channels(notes)
    index = NoteIndex(notes, channels)
    mentions = [
        m
        for note in notes
        for m in memo.get("links", (note.path, note.digest), lambda n=note: tuple(note_mentions(n)))
    ]
    resolutions, problems = resolve_links(mentions, index, options)
    problems += find_embed_cycles(notes, resolutions)
    assets = resolve_images(notes, root, memo)
    problems += assets.problems
    started = timings.mark("resolve", started)

    hubs = {c.hub for c in channels.values() if c.hub}
    published = [n for n in notes if n.path not in hubs and not _unreadable(n)]
    curation = load_curation(
        Path(options.curation) if options.curation else None,
        [n.path for n in notes],
        options.source_label,
    )
    problems += curation.problems
    units, clustering = plan_units(published, curation, memo)
    started = timings.mark("merge", started)

    catalog = build_catalog(published, curation.catalog, curation.source, memo)
    problems += catalog.problems
    started = timings.mark("catalog", started)

    site = plan_site(notes, channels, reserved)
    redirects, moved, note_anchor = redirect_merged(site, units)
    for entry in catalog.entries:
        claimed = site.claim(entry.uri)
        entry.slug = claimed.rsplit("/", 1)[1][: -len(".md")]
    channel_of = {n.path: channel_key(n) for n in published if channel_key(n) in channels}
    videos = find_videos(published, [index.notes[h] for h in sorted(hubs)], channel_of)
    video_pages = {v.id: site.claim(video_uri(v)) for v in videos}
    article_pages = {n.path: site.claim(article_uri(n)) for n in published if n.kind == "article"}
    topic_mode = options.unresolved_links == "topic"
    spellings = topic_spellings(resolutions) if topic_mode else {}
    folds = fold_topics(spellings, [(e.uri, e.names) for e in catalog.entries])
    plan_topics(site, folds.titles)
    for key, page in folds.into_topic.items():
        site.topics[key] = site.topics[page]
    site.topics.update(folds.into_entry)
    titles = folds.titles
    links = LinkContext(
        index, site, resolutions, topic_mode, assets, titles, options.source_url, catalog.matcher
    )
    links.page_titles = {site.notes[u.owner]: u.title for u in units}
    backlinks = collect_backlinks(mentions, links)
    for uri, mention in entry_mentions(published, catalog.matcher, memo):
        if site.notes.get(mention.note) != uri:
            backlinks.setdefault(uri, []).append(mention)
    candidates = [
        Candidate(
            site.notes[u.owner],
            u.notes[0].video_id or "article:" + u.owner,
            u.title,
            lambda u=u: " ".join(c.text for n in u.notes for c in note_claims(n)),
            (u.title, fingerprint(u.notes)),
        )
        for u in units
    ]
    related = related_pages(candidates, memo)
    siblings = episode_siblings(candidates)
    started = timings.mark("plan", started)

    plan = SitePlan(
        links=links,
        units=units,
        published=published,
        channels=channels,
        catalog=catalog,
        videos=videos,
        video_pages=video_pages,
        article_pages=article_pages,
        topic_titles=titles,
        topic_counts=folds.counts,
        backlinks=backlinks,
        related=related,
        related_entries=related_entries(catalog.entries, catalog.matcher),
        options=options,
        siblings=siblings,
    )
    pages = render_site(plan, memo)

    def url(uri: str) -> str:
        return page_url(uri, options.directory_urls)

    url_redirects = {url(old): (url(new), anchor) for old, (new, anchor) in redirects.items()}
    served = identify(
        pages,
        units,
        url,
        site_notes=site.notes,
        topics=site.topics,
        entries=catalog.entries,
        videos=video_pages,
        channels=site.channels,
        articles=article_pages,
        moved={url(old): note for old, note in moved.items()},
    )
    registry = load_registry(options)
    if registry is not None:
        homes: dict[str, tuple[str, str]] = {}
        for name, (path, section) in catalog.homes.items():
            if path in site.notes:
                where = (url(site.notes[path]), note_anchor.get(path) or section or "")
                homes.setdefault(entry_key(name), where)
        moves, lost = resolve_registry(registry, served, url_redirects, note_anchor, homes)
        url_redirects.update(moves)
        problems += lost

    problems += [p for note in notes for p in note.problems]
    problems += site.problems
    problems.sort(key=lambda p: p.sort_key())
    report = merge_report(units, clustering, site)
    if not options.source_url:
        for note in notes:
            assets.files[raw_uri(note.path)] = str(root / note.path)
    entries = export_entries(catalog.entries, lambda u: page_url(u, options.directory_urls))

    def export() -> dict[str, object]:
        return assemble_export(
            build_export(
                pages,
                notes,
                mentions,
                backlinks,
                links,
                problems,
                directory_urls=options.directory_urls,
                topic_mode=options.unresolved_links,
            ),
            merges=report,
            entries=entries,
            related=related,
            redirects=url_redirects,
            directory_urls=options.directory_urls,
        )

    started = timings.mark("render", started)
    meter = timings.meter("rendering pages", len(pages))

    def fields(page: Page) -> str:
        names = {channels[c].name for s in page.sources if (c := channel_of.get(s)) in channels}
        return search_fields(page.kind, names)

    rendered, workers = render_html(
        [p for p in pages if p.src_uri not in reserved], fields, options, memo
    )
    timings.workers = max(timings.workers, workers)
    meter.advance(len(rendered))
    meter.close()
    if registry is not None:
        problems += follow_anchors(registry, rendered, url)
    memo.sweep()
    timings.mark("html", started)
    return Handbook(
        pages=tuple(pages),
        problems=tuple(problems),
        assets=dict(sorted(assets.files.items())),
        redirects=url_redirects,
        merge_log=tuple(merge_log_lines(report)),
        export_builder=export,
        published=tuple(served),
        rendered=rendered,
    )


def finished_page(
    markdown: str, src_uri: str, directory_urls: bool, graph: str, fields: str
) -> RenderedPage:
    """One page's clean HTML with its search fields in front."""
    body = render_page(markdown, src_uri, directory_urls, graph)
    return replace(body, html=fields + body.html)


def render_html(
    pages: Sequence[Page], fields: Callable[[Page], str], options: Options, memo: Memo
) -> tuple[dict[str, RenderedPage], int]:
    """Each page's :func:`finished_page`, by source URI, and the processes
    that took.  What the memo lacks (every page, in a cold build) renders
    on every core (:func:`handbook.engine.workers.memo_map`).  The memo holds the
    finished page, so the site's HTML is held once, not once in the memo
    and again with its fields."""
    heads = [fields(p) for p in pages]
    keys = [
        (
            p.src_uri,
            options.directory_urls,
            hashlib.sha1((p.markdown + p.graph + h).encode()).digest(),
        )
        for p, h in zip(pages, heads, strict=True)
    ]
    values, workers = memo_map(
        memo,
        "html",
        keys,
        finished_page,
        [p.markdown for p in pages],
        [p.src_uri for p in pages],
        [options.directory_urls] * len(pages),
        [p.graph for p in pages],
        heads,
    )
    return {p.src_uri: v for p, v in zip(pages, values, strict=True)}, workers


def redirect_merged(
    site: SiteMap, units: Iterable[Unit]
) -> tuple[dict[str, tuple[str, str]], dict[str, Note], dict[str, str]]:
    """Point every merged-away note at its merged page.

    Returns the redirects (old URI → new URI, anchor), the note each old URI
    showed, and each merged note's anchor on its new page.  The old URI
    stays claimed in the site map, so no later page can take it."""
    redirects: dict[str, tuple[str, str]] = {}
    moved: dict[str, Note] = {}
    anchors: dict[str, str] = {}
    for unit in units:
        if unit.merged is None:
            continue
        target = site.notes[unit.owner]
        for number, note in enumerate(unit.notes, start=1):
            old = site.notes[note.path]
            anchors[note.path] = f"source-{number}"
            if old != target:
                redirects[old] = (target, f"source-{number}")
                moved[old] = note
            site.notes[note.path] = target
    return redirects, moved, anchors


def follow_anchors(
    registry: Registry, rendered: dict[str, Any], url: Callable[[str], str]
) -> list[Problem]:
    """Pages that lost recorded anchors carry where each lands now
    (:mod:`handbook.plan.anchors`); each is reported as an ``anchor/retired`` hint."""
    by_url = {url(uri): uri for uri in rendered}
    problems: list[Problem] = []
    for page_url_, record in sorted(registry.urls.items()):
        uri = by_url.get(page_url_)
        recorded = record.get("anchors")
        if uri is None or not recorded:
            continue
        body = rendered[uri]
        if body.ids.issuperset(recorded):
            continue  # nothing retired: no need to read the page's anchors
        moved = retired(recorded, page_anchors(body.html))
        if not moved:
            continue
        rendered[uri] = replace(body, html=moved_marker(moved) + body.html)
        for old, new in sorted(moved.items()):
            where = f"#{new}" if new else "the top of the page"
            problems.append(
                Problem(
                    "permalinks.json",
                    0,
                    "anchor/retired",
                    f"/{page_url_}#{old} is gone from the page; old links land on {where}",
                    hint="old links follow it there; if the place is wrong, word it as it was",
                )
            )
    return problems


def load_registry(options: Options) -> Registry | None:
    """The permalink registry, if one is configured and belongs to these notes."""
    if not options.permalinks or not Path(options.permalinks).is_file():
        return None
    registry = Registry.load(Path(options.permalinks))
    if registry.source_dir and options.source_label and registry.source_dir != options.source_label:
        return None  # recorded for another notes folder
    return registry


def merge_report(
    units: Iterable[Unit], clustering: Clustering, site: SiteMap
) -> list[dict[str, object]]:
    """What merged with what, and why: the pair scores inside each group."""
    rows: list[dict[str, object]] = []
    for unit in units:
        if unit.merged is None:
            continue
        paths = sorted(unit.paths)
        pairs = [
            clustering.scores[(a, b)].as_dict()
            for a, b in combinations(paths, 2)
            if (a, b) in clustering.scores
        ]
        forced = any(rule <= set(paths) for rule in clustering.forced)
        rows.append(
            {
                "page": site.notes[unit.owner],
                "title": unit.title,
                "video": unit.notes[0].video_id,
                "notes": list(unit.paths),
                "reason": "handbook.yml" if forced else "score",
                "pinned_title": unit.pinned,
                "claims": unit.merged.claims,
                "shown": unit.merged.shown,
                "pairs": pairs,
            }
        )
    return rows


def merge_log_lines(report: Iterable[Mapping[str, object]]) -> list[str]:
    lines: list[str] = []
    for row in report:
        pairs = row["pairs"]
        assert isinstance(pairs, list)
        scores = ", ".join(f"{p['score']:.2f}" for p in pairs)
        notes = row["notes"]
        assert isinstance(notes, list)
        lines.append(
            f"{row['page']} <- {len(notes)} notes ({', '.join(notes)}); "
            f"{row['shown']}/{row['claims']} claims kept; pair scores {scores} ({row['reason']})"
        )
    return lines


def _unreadable(note: Note) -> bool:
    return any(p.rule in {"file/binary", "file/unreadable"} for p in note.problems)
