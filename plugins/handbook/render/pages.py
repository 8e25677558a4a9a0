"""Model → pages: note pages, channel source pages and section indexes.

Each builder is a pure function from the model (notes, resolutions, site
map, backlinks) to :class:`~handbook.model.Page` values holding complete
Markdown.  Links between pages are relative ``.md`` paths, so MkDocs (or any
other renderer) maps them to URLs and checks that they exist.

Page titles go into the page's front matter as JSON strings (valid YAML).
Material prints ``page.title`` unescaped and runs it through ``striptags``,
which decodes entities, so a title keeps no ``<`` or ``>`` at all: they
become the look-alike ``‹`` and ``›``.  Nothing else about a title changes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..analyse.units import Unit
from ..ingest.syntax.timestamps import YOUTUBE_WATCH
from ..model import Note, Page
from ..plan.sitemap import NOTES_INDEX, SOURCES_INDEX, SiteMap
from ..resolve.index import Channel
from ..resolve.mentions import Mention
from ..text.slugs import name_key
from .backlinks import referenced_by
from .graph import SLOT, Node, local_graph, neighbours
from .links import LinkContext, link_to
from .markdown import escape_markdown


def safe_title(title: str) -> str:
    """A title that is safe wherever a theme prints it, escaped or not."""
    return " ".join(title.replace("<", "‹").replace(">", "›").split())


def page_markdown(title: str, kind: str, body: Sequence[str], *, heading: bool = True) -> str:
    """Front matter, an ``# H1`` and the body lines, ending in one newline."""
    shown = safe_title(title)
    head = ["---", f"title: {json.dumps(shown, ensure_ascii=False)}", f"hb_kind: {kind}", "---", ""]
    if heading:
        head += [f"# {escape_markdown(shown)}", ""]
    return "\n".join([*head, *body]).rstrip("\n") + "\n"


def channel_key(note: Note) -> str:
    return name_key(note.channel or "")


def byline(note: Note, page_uri: str, links: LinkContext, *, source: bool = True) -> list[str]:
    parts: list[str] = []
    channel = links.index.channels.get(channel_key(note)) if note.channel else None
    if channel is not None:
        target = links.site.channels[channel.key]
        parts.append("From " + link_to(escape_markdown(channel.name), page_uri, target))
    elif note.channel:
        parts.append("From " + escape_markdown(note.channel))
    if note.author:
        parts.append("By " + escape_markdown(note.author))
    if note.video_id:
        parts.append(f"[Watch the video]({YOUTUBE_WATCH}{note.video_id})")
    if source:
        parts.append(f"[Source file]({links.source_href(note.path, page_uri)})")
    return [" · ".join(parts), "{: .hb-byline }", ""]


def related_section(
    page_uri: str, related: Sequence[tuple[str, float]], titles: Mapping[str, str]
) -> list[str]:
    """Pages on the same topic from other videos (:mod:`handbook.analyse.related`)."""
    if not related:
        return []
    lines = ["## Related {#related}", ""]
    for uri, _score in related:
        lines.append(f"* {link_to(escape_markdown(titles[uri]), page_uri, uri)}")
    return [*lines, ""]


def episode_section(page_uri: str, siblings: Sequence[str], titles: Mapping[str, str]) -> list[str]:
    """The other pages of the same video: its notes on other sub-topics."""
    if not siblings:
        return []
    lines = ["## Other notes of this episode {#same-episode}", ""]
    for uri in siblings:
        lines.append(f"* {link_to(escape_markdown(titles[uri]), page_uri, uri)}")
    return [*lines, ""]


def note_page(
    unit: Unit,
    links: LinkContext,
    backlinks: Sequence[Mention],
    related: Sequence[tuple[str, float]] = (),
    titles: Mapping[str, str] | None = None,
    siblings: Sequence[str] = (),
    around: Sequence[Node] = (),
) -> Page:
    """The page of a single note, or of a merged group of notes.  ``around``
    holds the entries it feeds and its video's page, for its local graph."""
    titles = titles or {}
    if unit.merged is not None:
        return merged_page(unit, links, backlinks, related, titles, siblings, around)
    note = unit.notes[0]
    uri = links.site.notes[note.path]
    writer = links.writer(note, uri, autolink=True, claim_ids=set())
    body = byline(note, uri, links) + writer.blocks(note.blocks)
    body += ["", *episode_section(uri, siblings, titles), *related_section(uri, related, titles)]
    graph = note_graph(uri, unit.title, around, related, siblings, titles)
    body += graph_section(graph)
    body += referenced_by(uri, backlinks, links)
    markdown = page_markdown(unit.title, note.kind, body)
    return Page(uri, unit.title, note.kind, markdown, (note.path,), graph=graph)


def note_graph(
    uri: str,
    title: str,
    around: Sequence[Node],
    related: Sequence[tuple[str, float]],
    siblings: Sequence[str],
    titles: Mapping[str, str],
) -> str:
    """The entries the note feeds, its related notes, its episode's other
    notes and its video (:mod:`handbook.render.graph`)."""
    entries = [n for n in around if n.kind != "source"]
    sources = [n for n in around if n.kind == "source"]
    notes = [Node(u, titles[u], "note") for u, _ in related if u in titles]
    episode = [Node(u, titles[u], "note") for u in siblings if u in titles]
    return local_graph(uri, title, "note", neighbours(entries, notes, episode, sources))


def graph_section(graph: str) -> list[str]:
    # A prefixed id: a note's own "## Graph" heading keeps "graph".
    return ["## Local graph {#hb-local-graph}", "", SLOT, ""] if graph else []


