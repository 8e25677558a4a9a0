"""Where every page goes: one source URI per note, channel and index.

URLs mirror the notes folder, slugged: ``lennyspodcast/Some Note.md``
becomes ``notes/lennyspodcast/some-note.md`` (served at
``/notes/lennyspodcast/some-note/``).  Keeping the channel folder in the URL
keeps it unique when two channels have a note of the same name, and stable
when a third channel adds one.  A channel's hub note (``lennyspodcast.md``)
is the channel's source page, ``sources/<channel>/``.

Fixed pages are placed first, then notes in path order; a URI that is
already taken (two files differing only in case or punctuation, a
hand-written page in ``docs/``, a note called ``index``) gets ``-2``,
``-3`` ... and a warning.  The result depends only on the set of paths,
never on the order they were read.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..analyse.units import Unit
from ..model import Note, Problem
from ..resolve.index import Channel
from ..text.slugs import slugify

HOME = "index.md"
NOTES_INDEX = "notes/index.md"
SOURCES_INDEX = "sources/index.md"
TOPICS_INDEX = "topics/index.md"
CATALOG_INDEXES = (
    "frameworks/index.md",
    "concepts/index.md",
    "skills/index.md",
    "pitfalls/index.md",
)


@dataclass
class SiteMap:
    notes: dict[str, str] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)
    folders: dict[str, str] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)

    def claim(self, uri: str) -> str:
        """Take ``uri``, or the first free ``-2``, ``-3`` ... variant of it."""
        if uri not in self.taken:
            self.taken.add(uri)
            return uri
        stem, ext = uri[: -len(".md")], ".md"
        base, index = (stem[: -len("/index")], "/index") if stem.endswith("/index") else (stem, "")
        n = 2
        while f"{base}-{n}{index}{ext}" in self.taken:
            n += 1
        chosen = f"{base}-{n}{index}{ext}"
        self.taken.add(chosen)
        return chosen


def folder_uri(folder: str) -> str:
    return "notes/" + "/".join(slugify(part) for part in folder.split("/")) + "/index.md"


def plan_site(
    notes: Iterable[Note], channels: Mapping[str, Channel], reserved: Iterable[str] = ()
) -> SiteMap:
    """Assign a source URI to every page; ``reserved`` are hand-written pages."""
    site = SiteMap()
    site.taken.update(reserved)
    for fixed in (HOME, NOTES_INDEX, SOURCES_INDEX, TOPICS_INDEX, *CATALOG_INDEXES):
        site.taken.add(fixed)
    ordered = sorted(notes, key=lambda n: n.path)
    hubs = {c.hub: c.key for c in channels.values() if c.hub}
    for key in sorted(channels):
        site.channels[key] = site.claim(f"sources/{slugify(key)}/index.md")
    for folder in sorted({n.folder for n in ordered if n.folder and n.path not in hubs}):
        site.folders[folder] = site.claim(folder_uri(folder))
    for note in ordered:
        if note.path in hubs:
            site.notes[note.path] = site.channels[hubs[note.path]]
            continue
        prefix = folder_uri(note.folder)[: -len("index.md")] if note.folder else "notes/"
        wanted = prefix + slugify(note.name, fallback="note") + ".md"
        uri = site.claim(wanted)
        site.notes[note.path] = uri
        if uri != wanted:
            site.problems.append(
                Problem(
                    note.path,
                    0,
                    "file/url-collision",
                    f"URL {wanted[:-3]}/ is already taken (another note differing only in case "
                    f"or punctuation, or a page in docs/); published at {uri[:-3]}/",
                    hint="rename the file so its name is unique",
                )
            )
    return site


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a page (``notes/x.md`` → ``notes/x/``)."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        folder = stem[: -len("index")]
        return folder if directory_urls else folder + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


@lru_cache(maxsize=65536)
def relative_uri(from_uri: str, to_uri: str) -> str:
    """A relative link between two source URIs, as MkDocs expects.

    ``posixpath.relpath`` would do, but it asks the OS for the working
    directory on every call; links are written a hundred thousand times a
    build, between a few thousand pages."""
    here = [p for p in posixpath.dirname(from_uri).split("/") if p not in ("", ".")]
    there = [p for p in to_uri.split("/") if p not in ("", ".")]
    common = 0
    for a, b in zip(here, there[:-1], strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def redirect_merged(
    site: SiteMap, units: Iterable[Unit]
) -> tuple[dict[str, tuple[str, str]], dict[str, Note], dict[str, str]]:
    """Point every merged-away note at its merged page.

    Returns the redirects (old URI → new URI, anchor), the note each old URI
    showed, and each merged note's anchor on its new page.  The old URI
    stays claimed in the site map, so no later page can take it."""
    redirects: dict[str, tuple[str, str]] = {}
    moved: dict[str, Note] = {}
    anchors: dict[str, str] = {}
    for unit in units:
        if unit.merged is None:
            continue
        target = site.notes[unit.owner]
        for number, note in enumerate(unit.notes, start=1):
            old = site.notes[note.path]
            anchors[note.path] = f"source-{number}"
            if old != target:
                redirects[old] = (target, f"source-{number}")
                moved[old] = note
            site.notes[note.path] = target
    return redirects, moved, anchors
