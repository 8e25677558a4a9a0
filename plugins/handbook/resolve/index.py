"""Resolve wikilinks against the complete index of notes.

The index is built once, from every note, before any link is resolved, so
the result never depends on the order files were read (Quartz's alias bug).

:meth:`NoteIndex.resolve` tries, in order:

1. **refuse** targets that are paths out of the vault or URLs
   (``../../etc/passwd``, ``/abs``, ``C:\\x``, ``http://evil``);
2. **self**: ``[[#heading]]`` points into the linking note;
3. **path**: ``folder/note`` matches that file;
4. **exact**: the file name as written;
5. **tolerant**: the name key (letter case, space, ``_``, ``-`` and
   punctuation ignored), then front-matter aliases;
6. **image**: ``pic.png`` names an attachment, not a note;
7. **channel**: the name of a channel (``[[lennyspodcast]]``) goes to the
   channel's source page;
8. otherwise the target is **unresolved**, and the caller decides what to
   do (a topic page, plain text, or an error).

Several candidates: the one in the linking note's own folder wins, then the
first by path; the resolution records every candidate so the caller can
warn.  A ``#heading`` is checked against the target's heading anchors.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from ..ingest.syntax.inline import plain_text
from ..model import Heading, ListBlock, Note, Paragraph, WikiLink
from ..text.slugs import name_key, slugify
from .outline import block_anchor, note_anchors, walk

ResolutionKind = Literal["note", "channel", "image", "unresolved", "invalid"]
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif")


def is_image_name(target: str) -> bool:
    return target.lower().endswith(IMAGE_SUFFIXES)


_UNSAFE_TARGET = re.compile(r"(^[/\\~])|(\.\.)|(^[A-Za-z]:)|(^[A-Za-z][A-Za-z0-9+.\-]*://)|(\\)")


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where one link goes and how that was decided.

    ``problems`` holds ``(rule, message)`` pairs worth a warning: an
    ambiguous name (naming every candidate), a missing heading or block.
    """

    kind: ResolutionKind
    how: str
    note: str | None = None  # target note path
    key: str = ""  # channel or topic key
    anchor: str | None = None
    candidates: tuple[str, ...] = ()
    problems: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Channel:
    key: str
    name: str
    hub: str | None  # path of the note that is the channel's own page


def find_channels(notes: Iterable[Note]) -> dict[str, Channel]:
    """Channels named by ``From:`` lines, each with its hub note if any.

    A hub is a note without a video whose name is the channel's name, such
    as ``lennyspodcast/lennyspodcast.md``.
    """
    names: dict[str, str] = {}
    ordered = sorted(notes, key=lambda n: n.path)
    for note in ordered:
        if note.channel:
            names.setdefault(name_key(note.channel), note.channel)
    hubs: dict[str, str] = {}
    for note in ordered:
        key = name_key(note.name)
        if key in names and note.video_id is None and key not in hubs:
            hubs[key] = note.path
    return {key: Channel(key, names[key], hubs.get(key)) for key in sorted(names)}


class NoteIndex:
    """Every note by path, exact name, name key and alias key."""

    def __init__(self, notes: Iterable[Note], channels: Mapping[str, Channel]) -> None:
        self.notes: dict[str, Note] = {}
        self.by_path: dict[str, list[str]] = defaultdict(list)
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.by_key: dict[str, list[str]] = defaultdict(list)
        self.by_alias: dict[str, list[str]] = defaultdict(list)
        self.channels = channels
        self.hubs = {c.hub: c.key for c in channels.values() if c.hub}
        for note in sorted(notes, key=lambda n: n.path):
            self.notes[note.path] = note
            stem_path = note.path.rsplit(".", 1)[0]
            self.by_path["/".join(name_key(p) for p in stem_path.split("/"))].append(note.path)
            self.by_name[note.name].append(note.path)
            self.by_key[name_key(note.name)].append(note.path)
            for alias in note.aliases:
                self.by_alias[name_key(alias)].append(note.path)
        self._anchors: dict[str, dict[str, str]] = {}

    def anchors(self, path: str) -> dict[str, str]:
        """Heading key → anchor id on the note's page, computed once."""
        cached = self._anchors.get(path)
        if cached is None:
            cached = {}
            for heading, anchor in note_anchors(self.notes[path].blocks):
                cached.setdefault(slugify(_heading_text(heading), "section"), anchor)
            self._anchors[path] = cached
        return cached

    def resolve(self, link: WikiLink, source: Note) -> Resolution:
        target = link.target
        if target and _UNSAFE_TARGET.search(target):
            refused = ("link/refused", f"link target {target!r} is a path or URL; shown as text")
            return Resolution("invalid", "refused", problems=(refused,))
        if not target:
            return self._with_anchor(link, source.path, "self")
        if is_image_name(target):
            return Resolution("image", "image", key=target)
        if "/" in target:
            key = "/".join(name_key(p) for p in target.split("/"))
            found = self.by_path.get(key, [])
            if found:
                return self._choose(link, source, found, "path")
        for how, table, probe in (
            ("exact", self.by_name, target),
            ("tolerant", self.by_key, name_key(target)),
            ("alias", self.by_alias, name_key(target)),
        ):
            found = table.get(probe, [])
            if found:
                return self._choose(link, source, found, how)
        key = name_key(target)
        if key in self.channels:
            return Resolution("channel", "channel", key=key)
        return Resolution("unresolved", "unresolved", key=key or slugify(target))

    def _choose(self, link: WikiLink, source: Note, found: list[str], how: str) -> Resolution:
        if len(found) == 1:
            if found[0] in self.hubs:
                return Resolution("channel", "channel", key=self.hubs[found[0]])
            return self._with_anchor(link, found[0], how)
        local = [path for path in found if self.notes[path].folder == source.folder]
        chosen = local[0] if local else found[0]
        reason = "same folder" if local else "first by path"
        problem = (
            "link/ambiguous",
            f"ambiguous link {link.raw!r} matches {', '.join(found)}; chose {chosen} ({reason})",
        )
        return self._with_anchor(link, chosen, f"{how}-ambiguous", tuple(found), (problem,))

    def _with_anchor(
        self,
        link: WikiLink,
        path: str,
        how: str,
        candidates: tuple[str, ...] = (),
        problems: tuple[tuple[str, str], ...] = (),
    ) -> Resolution:
        anchor: str | None = None
        if link.heading is not None:
            anchor = self.anchors(path).get(slugify(link.heading, "section"))
            if anchor is None:
                missing = f"heading {link.heading!r} not found in {path}; linking to the page"
                problems += (("link/broken", missing),)
        elif link.block is not None:
            if link.block in self.block_ids(path):
                anchor = block_anchor(link.block)
            else:
                missing = f"block ^{link.block} not found in {path}; linking to the page"
                problems += (("link/broken", missing),)
        return Resolution(
            "note", how, path, anchor=anchor, candidates=candidates, problems=problems
        )

    def block_ids(self, path: str) -> frozenset[str]:
        """Obsidian block ids (``^id``) defined in a note."""
        found: set[str] = set()
        for block in walk(self.notes[path].blocks):
            if isinstance(block, Paragraph) and block.block_id:
                found.add(block.block_id)
            elif isinstance(block, ListBlock):
                found.update(item.block_id for item in block.items if item.block_id)
        return frozenset(found)


def _heading_text(heading: Heading) -> str:
    return plain_text(heading.inline)
