"""Topic pages: every link target that names no note gets a page.

In the real notes most ``[[links]]`` name a topic rather than a note.  A
topic page collects every passage that links to the topic, grouped by the
page it comes from, so the reader who follows the link finds what the
handbook says about it.

* Targets that differ only by letter case, separators or punctuation share
  one page: they have the same :func:`~handbook.slugs.name_key`.
* The title is the most frequent spelling, made readable:
  ``impact_in_product_management`` → "Impact in product management".
* Pages live at ``topics/<slug>/``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from .backlinks import referenced_by
from .linking import LinkContext, link_to
from .links import Resolution
from .mentions import Mention
from .model import Page, WikiLink
from .pages import page_markdown
from .render import escape_markdown
from .sitemap import TOPICS_INDEX, SiteMap
from .slugs import readable_title, slugify


def topic_spellings(
    resolutions: Mapping[tuple[str, WikiLink], Resolution],
) -> dict[str, Counter[str]]:
    """Topic key → how often each spelling of it was written."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for (_, link), resolution in resolutions.items():
        if resolution.kind == "unresolved":
            spellings[resolution.key][link.target] += 1
    return dict(spellings)


def topic_title(spellings: Counter[str]) -> str:
    """The most used spelling (ties: one written with spaces, then sorted)."""
    best = sorted(spellings.items(), key=lambda kv: (-kv[1], " " not in kv[0], kv[0]))[0][0]
    return readable_title(best)


def plan_topics(site: SiteMap, keys: Iterable[str]) -> None:
    for key in sorted(keys):
        site.topics[key] = site.claim(f"topics/{slugify(key)}.md")


def topic_page(key: str, title: str, mentions: Sequence[Mention], links: LinkContext) -> Page:
    uri = links.site.topics[key]
    pages = {m.note for m in mentions}
    count = f"{len(mentions)} passage{'s' if len(mentions) != 1 else ''}"
    spread = f"{len(pages)} page{'s' if len(pages) != 1 else ''}"
    body = [
        f"No note is about *{escape_markdown(title)}* yet. {count} in {spread} "
        "link here; this is what they say.",
        "{: .hb-lede }",
        "",
        *referenced_by(uri, mentions, links),
    ]
    sources = tuple(sorted(pages))
    return Page(uri, title, "topic", page_markdown(title, "topic", body), sources)


def topics_index(titles: Mapping[str, str], counts: Mapping[str, int], site: SiteMap) -> Page:
    """All topics, most linked first, then A–Z."""
    uri = TOPICS_INDEX
    body = [f"{len(titles)} topics that notes link to but no note is about yet.", ""]
    ordered = sorted(titles, key=lambda k: (-counts.get(k, 0), titles[k].lower()))
    for key in ordered:
        link = link_to(escape_markdown(titles[key]), uri, site.topics[key])
        body.append(f"* {link} ({counts.get(key, 0)})")
    return Page(uri, "Topics", "index", page_markdown("Topics", "index", body), in_nav=True)
