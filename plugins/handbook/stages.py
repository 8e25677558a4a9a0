"""The stages of a build, each a function of the values the ones before returned.

``Vault`` (ingest) → ``Resolved`` (resolve) → ``Merged`` (merge) and the
catalog (analyse) → ``Plan`` (plan) → pages (render) → ``Published``
(publish) → HTML (html).  :func:`handbook.pipeline.build_handbook` only
composes them.

Each stage value is frozen: a later stage reads it and never assigns to it.
Two writes into an earlier value remain, both in :func:`plan`, and both are
named here so they are not forgotten: each catalog entry receives its final
slug from the site map (``entry.slug``), and the site map, created by the
plan stage itself, is filled as pages claim their URIs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .analyse.catalog.build import Catalog, entry_mentions, export_entries, related_entries
from .analyse.claims import note_claims
from .analyse.duplicates import Clustering
from .analyse.related import Candidate, episode_siblings, related_pages
from .analyse.units import Unit, plan_units
from .engine.memo import Memo, fingerprint
from .engine.progress import Meter
from .ingest.curation import Curation, load_curation
from .ingest.moments import repair_moments
from .ingest.notes import NoteCache, read_notes
from .model import Note, Options, Page, Problem
from .plan.identity import entry_key, identify
from .plan.permalinks import Registry, load_registry, resolve_registry
from .plan.sitemap import SiteMap, page_url, plan_site, redirect_merged
from .publish.export import assemble_export, build_export
from .publish.merges import merge_report
from .render.assemble import SitePlan
from .render.backlinks import collect_backlinks
from .render.links import LinkContext, find_embed_cycles, raw_uri
from .render.pages import channel_key
from .render.sources import article_uri, find_videos, video_uri
from .render.topics import fold_topics, plan_topics, topic_spellings
from .resolve.images import Assets, resolve_images
from .resolve.index import Channel, NoteIndex, find_channels
from .resolve.mentions import Mention, note_mentions
from .resolve.wikilinks import Resolutions, resolve_links


@dataclass(frozen=True)
class Vault:
    root: Path
    notes: tuple[Note, ...]  # every note, timestamps judged per video


@dataclass(frozen=True)
class Resolved:
    channels: Mapping[str, Channel]
    index: NoteIndex
    mentions: tuple[Mention, ...]
    resolutions: Resolutions
    images: Assets
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Merged:
    published: tuple[Note, ...]  # every note but channel hubs and unreadable files
    hubs: frozenset[str]
    curation: Curation
    units: tuple[Unit, ...]
    clustering: Clustering


@dataclass(frozen=True)
class Plan:
    site: SiteMap
    redirects: Mapping[str, tuple[str, str]]  # merged-away URI -> (URI, anchor)
    moved: Mapping[str, Note]
    note_anchor: Mapping[str, str]
    video_pages: Mapping[str, str]
    article_pages: Mapping[str, str]
    channel_of: Mapping[str, str]
    site_plan: SitePlan  # what the page builders read


@dataclass(frozen=True)
class Published:
    redirects: dict[str, tuple[str, str]]  # old URL -> (URL, anchor)
    served: tuple[Any, ...]  # permalinks.Published
    registry: Registry | None
    problems: tuple[Problem, ...]
    files: dict[str, str]  # site URI -> file path
    merges: tuple[dict[str, object], ...]


def ingest(root: Path, cache: NoteCache | None, memo: Memo, meter: Meter) -> Vault:
    notes = read_notes(root, cache, meter)
    # Impossible moments are judged per video, so after every note is read;
    # repaired notes carry new digests, so every memo below sees them.
    return Vault(root, tuple(repair_moments(notes, memo).notes))


def resolve(vault: Vault, options: Options, memo: Memo) -> Resolved:
    notes = vault.notes
    channels = find_channels(notes)
    index = NoteIndex(notes, channels)
    mentions = tuple(
        m
        for note in notes
        for m in memo.get("links", (note.path, note.digest), lambda n=note: tuple(note_mentions(n)))
    )
    resolutions, problems = resolve_links(mentions, index, options)
    problems += find_embed_cycles(notes, resolutions)
    images = resolve_images(notes, vault.root, memo)
    problems += images.problems
    return Resolved(channels, index, mentions, resolutions, images, tuple(problems))


def merge(vault: Vault, resolved: Resolved, options: Options, memo: Memo) -> Merged:
    hubs = frozenset(c.hub for c in resolved.channels.values() if c.hub)
    published = [n for n in vault.notes if n.path not in hubs and not _unreadable(n)]
    curation = load_curation(
        Path(options.curation) if options.curation else None,
        [n.path for n in vault.notes],
        options.source_label,
    )
    units, clustering = plan_units(published, curation, memo)
    return Merged(tuple(published), hubs, curation, tuple(units), clustering)


def plan(
    vault: Vault,
    resolved: Resolved,
    merged: Merged,
    catalog: Catalog,
    options: Options,
    reserved: frozenset[str],
    memo: Memo,
) -> Plan:
    """Every page's URI, topics and links, and what each page builder reads."""
    published, units, index = merged.published, merged.units, resolved.index
    site = plan_site(vault.notes, resolved.channels, reserved)
    redirects, moved, note_anchor = redirect_merged(site, units)
    for entry in catalog.entries:
        claimed = site.claim(entry.uri)
        entry.slug = claimed.rsplit("/", 1)[1][: -len(".md")]
    channels = resolved.channels
    channel_of = {n.path: channel_key(n) for n in published if channel_key(n) in channels}
    videos = find_videos(published, [index.notes[h] for h in sorted(merged.hubs)], channel_of)
    video_pages = {v.id: site.claim(video_uri(v)) for v in videos}
    article_pages = {n.path: site.claim(article_uri(n)) for n in published if n.kind == "article"}
    topic_mode = options.unresolved_links == "topic"
    spellings = topic_spellings(resolved.resolutions, merged.hubs) if topic_mode else {}
    folds = fold_topics(spellings, [(e.uri, e.names) for e in catalog.entries])
    plan_topics(site, folds.titles)
    for key, page in folds.into_topic.items():
        site.topics[key] = site.topics[page]
    site.topics.update(folds.into_entry)
    links = LinkContext(
        index,
        site,
        resolved.resolutions,
        topic_mode,
        resolved.images,
        folds.titles,
        options.source_url,
        catalog.matcher,
    )
    links.page_titles = {site.notes[u.owner]: u.title for u in units}
    backlinks = collect_backlinks(resolved.mentions, links)
    for uri, mention in entry_mentions(published, catalog.matcher, memo):
        if site.notes.get(mention.note) != uri:
            backlinks.setdefault(uri, []).append(mention)
    candidates = [_candidate(u, site) for u in units]
    site_plan = SitePlan(
        links=links,
        units=units,
        published=published,
        channels=channels,
        catalog=catalog,
        videos=videos,
        video_pages=video_pages,
        article_pages=article_pages,
        topic_titles=folds.titles,
        topic_counts=folds.counts,
        backlinks=backlinks,
        related=related_pages(candidates, memo),
        related_entries=related_entries(catalog.entries, catalog.matcher),
        options=options,
        siblings=episode_siblings(candidates),
    )
    return Plan(
        site, redirects, moved, note_anchor, video_pages, article_pages, channel_of, site_plan
    )


