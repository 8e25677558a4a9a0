"""The whole core, one function: notes folder → :class:`~handbook.model.Handbook`.

Stages, each a pure function of the ones before:

1. **ingest**: read and parse every note (cached by content hash);
2. **resolve**: channels, the complete :class:`~handbook.links.NoteIndex`,
   then every wikilink and image of every note, once, with its problems;
3. **merge**: duplicate notes of one video become one page
   (:mod:`handbook.units`, :mod:`handbook.merge`), steered by ``handbook.yml``;
   **catalog**: frameworks, skills and pitfalls from the notes' structure
   (:mod:`handbook.catalog`);
4. **plan**: a source URI for every page, topics included
   (:mod:`handbook.sitemap`); merged-away notes' URIs become redirects;
   related pages across videos (:mod:`handbook.related`);
5. **render**: Markdown for every page, backlinks, and ``handbook.json``;
6. **html**: every page's clean HTML and table of contents
   (:mod:`handbook.html`), so a site generator only wraps it in its theme.

Problems from every stage are returned sorted, so logs are deterministic.
Site generators call :func:`build_handbook` and publish what it returns.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from .assets import resolve_images
from .backlinks import collect_backlinks
from .catalog.build import build_catalog, entry_mentions, export_entries, related_entries
from .catalog.entries import KINDS
from .catalog.pages import CatalogContext, entry_page, home_page, index_page
from .catalog.sources import article_page, article_uri, find_videos, video_page, video_uri
from .claims import note_claims
from .curation import load_curation
from .duplicates import Clustering
from .export import build_export
from .html import render_page
from .identity import identify
from .ingest import NoteCache, read_notes
from .linking import LinkContext, find_embed_cycles, raw_uri
from .links import NoteIndex, Resolution, find_channels
from .mentions import Mention, note_mentions
from .model import Handbook, Note, Options, Page, Problem, WikiLink
from .pages import channel_key, channel_page, note_page, notes_index, sources_index
from .permalinks import Registry, resolve_registry
from .related import Candidate, related_pages
from .sitemap import NOTES_INDEX, SOURCES_INDEX, TOPICS_INDEX, SiteMap, page_url, plan_site
from .topics import plan_topics, topic_page, topic_spellings, topic_title, topics_index
from .units import Unit, plan_units

Resolutions = dict[tuple[str, WikiLink], Resolution]
LINK_HINTS = {
    "link/ambiguous": "name the folder too: [[folder/note]]",
    "link/broken": "check the heading or ^block name in the target note",
    "link/refused": "link notes by name; write web links as [text](https://...)",
}


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
            problems.append(
                Problem(*where, rule, message, col=link.col, hint=LINK_HINTS.get(rule, ""))
            )
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
    stages: dict[str, float] = field(default_factory=dict)

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
) -> Handbook:
    options = options or Options()
    timings = timings or Timings()
    reserved = frozenset(reserved)
    started = time.perf_counter()
    notes = read_notes(root, cache)
    started = timings.mark("ingest", started)

    channels = find_channels(notes)
    index = NoteIndex(notes, channels)
    mentions = [m for note in notes for m in note_mentions(note)]
    resolutions, problems = resolve_links(mentions, index, options)
    problems += find_embed_cycles(notes, resolutions)
    assets = resolve_images(notes, root)
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
    units, clustering = plan_units(published, curation)
    started = timings.mark("merge", started)

    catalog = build_catalog(published, curation.catalog, curation.source)
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
    plan_topics(site, spellings)
    titles = {key: topic_title(counts) for key, counts in spellings.items()}
    links = LinkContext(
        index, site, resolutions, topic_mode, assets, titles, options.source_url, catalog.matcher
    )
    links.page_titles = {site.notes[u.owner]: u.title for u in units}
    backlinks = collect_backlinks(mentions, links)
    for uri, mention in entry_mentions(published, catalog.matcher):
        if site.notes.get(mention.note) != uri:
            backlinks.setdefault(uri, []).append(mention)
    unit_titles = {site.notes[u.owner]: u.title for u in units}
    related = related_pages(
        Candidate(
            site.notes[u.owner],
            u.notes[0].video_id or "article:" + u.owner,
            u.title,
            " ".join(c.text for n in u.notes for c in note_claims(n)),
        )
        for u in units
    )
    started = timings.mark("plan", started)

    pages: list[Page] = []
    for unit in units:
        uri = site.notes[unit.owner]
        pages.append(
            note_page(unit, links, backlinks.get(uri, []), related.get(uri, []), unit_titles)
        )
    by_channel: dict[str, list[Note]] = {key: [] for key in channels}
    for note in published:
        if note.channel and channel_key(note) in by_channel:
            by_channel[channel_key(note)].append(note)
    for key in sorted(channels):
        listed = [(v.title, video_pages[v.id], v.guest) for v in videos if v.channel == key]
        back = backlinks.get(site.channels[key], [])
        pages.append(channel_page(channels[key], by_channel[key], links, back, listed))
    context = CatalogContext(
        catalog.entries,
        links,
        {n.path: n.video_id for n in published},
        video_pages,
        related_entries(catalog.entries, catalog.matcher),
        backlinks,
    )
    pages += [entry_page(entry, context) for entry in catalog.entries]
    pages += [index_page(kind, catalog.entries) for kind in KINDS]
    pages += [video_page(v, links, channels, catalog.entries) for v in videos]
    pages += [article_page(index.notes[p], links, catalog.entries) for p in sorted(article_pages)]
    pages += [
        topic_page(key, titles[key], backlinks.get(site.topics[key], []), links) for key in titles
    ]
    pages += notes_index(published, site)
    articles = sorted((n for n in published if n.kind == "article"), key=lambda n: n.title.lower())
    counts = Counter({key: len(members) for key, members in by_channel.items()})
    pages.append(sources_index(channels, counts, articles, site))
    if topic_mode:
        mention_counts = {key: sum(c.values()) for key, c in spellings.items()}
        pages.append(topics_index(titles, mention_counts, site))
    counts_home = {
        "notes": len(published),
        "topics": len(titles),
        "sources": len(videos) + len(article_pages),
    }
    uris = {"notes": NOTES_INDEX, "topics": TOPICS_INDEX, "sources": SOURCES_INDEX}
    pages.append(home_page(catalog.entries, counts_home, uris))
    pages.sort(key=lambda p: p.src_uri)

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
        moves, lost = resolve_registry(registry, served, url_redirects, note_anchor)
        url_redirects.update(moves)
        problems += lost

    problems += [p for note in notes for p in note.problems]
    problems += site.problems
    problems.sort(key=lambda p: p.sort_key())
    report = merge_report(units, clustering, site)
    if not options.source_url:
        for note in notes:
            assets.files[raw_uri(note.path)] = str(root / note.path)
    export = build_export(
        pages,
        notes,
        mentions,
        backlinks,
        links,
        problems,
        directory_urls=options.directory_urls,
        topic_mode=options.unresolved_links,
    )
    export["merges"] = report
    export["entries"] = export_entries(
        catalog.entries, lambda u: page_url(u, options.directory_urls)
    )
    export["related"] = [
        {
            "page": page_url(uri, options.directory_urls),
            "related": [
                {"page": page_url(o, options.directory_urls), "score": s} for o, s in found
            ],
        }
        for uri, found in sorted(related.items())
    ]
    export["redirects"] = [
        {"from": old, "to": new, "anchor": anchor}
        for old, (new, anchor) in sorted(url_redirects.items())
    ]
    started = timings.mark("render", started)
    rendered = {
        page.src_uri: render_page(page.markdown, page.src_uri, options.directory_urls)
        for page in pages
        if page.src_uri not in reserved
    }
    timings.mark("html", started)
    return Handbook(
        pages=tuple(pages),
        problems=tuple(problems),
        assets=dict(sorted(assets.files.items())),
        redirects=url_redirects,
        merge_log=tuple(merge_log_lines(report)),
        export=export,
        published=tuple(served),
        rendered=rendered,
    )


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
