"""How a resolved wikilink, image or embed is written on a given page.

:class:`LinkContext` holds what writing needs to know about the whole site
(the note index, every resolution, the site map, published images) and
hands out :class:`~handbook.render.markdown.Writer` objects for one note rendered
onto one page.  Links are relative ``.md`` paths from that page.

Embeds (``![[note]]``, ``![[note#heading]]``, ``![[note#^block]]``) render
the target's blocks inside an ``embed`` admonition whose title links to the
source; headings inside become bold lines so they do not enter the page's
table of contents.  An embed whose target is already being embedded higher
up (a cycle) is written as a plain link: :func:`find_embed_cycles` reports
those cycles once, at resolve time.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from ..analyse.catalog.autolink import Matcher, SectionLinker
from ..ingest.syntax.inline import plain_text
from ..model import (
    Block,
    Embed,
    Heading,
    Image,
    ListBlock,
    Note,
    Paragraph,
    Problem,
    Text,
    WikiLink,
)
from ..plan.sitemap import SiteMap, relative_uri
from ..resolve.images import Assets
from ..resolve.index import NoteIndex, Resolution
from ..resolve.outline import walk
from ..text.slugs import readable_title, slugify
from .markdown import Writer, escape_markdown

Resolutions = Mapping[tuple[str, WikiLink], Resolution]
MAX_EMBED_DEPTH = 4


def link_to(label: str, from_uri: str, to_uri: str, anchor: str | None = None) -> str:
    """A Markdown link from one page to another (or to a place on itself)."""
    if from_uri == to_uri:
        href = "#" + anchor if anchor else relative_uri(from_uri, to_uri)
    else:
        href = relative_uri(from_uri, to_uri) + ("#" + anchor if anchor else "")
    return f"[{label}]({href})"


def raw_uri(path: str) -> str:
    """Where a copy of a note file is published when no repository is known.

    Invisible format characters (bidi isolates, zero-width spaces) are
    dropped: ingest warns about them, and a URL must read as it goes."""
    visible = "".join(c for c in path if unicodedata.category(c) != "Cf")
    return f"raw/{visible}.txt"


def author_label(text: str) -> str:
    """An author's link label: their Markdown stays, brackets cannot end it."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


@dataclass
class LinkContext:
    index: NoteIndex
    site: SiteMap
    resolutions: Resolutions
    topic_links: bool = True
    assets: Assets = field(default_factory=Assets)
    topic_titles: Mapping[str, str] = field(default_factory=dict)
    # Where a note's file can be read: a URL template with ``{path}``, or ""
    # to publish a copy of the file in the site under ``raw/``.
    source_url: str = ""
    matcher: Matcher | None = None  # catalog entry names, for autolinking
    page_titles: dict[str, str] = field(default_factory=dict)  # page URI -> title

    def source_href(self, path: str, page_uri: str) -> str:
        """Link to the note file itself, for provenance."""
        if self.source_url:
            return self.source_url.replace("{path}", quote(path))
        return quote(relative_uri(page_uri, raw_uri(path)))

    def resolution(self, paths: Sequence[str], link: WikiLink) -> tuple[str, Resolution]:
        """The resolution of ``link`` as written in the first of ``paths`` that has it."""
        for path in paths:
            found = self.resolutions.get((path, link))
            if found is not None:
                return path, found
        raise KeyError(link)

    def target(self, resolution: Resolution) -> str | None:
        """Source URI of the page a resolution lands on, if any."""
        if resolution.kind == "note" and resolution.note is not None:
            return self.site.notes.get(resolution.note)
        if resolution.kind == "channel":
            return self.site.channels.get(resolution.key)
        if resolution.kind == "unresolved" and self.topic_links:
            return self.site.topics.get(resolution.key)
        return None

    def default_label(self, link: WikiLink, resolution: Resolution) -> str:
        if resolution.kind == "note" and resolution.note is not None:
            title = self.index.notes[resolution.note].title
            if link.heading:
                return f"{title} › {link.heading}" if link.target else link.heading
            return title
        if resolution.kind == "channel":
            return self.index.channels[resolution.key].name
        return self.topic_titles.get(resolution.key) or readable_title(link.target)

    def label(self, link: WikiLink, resolution: Resolution) -> str:
        if link.label:
            return author_label(link.label)
        if resolution.how == "refused":
            # The path or URL as written, and never a live link: an escaped
            # colon stops GFM's autolinker from linking ``http://...``.
            return escape_markdown(link.raw.strip("![]")).replace(":", "\\:")
        return escape_markdown(self.default_label(link, resolution))

    def link_writer(
        self, note: Note, page_uri: str, highlight: str | None = None, also: Sequence[str] = ()
    ) -> Callable[[WikiLink], str]:
        """Writes ``note``'s links on ``page_uri``; links to ``highlight``
        (the page being shown) become highlighted text instead.  ``also``
        names the other notes of a merged page, whose links it may meet."""
        paths = (note.path, *also)

        def write(link: WikiLink) -> str:
            origin, resolution = self.resolution(paths, link)
            label = self.label(link, resolution)
            if resolution.kind == "image":
                image = self.assets.embeds.get((origin, link))
                return f"[{label}]({quote(relative_uri(page_uri, image))})" if image else label
            target = self.target(resolution)
            if target is None:
                return label
            if highlight is not None and target == highlight:
                return f"<mark>{label}</mark>"
            return link_to(label, page_uri, target, resolution.anchor)

        return write

    def image_writer(
        self, note: Note, page_uri: str, also: Sequence[str] = ()
    ) -> Callable[[Image], str]:
        paths = (note.path, *also)

        def write(image: Image) -> str:
            alt = author_label(image.alt)
            key = next(((p, image) for p in paths if (p, image) in self.assets.images), None)
            if key is None:
                return f"![{alt}]({image.src})"
            uri = self.assets.images[key]
            if uri is None:
                return f"*\\[image: {escape_markdown(image.alt or image.src)}\\]*"
            return f"![{alt}]({quote(relative_uri(page_uri, uri))})"

        return write

    def writer(
        self,
        note: Note,
        page_uri: str,
        *,
        video: bool = True,
        highlight: str | None = None,
        stack: tuple[str, ...] = (),
        also: Sequence[str] = (),
        autolink: bool = False,
        claim_ids: set[str] | None = None,
    ) -> Writer:
        stack = (*stack, note.path)
        linker = None
        if autolink and self.matcher is not None:
            linker = SectionLinker(self.matcher, lambda uri: relative_uri(page_uri, uri), page_uri)
        return Writer(
            link=self.link_writer(note, page_uri, highlight, also),
            video_id=note.video_id if video else None,
            image=self.image_writer(note, page_uri, also),
            embed=lambda link, _: self._embed(note, link, page_uri, stack, also),
            autolink=linker,
            claim_ids=claim_ids,
        )

    def _embed(
        self,
        note: Note,
        link: WikiLink,
        page_uri: str,
        stack: tuple[str, ...],
        also: Sequence[str] = (),
    ) -> list[str]:
        origin, resolution = self.resolution((note.path, *also), link)
        image = self.assets.embeds.get((origin, link))
        if image is not None:
            alt = author_label(link.label or link.target)
            return [f"![{alt}]({quote(relative_uri(page_uri, image))})"]
        plain = self.link_writer(note, page_uri, also=also)(link)
        if resolution.kind != "note" or resolution.note is None:
            return [plain]
        if resolution.note in stack or len(stack) > MAX_EMBED_DEPTH:
            return [plain]
        target = self.index.notes[resolution.note]
        blocks = embedded_blocks(target, link)
        writer = self.writer(target, page_uri, stack=stack)
        body = writer.blocks(blocks, anchors={})
        title_target = self.target(resolution)
        title = self.label(link, resolution)
        if title_target is not None:
            title = link_to(title, page_uri, title_target, resolution.anchor)
        return [f'!!! embed "{title}"', *("    " + line if line else "" for line in body)]


