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
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from wordfreq import zipf_frequency

from ..analyse.catalog.entries import KINDS, Entry
from ..analyse.catalog.timeline import Statement, Topic, timeline
from ..analyse.merge import WORDINGS_KIND
from ..engine.memo import Memo, fingerprint
from ..ingest.syntax.callouts import admonition_classes
from ..ingest.syntax.inline import plain_text
from ..ingest.syntax.timestamps import YOUTUBE_WATCH
from ..model import Heading, Note, Page, Paragraph, Timestamp
from ..resolve.index import Channel
from ..resolve.outline import RESERVED_IDS, inlines, walk
from ..text.slugs import heading_anchor, slugify
from .entries import TITLES
from .links import LinkContext, link_to
from .markdown import escape_markdown, stamp_html
from .pages import page_markdown

_HUB_VIDEO = re.compile(
    r"\[(?P<title>.+)\]\(https?://(?:www\.)?youtube\.com/watch\?v=(?P<id>[\w-]{11})\)"
)
# A capitalised name word: "Ko", "McGary", "O'Brien", "Saint-Exupéry"; not "AI", "SaaS", "DE1".
_NAME_WORD = re.compile(r"(?:[A-Z]['’])?[A-Z][a-zà-ÿ]+(?:[A-Z][a-zà-ÿ]+)?(?:-[A-Z][a-zà-ÿ]+)?")
_SUFFIX = re.compile(r",?\s+(?:Jr|Sr)\.?$|\s+(?:II|III|IV)$")
_CANDIDATE = re.compile(
    r"\b[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|[a-z]{2,3}\s+[A-Z][\w'’-]+)){1,2}\b"
)
# Closed word classes (grammar, not names): a phrase starting with one is no name.
# Written as text: one word list per grammatical class reads better than a column.
_FUNCTION_WORDS = frozenset(
    "a an the this that these those my our your his her its their some any every no "  # noqa: SIM905
    "at in on of to for from by with without into onto about after before during over under "
    "via per than as and or but nor so yet if when while where why how what which who whom "
    "because since until unless although though inside outside beyond across against among "
    "i we you he she it they me us him them".split()
)
_PARTICLES = frozenset("de da di del della der den van von la le du bin ibn al ter ten".split())  # noqa: SIM905
_ROLES = (
    r"(?:co-?)?founder|ceo|cto|cpo|coo|cmo|cfo|vp|president|head|director|manager|lead|leader|"
    r"partner|investor|author|writer|professor|researcher|scientist|engineer|designer|"
    r"(?:co-?)?creator|advis[eo]r|consultant|coach|expert|entrepreneur|executive|officer|chief|"
    r"chair(?:man|woman)?|host|speaker|mathematician|physicist|analyst|strategist|marketer|"
    r"developer|operator|employee|veteran|pm|former|ex-\w+|formerly|who|whose|known|described"
)
# Verbs only people do: a guide also "suggests", "notes" and "emphasises".
_VERBS = (
    r"says|said|argues|argued|believes|believed|recalls|recalled|shares|shared|recommends|"
    r"recommended|advises|advised|admits|admitted|warns|warned|asks|asked|tells|told|recounts|"
    r"recounted|learned|joined|founded|co-founded|thinks|thought|prefers|preferred|advocates|"
    r"advocated|acknowledges|acknowledged|explains|explained|reali[sz]ed|wrote|spent|started"
)
_DETERMINER = re.compile(r"\b(?:the|a|an|this|that|its|our|your|their)\s+$", re.I)
_AFFILIATION = re.compile(r"\s*\((?:ex-)?[A-Z]")
SAME_NAME = 65  # rapidfuzz ratio: two spellings of one name (names of two people score < 40)
_RARE = 3.0  # Zipf frequency: below it a word is no common English word (wordfreq)


@dataclass(frozen=True)
class Video:
    id: str
    channel: str | None  # channel key
    title: str
    guest: str | None
    notes: tuple[str, ...]


def hub_videos(hubs: Iterable[Note]) -> dict[str, tuple[str, str | None]]:
    """Video id → (title, what the hub names after the title's last ``|``).

    That part is the guest in an interview channel and a series name in
    others ("Chapter 1, Essence of linear algebra"): :func:`find_videos`
    names it only if :func:`is_person` agrees."""
    found: dict[str, tuple[str, str | None]] = {}
    for hub in hubs:
        for block in hub.blocks:
            if isinstance(block, Heading):
                match = _HUB_VIDEO.search("".join(getattr(s, "text", "") for s in block.inline))
                if match:
                    title = " ".join(match.group("title").split())
                    guest = title.rsplit(" | ", 1)[1] if " | " in title else None
                    found.setdefault(match.group("id"), (title, guest))
    return found