def _candidate(unit: Unit, site: SiteMap) -> Candidate:
    return Candidate(
        site.notes[unit.owner],
        unit.notes[0].video_id or "article:" + unit.owner,
        unit.title,
        lambda u=unit: " ".join(c.text for n in u.notes for c in note_claims(n)),
        (unit.title, fingerprint(unit.notes)),
    )


def publish(
    vault: Vault,
    resolved: Resolved,
    merged: Merged,
    catalog: Catalog,
    planned: Plan,
    pages: Sequence[Page],
    options: Options,
) -> Published:
    """Redirects, what each URL shows, the permalink registry's verdicts,
    every problem sorted, and the files the site copies."""
    site, units = planned.site, merged.units

    def url(uri: str) -> str:
        return page_url(uri, options.directory_urls)

    redirects = {url(old): (url(new), anchor) for old, (new, anchor) in planned.redirects.items()}
    served = identify(
        pages,
        units,
        url,
        site_notes=site.notes,
        topics=site.topics,
        entries=catalog.entries,
        videos=planned.video_pages,
        channels=site.channels,
        articles=planned.article_pages,
        moved={url(old): note for old, note in planned.moved.items()},
    )
    problems = [*resolved.problems, *merged.curation.problems, *catalog.problems]
    registry = load_registry(options)
    if registry is not None:
        homes: dict[str, tuple[str, str]] = {}
        for name, (path, section) in catalog.homes.items():
            if path in site.notes:
                where = (url(site.notes[path]), planned.note_anchor.get(path) or section or "")
                homes.setdefault(entry_key(name), where)
        moves, lost = resolve_registry(registry, served, redirects, planned.note_anchor, homes)
        redirects.update(moves)
        problems += lost
    problems += [p for note in vault.notes for p in note.problems]
    problems += site.problems
    problems.sort(key=lambda p: p.sort_key())
    files = dict(resolved.images.files)
    if not options.source_url:
        for note in vault.notes:
            files[raw_uri(note.path)] = str(vault.root / note.path)
    report = merge_report(units, merged.clustering, site)
    return Published(redirects, tuple(served), registry, tuple(problems), files, tuple(report))


def export_builder(
    vault: Vault,
    resolved: Resolved,
    catalog: Catalog,
    planned: Plan,
    pages: Sequence[Page],
    published: Published,
    problems: Sequence[Problem],
) -> Callable[[], dict[str, object]]:
    """Builds ``handbook.json``'s data when first asked (serve writes it
    after reloading); ``problems`` are every problem of the build."""
    options = planned.site_plan.options
    entries = export_entries(catalog.entries, lambda u: page_url(u, options.directory_urls))

    def export() -> dict[str, object]:
        return assemble_export(
            build_export(
                pages,
                vault.notes,
                resolved.mentions,
                planned.site_plan.backlinks,
                planned.site_plan.links,
                list(problems),
                directory_urls=options.directory_urls,
                topic_mode=options.unresolved_links,
            ),
            merges=list(published.merges),
            entries=entries,
            related=planned.site_plan.related,
            redirects=published.redirects,
            directory_urls=options.directory_urls,
        )

    return export


def _unreadable(note: Note) -> bool:
    return any(p.rule in {"file/binary", "file/unreadable"} for p in note.problems)
