"""Notes → Markdown → HTML, rendered with the site's own Markdown extensions.

Each case states what a reader sees; the Markdown in between is ours.
"""

from __future__ import annotations

import re

import pytest

from handbook.ingest.notes import parse_note
from handbook.ingest.syntax.callouts import ADMONITION_TYPES
from handbook.render.markdown import Writer, escape_markdown
from helpers import markdown_to_html

VIDEO = "ImSvm11GR0Y"


def render(body: str, video: str | None = VIDEO) -> str:
    front = f"---\ntitle: T\nvideoId: {video}\n---\n" if video else "---\ntitle: T\n---\n"
    note = parse_note("n.md", (front + body).encode())
    writer = Writer(
        link=lambda link: f"[{link.label or link.target}](x.md)", video_id=note.video_id
    )
    return markdown_to_html("\n".join(writer.blocks(note.blocks)))


# --- callouts ---------------------------------------------------------------


@pytest.mark.parametrize(("obsidian", "material"), sorted(ADMONITION_TYPES.items()))
@pytest.mark.parametrize("case", [str.lower, str.upper, str.title], ids=["lower", "upper", "title"])
def test_every_callout_type_and_alias(obsidian: str, material: str, case: object) -> None:
    html = render(f"> [!{case(obsidian)}] A title\n> Body text.")  # type: ignore[operator]
    assert f'<div class="admonition {material}">' in html
    assert '<p class="admonition-title">A title</p>' in html
    assert "<p>Body text.</p>" in html


@pytest.mark.parametrize(
    ("header", "css", "title"),
    [
        pytest.param("[!PRO TIP]", "note callout-pro-tip", "Pro tip", id="pro-tip"),
        pytest.param("[!definition]", "note callout-definition", "Definition", id="definition"),
        pytest.param(
            "[!analogy] Like a river", "note callout-analogy", "Like a river", id="analogy-titled"
        ),
    ],
)
def test_unknown_callout_types_are_notes_with_their_own_title(
    header: str, css: str, title: str
) -> None:
    html = render(f"> {header}\n> Body.")
    assert f'<div class="admonition {css}">' in html
    assert f'<p class="admonition-title">{title}</p>' in html


def test_callout_without_title_uses_type_name() -> None:
    html = render("> [!tip]\n> Body.")
    assert '<p class="admonition-title">Tip</p>' in html


@pytest.mark.parametrize(
    ("fold", "opening"),
    [
        pytest.param("-", '<details class="warning">', id="closed"),
        pytest.param("+", '<details class="warning" open="open">', id="open"),
    ],
)
def test_foldable_callouts_are_collapsible(fold: str, opening: str) -> None:
    html = render(f"> [!WARNING]{fold} Careful\n> Body.")
    assert opening in html
    assert "<summary>Careful</summary>" in html


def test_nested_callouts() -> None:
    html = render("> [!NOTE] Outer\n> Outer text.\n>\n> > [!example] Inner\n> > Inner text.")
    outer = html.index('<div class="admonition note">')
    inner = html.index('<div class="admonition example">')
    assert outer < inner
    assert html.count("</div>") == 2
    assert html.rindex("Inner text.") < html.rindex("</div>")


def test_callout_with_list_code_and_timestamp() -> None:
    body = (
        '> [!info] Mixed\n> Steps <a class="yt-timestamp" data-t="00:01:02">[00:01:02]</a>:\n'
        "> * one\n> * two\n>\n> ```python\n> x = [[not_a_link]]\n> ```"
    )
    html = render(body)
    admonition = html[html.index('<div class="admonition info">') :]
    assert "<li>one</li>" in admonition and "<li>two</li>" in admonition
    assert f'href="https://www.youtube.com/watch?v={VIDEO}&amp;t=62s"' in admonition
    code = admonition[admonition.index("<code>") :]
    assert "not_a_link" in code and "x.md" not in code


def test_callout_inside_list_item() -> None:
    html = render("* item\n\n    > [!NOTE] Inside\n    > Text.")
    assert re.search(r"<li>.*admonition note.*</li>", html, re.S)


def test_list_item_that_starts_with_a_quote_keeps_its_content() -> None:
    html = render('*   Point\n    *   > "A quote" [00:00:15]\n*   Next')
    assert re.search(r"<li>\s*<blockquote>\s*<p>\"A quote\" <a class=\"yt-timestamp\"", html)
    assert "<li>Next</li>" in html