def video_guest(field: str | None, notes: Sequence[Note]) -> str | None:
    """The guest: the hub's name if it is a person's, else the notes' guess.

    The hub's field counts as introducing its name when an affiliation
    follows it ("Todd Jackson (First Round Capital)"); and when the notes
    introduce a person whose name is spelt close to it ("Jessica Lax" for
    "Jessica Lachs", a transcript's spelling), the hub's spelling wins."""
    name = person_name(field) if field else None
    text = notes_text(notes)
    if name and is_person(
        name, f"{field}\n{text}", bool(_AFFILIATION.match(field or "", len(name)))
    ):
        return name
    ranked = introduced_people(notes)
    if name and any(fuzz.ratio(name.lower(), p.lower()) >= SAME_NAME for _, p in ranked):
        return name
    return _standing_out(ranked)


def person_name(text: str) -> str | None:
    """The name a guest field starts with ("Marty Cagan, Silicon Valley
    Product Group" → "Marty Cagan"), if it has the shape of one."""
    text = " ".join(re.sub(r"\s*\(.*$", "", text).split())
    suffix = _SUFFIX.search(text)
    core = text[: suffix.start()] if suffix else text
    core = core.split(",", 1)[0].strip()
    return (core + (suffix.group() if suffix else "")) if _name_shaped(core) else None


def _name_shaped(name: str) -> bool:
    """Two or three capitalised name words (particles, initials and a quoted
    nickname aside), none of them a function word."""
    words = [w for w in name.split() if not re.fullmatch(r"[‘'\"“].+[’'\"”]|[A-Z]\.", w)]
    core = [w for w in words if w not in _PARTICLES]
    return (
        2 <= len(core) <= 3
        and words[0] in core
        and words[-1] in core
        and all(_NAME_WORD.fullmatch(w) for w in core)
        and not any(w.lower() in _FUNCTION_WORDS for w in core)
    )


def person_evidence(name: str, text: str) -> tuple[int, int]:
    """(uses as a person, uses as a thing) of ``name`` in ``text``.

    A person is introduced with a role ("X, Head of Product at Y", "X, a
    creator of ...", "X (CEO)") or says something ("X argues", "Surname
    explains"); a thing is what "the" or "a" go before ("the Design
    Sprint", "the App Store")."""
    full, surname = re.escape(name), re.escape(name.split()[-1])
    role = rf"\b{full}(?:,|\s+\(|\s+is\s+(?:a|an|the))\s*(?:[\w'’-]+\s+){{0,3}}?(?i:{_ROLES})\b"
    said = rf"\b(?:{full}|{surname})\s+(?:\w+ly\s+)?(?:{_VERBS})\b"
    person = len(re.findall(role, text)) + len(re.findall(said, text))
    # As the head of its phrase: "the Sean Ellis Score" is still his.
    uses = re.finditer(rf"\b{full}(?=\s*(?:[,.;:!?)\]]|$)|\s+(?:and|or)\b)", text)
    thing = sum(1 for m in uses if _DETERMINER.search(text, max(0, m.start() - 12), m.start()))
    return person, thing


def is_person(name: str | None, text: str = "", introduced: bool = False) -> bool:
    """Whether ``name`` names a person, judged by its shape and how ``text``
    (the notes that cite the video) uses it; a name of rare words only
    (wordfreq) is a person without further evidence."""
    if not name or not _name_shaped(_SUFFIX.sub("", name)):
        return False
    person, thing = person_evidence(name, text)
    person += introduced
    if thing > person:
        return False
    words = [w for w in _SUFFIX.sub("", name).split() if w not in _PARTICLES]
    return person > 0 or all(zipf_frequency(w.lower(), "en") < _RARE for w in words)


def notes_text(notes: Sequence[Note]) -> str:
    """The plain words of the notes' paragraphs and list items."""
    return "\n".join(
        plain_text(inline) for note in notes for b in walk(note.blocks) for inline in inlines(b)
    )


def guess_guest(notes: Sequence[Note]) -> str | None:
    """The person the notes introduce, if one stands out (a tie names nobody)."""
    return _standing_out(introduced_people(notes))


