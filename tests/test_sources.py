"""Video pages: the timeline of moments grouped by topic, and who the guest is."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

import pytest

from handbook.analyse.catalog import timeline as timeline_module
from handbook.analyse.catalog.timeline import (
    Topic,
    same_statement,
    timeline,
    unstamped,
)
from handbook.analyse.paraphrase import restatement_share
from handbook.ingest.notes import parse_note, read_notes
from handbook.ingest.syntax.inline import plain_text
from handbook.model import Link, Note, Stamp, Text, Timestamp, WikiLink
from handbook.render.markdown import Writer
from handbook.render.sources import (
    guess_guest,
    hub_videos,
    is_person,
    person_name,
    timeline_lines,
    video_guest,
)
from handbook.resolve.index import find_channels
from helpers import CORPUS

VIDEO = "ImSvm11GR0Y"


def note(body: str, path: str = "c/n.md", title: str = "T") -> Note:
    return parse_note(path, f"---\ntitle: {title}\nvideoId: {VIDEO}\n---\n\n{body}".encode())


def at(clock: str) -> str:
    return f'<a class="yt-timestamp" data-t="{clock}">[{clock}]</a>'


def plain_lines(topics: list[Topic]) -> list[str]:
    """The page's Moments lines as the page writes them, with links as their
    labels and stamps as ``[second]``."""
    writer = Writer(link=lambda link: link.label or link.target)
    return timeline_lines(
        topics,
        lambda second: f"[{second}]",
        lambda said: " ".join(writer.inline(said.inline).split()),
        lambda path, anchor: f"<{path}#{anchor}>",
        {"moments"},
    )


# --- person or not ------------------------------------------------------------------

INTRO = (
    "Vikrant Bhargava, Head of Product at Gojek, explains the framework. "
    "Kim Scott, author of Radical Candor, argues for feedback. Radical Candor is a framework. "
    "Jake Knapp, the co-creator of the Design Sprint and investor, says so. "
    "Apps reach the top of the App Store, and stay. The Scrum Guide defines roles. "
    "Generative AI is changing work. At Vercel, teams ship. Will Larson explains. "
    "Use the Sean Ellis Score. Sean Ellis, author of Hacking Growth, says."
)


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Vikrant Bhargava", True),  # a role apposition
        ("Kim Scott", True),
        ("Jake Knapp", True),
        ("Will Larson", True),  # "will" is a common word, but he explains
        ("Sean Ellis", True),  # "the Sean Ellis Score" is his, not a thing
        ("Raaz Herzberg", True),  # rare words only: a name even unintroduced
        ("Generative AI", False),  # "AI" is no name word
        ("At Vercel", False),  # starts with a preposition
        ("Scrum Guide", False),  # common words, never introduced
        ("Radical Candor", False),
        ("Design Sprint", False),  # "the Design Sprint"
        ("App Store", False),
        ("With Sendbird", False),
        ("Cursor AI", False),
        ("Vertical SaaS", False),
        ("DE1", False),
        ("Chapter 1, Essence of linear algebra", False),
        ("Lenny & Friends Summit 2024", False),
        ("", False),
    ],
)
def test_is_person(name: str, person: bool) -> None:
    assert is_person(name, INTRO) is person


@pytest.mark.parametrize(
    ("field", "name"),
    [
        ("Marty Cagan, Silicon Valley Product Group", "Marty Cagan"),
        ("Aman Khan (Arize AI, ex-Spotify, Apple, Cruise)", "Aman Khan"),
        ("Mike Maples, Jr. (Partner at Floodgate)", "Mike Maples, Jr."),
        ("Andrew ‘Boz’ Bosworth (CTO)", "Andrew ‘Boz’ Bosworth"),
        ("Tristan de Montebello", "Tristan de Montebello"),
        ("Chapter 1, Essence of linear algebra", None),
        ("Ep. 7 Lockdown live math", None),
        ("Former PM leader at Stripe, Twitter, Google", None),
        ("Lenny & Friends Summit 2024", None),
        ("DL2", None),
    ],
)
def test_person_name_from_a_hub_field(field: str, name: str | None) -> None:
    assert person_name(field) == name


@pytest.mark.parametrize(
    ("field", "body", "guest"),
    [
        # The hub's affiliation introduces the name, the notes need not.
        ("Todd Jackson (First Round Capital)", "Nothing here.", "Todd Jackson"),
        # A transcript's spelling confirms the hub's.
        ("Jessica Lachs", "Jessica Lax, VP of Analytics at DoorDash, explains.", "Jessica Lachs"),
        # A series name is no guest; the notes name one.
        ("Chapter 1, Essence", "Jason Fried, co-founder of 37signals, argues.", "Jason Fried"),
        (
            "Melissa Perri",
            "The Scrum Guide suggested roles. The Scrum Guide emphasizes teams. "
            "Melissa Perry, CEO of Produx Labs, explains.",
            "Melissa Perri",
        ),
        (None, "Radical Candor, a framework. Radical Candor is useful.", None),
        (None, "Using Reddit, founders find ideas.", None),
    ],
)
def test_video_guest(field: str | None, body: str, guest: str | None) -> None:
    assert video_guest(field, [note(body)]) == guest


def test_guess_guest_adds_up_spellings_of_one_name() -> None:
    body = "Nikita Bier, founder of Gas, explains. Bier argues. Nikita Beer says. Nikita Bier is."
    assert guess_guest([note(body)]) == "Nikita Bier"


def test_guess_guest_needs_one_person_to_stand_out() -> None:
    assert guess_guest([note("Ann Lee, CEO of X, says hi. Bo Park, CTO of Y, says no.")]) is None
    assert guess_guest(
        [note("Ann Lee, CEO of X, says hi. Lee argues. Bo Park, CTO, says no.")]
    ) == ("Ann Lee")


# --- timestamps out, punctuation right -------------------------------------------------


def S(second: int) -> Stamp:
    return Stamp(Timestamp(second))


@pytest.mark.parametrize(
    ("inline", "shown"),
    [
        ((Text("shapes known "), S(5), Text(". Next")), "shapes known. Next"),
        ((Text("end. "), S(5), Text(".")), "end."),
        ((Text("end, "), S(5), Text(".")), "end."),
        ((Text("many "), S(5), Text(", "), S(6), Text(".")), "many."),
        ((Text("many ("), S(5), Text(", "), S(6), Text(").")), "many."),
        ((Text('quoted." '), S(5), Text(".")), 'quoted."'),
        ((Text("a "), S(5), Text(" b")), "a b"),
        ((Link(WikiLink("x", label="x")), Text(" "), S(5), Text(".")), "x."),
        ((S(5), Text(" Starts here.")), "Starts here."),
    ],
)
def test_unstamped_rejoins_the_words(inline: tuple, shown: str) -> None:
    assert plain_text(unstamped(inline)) == shown


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("cubic formula solves degree 3 polynomials", "quartic formula solves degree 4", False),
        ("teams ship fast", "teams ship fast", True),
        ("canonical nomenclature establish a shared vocabulary", "canonical nomenclature", False),
        ("the team ships weekly to customers", "the team ships weekly", True),  # adds nothing
        ("job search councils are groups of job seekers", "job search councils are groups", True),
        ("old cab efficiency around 3 out of 10", "uber efficiency around 9 out of 10", False),
        ("level 2 needs 10 customers", "level 2 needs 100 customers", False),
    ],
)
def test_same_statement(a: str, b: str, same: bool) -> None:
    assert same_statement(a, b) is same


# --- the timeline ------------------------------------------------------------------------

NOTE_A = f"""Intro sentence without a moment. Ann Lee, CEO of X, opens {at("00:00:03")}.