def test_plain_quote_stays_a_quote() -> None:
    assert "<blockquote>" in render("> Just a quote.")


# --- blocks -----------------------------------------------------------------


def test_list_right_after_paragraph_is_a_list() -> None:
    html = render(
        "Examples of outputs include:\n*   Launching a product\n*   Running an experiment"
    )
    assert "<li>Launching a product</li>" in html
    assert "<p>Examples of outputs include:</p>" in html


def test_nested_lists() -> None:
    html = render("1.  **One**\n    *   sub a\n    *   sub b\n2.  Two")
    assert re.search(
        r"<ol>\s*<li>.*<ul>\s*<li>sub a</li>\s*<li>sub b</li>\s*</ul>.*</li>\s*<li>Two</li>",
        html,
        re.S,
    )


def test_br_then_dashes_is_a_rule_not_a_heading() -> None:
    html = render("Text.\n\n<br>\n---\n<br>\n\n## Further Reading")
    assert "<hr" in html
    assert "<h2" in html and html.count("<h2") == 1


def test_tables_keep_links_with_escaped_pipes() -> None:
    html = render("| a | b |\n|---|---|\n| [[x\\|label]] | 2 |")
    assert "<table>" in html and '<a href="x.md">label</a>' in html


def test_math_block_is_verbatim() -> None:
    html = render("$$\na_1 * b_2 * [[x]]\n$$")
    assert "a_1 * b_2 * [[x]]" in html


def test_headings_get_explicit_stable_ids() -> None:
    html = render("## What You Produce: Output\n\n## What You Produce: Output")
    assert 'id="what-you-produce-output"' in html
    assert 'id="what-you-produce-output_1"' in html


@pytest.mark.parametrize(
    "text",
    [
        "*not emphasis*",
        "<b>not bold</b>",
        "1. not a list",
        "- not a list",
        "# not a heading",
        "[not](a link)",
        "a & b < c > d",
        "back\\slash",
    ],
)
def test_escape_markdown_shows_text_as_written(text: str) -> None:
    html = markdown_to_html(escape_markdown(text))
    assert (
        re.sub(r"</?p>", "", html).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        == text
    )


# --- raw HTML ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "kept"),
    [
        pytest.param("a<br>b", "<br", id="br"),
        pytest.param("a<br/>b", "<br", id="br-self-closing"),
        pytest.param(
            "<b>bold</b> <i>it</i> <em>em</em> <strong>s</strong> <sub>1</sub> <sup>2</sup>",
            "<b>bold</b>",
            id="inline-formatting",
        ),
        pytest.param("<mark>hi</mark>", "<mark>hi</mark>", id="mark"),
    ],
)
def test_allowed_html_survives(body: str, kept: str) -> None:
    assert kept in render(body)


@pytest.mark.parametrize(
    ("body", "gone"),
    [
        pytest.param("a<script>alert(1)</script>b", "alert", id="script"),
        pytest.param('<img src="x" onerror="alert(1)">', "onerror", id="event-handler"),
        pytest.param('<a href="javascript:alert(1)">x</a>', "javascript:", id="javascript-href"),
        pytest.param(
            '<a href="jav&#x09;ascript:alert(1)">x</a>', "ascript:", id="entity-obfuscated"
        ),
        pytest.param("[x](javascript:alert(1))", "javascript:", id="markdown-link"),
        pytest.param('<iframe src="https://evil"></iframe>', "iframe", id="iframe"),
        pytest.param("<style>body{display:none}</style>", "display:none", id="style"),
        pytest.param('<b style="position:fixed">x</b>', "position", id="style-attribute"),
        pytest.param("![x](data:text/html;base64,PHNjcmlwdD4=)", "data:", id="data-url-image"),
    ],
)
def test_unsafe_html_is_removed_with_a_warning(body: str, gone: str) -> None:
    note = parse_note("n.md", f"---\ntitle: T\n---\n\n{body}".encode())
    assert next((p.rule, p.line) for p in note.problems)[1] == 5
    assert note.problems[0].rule.startswith("html/")
    assert gone not in render(body)


def test_unknown_tags_are_shown_as_text() -> None:
    html = render("Press <Enter> to go.")
    assert "&lt;Enter&gt;" in html
