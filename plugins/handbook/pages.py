"""Model → pages: note pages, channel source pages and section indexes.

Each builder is a pure function from the model (notes, resolutions, site
map) to :class:`~handbook.model.Page` values holding complete Markdown.
Links between pages are relative ``.md`` paths, so MkDocs (or any other
renderer) maps them to URLs and checks that they exist.

Page titles go into the page's front matter as JSON strings (valid YAML).
Material prints ``page.title`` unescaped and runs it through ``striptags``,
which decodes entities, so a title keeps no ``<`` or ``>`` at all: they
become the look-alike ``‹`` and ``›``.  Nothing else about a title changes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from .assets import Assets
from .links import Channel, NoteIndex, Resolution
from .model import Image, Note, Page, WikiLink
from .render import Writer, escape_markdown
from .sitemap import HOME, NOTES_INDEX, SOURCES_INDEX, SiteMap, relative_uri
from .slugs import name_key, readable_title
from .syntax.timestamps import YOUTUBE_WATCH

Resolutions = Mapping[tuple[str, WikiLink], Resolution]


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


def link_to(label: str, from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    href = "#" + anchor if anchor and from_uri == to_uri else relative_uri(from_uri, to_uri)
    if anchor and from_uri != to_uri:
        href += "#" + anchor
    return f"[{label}]({href})"


def _label(text: str) -> str:
    """An author's link label: Markdown stays, brackets cannot end the link."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


@dataclass
class LinkContext:
    """What writing a wikilink needs to know about the whole site."""

    index: NoteIndex
    site: SiteMap
    resolutions: Resolutions
    topic_links: bool
    assets: Assets = field(default_factory=Assets)

    def image_writer(self, note: Note, page_uri: str) -> Callable[[Image], str]:
        def write(image: Image) -> str:
            alt = _label(image.alt)
            if (note.path, image) not in self.assets.images:
                return f"![{alt}]({image.src})"
            uri = self.assets.images[(note.path, image)]
            if uri is None:
                return f"*\\[image: {escape_markdown(image.alt or image.src)}\\]*"
            return f"![{alt}]({quote(relative_uri(page_uri, uri))})"

        return write

    def page_writer(self, note: Note, page_uri: str, video_id: str | None) -> Writer:
        return Writer(
            link=self.writer(note, page_uri),
            video_id=video_id,
            image=self.image_writer(note, page_uri),
        )

    def writer(self, note: Note, page_uri: str) -> Callable[[WikiLink], str]:
        def write(link: WikiLink) -> str:
            resolution = self.resolutions[(note.path, link)]
            target_uri: str | None = None
            default = readable_title(link.target)
            if resolution.kind == "note" and resolution.note is not None:
                target_uri = self.site.notes[resolution.note]
                default = self.index.notes[resolution.note].title
                if link.heading:
                    default = f"{default} › {link.heading}" if link.target else link.heading
            elif resolution.kind == "channel":
                target_uri = self.site.channels[resolution.key]
                default = self.index.channels[resolution.key].name
            elif resolution.kind == "unresolved" and self.topic_links:
                target_uri = self.site.topics.get(resolution.key)
            label = _label(link.label) if link.label else escape_markdown(default)
            if target_uri is None:
                return label if link.label else escape_markdown(link.label or link.target)
            return link_to(label, page_uri, target_uri, resolution.anchor)

        return write


def byline(note: Note, page_uri: str, site: SiteMap, channel: Channel | None) -> list[str]:
    parts: list[str] = []
    if channel is not None:
        parts.append(
            "From " + link_to(escape_markdown(channel.name), page_uri, site.channels[channel.key])
        )
    elif note.channel:
        parts.append("From " + escape_markdown(note.channel))
    if note.author:
        parts.append("By " + escape_markdown(note.author))
    if note.video_id:
        parts.append(f"[Watch the video]({YOUTUBE_WATCH}{note.video_id})")
    if not parts:
        return []
    return [" · ".join(parts), "{: .hb-byline }", ""]


def note_page(note: Note, links: LinkContext, channels: Mapping[str, Channel]) -> Page:
    uri = links.site.notes[note.path]
    channel = channels.get(_channel_key(note)) if note.channel else None
    writer = links.page_writer(note, uri, note.video_id)
    body = byline(note, uri, links.site, channel) + writer.blocks(note.blocks)
    return Page(
        uri, note.title, note.kind, page_markdown(note.title, note.kind, body), (note.path,)
    )


def _channel_key(note: Note) -> str:
    return name_key(note.channel or "")


def channel_page(channel: Channel, notes: Sequence[Note], links: LinkContext) -> Page:
    """A channel's source page: its hub note's text, then its notes by video."""
    uri = links.site.channels[channel.key]
    body: list[str] = []
    hub = links.index.notes.get(channel.hub) if channel.hub else None
    videos = sorted({n.video_id for n in notes if n.video_id})
    body.append(f"{len(notes)} notes from {len(videos)} videos.")
    body.append("")
    if hub is not None:
        writer = links.page_writer(hub, uri, None)
        body += [*writer.blocks(hub.blocks), ""]
    body += ["## All notes {#all-notes}", ""]
    by_video: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        by_video[note.video_id or ""].append(note)
    for video in sorted(by_video, key=lambda v: (v == "", v)):
        if video:
            body += [
                f"### Video `{video}` {{#video-{video.lower()}}}",
                "",
                f"[Watch on YouTube]({YOUTUBE_WATCH}{video})",
                "",
            ]
        body += _note_list(sorted(by_video[video], key=lambda n: n.title.lower()), uri, links.site)
        body.append("")
    sources = tuple(n.path for n in ([hub] if hub else []))
    return Page(uri, channel.name, "source", page_markdown(channel.name, "source", body), sources)


def _note_list(notes: Iterable[Note], from_uri: str, site: SiteMap) -> list[str]:
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
            top += ["## Notes {#notes}", "", *_note_list(members, NOTES_INDEX, site), ""]
            continue
        uri = site.folders[folder]
        top.append(f"* {link_to(escape_markdown(folder), NOTES_INDEX, uri)} ({len(members)})")
        body = [f"{len(members)} notes.", "", *_note_list(members, uri, site)]
        pages.append(Page(uri, folder, "index", page_markdown(folder, "index", body)))
    pages.append(
        Page(NOTES_INDEX, "Notes", "index", page_markdown("Notes", "index", top), in_nav=True)
    )
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
    return Page(
        SOURCES_INDEX, "Sources", "index", page_markdown("Sources", "index", body), in_nav=True
    )


def home_page(notes: Sequence[Note], channels: Mapping[str, Channel], site: SiteMap) -> Page:
    videos = {n.video_id for n in notes if n.video_id}
    body = [
        "A handbook of product-management frameworks, skills and pitfalls, built from "
        "notes on talks and articles. Every claim links to the moment it was said.",
        "",
        f"* [Notes]({relative_uri(HOME, NOTES_INDEX)}): {len(notes)} notes",
        f"* [Sources]({relative_uri(HOME, SOURCES_INDEX)}): "
        f"{len(channels)} channels, {len(videos)} videos",
    ]
    return Page(HOME, "Handbook", "home", page_markdown("Handbook", "home", body), in_nav=True)
