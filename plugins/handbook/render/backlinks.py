""" "Referenced by": who links to a page, and what they say when they do.

:func:`collect_backlinks` maps every page to the mentions that land on it
(never a page's own links to itself).  :func:`referenced_by` writes
the section: one group per linking page, each passage the sentence around
the link with the link text highlighted, its timestamp, and a link back to
the section it came from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..model import Note
from ..resolve.mentions import Mention
from .links import LinkContext, link_to
from .markdown import escape_markdown, inline_only

REFERENCED_BY = "Referenced by"


def collect_backlinks(mentions: Iterable[Mention], links: LinkContext) -> dict[str, list[Mention]]:
    """Target page URI → the mentions that link to it, in source order."""
    found: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        target = links.target(links.resolutions[(mention.note, mention.link)])
        source = links.site.notes.get(mention.note)
        if target is None or target == source:
            continue
        found[target].append(mention)
    return found


def passage(mention: Mention, page_uri: str, links: LinkContext) -> str:
    """One quoted sentence, the link to this page highlighted."""
    note = links.index.notes[mention.note]
    if not mention.sentence:
        return "*embeds this page*"
    writer = links.writer(note, page_uri, highlight=page_uri)
    return " ".join(writer.inline(inline_only(mention.sentence)).split())


def referenced_by(
    page_uri: str, mentions: Sequence[Mention], links: LinkContext, heading: str = REFERENCED_BY
) -> list[str]:
    """The "Referenced by" section of ``page_uri``."""
    lines = [f"## {heading} {{#referenced-by}}", ""]
    if not mentions:
        return [*lines, "No other page links here yet.", "{: .hb-empty }"]
    by_source: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_source[links.site.notes[mention.note]].append(mention)
    notes: Mapping[str, Note] = links.index.notes
    order = sorted(
        by_source,
        key=lambda u: ((links.page_titles.get(u) or notes[by_source[u][0].note].title).lower(), u),
    )
    lines.append('<div class="hb-backlinks" markdown>')
    lines.append("")
    for source_uri in order:
        group = by_source[source_uri]
        title = links.page_titles.get(source_uri) or notes[group[0].note].title
        lines.append(f"* {link_to(escape_markdown(title), page_uri, source_uri)}")
        seen: set[str] = set()
        for mention in group:
            text = passage(mention, page_uri, links)
            if text in seen:
                continue
            seen.add(text)
            where = link_to("§", page_uri, source_uri, mention.section) if mention.section else ""
            lines.append(f"    * {text} {where}".rstrip())
    lines += ["", "</div>"]
    return lines
