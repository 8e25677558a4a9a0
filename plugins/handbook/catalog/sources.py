"""Source pages: one per video and one per article.

A **video page** links to YouTube, names the guest when the notes do, lists
the pages and the handbook entries the video contributes to, and gives a
time-ordered list of every moment the notes cite, with what was said, so a
reader can skim the episode.

The video's title and guest come from the channel's hub note, whose
headings read ``### [Title | Guest (Company)](https://www.youtube.com/watch?v=ID)``;
without a hub, the guest is the person the notes introduce most often
("Vikrant Bhargava, Head of Product at Gojek, ...").

An **article page** names the article's author and the entries it adds to.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..claims import note_claims
from ..linking import LinkContext, link_to
from ..links import Channel
from ..memo import Memo, fingerprint
from ..model import Heading, Note, Page, Paragraph, Stamp
from ..pages import page_markdown
from ..render import escape_markdown, stamp_html
from ..slugs import slugify
from ..syntax.inline import plain_text
from ..syntax.timestamps import YOUTUBE_WATCH
from .content import Shown, groups
from .entries import KINDS, Entry
from .pages import TITLES

_HUB_VIDEO = re.compile(
    r"\[(?P<title>.+)\]\(https?://(?:www\.)?youtube\.com/watch\?v=(?P<id>[\w-]{11})\)"
)
_PERSON = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-zA-Z'’-]+){1,2})"
    r"(?=,\s|\s+(?:is|was|who|has|spent|emphasi[sz]es|outlines|developed|explains|shares|argues|"
    r"describes|says|believes|notes)\b)"
)
_NOT_PEOPLE = frozenset({"Head", "Product", "The", "This", "These", "Chief", "Vice", "Senior"})


@dataclass(frozen=True)
class Video:
    id: str
    channel: str | None  # channel key
    title: str
    guest: str | None
    notes: tuple[str, ...]


def hub_videos(hubs: Iterable[Note]) -> dict[str, tuple[str, str | None]]:
    """Video id → (title, guest) from channel hub notes."""
    found: dict[str, tuple[str, str | None]] = {}
    for hub in hubs:
        for block in hub.blocks:
            if isinstance(block, Heading):
                match = _HUB_VIDEO.search("".join(getattr(s, "text", "") for s in block.inline))
                if match:
                    title = " ".join(match.group("title").split())
                    guest = None
                    if " | " in title:
                        guest = re.sub(r"\s*\(.*$", "", title.rsplit(" | ", 1)[1]).strip() or None
                    found.setdefault(match.group("id"), (title, guest))
    return found


def guess_guest(notes: Sequence[Note]) -> str | None:
    """The person the notes introduce, if one stands out.

    Candidates are full names introduced in the opening paragraphs
    ("Vikrant Bhargava, Head of Product..."); each scores the times its
    surname appears anywhere in the notes, since the text goes on to say
    "Bhargava suggests..."."""
    candidates: set[str] = set()
    text_parts: list[str] = []
    for note in notes:
        paragraphs = [plain_text(b.inline) for b in note.blocks if isinstance(b, Paragraph)]
        text_parts.extend(paragraphs)
        for paragraph in paragraphs[:3]:
            for match in _PERSON.finditer(paragraph):
                name = match.group("name")
                if name.split()[0] not in _NOT_PEOPLE:
                    candidates.add(name)
    if not candidates:
        return None
    text = " ".join(text_parts)
    scores = Counter(
        {name: len(re.findall(rf"\b{re.escape(name.split()[-1])}\b", text)) for name in candidates}
    )
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def find_videos(
    notes: Sequence[Note], hubs: Iterable[Note], channel_of: Mapping[str, str]
) -> list[Video]:
    known = hub_videos(hubs)
    by_video: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        if note.video_id:
            by_video[note.video_id].append(note)
    videos = []
    for video, members in sorted(by_video.items()):
        members.sort(key=lambda n: n.path)
        title, guest = known.get(video, (None, None))
        guest = guest or guess_guest(members)
        channel = next((channel_of[n.path] for n in members if n.path in channel_of), None)
        if title is None:
            title = f"{guest} on video {video}" if guest else f"Video {video}"
        videos.append(Video(video, channel, title, guest, tuple(n.path for n in members)))
    return videos


def video_uri(video: Video) -> str:
    folder = slugify(video.channel) if video.channel else "videos"
    return f"sources/{folder}/{video.id.lower()}.md"


def video_page(
    video: Video,
    links: LinkContext,
    channels: Mapping[str, Channel],
    entries: Sequence[Entry],
    memo: Memo | None = None,
) -> Page:
    uri = video_uri(video)
    memo = Memo() if memo is None else memo
    notes = [links.index.notes[p] for p in video.notes]
    parts = [f"[Watch on YouTube]({YOUTUBE_WATCH}{video.id})"]
    if video.channel and video.channel in channels:
        target = links.site.channels[video.channel]
        parts.append(
            "Channel: " + link_to(escape_markdown(channels[video.channel].name), uri, target)
        )
    if video.guest:
        parts.append("Guest: " + escape_markdown(video.guest))
    body = [" · ".join(parts), "{: .hb-byline }", "", "## Notes {#notes}", ""]
    pages: dict[str, str] = {}
    for note in notes:
        pages.setdefault(links.site.notes[note.path], note.title)
    body += [f"* {link_to(escape_markdown(t), uri, p)}" for p, t in sorted(pages.items())] + [""]
    mine = [e for e in entries if video.id in e.videos]
    if mine:
        body += ["## In the handbook {#entries}", ""]
        for kind in KINDS:
            members = sorted((e for e in mine if e.kind == kind), key=lambda e: e.name.lower())
            if members:
                names = ", ".join(link_to(escape_markdown(e.name), uri, e.uri) for e in members)
                body.append(f"* **{TITLES[kind]}:** {names}")
        body.append("")
    body += [
        "## Moments {#moments}",
        "",
        "Every moment the notes cite, in the order of the video.",
        "",
    ]
    shown = memo.get("moments", (video.id, fingerprint(notes)), lambda: moments(video.id, notes))
    for item in shown:
        rep = item.group.representative
        note = links.index.notes[rep.note]
        words = tuple(s for s in rep.inline if not isinstance(s, Stamp))
        text = " ".join(links.writer(note, uri).inline(words).split()) if words else ""
        first = int(item.first_second)
        when = stamp_html(video.id, first, _clock(first))
        source = link_to("note", uri, links.site.notes[rep.note])
        body.append(f"* {when} {text} ({source})")
    title = video.title
    return Page(uri, title, "video", page_markdown(title, "video", body), video.notes)


def moments(video_id: str, notes: Sequence[Note]) -> list[Shown]:
    """Every stamped claim of the video's notes, each once, in video order."""
    claims = [c for n in notes for c in note_claims(n) if c.seconds]
    return sorted(
        groups(claims, {n.path: video_id for n in notes}),
        key=lambda s: (s.first_second, s.group.representative.text),
    )


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def article_uri(note: Note) -> str:
    return f"sources/articles/{slugify(note.name)}.md"


def article_page(note: Note, links: LinkContext, entries: Sequence[Entry]) -> Page:
    uri = article_uri(note)
    by = f"By {escape_markdown(note.author)}" if note.author else "Author unknown"
    read = link_to("Read the article", uri, links.site.notes[note.path])
    body = [f"{by} · {read}", "{: .hb-byline }", ""]
    mine = [e for e in entries if note.path in e.notes]
    if mine:
        body += ["## In the handbook {#entries}", ""]
        body += [f"* {link_to(escape_markdown(e.name), uri, e.uri)} ({e.kind})" for e in mine]
    return Page(
        uri, note.title, "article-source", page_markdown(note.title, "source", body), (note.path,)
    )