## Pricing

Charge more for the premium plan {at("00:05:00")}. It works. Second point {at("00:05:00")}.

- **Tiers**: three of them {at("00:06:00")}.

## Wrap-up

Thanks {at("00:50:00")}.
"""
NOTE_B = f"""Ann Lee, CEO of X, opens {at("00:00:03")}.

## Hiring

Hire slowly {at("00:20:00")}, {at("00:20:05")}.

## Pricing

Charge more for the premium plan {at("00:05:04")}.
"""


def test_timeline_groups_moments_by_topic_in_time_order() -> None:
    topics = timeline([note(NOTE_A, "c/a.md", "A"), note(NOTE_B, "c/b.md", "B")])
    assert [t.title for t in topics] == ["A", "Pricing", "Hiring", "Wrap-up"]
    seconds = [[m.second for m in t.moments] for t in topics]
    assert seconds == [[3], [300, 360], [1200], [3000]]
    pricing = topics[1].moments[0]
    # the same point a few seconds apart is one statement; distinct ones stay
    assert [plain_text(s.inline) for s in pricing.statements] == [
        "Charge more for the premium plan. It works.",
        "Second point.",
    ]
    assert topics[1].sources == (("c/a.md", "pricing"),)
    lines = plain_lines(topics)
    assert "### Pricing {#pricing}" in lines
    assert "* [300] Charge more for the premium plan. It works." in lines
    assert "    * Second point." in lines
    assert "* [1200] Hire slowly." in lines


PARAPHRASED_A = f"""## Indecision

Between 40% and 60% of B2B purchases end in no decision at all {at("00:00:10")}.
"""
PARAPHRASED_B = f"""## Indecision

