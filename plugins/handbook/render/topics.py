"""Topic pages: every link target that names no note gets a page.

In the real notes most ``[[links]]`` name a topic rather than a note.  A
topic page collects every passage that links to the topic, grouped by the
page it comes from, so the reader who follows the link finds what the
handbook says about it.

* Targets that differ only by letter case, separators or punctuation share
  one page: they have the same :func:`~handbook.text.slugs.name_key`.
* The title is the most frequent spelling, made readable:
  ``impact_in_product_management`` → "Impact in product management".
* Pages live at ``topics/<slug>/``.

:func:`fold_topics` decides which targets get a page at all:

* a target whose name is a catalog entry's (its
  :func:`~handbook.analyse.catalog.names.subject_key` is one of the entry's names')
  gets no page: its links land on the entry, whose "Referenced by" gathers
  the passages a hub would have quoted, and the hub's old URL redirects
  there through the permalink registry (the entry inherits its identity);
  so does a target that is an entry's name and a naming word ("DORA
  metrics" when "DORA" is an entry; :data:`~handbook.analyse.catalog.names.NAMING_WORDS`),
  which names the same subject;
* targets that name one subject in different words ("growth loop" and
  "growth loops", "Sean Ellis test" and "Shaun Ellis test": the same
  subject key, or keys :func:`~handbook.analyse.catalog.names.fold_keys` joins)
  share the page of the spelling linked most.

Targets that only channel hub notes link to get no page at all
(:func:`topic_spellings`): a hub lists its videos' notes, and one missing
from the vault is no subject; the hub shows its title as text.

Invariant: every topic key lands somewhere (a page key or an entry), and
the result depends only on the spellings and entry names, not their order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..analyse.catalog.names import NAMING_WORDS, fold_keys, subject_key, words
from ..model import Page, WikiLink
from ..plan.sitemap import TOPICS_INDEX, SiteMap
from ..resolve.index import Resolution
from ..resolve.mentions import Mention
from ..text.slugs import readable_title, slugify
from ..text.stems import term_stem
from .backlinks import referenced_by
from .links import LinkContext, link_to
from .markdown import escape_markdown
from .pages import page_markdown


def topic_spellings(
    resolutions: Mapping[tuple[str, WikiLink], Resolution], hubs: Iterable[str] = ()
) -> dict[str, Counter[str]]:
    """Topic key → how often each spelling of it was written, outside the
    channel ``hubs``: a hub lists every note of its videos, and a listed
    note this vault lacks is no topic anyone writes about (the hub shows
    its title as text)."""
    skipped = frozenset(hubs)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for (path, link), resolution in resolutions.items():
        if resolution.kind == "unresolved" and path not in skipped:
            spellings[resolution.key][link.target] += 1
    return dict(spellings)


def topic_title(spellings: Counter[str]) -> str:
    """The most used spelling (ties: one written with spaces, then sorted)."""
    best = sorted(spellings.items(), key=lambda kv: (-kv[1], " " not in kv[0], kv[0]))[0][0]
    return readable_title(best)


_NAMING_STEMS = frozenset(term_stem(w) for w in NAMING_WORDS)


def _entry_named(subject: str, entry_of: Mapping[str, str]) -> str | None:
    """The entry a topic's subject key names: the entry's own key, or that
    key and a naming word after it ("dora metric" for the entry "DORA")."""
    if not subject:
        return None
    if subject in entry_of:
        return entry_of[subject]
    head, _, last = subject.rpartition(" ")
    return entry_of.get(head) if head and last in _NAMING_STEMS else None


@dataclass(frozen=True)
class TopicFolds:
    titles: dict[str, str]  # page key -> title: the topics that get a page
    counts: dict[str, int]  # page key -> links to it, folded spellings included
    into_topic: dict[str, str]  # folded topic key -> the page key it joins
    into_entry: dict[str, str]  # topic key -> URI of the entry that is its subject


def fold_topics(
    spellings: Mapping[str, Counter[str]], entries: Iterable[tuple[str, Sequence[str]]]
) -> TopicFolds:
    """Which topics get a page, and where the others land (module docstring)."""
    entry_of: dict[str, str] = {}
    for uri, names in sorted(entries, key=lambda e: e[0]):
        for name in names:
            entry_of.setdefault(subject_key(name), uri)
    titles = {key: topic_title(counts) for key, counts in spellings.items()}
    subject = {key: subject_key(title) for key, title in titles.items()}
    into_entry = {k: uri for k, s in subject.items() if (uri := _entry_named(s, entry_of))}
    rest = sorted(k for k in spellings if k not in into_entry)
    # Proper nouns, for person-name variants: words a spelling capitalises.
    proper: dict[str, set[str]] = defaultdict(set)
    for key in rest:
        for spelling in spellings[key]:
            for word in spelling.replace("_", " ").split():
                if word[:1].isupper():
                    proper[subject[key]].add(subject_key(word))
    # Written words per subject, for spelling variants of a rare word
    # ("imposter" and "impostor syndrome"), as the catalog folds them.
    spelled: dict[str, set[str]] = defaultdict(set)
    for key in rest:
        spelled[subject[key]].update(words(titles[key]))
    group_of = fold_keys(
        [subject[k] for k in rest if subject[k]],
        proper={k: frozenset(v) for k, v in proper.items()},
        spelled={k: frozenset(v) for k, v in spelled.items()},
    )
    members: dict[str, list[str]] = defaultdict(list)
    for key in rest:
        members[group_of.get(subject[key], "") or "key:" + key].append(key)
    links = {key: sum(counts.values()) for key, counts in spellings.items()}
    pages: dict[str, str] = {}
    counts: dict[str, int] = {}
    into_topic: dict[str, str] = {}
    for group in members.values():
        page = min(group, key=lambda k: (-links[k], k))
        pages[page] = titles[page]
        counts[page] = sum(links[k] for k in group)
        into_topic.update({k: page for k in group if k != page})
    return TopicFolds(dict(sorted(pages.items())), counts, into_topic, into_entry)


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
