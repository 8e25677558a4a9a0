"""The whole core, one function: notes folder → :class:`~handbook.model.Handbook`.

Stages, each a pure function of the ones before:

1. **ingest**: read and parse every note (cached by content hash);
2. **resolve**: channels, the complete :class:`~handbook.links.NoteIndex`,
   then every wikilink and image of every note, once, with its problems;
3. **plan**: a source URI for every page, topics included
   (:mod:`handbook.sitemap`);
4. **render**: Markdown for every page, backlinks, and ``handbook.json``.

Problems from every stage are returned sorted, so logs are deterministic.
Site generators call :func:`build_handbook` and publish what it returns.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .assets import resolve_images
from .backlinks import collect_backlinks
from .export import build_export
from .ingest import NoteCache, read_notes
from .linking import LinkContext, find_embed_cycles
from .links import NoteIndex, Resolution, find_channels
from .mentions import Mention, note_mentions
from .model import Handbook, Note, Options, Page, Problem, WikiLink
from .pages import channel_key, channel_page, home_page, note_page, notes_index, sources_index
from .sitemap import plan_site
from .topics import plan_topics, topic_page, topic_spellings, topic_title, topics_index

Resolutions = dict[tuple[str, WikiLink], Resolution]


def resolve_links(
    mentions: Iterable[Mention], index: NoteIndex, options: Options
) -> tuple[Resolutions, list[Problem]]:
    """Resolve every mention's link once; report ambiguity and breakage."""
    resolutions: Resolutions = {}
    problems: list[Problem] = []
    for mention in mentions:
        link = mention.link
        note = index.notes[mention.note]
        resolution = index.resolve(link, note)
        resolutions[(note.path, link)] = resolution
        where = (note.path, link.line)
        for rule, message in resolution.problems:
            problems.append(Problem(*where, rule, message, col=link.col))
        if resolution.kind == "unresolved" and options.unresolved_links != "topic":
            severity = "error" if options.unresolved_links == "error" else "warning"
            problems.append(
                Problem(
                    *where,
                    "link/unresolved",
                    f"no note matches {link.raw!r}; shown as text",
                    severity,
                    link.col,
                    "check the spelling, or add the note",
                )
            )
    return resolutions, problems


@dataclass
class Timings:
    stages: dict[str, float] = field(default_factory=dict)

    def mark(self, stage: str, started: float) -> float:
        now = time.perf_counter()
        self.stages[stage] = self.stages.get(stage, 0.0) + now - started
        return now


def build_handbook(
    root: Path,
    options: Options | None = None,
    reserved: Iterable[str] = (),
    cache: NoteCache | None = None,
    timings: Timings | None = None,
) -> Handbook:
    options = options or Options()
    timings = timings or Timings()
    started = time.perf_counter()
    notes = read_notes(root, cache)
    started = timings.mark("ingest", started)

    channels = find_channels(notes)
    index = NoteIndex(notes, channels)
    mentions = [m for note in notes for m in note_mentions(note)]
    resolutions, problems = resolve_links(mentions, index, options)
    problems += find_embed_cycles(notes, resolutions)
    assets = resolve_images(notes, root)
    problems += assets.problems
    started = timings.mark("resolve", started)

    site = plan_site(notes, channels, reserved)
    topic_mode = options.unresolved_links == "topic"
    spellings = topic_spellings(resolutions) if topic_mode else {}
    plan_topics(site, spellings)
    titles = {key: topic_title(counts) for key, counts in spellings.items()}
    links = LinkContext(index, site, resolutions, topic_mode, assets, titles)
    hubs = {c.hub for c in channels.values() if c.hub}
    backlinks = collect_backlinks(mentions, links)
    started = timings.mark("plan", started)

    published = [n for n in notes if n.path not in hubs and not _unreadable(n)]
    pages: list[Page] = [
        note_page(note, links, backlinks.get(site.notes[note.path], [])) for note in published
    ]
    by_channel: dict[str, list[Note]] = {key: [] for key in channels}
    for note in published:
        if note.channel and channel_key(note) in by_channel:
            by_channel[channel_key(note)].append(note)
    pages += [
        channel_page(channels[key], by_channel[key], links, backlinks.get(site.channels[key], []))
        for key in sorted(channels)
    ]
    pages += [
        topic_page(key, titles[key], backlinks.get(site.topics[key], []), links) for key in titles
    ]
    pages += notes_index(published, site)
    articles = sorted((n for n in published if n.kind == "article"), key=lambda n: n.title.lower())
    counts = Counter({key: len(members) for key, members in by_channel.items()})
    pages.append(sources_index(channels, counts, articles, site))
    if topic_mode:
        mention_counts = {key: sum(c.values()) for key, c in spellings.items()}
        pages.append(topics_index(titles, mention_counts, site))
    pages.append(home_page(published, channels, len(titles), site))
    pages.sort(key=lambda p: p.src_uri)

    problems += [p for note in notes for p in note.problems]
    problems += site.problems
    problems.sort(key=lambda p: p.sort_key())
    export = build_export(
        pages,
        notes,
        mentions,
        backlinks,
        links,
        problems,
        directory_urls=options.directory_urls,
        topic_mode=options.unresolved_links,
    )
    timings.mark("render", started)
    return Handbook(
        pages=tuple(pages),
        problems=tuple(problems),
        assets=dict(sorted(assets.files.items())),
        export=export,
    )


def _unreadable(note: Note) -> bool:
    return any(p.rule in {"file/binary", "file/unreadable"} for p in note.problems)