def _standing_out(ranked: Sequence[tuple[int, str]]) -> str | None:
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


def introduced_people(notes: Sequence[Note]) -> list[tuple[int, str]]:
    """(score, name) of the people the notes introduce, best first.

    Candidates are names in the opening paragraphs of each note
    ("Vikrant Bhargava, Head of Product..."); each scores the times the
    notes use it as a person's (:func:`person_evidence`), since the text
    goes on to say "Bhargava explains...".  Spellings of one name (a
    transcript writes "Nikita Beer" and "Nikita Bier") add up under the
    spelling the notes use most."""
    text = notes_text(notes)
    candidates: set[str] = set()
    for note in notes:
        paragraphs = [plain_text(b.inline) for b in note.blocks if isinstance(b, Paragraph)]
        for paragraph in paragraphs[:3]:
            candidates.update(m.group() for m in _CANDIDATE.finditer(paragraph))
    shaped = (name for name in candidates if _name_shaped(_SUFFIX.sub("", name)))
    scores = ((person_evidence(name, text)[0], name) for name in shaped)
    people = sorted(
        ((n, text.count(name), name) for n, name in scores if n > 0 and is_person(name, text)),
        key=lambda p: (-p[0], -p[1], p[2]),
    )
    merged: list[list] = []  # [score, uses, name], the name of the most uses
    for score, uses, name in people:
        same = next(
            (m for m in merged if fuzz.ratio(m[2].lower(), name.lower()) >= SAME_NAME), None
        )
        if same is None:
            merged.append([score, uses, name])
        else:
            same[0] += score
            if uses > same[1]:
                same[1:] = [uses, name]
    return sorted(((m[0], m[2]) for m in merged), key=lambda kv: (-kv[0], kv[1]))


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
        title, field = known.get(video, (None, None))
        guest = video_guest(field, members)
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
    topics = memo.get("timeline", (video.id, fingerprint(notes)), lambda: moments(notes))
    body += [
        "## Moments {#moments}",
        "",
        "The episode's topics in the order the video reaches them, each with the moments"
        " the notes cite and what was said there."
        if topics
        else "The notes cite no moment of this video.",
        "",
    ]

    def words(said: Statement) -> str:
        writer = links.writer(links.index.notes[said.note], uri)
        return " ".join(writer.inline(said.inline).split())

    def source(path: str, anchor: str | None) -> str:
        label = escape_markdown(links.index.notes[path].title)
        return link_to(label, uri, links.site.notes[path], anchor)

    def stamp(second: int) -> str:
        return stamp_html(video.id, second, Timestamp(second).text)

    taken = {"notes", "entries", "moments", *RESERVED_IDS}
    body += timeline_lines(topics, stamp, words, source, taken)
    title = video.title
    return Page(uri, title, "video", page_markdown(title, "video", body), video.notes)


def moments(notes: Sequence[Note]) -> list[Topic]:
    """The video's topics in time order, each moment once (:mod:`.timeline`)."""
    return timeline(notes)


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


def timeline_lines(
    topics: Sequence[Topic],
    stamp: Callable[[int], str],
    words: Callable[[Statement], str],
    source: Callable[[str, str | None], str],
    taken: set[str],
) -> list[str]:
    """Markdown for the topics: a heading each, where it comes from, and
    one list item per moment (further statements of a moment nest under it).

    ``stamp`` writes a moment's link, ``words`` a statement, ``source`` a
    link to a note's section; ``taken`` holds the page's ids already used."""
    lines: list[str] = []
    for topic in topics:
        anchor = heading_anchor(topic.title, taken)
        lines += [f"### {escape_markdown(topic.title)} {{#{anchor}}}", ""]
        lines += ["*From " + ", ".join(source(n, a) for n, a in topic.sources) + "*", ""]
        for moment in topic.moments:
            first, *more = (words(s) for s in moment.statements)
            lines.append(f"* {stamp(moment.second)} {first}".rstrip())
            lines += [f"    * {text}" for text in more if text]
        if topic.folded:
            title = f"Other wordings ({len(topic.folded)})"
            lines += ["", f'??? {admonition_classes(WORDINGS_KIND)} "{title}"', ""]
            lines += [
                f"    * {stamp(second)} {words(said)}".rstrip() for second, said in topic.folded
            ]
        lines.append("")
    return lines
