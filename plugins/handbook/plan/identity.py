"""What each published URL shows, for the permalink registry.

Every page gets identity keys that survive the changes a page's URL does
not: a note keeps its content hash across a rename and usually its title
key; an entry keeps its name key when renamed by curation; topics, videos
and channels keep their keys.  Note pages also list the moments they cite,
so a note split in two can still be found.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..analyse.catalog.entries import Entry
from ..analyse.claims import note_claims
from ..analyse.units import Unit
from ..model import Note, Page
from ..text.slugs import name_key
from .permalinks import MAX_MOMENTS, Published


def note_keys(note: Note) -> list[str]:
    # A note named like a topic takes over that topic's page and URL.
    keys = [f"note:{note.path}", f"title:{name_key(note.title)}", f"topic:{name_key(note.name)}"]
    if note.digest:
        keys.append(f"digest:{note.digest}")
    return keys


def entry_key(name: str) -> str:
    """An entry's identity: its name, not its kind, so an entry the
    catalog retypes (a framework shown as a concept) keeps its old URLs."""
    return f"entry:{name_key(name)}"


def note_moments(notes: Iterable[Note]) -> list[str]:
    found = {
        f"{n.video_id}@{s}" for n in notes if n.video_id for c in note_claims(n) for s in c.seconds
    }
    return sorted(found)[:MAX_MOMENTS]


def identify(
    pages: Sequence[Page],
    units: Sequence[Unit],
    url: object,
    *,
    site_notes: Mapping[str, str],
    topics: Mapping[str, str],
    entries: Sequence[Entry],
    videos: Mapping[str, str],
    channels: Mapping[str, str],
    articles: Mapping[str, str],
    moved: Mapping[str, Note],
) -> list[Published]:
    """Every URL the build serves: pages, and the old URLs of merged notes
    (``moved``: old URL → the note that was there)."""
    to_url = url  # a function: source URI -> site URL
    keys: dict[str, list[str]] = {p.src_uri: [f"fixed:{p.src_uri}"] for p in pages}
    moments: dict[str, list[str]] = {}
    for unit in units:
        uri = site_notes[unit.owner]
        keys[uri] = [k for n in unit.notes for k in note_keys(n)]
        moments[uri] = note_moments(unit.notes)
    # A topic folded into another topic's page or into an entry passes its
    # identity on, so the registry redirects its old URL there.
    topic_keys: dict[str, list[str]] = defaultdict(list)
    for key, uri in sorted(topics.items()):
        topic_keys[uri].append(f"topic:{key}")
    keys.update(topic_keys)
    for entry in entries:
        keys[entry.uri] = [entry_key(n) for n in entry.names] + topic_keys.get(entry.uri, [])
    for video, uri in videos.items():
        keys[uri] = [f"video:{video}"]
    for key, uri in channels.items():
        keys.setdefault(uri, []).append(f"channel:{key}")
    for path, uri in articles.items():
        keys[uri] = [f"article:{path}"]
    published = [
        Published(to_url(p.src_uri), tuple(keys[p.src_uri]), tuple(moments.get(p.src_uri, ())))  # type: ignore[operator]
        for p in pages
    ]
    for old_url, note in sorted(moved.items()):
        published.append(Published(old_url, tuple(note_keys(note))))
    return published
