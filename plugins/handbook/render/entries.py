"""Entry pages, the three indexes and the home page.

An entry page cites every claim: each line ends with a marker naming the
sources list entries it came from, each source links to the note page and
section, and to the video's page.  Indexes sort entries by how many notes
cite them, grouped into those several videos agree on and those from one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..analyse.catalog.content import (
    PER_SOURCE,
    Shown,
    definition,
    entry_claims,
    framework_parts,
    groups,
    kind_sections,
)
from ..analyse.catalog.entries import KINDS, PLURAL, Entry
from ..analyse.claims import Claim
from ..model import Page, Stamp, Text, Timestamp
from ..plan.sitemap import relative_uri
from ..resolve.mentions import Mention
from ..text.slugs import slugify
from .backlinks import referenced_by
from .graph import Node, local_graph, neighbours
from .links import LinkContext, link_to
from .markdown import claim_anchor, escape_markdown
from .pages import graph_section, page_markdown

TITLES = {
    "framework": "Frameworks",
    "concept": "Concepts",
    "skill": "Skills",
    "pitfall": "Pitfalls",
}
SINGULAR = {"framework": "Framework", "concept": "Concept", "skill": "Skill", "pitfall": "Pitfall"}
BLURB = {
    "framework": "Named models with parts or steps, each part explained and cited.",
    "concept": "Named ideas, metrics and effects the sources rely on, with what each says.",
    "skill": "Capabilities to build: what they are and how to build them.",
    "pitfall": "Mistakes, why they hurt, and what to do instead.",
}


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def index_uri(kind: str) -> str:
    return f"{PLURAL[kind]}/index.md"


@dataclass
class CatalogContext:
    entries: Sequence[Entry]
    links: LinkContext
    video_of: Mapping[str, str | None]
    video_pages: Mapping[str, str]  # video id -> source URI
    related: Mapping[str, Sequence[Entry]] = field(default_factory=dict)
    backlinks: Mapping[str, Sequence[Mention]] = field(default_factory=dict)
    videos: Mapping[str, Any] = field(default_factory=dict)  # video id -> sources.Video


def claim_line(
    shown: Shown, page: str, ctx: CatalogContext, numbers: Mapping[str, int], ids: set[str]
) -> str:
    """A claim: its words (linked as in its note), its moments, its sources."""
    group = shown.group
    rep = group.representative
    note = ctx.links.index.notes[rep.note]
    writer = ctx.links.writer(note, page)
    inline = list(rep.inline)
    own = set(rep.seconds)
    for second in (s for s in group.seconds if s not in own):
        inline += [Text(" "), Stamp(Timestamp(second))]
    text = " ".join(writer.inline(tuple(inline)).split()) if inline else ""
    if not text and rep.block is not None:
        text = " ".join(escape_markdown(rep.text).split())
    cited = sorted({numbers[m.note] for m in group.members if m.note in numbers})
    marks = ",".join(f'<a href="#source-{n}">{n}</a>' for n in cited)
    anchor = claim_anchor(rep.text, ids)
    return f'* <span class="hb-claim" id="{anchor}">{text} <sup class="hb-src">{marks}</sup></span>'


def _byline(entry: Entry, page: str) -> list[str]:
    notes, videos = entry.notes, entry.videos
    channels = {n.split("/", 1)[0] for n in notes if "/" in n}
    spread = "gathered from "
    if videos:
        spread += _count(len(videos), "video")
        if len(channels) > 1:
            spread += f" in {len(channels)} channels"
        spread += f" ({_count(len(notes), 'note')})"
    else:
        spread += _count(len(notes), "note")
    kind_link = link_to(SINGULAR[entry.kind], page, index_uri(entry.kind))
    return [f"{kind_link} · {spread}", "{: .hb-byline }", ""]


def _source_title(ctx: CatalogContext, video: str, note: str) -> str:
    found = ctx.videos.get(video)
    if found is None:
        return ctx.links.index.notes[note].title
    title = found.title
    return f"{found.guest} · {title}" if found.guest else title


def entry_page(entry: Entry, ctx: CatalogContext) -> Page:
    page = entry.uri
    notes = entry.notes
    numbers = {path: i for i, path in enumerate(notes, start=1)}
    ids: set[str] = set()
    video_of = ctx.video_of
    body = _byline(entry, page)
    others = [n for n in entry.names[1:] if n.lower() != entry.name.lower()]
    if others:
        body += ["Also called: " + ", ".join(f"*{escape_markdown(n)}*" for n in others[:8]), ""]
    shown: set[tuple[str, object]] = set()

    def lines(claims: Sequence[Claim]) -> list[str]:
        fresh = [c for c in claims if (c.note, c.key) not in shown]
        shown.update((c.note, c.key) for c in claims)
        return [claim_line(s, page, ctx, numbers, ids) for s in groups(fresh, video_of)]

    first = definition(entry)
    if first is not None:
        body += ["## Definition {#definition}", "", *lines([first]), ""]
    if entry.kind == "framework":
        parts = framework_parts(entry)
        body += ["## Parts {#parts}", ""]
        for number, part in enumerate(parts, start=1):
            body += [f"### {number}. {escape_markdown(part.name)} {{#part-{number}}}", ""]
            said = lines(part.claims)
            body += [*(said or ["*Named as a part; the sources say no more about it.*"]), ""]
    for anchor, heading, claims in kind_sections(entry, video_of, set(shown)):
        said = lines(claims)
        if said:
            body += [f"## {heading} {{#{anchor}}}", "", *said, ""]
    body += _by_source(entry, ctx, numbers, ids, shown)
    body += related_section(entry, ctx)
    graph = entry_graph(entry, ctx)
    body += graph_section(graph)
    body += sources_section(entry, ctx, numbers)
    body += referenced_by(page, ctx.backlinks.get(page, []), ctx.links)
    markdown = page_markdown(entry.name, entry.kind, body)
    return Page(page, entry.name, entry.kind, markdown, tuple(notes), graph=graph)


def entry_graph(entry: Entry, ctx: CatalogContext) -> str:
    """Its related entries, the notes it is gathered from and their videos."""
    related = [Node(e.uri, e.name, e.kind) for e in ctx.related.get(entry.uri, [])]
    titles = ctx.links.page_titles  # a merged page's title, not its notes'
    notes = []
    for path in entry.notes:
        uri = ctx.links.site.notes[path]
        notes.append(Node(uri, titles.get(uri) or ctx.links.index.notes[path].title, "note"))
    sources = [
        Node(ctx.video_pages[v], ctx.videos[v].title if v in ctx.videos else v, "source")
        for v in entry.videos
        if v in ctx.video_pages
    ]
    nodes = neighbours(related, notes, sources)
    return local_graph(entry.uri, entry.name, entry.kind, nodes)


def _by_source(
    entry: Entry,
    ctx: CatalogContext,
    numbers: Mapping[str, int],
    ids: set[str],
    shown: set[tuple[str, object]],
) -> list[str]:
    """What each source says: the claims not shown above, grouped by video."""
    by_source: dict[str, list[Claim]] = {}
    first_note: dict[str, str] = {}
    for claim in entry_claims(entry):
        if (claim.note, claim.key) in shown:
            continue
        source = ctx.video_of.get(claim.note) or "article:" + claim.note
        by_source.setdefault(source, []).append(claim)
        first_note.setdefault(source, claim.note)
    if not by_source:
        return []
    body = ["## What each source says {#by-source}", ""]
    taken: set[str] = set()
    for number, (source, claims) in enumerate(sorted(by_source.items()), start=1):
        title = _source_title(ctx, source, first_note[source])
        anchor = f"from-{slugify(source, 'source')[:40]}"
        while anchor in taken:
            anchor += "-" + str(number)
        taken.add(anchor)
        heading = escape_markdown(title)
        if source in ctx.video_pages:
            heading = link_to(heading, entry.uri, ctx.video_pages[source])
        shown_claims = groups(claims, ctx.video_of)
        body += [f"### {heading} {{#{anchor}}}", ""]
        body += [claim_line(s, entry.uri, ctx, numbers, ids) for s in shown_claims[:PER_SOURCE]]
        rest = len(shown_claims) - PER_SOURCE
        if rest > 0:
            note = first_note[source]
            more = link_to(
                f"{_count(rest, 'more point')} in the note", entry.uri, ctx.links.site.notes[note]
            )
            body.append(f"* *{more}*")
        body.append("")
    return body


def related_section(entry: Entry, ctx: CatalogContext) -> list[str]:
    related = ctx.related.get(entry.uri, [])
    if not related:
        return []
    lines = ["## Related entries {#related}", ""]
    for kind in KINDS:
        members = [e for e in related if e.kind == kind]
        if members:
            links = ", ".join(link_to(escape_markdown(e.name), entry.uri, e.uri) for e in members)
            lines.append(f"* **{TITLES[kind]}:** {links}")
    return [*lines, ""]


def sources_section(entry: Entry, ctx: CatalogContext, numbers: Mapping[str, int]) -> list[str]:
    """Each note the entry comes from, at the section that says it, and its video."""
    lines = ["## Sources {#sources}", ""]
    sections_of: dict[str, str | None] = {}
    for occurrence in entry.occurrences:
        sections_of.setdefault(occurrence.note, occurrence.section)
    for path, number in numbers.items():
        note = ctx.links.index.notes[path]
        target = ctx.links.site.notes[path]
        link = link_to(escape_markdown(note.title), entry.uri, target, sections_of.get(path))
        video = ctx.video_of.get(path)
        where = ""
        if video and video in ctx.video_pages:
            where = " · " + link_to("video", entry.uri, ctx.video_pages[video])
        lines.append(f'{number}. <span id="source-{number}"></span>{link}{where}')
    return [*lines, ""]


def _by_spread(entry: Entry) -> tuple[int, int, str]:
    return (-len(entry.videos), -len(entry.notes), entry.name.lower())


def _spread_label(entry: Entry) -> str:
    if entry.videos:
        return f"{_count(len(entry.videos), 'video')}, {_count(len(entry.notes), 'note')}"
    return _count(len(entry.notes), "note")


def index_page(kind: str, entries: Sequence[Entry]) -> Page:
    """One kind's index: entries several videos agree on first, by sources."""
    uri = index_uri(kind)
    members = sorted((e for e in entries if e.kind == kind), key=_by_spread)
    body = [BLURB[kind], "", f"{len(members)} {TITLES[kind].lower()}.", ""]
    shared = [e for e in members if len(e.videos) > 1 or (len(e.notes) > 1 and not e.videos)]
    single = [e for e in members if e not in shared]
    for heading, anchor, group in (
        ("Across several videos", "across-videos", shared),
        ("From one source", "one-source", single),
    ):
        if not group:
            continue
        body += [f"## {heading} {{#{anchor}}}", ""]
        for entry in group:
            link = link_to(escape_markdown(entry.name), uri, entry.uri)
            body.append(f"* {link} · {_spread_label(entry)}")
        body.append("")
    return Page(uri, TITLES[kind], "index", page_markdown(TITLES[kind], "index", body), in_nav=True)


