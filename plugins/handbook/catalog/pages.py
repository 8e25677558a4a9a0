"""Entry pages, the three indexes and the home page.

An entry page cites every claim: each line ends with a marker naming the
sources list entries it came from, each source links to the note page and
section, and to the video's page.  Indexes sort entries by how many notes
cite them, grouped into those several videos agree on and those from one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..backlinks import referenced_by
from ..linking import LinkContext, link_to
from ..mentions import Mention
from ..model import Page, Stamp, Text, Timestamp
from ..pages import page_markdown
from ..render import claim_anchor, escape_markdown
from ..sitemap import relative_uri
from .content import Shown, framework_parts, groups, sections
from .entries import KINDS, PLURAL, Entry

TITLES = {"framework": "Frameworks", "skill": "Skills", "pitfall": "Pitfalls"}
BLURB = {
    "framework": "Named models with parts or steps, each part explained and cited.",
    "skill": "Capabilities to build: what they are, their levels, and advice.",
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


def entry_page(entry: Entry, ctx: CatalogContext) -> Page:
    page = entry.uri
    notes = entry.notes
    numbers = {path: i for i, path in enumerate(notes, start=1)}
    ids: set[str] = set()
    videos = entry.videos
    kind_link = link_to(TITLES[entry.kind][:-1], page, index_uri(entry.kind))
    spread = f"cited by {len(notes)} note{'s' * (len(notes) != 1)}"
    if videos:
        spread += f" from {len(videos)} video{'s' * (len(videos) != 1)}"
    body = [f"{kind_link} · {spread}", "{: .hb-byline }", ""]
    others = [n for n in entry.names[1:] if n.lower() != entry.name.lower()]
    if others:
        body += ["Also called: " + ", ".join(f"*{escape_markdown(n)}*" for n in others), ""]
    if entry.kind == "framework":
        parts = framework_parts(entry)
        if parts:
            body += ["## Parts {#parts}", ""]
            for number, part in enumerate(parts, start=1):
                body += [f"### {number}. {escape_markdown(part.name)} {{#part-{number}}}", ""]
                lines = [
                    claim_line(s, page, ctx, numbers, ids)
                    for s in groups(part.claims, dict(ctx.video_of))
                ]
                body += [*(lines or ["*No source explains this part further.*"]), ""]
    for anchor, heading, claims in sections(entry):
        shown = groups(claims, dict(ctx.video_of))
        if not shown and heading not in ("The mistake", "What the sources say"):
            continue
        body += [f"## {heading} {{#{anchor}}}", ""]
        lines = [claim_line(s, page, ctx, numbers, ids) for s in shown]
        body += [*(lines or ["*Named by the sources without further detail.*"]), ""]
    body += related_section(entry, ctx)
    body += sources_section(entry, ctx, numbers)
    body += referenced_by(page, ctx.backlinks.get(page, []), ctx.links)
    return Page(
        page, entry.name, entry.kind, page_markdown(entry.name, entry.kind, body), tuple(notes)
    )


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


def index_page(kind: str, entries: Sequence[Entry]) -> Page:
    """One kind's index: entries several videos agree on first, by sources."""
    uri = index_uri(kind)
    members = sorted(
        (e for e in entries if e.kind == kind), key=lambda e: (-len(e.notes), e.name.lower())
    )
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
            count = _count(len(entry.notes), "note")
            body.append(f"* {link_to(escape_markdown(entry.name), uri, entry.uri)} · {count}")
        body.append("")
    return Page(uri, TITLES[kind], "index", page_markdown(TITLES[kind], "index", body), in_nav=True)


def home_page(entries: Sequence[Entry], counts: Mapping[str, int], uris: Mapping[str, str]) -> Page:
    """Three doors (frameworks, skills, pitfalls), the most cited of each, and counts."""
    uri = "index.md"
    body = [
        "A handbook of product management: the frameworks people use, the skills they "
        "build and the pitfalls they warn about, each gathered from every source that "
        "discusses it and cited to the moment it was said. Search with the box at the top.",
        "",
    ]
    for kind in KINDS:
        members = sorted(
            (e for e in entries if e.kind == kind), key=lambda e: (-len(e.notes), e.name.lower())
        )
        title = link_to(TITLES[kind], uri, index_uri(kind))
        body += [
            f"## {title} {{#{PLURAL[kind]}}}",
            "",
            f"{len(members)} {TITLES[kind].lower()}. {BLURB[kind]}",
            "",
        ]
        for entry in members[:6]:
            link = link_to(escape_markdown(entry.name), uri, entry.uri)
            body.append(f"* {link} · {_count(len(entry.notes), 'note')}")
        body.append("")
    body += ["## The sources {#sources}", ""]
    for label, key in (("Notes", "notes"), ("Topics", "topics"), ("Sources", "sources")):
        body.append(f"* [{label}]({relative_uri(uri, uris[key])}): {counts[key]} {label.lower()}")
    return Page(
        uri, "Handbook", "home", page_markdown("Product Handbook", "home", body), in_nav=True
    )
