"""The render stage: every page's Markdown, each rendered only when its inputs change.

:class:`SitePlan` is what the plan stage decided: units, catalog, videos,
topics, backlinks, related pages.  :func:`render_site` calls the page
builders of :mod:`handbook.render.pages`, :mod:`handbook.render.topics` and
:mod:`handbook.analyse.catalog` for it, and memoises each content page under the
digest of its inputs (:mod:`handbook.render.signature`), so a rebuild after an
edit renders the pages that show the edited text and reuses the rest.
The few index pages, which summarise the whole vault, are always rendered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..analyse.catalog.build import Catalog
from ..analyse.catalog.entries import KINDS, Entry
from ..analyse.units import Unit
from ..engine.memo import Memo
from ..model import Note, Options, Page
from ..plan.sitemap import NOTES_INDEX, SOURCES_INDEX, TOPICS_INDEX
from ..resolve.index import Channel
from ..resolve.mentions import Mention
from .entries import CatalogContext, entry_page, home_page, index_page
from .graph import Node
from .links import LinkContext
from .pages import channel_key, channel_page, note_page, notes_index, sources_index
from .signature import Signer, mention_keys, shape
from .sources import Video, article_page, video_page
from .topics import topic_page, topics_index


@dataclass
class SitePlan:
    """Everything the page builders read, decided by the stages before."""

    links: LinkContext
    units: Sequence[Unit]
    published: Sequence[Note]
    channels: Mapping[str, Channel]
    catalog: Catalog
    videos: Sequence[Video]
    video_pages: Mapping[str, str]  # video id -> page URI
    article_pages: Mapping[str, str]  # note path -> page URI
    topic_titles: Mapping[str, str]  # topic key -> title
    topic_counts: Mapping[str, int]  # topic key -> mentions
    backlinks: Mapping[str, list[Mention]]  # page URI -> mentions
    related: Mapping[str, list[tuple[str, float]]]  # page URI -> related pages
    related_entries: Mapping[str, Sequence[Entry]]
    options: Options = field(default_factory=Options)
    siblings: Mapping[str, Sequence[str]] = field(default_factory=dict)  # same-video pages


def signer_for(plan: SitePlan) -> Signer:
    links = plan.links
    site = links.site
    catalog = [
        (e.uri, e.kind, e.name, e.slug, tuple(e.names), tuple(e.notes), tuple(e.videos))
        for e in plan.catalog.entries
    ]
    vault = shape(
        links.index.notes.values(),
        site_notes=site.notes,
        site_channels=site.channels,
        site_folders=site.folders,
        page_titles=links.page_titles,
        channels={k: (c.key, c.name, c.hub) for k, c in plan.channels.items()},
        catalog=catalog,
        videos=tuple((v.id, v.title, v.guest) for v in plan.videos),
        matcher=links.matcher.key if links.matcher else None,
        images=links.assets.images,
        image_embeds=links.assets.embeds,
        video_pages=plan.video_pages,
        article_pages=plan.article_pages,
        options=(plan.options, links.topic_links, links.source_url),
    )
    topics = {key: (uri, plan.topic_titles.get(key, "")) for key, uri in site.topics.items()}
    return Signer(links.index.notes, links.resolutions, vault, topics)


def _note_neighbours(plan: SitePlan) -> Callable[[Unit], tuple[Node, ...]]:
    """For a note page's local graph: the entries its notes feed (most
    widely cited first) and its video's source page."""
    entries_of: dict[str, list[Entry]] = {}
    for entry in plan.catalog.entries:
        for path in entry.notes:
            entries_of.setdefault(path, []).append(entry)
    titles = {v.id: v.title for v in plan.videos}

    def around(unit: Unit) -> tuple[Node, ...]:
        entries = {e.uri: e for p in sorted(unit.paths) for e in entries_of.get(p, [])}
        ordered = sorted(entries.values(), key=lambda e: (-len(e.videos), e.uri))
        nodes = [Node(e.uri, e.name, e.kind) for e in ordered]
        video = unit.notes[0].video_id
        if video and video in plan.video_pages:
            nodes.append(Node(plan.video_pages[video], titles.get(video, video), "source"))
        return tuple(nodes)

    return around