def embedded_blocks(note: Note, link: WikiLink) -> tuple[Block, ...]:
    """The part of ``note`` an embed shows, with headings demoted to bold."""
    blocks = note.blocks
    if link.block:
        for block in walk(blocks):
            if isinstance(block, Paragraph) and block.block_id == link.block:
                return (block,)
            if isinstance(block, ListBlock):
                for item in block.items:
                    if item.block_id == link.block:
                        return (replace(block, items=(item,), line=item.line),)
    elif link.heading:
        blocks = section_blocks(note, link.heading)
    return tuple(_demote(block) for block in blocks)


def section_blocks(note: Note, heading: str) -> tuple[Block, ...]:
    """The heading named ``heading`` and the blocks under it; all if absent."""
    wanted = slugify(heading, "section")
    for start, block in enumerate(note.blocks):
        if isinstance(block, Heading) and slugify(plain_text(block.inline), "section") == wanted:
            end = start + 1
            while end < len(note.blocks):
                later = note.blocks[end]
                if isinstance(later, Heading) and later.level <= block.level:
                    break
                end += 1
            return note.blocks[start:end]
    return note.blocks


def _demote(block: Block) -> Block:
    if isinstance(block, Heading):
        return Paragraph((Text("**"), *block.inline, Text("**")), block.line)
    return block


def find_embed_cycles(notes: Iterable[Note], resolutions: Resolutions) -> list[Problem]:
    """One problem per embed that would close a cycle of embeds."""
    graph: dict[str, list[tuple[WikiLink, str]]] = {}
    for note in notes:
        edges = []
        for block in walk(note.blocks):
            if isinstance(block, Embed):
                resolution = resolutions.get((note.path, block.link))
                if resolution is not None and resolution.kind == "note" and resolution.note:
                    edges.append((block.link, resolution.note))
        graph[note.path] = edges
    problems: list[Problem] = []
    reported: set[frozenset[str]] = set()

    def visit(path: str, stack: tuple[str, ...]) -> None:
        for link, target in graph.get(path, []):
            if target in stack:
                members = frozenset(stack[stack.index(target) :])
                if members not in reported:
                    reported.add(members)
                    cycle = " → ".join((*stack[stack.index(target) :], target))
                    problems.append(
                        Problem(
                            path,
                            link.line,
                            "link/embed-cycle",
                            f"embed cycle {cycle} cut; shown as a link",
                            hint="embed a section, or link instead of embedding",
                            col=link.col,
                        )
                    )
            elif len(stack) <= MAX_EMBED_DEPTH:
                visit(target, (*stack, target))

    for path in sorted(graph):
        visit(path, (path,))
    return problems
