"""Files → notes: front matter, encodings, source lines and plain-text articles."""

from __future__ import annotations

import pytest

from handbook.ingest.notes import parse_note
from handbook.model import Heading, Paragraph, Plain
from helpers import SEEDS

# --- front matter -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title", "rules", "line"),
    [
        pytest.param(
            "---\ntitle: Good\nvideoId: ImSvm11GR0Y\n---\nBody", "Good", [], 0, id="valid"
        ),
        pytest.param("Body only", "Some note", ["front-matter/missing"], 1, id="missing"),
        pytest.param(
            "---\ntitle: [unclosed\n---\nBody",
            "Some note",
            ["front-matter/invalid-yaml"],
            3,
            id="invalid-yaml",
        ),
        pytest.param(
            "---\nvideoId: ImSvm11GR0Y\n---\nBody",
            "Some note",
            ["front-matter/missing-title"],
            1,
            id="no-title",
        ),
        pytest.param(
            "---\ntitle:\n---\nBody",
            "Some note",
            ["front-matter/missing-title"],
            2,
            id="null-title",
        ),
        pytest.param(
            "---\ntitle: 42\n---\nBody", "42", ["front-matter/title-type"], 2, id="number-title"
        ),
        pytest.param(
            "---\n- a\n- b\n---\nBody", "Some note", ["front-matter/not-mapping"], 2, id="list"
        ),
        pytest.param(
            "---\ntitle: T\nvideoId: short\n---\nBody",
            "T",
            ["front-matter/video-id"],
            3,
            id="bad-video-id",
        ),
        pytest.param(
            "---\ntitle: T\nBody never closed",
            "Some note",
            ["front-matter/unclosed"],
            1,
            id="unclosed",
        ),
        pytest.param(
            '---\na: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\ntitle: T\n---\nBody',
            "Some note",
            ["front-matter/invalid-yaml"],
            3,
            id="alias-bomb-refused",
        ),
    ],
)
def test_front_matter(text: str, title: str, rules: list[str], line: int) -> None:
    note = parse_note("channel/some_note.md", text.encode())
    assert note.title == title
    assert [p.rule for p in note.problems] == rules
    if rules:
        assert note.problems[0].line == line
    assert note.blocks, "the note is still published with its body"


def test_title_case_and_aliases() -> None:
    note = parse_note("n.md", b"---\ntitle: The Three Ws\naliases: [3 Ws, three ws]\n---\nx")
    assert note.aliases == ("3 Ws", "three ws")


# --- encodings ----------------------------------------------------------------


def test_bom_and_crlf() -> None:
    note = parse_note("n.md", b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\nLine one\r\nline two\r\n")
    assert note.title == "T" and note.problems == ()
    assert isinstance(note.blocks[0], Paragraph)


def test_invalid_utf8_is_replaced_and_reported_with_line() -> None:
    note = parse_note("n.md", b"---\ntitle: T\n---\nok\nbad \xff byte\n")
    assert [(p.rule, p.line) for p in note.problems] == [("file/encoding", 5)]
    assert "\ufffd" in str(note.blocks)


def test_binary_file_is_reported_not_parsed() -> None:
    note = parse_note("n.md", b"\x89PNG\r\n\x1a\n\x00\x00binary")
    assert [p.rule for p in note.problems] == ["file/binary"]
    assert note.problems[0].severity == "error"


def test_empty_file_is_reported() -> None:
    note = parse_note("empty.md", b"")
    assert "note/empty" in [p.rule for p in note.problems]
    assert note.title == "Empty"


# --- source line --------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "From: [[lennyspodcast]] <br/> ",
        "From: [[lennyspodcast]] <br/>",
        "From: [[lennyspodcast]]",
        "From: [[lennyspodcast | Lenny]] <br>",
    ],
)
def test_source_line_becomes_channel(line: str) -> None:
    note = parse_note("n.md", f"---\ntitle: T\n---\n\n{line}\n\nText.".encode())
    assert note.channel == "lennyspodcast"
    assert "From" not in str(note.blocks)


def test_source_line_followed_directly_by_text() -> None:
    note = parse_note(
        "n.md", b"---\ntitle: T\n---\nFrom: [[lennyspodcast]] <br/> \nIn the early stages."
    )
    assert note.channel == "lennyspodcast"
    assert "In the early stages." in str(note.blocks[0])


# --- plain-text articles ------------------------------------------------------

ARTICLE = next(SEEDS.glob("**/*.txt"))


def test_seed_article_title_author_and_paragraphs() -> None:
    note = parse_note(ARTICLE.name, ARTICLE.read_bytes())
    assert note.kind == "article"
    assert note.title == "Product Manager’s Guide to Utilizing Leverage"
    assert note.author == "Brandon Chu"
    headings = [b for b in note.blocks if isinstance(b, Heading)]
    paragraphs = [b for b in note.blocks if isinstance(b, Paragraph)]
    assert Heading(2, (Plain("Measuring Managerial Output"),), 7) in headings
    assert len(paragraphs) == 9
    assert paragraphs[-1].inline[0].text.startswith("In conclusion")  # type: ignore[union-attr]


def test_seed_article_junk_is_cut_and_reported() -> None:
    note = parse_note(ARTICLE.name, ARTICLE.read_bytes())
    text = str(note.blocks)
    for junk in ("Leave a Reply", "Required fields", "GIPHY", "Serena Hotel", "Stock Market"):
        assert junk not in text
        assert junk in note.cut
    (problem,) = [p for p in note.problems if p.rule == "article/junk-cut"]
    assert problem.line == 36 and "Leave a Reply" in problem.message


@pytest.mark.parametrize(
    ("first", "title", "author"),
    [
        pytest.param("A Title | Written by Jane Doe", "A Title", "Jane Doe", id="written-by"),
        pytest.param("A Title | By Jane Doe", "A Title", "Jane Doe", id="by"),
        pytest.param("Step-by-step guide", "Step-by-step guide", None, id="no-byline"),
        pytest.param("A Title — by Jane", "A Title", "Jane", id="dash-by"),
    ],
)
def test_article_byline(first: str, title: str, author: str | None) -> None:
    note = parse_note("a.txt", f"{first}\n\nBody text here.".encode())
    assert (note.title, note.author) == (title, author)


def test_article_text_is_literal() -> None:
    note = parse_note("a.txt", b"T\n\nUse *stars* and <script>x</script> and [[links]].\n")
    assert note.blocks == (
        Paragraph((Plain("Use *stars* and <script>x</script> and [[links]]."),), 3),
    )


def test_txt_with_front_matter_is_a_markdown_note() -> None:
    note = parse_note(
        "seed.txt", b"---\ntitle: T\nvideoId: ImSvm11GR0Y\n---\nFrom: [[c]] <br/>\nText"
    )
    assert note.kind == "note" and note.channel == "c"