def render_site(plan: SitePlan, memo: Memo) -> list[Page]:
    """Every page, sorted by source URI."""
    links, site = plan.links, plan.links.site
    sign = signer_for(plan)
    backlinks = plan.backlinks

    def cached(*parts: object, notes: Sequence[str], build: object) -> Page:
        key = sign.page(*parts, notes=notes)
        return memo.get("page", key, build)  # type: ignore[arg-type]

    def quoted(mentions: Sequence[Mention]) -> list[str]:
        return [m.note for m in mentions]

    pages: list[Page] = []
    titles = {site.notes[u.owner]: u.title for u in plan.units}
    around = _note_neighbours(plan)
    for unit in plan.units:
        uri = site.notes[unit.owner]
        back = backlinks.get(uri, [])
        related = plan.related.get(uri, [])
        siblings = tuple(plan.siblings.get(uri, ()))
        near = around(unit)
        pages.append(
            cached(
                "note",
                uri,
                unit.title,
                unit.owner,
                unit.pinned,
                unit.paths,
                mention_keys(back),
                tuple(related),
                tuple((s, titles[s]) for s in siblings),
                near,
                notes=[*unit.paths, *quoted(back)],
                build=lambda u=unit, b=back, r=related, s=siblings, n=near: note_page(
                    u, links, b, r, titles, s, n
                ),
            )
        )
    by_channel: dict[str, list[Note]] = {key: [] for key in plan.channels}
    for note in plan.published:
        if note.channel and channel_key(note) in by_channel:
            by_channel[channel_key(note)].append(note)
    for key in sorted(plan.channels):
        listed = [
            (v.title, plan.video_pages[v.id], v.guest) for v in plan.videos if v.channel == key
        ]
        back = backlinks.get(site.channels[key], [])
        pages.append(channel_page(plan.channels[key], by_channel[key], links, back, listed))
    context = CatalogContext(
        plan.catalog.entries,
        links,
        {n.path: n.video_id for n in plan.published},
        plan.video_pages,
        plan.related_entries,
        backlinks,
        {v.id: v for v in plan.videos},
    )
    for entry in plan.catalog.entries:
        back = backlinks.get(entry.uri, [])
        related_uris = tuple(e.uri for e in plan.related_entries.get(entry.uri, ()))
        pages.append(
            cached(
                "entry",
                entry.uri,
                related_uris,
                mention_keys(back),
                notes=[*entry.notes, *quoted(back)],
                build=lambda e=entry: entry_page(e, context),
            )
        )
    pages += [index_page(kind, plan.catalog.entries) for kind in KINDS]
    for video in plan.videos:
        pages.append(
            cached(
                "video",
                video.id,
                video.title,
                video.guest,
                video.channel,
                tuple(video.notes),
                notes=video.notes,
                build=lambda v=video: video_page(
                    v, links, plan.channels, plan.catalog.entries, memo
                ),
            )
        )
    for path in sorted(plan.article_pages):
        note = links.index.notes[path]
        pages.append(
            cached(
                "article",
                path,
                notes=[path],
                build=lambda n=note: article_page(n, links, plan.catalog.entries),
            )
        )
    for key, title in plan.topic_titles.items():
        back = backlinks.get(site.topics[key], [])
        pages.append(
            cached(
                "topic",
                key,
                title,
                mention_keys(back),
                notes=quoted(back),
                build=lambda k=key, t=title, b=back: topic_page(k, t, b, links),
            )
        )
    pages += index_pages(plan, by_channel)
    pages.sort(key=lambda p: p.src_uri)
    return pages


def index_pages(plan: SitePlan, by_channel: Mapping[str, Sequence[Note]]) -> list[Page]:
    """The pages that summarise the whole vault."""
    site = plan.links.site
    pages = notes_index(plan.published, site)
    articles = sorted(
        (n for n in plan.published if n.kind == "article"), key=lambda n: n.title.lower()
    )
    counts = Counter({key: len(members) for key, members in by_channel.items()})
    pages.append(sources_index(plan.channels, counts, articles, site))
    if plan.links.topic_links:
        pages.append(topics_index(plan.topic_titles, plan.topic_counts, site))
    counts_home = {
        "notes": len(plan.published),
        "topics": len(plan.topic_titles),
        "sources": len(plan.videos) + len(plan.article_pages),
    }
    uris = {"notes": NOTES_INDEX, "topics": TOPICS_INDEX, "sources": SOURCES_INDEX}
    pages.append(home_page(plan.catalog.entries, counts_home, uris))
    return pages