def home_page(entries: Sequence[Entry], counts: Mapping[str, int], uris: Mapping[str, str]) -> Page:
    """Four doors (frameworks, concepts, skills, pitfalls), each listing the
    entries that gather the most sources first, and counts."""
    uri = "index.md"
    body = [
        "A handbook of product management: the frameworks people use, the ideas they "
        "rely on, the skills they build and the pitfalls they warn about. Each entry "
        "gathers what every note of every video says about it, cited to the moment it "
        "was said, and lists first the entries the most sources discuss. "
        "Search with the box at the top.",
        "",
    ]
    for kind in KINDS:
        members = sorted((e for e in entries if e.kind == kind), key=_by_spread)
        title = link_to(TITLES[kind], uri, index_uri(kind))
        body += [
            f"## {title} {{#{PLURAL[kind]}}}",
            "",
            f"{len(members)} {TITLES[kind].lower()}. {BLURB[kind]}",
            "",
        ]
        for entry in members[:8]:
            link = link_to(escape_markdown(entry.name), uri, entry.uri)
            body.append(f"* {link} · {_spread_label(entry)}")
        body.append("")
    body += ["## The sources {#sources}", ""]
    for label, key in (("Notes", "notes"), ("Topics", "topics"), ("Sources", "sources")):
        body.append(f"* [{label}]({relative_uri(uri, uris[key])}): {counts[key]} {label.lower()}")
    return Page(
        uri, "Handbook", "home", page_markdown("Product Handbook", "home", body), in_nav=True
    )
