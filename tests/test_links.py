"""Link resolution against the complete note index."""

from __future__ import annotations

import pytest

from handbook.ingest.notes import parse_note
from handbook.ingest.syntax.wikilinks import parse_wikilink
from handbook.model import Note
from handbook.resolve.index import NoteIndex, find_channels


def _note(
    path: str,
    body: str = "text",
    video: str | None = "ImSvm11GR0Y",
    channel: str | None = "lennyspodcast",
    aliases: str = "",
) -> Note:
    front = "---\ntitle: " + path.rsplit("/", 1)[-1][:-3] + "\n"
    if video:
        front += f"videoId: {video}\n"
    front += aliases + "---\n"
    source = f"From: [[{channel}]] <br/>\n" if channel else ""
    return parse_note(path, (front + source + body).encode())


NOTES = [
    _note(
        "lennyspodcast/career_growth_strategies_for_product_managers.md",
        "## What You Produce: Output\n\ntext\n\n## Pitfalls\n\ntext",
    ),
    _note("lennyspodcast/product_managers_guide.md"),
    _note("lennyspodcast/ai__ml_basics.md"),
    _note("lennyspodcast/same_name.md"),
    _note("gregisenberg/same_name.md", channel="gregisenberg"),
    _note("lennyspodcast/lennyspodcast.md", video=None, channel=None),
    _note("lennyspodcast/aliased.md", aliases="aliases: [Three Ws]\n"),
]
INDEX = NoteIndex(NOTES, find_channels(NOTES))
SOURCE = NOTES[1]


@pytest.mark.parametrize(
    ("inner", "kind", "note", "how"),
    [
        pytest.param(
            "career_growth_strategies_for_product_managers",
            "note",
            "lennyspodcast/career_growth_strategies_for_product_managers.md",
            "exact",
            id="exact-snake-case",
        ),
        pytest.param(
            "Career Growth Strategies for Product Managers | x",
            "note",
            "lennyspodcast/career_growth_strategies_for_product_managers.md",
            "tolerant",
            id="title-case",
        ),
        pytest.param(
            "career-growth-strategies-for-product-managers",
            "note",
            "lennyspodcast/career_growth_strategies_for_product_managers.md",
            "tolerant",
            id="hyphens",
        ),
        pytest.param(
            "Product Manager’s Guide",
            "note",
            "lennyspodcast/product_managers_guide.md",
            "tolerant",
            id="punctuation-dropped",
        ),
        pytest.param(
            "AI & ML basics",
            "note",
            "lennyspodcast/ai__ml_basics.md",
            "tolerant",
            id="double-underscore-name",
        ),
        pytest.param(
            "gregisenberg/same_name", "note", "gregisenberg/same_name.md", "path", id="folder-path"
        ),
        pytest.param("three ws", "note", "lennyspodcast/aliased.md", "alias", id="alias"),
        pytest.param("lennyspodcast", "channel", None, "channel", id="channel-hub"),
        pytest.param("gregisenberg", "channel", None, "channel", id="channel-without-hub"),
        pytest.param(
            "impact_in_product_management", "unresolved", None, "unresolved", id="no-such-note"
        ),
        pytest.param("../../etc/passwd", "invalid", None, "refused", id="parent-path"),
        pytest.param("/absolute", "invalid", None, "refused", id="absolute-path"),
        pytest.param("C:\\x", "invalid", None, "refused", id="windows-path"),
        pytest.param("http://evil", "invalid", None, "refused", id="url"),
    ],
)
def test_resolve(inner: str, kind: str, note: str | None, how: str) -> None:
    link = parse_wikilink(inner)
    assert not isinstance(link, str)
    resolution = INDEX.resolve(link, SOURCE)
    assert (resolution.kind, resolution.note, resolution.how) == (kind, note, how)


def test_heading_link_gets_the_anchor() -> None:
    link = parse_wikilink("career_growth_strategies_for_product_managers#What You Produce: Output")
    resolution = INDEX.resolve(link, SOURCE)  # type: ignore[arg-type]
    assert resolution.anchor == "what-you-produce-output"
    assert resolution.problems == ()


def test_missing_heading_falls_back_to_page_with_warning() -> None:
    link = parse_wikilink("career_growth_strategies_for_product_managers#Nowhere")
    resolution = INDEX.resolve(link, SOURCE)  # type: ignore[arg-type]
    assert resolution.kind == "note" and resolution.anchor is None
    assert [rule for rule, _ in resolution.problems] == ["link/broken"]
    assert "Nowhere" in resolution.problems[0][1]


@pytest.mark.parametrize(
    ("source_index", "chosen", "reason"),
    [
        pytest.param(1, "lennyspodcast/same_name.md", "same folder", id="own-folder-first"),
        pytest.param(4, "gregisenberg/same_name.md", "same folder", id="other-folder"),
    ],
)
def test_ambiguous_name_prefers_own_folder_and_names_candidates(
    source_index: int, chosen: str, reason: str
) -> None:
    link = parse_wikilink("same_name")
    resolution = INDEX.resolve(link, NOTES[source_index])  # type: ignore[arg-type]
    assert resolution.note == chosen
    assert resolution.candidates == ("gregisenberg/same_name.md", "lennyspodcast/same_name.md")
    ((rule, message),) = resolution.problems
    assert rule == "link/ambiguous"
    assert "gregisenberg/same_name.md" in message
    assert "lennyspodcast/same_name.md" in message
    assert reason in message


def test_ambiguous_from_elsewhere_is_deterministic() -> None:
    outsider = _note("articles/x.md", video=None, channel=None)
    index = NoteIndex([*NOTES, outsider], find_channels(NOTES))
    resolution = index.resolve(parse_wikilink("same_name"), outsider)  # type: ignore[arg-type]
    assert resolution.note == "gregisenberg/same_name.md"
    assert "first by path" in resolution.problems[0][1]


def test_index_does_not_depend_on_order() -> None:
    reversed_index = NoteIndex(list(reversed(NOTES)), find_channels(list(reversed(NOTES))))
    for inner in ("same_name", "Career Growth Strategies for Product Managers", "lennyspodcast"):
        link = parse_wikilink(inner)
        assert reversed_index.resolve(link, SOURCE) == INDEX.resolve(link, SOURCE)  # type: ignore[arg-type]