Many B2B purchase processes, 40% to 60% of them, end in no decision {at("00:00:10")}.
Buyers delay because delay feels safe {at("00:00:40")}.
"""


def test_a_point_made_in_other_words_is_shown_once_and_the_rest_folded() -> None:
    notes = [note(PARAPHRASED_A, "c/a.md", "A"), note(PARAPHRASED_B, "c/b.md", "B")]
    (topic,) = timeline(notes)
    shown = [plain_text(s.inline) for m in topic.moments for s in m.statements]
    assert len(shown) == 2  # the 40-60% point once, the delay point once
    assert [second for second, _ in topic.folded] == [10]
    (folded,) = [plain_text(s.inline) for _, s in topic.folded]
    assert folded not in shown and "40" in folded
    lines = plain_lines([topic])
    callout = lines.index('??? note callout-other-wordings "Other wordings (1)"')
    assert lines[callout + 2] == f"    * [10] {folded}"
    assert lines.index("* [40] Buyers delay because delay feels safe.") < callout


def test_different_figures_are_not_folded() -> None:
    other = PARAPHRASED_B.replace("40% to 60%", "10% to 20%")
    (topic,) = timeline([note(PARAPHRASED_A, "c/a.md", "A"), note(other, "c/b.md", "B")])
    assert topic.folded == ()


# --- the corpus ----------------------------------------------------------------------------


@cache
def corpus_videos() -> dict[str, tuple[str | None, list[Note]]]:
    notes = read_notes(CORPUS)
    hubs = {c.hub for c in find_channels(notes).values() if c.hub}
    known = hub_videos([n for n in notes if n.path in hubs])
    members: dict[str, list[Note]] = defaultdict(list)
    for n in notes:
        if n.video_id and n.path not in hubs:
            members[n.video_id].append(n)
    return {
        video: (known.get(video, (None, None))[1], sorted(ms, key=lambda n: n.path))
        for video, ms in sorted(members.items())
    }


@pytest.fixture(scope="module")
def corpus_pages() -> dict[str, list[str]]:
    if not CORPUS.is_dir():
        pytest.skip("no corpus")
    return {video: plain_lines(timeline(ms)) for video, (_, ms) in corpus_videos().items()}


def test_corpus_moments_end_without_stray_punctuation(corpus_pages: dict[str, list[str]]) -> None:
    lines = [line for page in corpus_pages.values() for line in page if line.lstrip()[:2] == "* "]
    assert len(lines) > 30_000
    assert [line for line in lines if re.search(r" [.,;:!?]$", line)] == []
    assert [line for line in lines if re.search(r"(?<!\.)[,;:!?.][,;:!?]$|[^.]\.\.$", line)] == []


def test_corpus_each_moment_once_under_a_heading(corpus_pages: dict[str, list[str]]) -> None:
    assert sum(not lines for lines in corpus_pages.values()) < 5  # notes without moments
    for video, lines in corpus_pages.items():
        if not lines:
            continue
        seconds = [line.split("]")[0] for line in lines if line.startswith("* [")]
        assert len(seconds) == len(set(seconds)), video
        assert lines[0].startswith("### "), video
        headings = sum(line.startswith("### ") for line in lines)
        assert headings >= 1, video
        assert len(seconds) / headings < 60, video  # topics, not one long dump


def test_corpus_video_pages_say_each_point_once_and_keep_every_wording(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Shown statements restate at most 6% of each other (the merged pages'
    measure); every wording the unfolded timeline shows is still shown or
    listed, with its second, under its topic's "Other wordings"."""
    if not CORPUS.is_dir():
        pytest.skip("no corpus")
    videos = corpus_videos()
    shown_pages, kept = [], {}
    for video, (_, ms) in videos.items():
        topics = timeline(ms)
        shown_pages.append([s.words for t in topics for m in t.moments for s in m.statements])
        kept[video] = {(m.second, s.words) for t in topics for m in t.moments for s in m.statements}
        kept[video] |= {(second, s.words) for t in topics for second, s in t.folded}
    restated, total = restatement_share(shown_pages)
    assert total > 30_000
    assert restated / total <= 0.06, f"{restated} of {total} shown statements restate another"
    monkeypatch.setattr(timeline_module, "fold_wordings", lambda ws, _: list(range(len(ws))))
    for video, (_, ms) in videos.items():
        every = {(m.second, s.words) for t in timeline(ms) for m in t.moments for s in m.statements}
        assert every == kept[video], video


def test_corpus_guests_are_people(capsys: pytest.CaptureFixture[str]) -> None:
    if not CORPUS.is_dir():
        pytest.skip("no corpus")
    guests = {v: video_guest(field, ms) for v, (field, ms) in corpus_videos().items()}
    named = sorted(g for g in guests.values() if g)
    with capsys.disabled():
        print(f"\n{len(named)} guests of {len(guests)} videos:", "; ".join(named))
    assert len(named) > 90
    for name in named:  # read in full above: every one is a person
        assert person_name(name) == name
    for wrong in (
        "Chapter",
        "Scrum Guide",
        "Cursor AI",
        "With ",
        "When ",
        "App Store",
        "Radical Candor",
        "DE1",
    ):
        assert not any(wrong in g for g in named), wrong
