"""The whole core, one function: notes folder → :class:`~handbook.model.Handbook`.

Stages, each a pure function of the ones before:

1. **ingest**: read and parse every note (cached by content hash);
2. **index**: channels and the complete :class:`~handbook.links.NoteIndex`;
3. **resolve**: every wikilink of every note, once, with its problems;
4. **plan**: a source URI for every page (:mod:`handbook.sitemap`);
5. **render**: Markdown for every page (:mod:`handbook.pages`).

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
from .ingest import NoteCache, read_notes
from .links import NoteIndex, Resolution, find_channels
from .model import Handbook, Note, Options, Page, Problem, WikiLink
from .outline import wikilinks
from .pages import (
    LinkContext,
    channel_page,
    home_page,
    note_page,
    notes_index,
    sources_index,
)
from .sitemap import plan_site
from .slugs import name_key


def resolve_links(
    notes: Iterable[Note], index: NoteIndex, options: Options
) -> tuple[dict[tuple[str, WikiLink], Resolution], list[Problem]]:
    resolutions: dict[tuple[str, WikiLink], Resolution] = {}
    problems: list[Problem] = []
    for note in notes:
        for link in wikilinks(note.blocks):
            resolution = index.resolve(link, note)
            resolutions[(note.path, link)] = resolution
            if resolution.problem:
                problems.append(
                    Problem(
                        note.path,
                        link.line,
                        "link/" + resolution.how.split("-")[-1],
                        resolution.problem,
                        col=link.col,
                    )
                )
            elif resolution.kind == "unresolved" and options.unresolved_links != "topic":
                severity = "error" if options.unresolved_links == "error" else "warning"
                problems.append(
                    Problem(
                        note.path,
                        link.line,
                        "link/unresolved",
                        f"no note matches {link.raw!r}; shown as text",
                        severity,
                        link.col,
                        "check the spelling or add the note",
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
    resolutions, problems = resolve_links(notes, index, options)

    assets = resolve_images(notes, root)
    problems += assets.problems
    started = timings.mark("resolve", started)

    site = plan_site(notes, channels, reserved)
    links = LinkContext(index, site, resolutions, topic_links=False, assets=assets)
    hubs = {c.hub for c in channels.values() if c.hub}
    published = [n for n in notes if n.path not in hubs and (n.blocks or not _unreadable(n))]
    pages: list[Page] = [note_page(note, links, channels) for note in published]
    by_channel: dict[str, list[Note]] = {key: [] for key in channels}
    for note in published:
        if note.channel and name_key(note.channel) in by_channel:
            by_channel[name_key(note.channel)].append(note)
    pages += [channel_page(channels[key], by_channel[key], links) for key in sorted(channels)]
    pages += notes_index(published, site)
    articles = sorted((n for n in published if n.kind == "article"), key=lambda n: n.title.lower())
    counts = Counter({key: len(members) for key, members in by_channel.items()})
    pages.append(sources_index(channels, counts, articles, site))
    pages.append(home_page(published, channels, site))
    timings.mark("render", started)

    problems += [p for note in notes for p in note.problems]
    problems += site.problems
    return Handbook(
        pages=tuple(sorted(pages, key=lambda p: p.src_uri)),
        problems=tuple(sorted(problems, key=lambda p: p.sort_key())),
        assets=dict(sorted(assets.files.items())),
    )


def _unreadable(note: Note) -> bool:
    return any(p.rule in {"file/binary", "file/unreadable"} for p in note.problems)
