"""What a page's Markdown depends on, as a digest, to memoise the render stage.

Every page builder is a pure function of three kinds of input:

1. the vault's **shape**: each note's identity (path, name, title, kind,
   video, channel, author, aliases), the site map of notes, channels and
   entries, every page, channel and entry title, the catalog's names and
   members, the images, and the options.  :func:`shape` hashes all of it
   once per build;
2. the **content** of the notes the page shows: its sources, the notes
   they embed (transitively), and the notes whose sentences it quotes in
   "Referenced by", each with the resolution of every link it contains
   (a link's anchor can depend on another note's headings) and, for links
   to topics, the topic's URI and title.  :meth:`Signer.content` hashes
   those;
3. the **lists** the builder is handed (backlinks, related pages, related
   entries, a video's guest), which the caller passes as ``parts``.

A page whose digest did not change since the last build is not rendered
again (:mod:`handbook.engine.memo`).  Anything in the shape that changes, such as
a new note or a new title, changes every digest: correct, and rare next to
edits of a note's text, which re-render only the pages that show that text.
The test suite checks that warm builds after edits equal cold builds.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..model import Note, WikiLink
from ..resolve.index import Resolution
from ..resolve.mentions import Mention

MAX_DEPTH = 8  # deeper than any embed is rendered (linking.MAX_EMBED_DEPTH)


def digest(value: Any) -> str:
    """A stable digest of a value made of tuples, strings, numbers and dataclasses."""
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()


def shape(notes: Iterable[Note], **tables: Any) -> str:
    """The vault's shape: note identities plus the named tables (dicts are
    sorted, so insertion order does not matter)."""
    identities = sorted(
        (n.path, n.name, n.title, n.kind, n.video_id, n.channel, n.author, n.aliases) for n in notes
    )
    parts = [identities]
    for name in sorted(tables):
        table = tables[name]
        if isinstance(table, Mapping):
            table = sorted(table.items(), key=repr)
        parts.append((name, table))
    return digest(parts)


class Signer:
    """Digests of pages: the shape, the content notes, the given parts."""

    def __init__(
        self,
        notes: Mapping[str, Note],
        resolutions: Mapping[tuple[str, WikiLink], Resolution],
        vault_shape: str,
        topics: Mapping[str, tuple[str, str]] | None = None,
    ) -> None:
        self.notes = notes
        self.shape = vault_shape
        # Topic key -> (page URI, title): topics come and go with every new
        # link, so they are part of the linking notes' digests, not the shape.
        self.topics = topics or {}
        links: dict[str, list[tuple[WikiLink, Resolution]]] = defaultdict(list)
        self.embeds: dict[str, set[str]] = defaultdict(set)
        for (path, link), resolution in resolutions.items():
            links[path].append((link, resolution))
            if link.embed and resolution.kind == "note" and resolution.note:
                self.embeds[path].add(resolution.note)
        self._links = links
        self._content: dict[str, str] = {}

    def content(self, path: str) -> str:
        """A note's bytes and where each of its links goes."""
        found = self._content.get(path)
        if found is None:
            note = self.notes.get(path)
            resolved = sorted(
                (
                    (link, resolution, self.topics.get(resolution.key))
                    for link, resolution in self._links.get(path, ())
                ),
                key=lambda row: repr(row[0]),
            )
            found = digest((path, note.digest if note else None, resolved))
            self._content[path] = found
        return found

    def closure(self, paths: Iterable[str]) -> list[str]:
        """``paths`` and every note they embed, at any depth, sorted."""
        seen = set(paths)
        frontier = list(seen)
        for _ in range(MAX_DEPTH):
            frontier = [e for p in frontier for e in self.embeds.get(p, ()) if e not in seen]
            if not frontier:
                break
            seen.update(frontier)
        return sorted(seen)

    def page(self, *parts: Any, notes: Iterable[str] = ()) -> str:
        contents = tuple(self.content(p) for p in self.closure(notes))
        return digest((self.shape, parts, contents))


def mention_keys(mentions: Sequence[Mention]) -> tuple[tuple[Any, ...], ...]:
    """What identifies a list of mentions; their sentences come from the
    notes' content, which the caller adds with ``notes=``."""
    return tuple((m.note, repr(m.link), m.section) for m in mentions)