def merged_page(
    unit: Unit,
    links: LinkContext,
    backlinks: Sequence[Mention],
    related: Sequence[tuple[str, float]],
    titles: Mapping[str, str],
    siblings: Sequence[str] = (),
    around: Sequence[Node] = (),
) -> Page:
    """A page merged from duplicate notes: provenance, then the merged text."""
    merged = unit.merged
    assert merged is not None
    skeleton = unit.notes[0]
    uri = links.site.notes[skeleton.path]
    others = tuple(n.path for n in unit.notes[1:])
    body = byline(skeleton, uri, links, source=False)
    body += provenance(unit, uri, links)
    writer = links.writer(skeleton, uri, also=others, autolink=True, claim_ids=set())
    body += writer.blocks(merged.blocks, merged.anchors)
    body += ["", *episode_section(uri, siblings, titles), *related_section(uri, related, titles)]
    graph = note_graph(uri, unit.title, around, related, siblings, titles)
    body += graph_section(graph)
    body += referenced_by(uri, backlinks, links)
    markdown = page_markdown(unit.title, "merged", body)
    return Page(uri, unit.title, "merged", markdown, tuple(sorted(unit.paths)), graph=graph)


def provenance(unit: Unit, page_uri: str, links: LinkContext) -> list[str]:
    """The sources box: each note, its file, and the video they share."""
    merged = unit.merged
    assert merged is not None
    video = unit.notes[0].video_id
    lines = [f'!!! abstract "Merged from {len(unit.notes)} notes on one video"', ""]
    for number, note in enumerate(unit.notes, start=1):
        href = links.source_href(note.path, page_uri)
        title = escape_markdown(note.title)
        spans = "".join(f'<span id="{a}"></span>' for a in merged.orphans.get(note.path, ()))
        lines.append(f'    {number}. <span id="source-{number}"></span>{spans}[{title}]({href})')
    lines.append("")
    kept = (
        f"{merged.shown} of {merged.claims} claims shown: each point once, in its fullest"
        " wording, citing every note; the other wordings are folded under each section."
    )
    where = f"Video: [{video}]({YOUTUBE_WATCH}{video}). " if video else ""
    return [*lines, f"    {where}{kept}", ""]


def channel_page(
    channel: Channel,
    notes: Sequence[Note],
    links: LinkContext,
    backlinks: Sequence[Mention],
    videos: Sequence[tuple[str, str, str | None]] = (),
) -> Page:
    """A channel's source page: its videos (title, page, guest), then its hub
    note's own text.  ``videos`` are ``(title, video page URI, guest)``."""
    uri = links.site.channels[channel.key]
    hub = links.index.notes.get(channel.hub) if channel.hub else None
    body = [f"{len(notes)} notes from {len(videos)} videos.", ""]
    if videos:
        body += ["## Videos {#videos}", ""]
        for title, page, guest in sorted(videos, key=lambda v: v[0].lower()):
            with_guest = f" · {escape_markdown(guest)}" if guest else ""
            body.append(f"* {link_to(escape_markdown(title), uri, page)}{with_guest}")
        body.append("")
    unplaced = sorted((n for n in notes if not n.video_id), key=lambda n: n.title.lower())
    if unplaced:
        body += [
            "## Notes without a video {#other-notes}",
            "",
            *note_list(unplaced, uri, links.site),
            "",
        ]
    if hub is not None:
        body += ["## Channel index {#channel-index}", ""]
        body += [*links.writer(hub, uri, video=False).blocks(hub.blocks), ""]
    body += referenced_by(uri, backlinks, links)
    sources = (hub.path,) if hub else ()
    return Page(uri, channel.name, "source", page_markdown(channel.name, "source", body), sources)


def note_list(notes: Iterable[Note], from_uri: str, site: SiteMap) -> list[str]:
    return [f"* {link_to(escape_markdown(n.title), from_uri, site.notes[n.path])}" for n in notes]


def notes_index(notes: Sequence[Note], site: SiteMap) -> list[Page]:
    """The Notes section: one index per folder, and a top index of folders."""
    by_folder: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        if site.notes[note.path].startswith("notes/"):
            by_folder[note.folder].append(note)
    pages: list[Page] = []
    top: list[str] = [f"{sum(len(v) for v in by_folder.values())} notes.", ""]
    for folder in sorted(by_folder):
        members = sorted(by_folder[folder], key=lambda n: n.title.lower())
        if not folder:
            top += ["## Notes {#notes}", "", *note_list(members, NOTES_INDEX, site), ""]
            continue
        uri = site.folders[folder]
        top.append(f"* {link_to(escape_markdown(folder), NOTES_INDEX, uri)} ({len(members)})")
        body = [f"{len(members)} notes.", "", *note_list(members, uri, site)]
        pages.append(Page(uri, folder, "index", page_markdown(folder, "index", body)))
    index = page_markdown("Notes", "index", top)
    pages.append(Page(NOTES_INDEX, "Notes", "index", index, in_nav=True))
    return pages


def sources_index(
    channels: Mapping[str, Channel],
    counts: Mapping[str, int],
    articles: Sequence[Note],
    site: SiteMap,
) -> Page:
    body: list[str] = []
    if channels:
        body += ["## Channels {#channels}", ""]
        for key in sorted(channels):
            link = link_to(escape_markdown(channels[key].name), SOURCES_INDEX, site.channels[key])
            body.append(f"* {link} ({counts.get(key, 0)} notes)")
        body.append("")
    if articles:
        body += ["## Articles {#articles}", ""]
        for note in articles:
            by = f" by {escape_markdown(note.author)}" if note.author else ""
            link = link_to(escape_markdown(note.title), SOURCES_INDEX, site.notes[note.path])
            body.append(f"* {link}{by}")
    index = page_markdown("Sources", "index", body)
    return Page(SOURCES_INDEX, "Sources", "index", index, in_nav=True)
