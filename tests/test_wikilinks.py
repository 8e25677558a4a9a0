"""Wikilink syntax: every form is parsed, malformed ones are reported."""

from __future__ import annotations

import pytest

from handbook.ingest.notes import parse_note
from handbook.ingest.syntax.wikilinks import parse_wikilink
from handbook.model import Code, Link, Paragraph, Plain, WikiLink


@pytest.mark.parametrize(
    ("inner", "target", "heading", "block", "label"),
    [
        pytest.param("x", "x", None, None, None, id="plain"),
        pytest.param("x|y", "x", None, None, "y", id="pipe-label"),
        pytest.param("x | y", "x", None, None, "y", id="spaced-pipe-label"),
        pytest.param("x\\|y", "x", None, None, "y", id="table-escaped-pipe"),
        pytest.param("x#Heading", "x", "Heading", None, None, id="heading"),
        pytest.param("x#Heading|y", "x", "Heading", None, "y", id="heading-label"),
        pytest.param("x#A#B", "x", "B", None, None, id="nested-heading"),
        pytest.param("x^abc", "x", None, "abc", None, id="block"),
        pytest.param("x#^abc", "x", None, "abc", None, id="heading-block"),
        pytest.param("#Heading", "", "Heading", None, None, id="same-note-heading"),
        pytest.param(
            "Career Growth | growth", "Career Growth", None, None, "growth", id="title-case"
        ),
        pytest.param("a|b|c", "a", None, None, "b|c", id="label-keeps-later-pipes"),
    ],
)
def test_parse_wikilink(
    inner: str, target: str, heading: str | None, block: str | None, label: str | None
) -> None:
    link = parse_wikilink(inner)
    assert isinstance(link, WikiLink)
    assert (link.target, link.heading, link.block, link.label) == (target, heading, block, label)


@pytest.mark.parametrize(
    "inner",
    [
        pytest.param("", id="empty"),
        pytest.param(" | x", id="label-only"),
        pytest.param("  ", id="blank"),
    ],
)
def test_malformed_wikilink(inner: str) -> None:
    assert isinstance(parse_wikilink(inner), str)


def _segments(body: str) -> tuple[list[object], list[str]]:
    note = parse_note("n.md", f"---\ntitle: T\n---\n{body}".encode())
    assert isinstance(note.blocks[0], Paragraph)
    return list(note.blocks[0].inline), [p.rule for p in note.problems]


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        pytest.param("see [[ and more", "[[", id="never-closed"),
        pytest.param("see [[]] here", "[[]]", id="empty"),
        pytest.param("see [[ | x]] here", "[[ | x]]", id="no-target"),
    ],
)
def test_malformed_links_are_text_and_reported(body: str, shown: str) -> None:
    segments, problems = _segments(body)
    assert Plain(shown) in segments
    assert problems == ["link/malformed"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("use `[[not_a_link]]` here", id="code-span"),
        pytest.param("use ``a ` [[not_a_link]]`` here", id="double-backtick-span"),
    ],
)
def test_links_in_code_spans_are_left_alone(body: str) -> None:
    segments, _ = _segments(body)
    assert not any(isinstance(s, Link) for s in segments)
    assert any(isinstance(s, Code) and "[[not_a_link]]" in s.text for s in segments)


def test_links_in_fences_are_left_alone() -> None:
    note = parse_note("n.md", b"---\ntitle: T\n---\n```\n[[not_a_link]]\n```\n")
    assert "[[not_a_link]]" in note.blocks[0].text  # type: ignore[union-attr]


def test_embed_paragraph_is_an_embed_block() -> None:
    note = parse_note("n.md", b"---\ntitle: T\n---\n![[other note#Part]]\n")
    assert type(note.blocks[0]).__name__ == "Embed"


def test_link_records_line_and_column() -> None:
    segments, _ = _segments("\n\nab [[x | y]]")
    (link,) = [s.link for s in segments if isinstance(s, Link)]
    assert (link.line, link.col) == (6, 4)
