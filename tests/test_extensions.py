"""Material extensions' syntax in notes: task lists, tabs, definition lists,
emoji shortcodes and mermaid (:mod:`handbook.html.mdext`).

Case tables check the parser and the HTML on small inputs; the fixture note
``tests/fixtures/extensions`` is built once as a site, read as HTML and, in
Chromium, checked for what only a browser shows: the second tab opens when
its label is clicked, the diagram is drawn from the site's own copy of
mermaid, and no request leaves the site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import serve
from handbook.html.mdext import MERMAID_SCRIPT, emoji
from handbook.html.page import render_page, unsupported_extensions
from handbook.ingest.syntax.blocks import BlockParser
from handbook.ingest.syntax.inline import SrcLine
from handbook.ingest.syntax.report import Reporter
from handbook.model import TAB, Callout, ListBlock, Paragraph
from helpers import BuiltSite, build_site

FIXTURE = Path(__file__).parent / "fixtures" / "extensions"


def parse(text: str) -> tuple:
    lines = [SrcLine(n, 1, t) for n, t in enumerate(text.split("\n"), start=1)]
    parser = BlockParser(lambda ls: tuple(line.text for line in ls), Reporter("n.md"))
    return parser.parse(lines)


@pytest.mark.parametrize(
    ("text", "tasks"),
    [
        ("- [ ] open\n- [x] done\n- [X] done too", [" ", "x", "x"]),
        ("- plain\n- [ ]", ["", " "]),
        ("- [link](x) is not a box\n- [ ]not a box either", ["", ""]),
        ("1. [x] numbered", ["x"]),
    ],
)
def test_task_boxes(text: str, tasks: list[str]) -> None:
    (block,) = parse(text)
    assert isinstance(block, ListBlock)
    assert [item.task for item in block.items] == tasks
    assert all("[ ]" not in "".join(item.inline) for item in block.items if item.task)


@pytest.mark.parametrize(
    ("text", "titles", "folds"),
    [
        ('=== "One"\n\n    first\n\n=== "Two"\n\n    second', ["One", "Two"], ["", ""]),
        ('===+ "Chosen"\n    body', ["Chosen"], ["+"]),
        ('=== "A"\n    a\n===! "B"\n    b', ["A", "B"], ["", "-"]),
    ],
)
def test_tabs(text: str, titles: list[str], folds: list[str]) -> None:
    blocks = parse(text)
    assert all(isinstance(b, Callout) and b.kind == TAB for b in blocks)
    assert ["".join(b.title) for b in blocks] == titles
    assert [b.fold for b in blocks] == folds
    assert all(isinstance(b.children[0], Paragraph) for b in blocks)


@pytest.mark.parametrize(
    ("text", "terms", "definitions"),
    [
        ("Term\n:   meaning", ["Term"], [1]),
        ("Term\n\n:   meaning\n:   another", ["Term"], [2]),
        ("A\n:   a\n\nB\n:   b\n    more of b", ["A", "B"], [1, 1]),
    ],
)
def test_definition_lists(text: str, terms: list[str], definitions: list[int]) -> None:
    (block,) = parse(text)
    assert isinstance(block, ListBlock) and block.definition
    assert ["".join(item.inline) for item in block.items] == terms
    assert [len(item.children) for item in block.items] == definitions


@pytest.mark.parametrize(
    "text",
    ["Line one\nline two", "Ratio\n3:2 is fine", "From: [[channel]]"],
)
def test_plain_paragraphs_stay_paragraphs(text: str) -> None:
    (block,) = parse(text)
    assert isinstance(block, Paragraph)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>go :rocket:</p>", "<p>go <span"),
        ("<p>:not_an_emoji_name:</p>", "<p>:not_an_emoji_name:</p>"),
        ("<p>at 10:30:45 and 1:100:2</p>", "<p>at 10:30:45 and 1:100:2</p>"),
        ("<p><code>:rocket:</code></p>", "<p><code>:rocket:</code></p>"),
        ('<a title=":rocket:">x</a>', '<a title=":rocket:">x</a>'),
        ("<p>:+1:</p>", "👍"),
    ],
)
def test_emoji(html: str, expected: str) -> None:
    assert expected in emoji(html)


def test_page_html_for_each_extension() -> None:
    markdown = "\n".join(
        [
            "* [ ] open",
            "* [x] done",
            "",
            '=== "One"',
            "",
            "    first",
            "",
            '=== "Two"',
            "",
            "    second",
            "",
            "Term",
            ":   meaning",
            "",
            "```mermaid",
            "graph LR",
            "  A --> B",
            "```",
            "",
            '<input type="text" onclick="alert(1)">',
        ]
    )
    page = render_page(markdown, "notes/x.md")
    assert page.html.count('class="task-list-item"') == 2
    assert page.html.count("checked") >= 2  # the done box and the first tab
    assert 'id="__tabbed_1_2"' in page.html and "<label" in page.html
    assert "<dl>\n<dt>Term</dt>" in page.html and "<p>meaning</p>" in page.html
    assert '<pre class="mermaid"><code>graph LR' in page.html
    assert f'src="../../{MERMAID_SCRIPT}"' in page.html
    assert "onclick" not in page.html  # the allow-list still holds


def test_supported_extensions_are_not_warned_about() -> None:
    configured = ["pymdownx.tasklist", "pymdownx.tabbed", "def_list", "pymdownx.emoji", "abbr"]
    assert unsupported_extensions(configured) == ["abbr"]


@pytest.fixture(scope="module")
def extensions_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    site = build_site(FIXTURE, tmp_path_factory.mktemp("extensions"), strict=True)
    assert site.returncode == 0, site.log
    return site


def test_built_note_uses_every_extension(extensions_site: BuiltSite) -> None:
    html = (extensions_site.root / "notes" / "launch-checklist" / "index.html").read_text()
    assert html.count('class="task-list-item"') == 2
    assert "🚀" in html and "<code>:rocket:</code>" in html
    assert ":rocket: [ ] Not a box" in html  # code blocks are left alone
    assert "<dt>" in html and html.count("<dd>") == 3
    assert 'class="tabbed-set tabbed-alternate"' in html
    assert (extensions_site.root / MERMAID_SCRIPT).is_file()


@pytest.mark.browser
def test_extensions_in_a_browser(browser: Browser, extensions_site: BuiltSite) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    with serve(extensions_site.root) as url:
        page.goto(url + "/notes/launch-checklist/")
        boxes = page.locator(".task-list-item input[type=checkbox]")
        assert [boxes.nth(i).is_checked() for i in range(boxes.count())] == [False, True]
        # "===+" chose the second tab; clicking the first shows it instead.
        blocks = page.locator(".tabbed-block")
        assert blocks.nth(1).is_visible() and not blocks.nth(0).is_visible()
        page.locator("label[for=__tabbed_1_1]").click()
        assert blocks.nth(0).is_visible() and not blocks.nth(1).is_visible()
        # Material replaces the pre with a drawn diagram in a closed shadow root.
        page.wait_for_function("!document.querySelector('pre.mermaid')", timeout=15_000)
        assert page.evaluate("typeof mermaid") == "object"
        box = page.locator("div.mermaid").bounding_box()
        assert box is not None and box["height"] > 20
        local = [r for r in requests if r.startswith(url)]
        assert any(r.endswith(MERMAID_SCRIPT) for r in local)
        assert requests == local, "a request left the site"
    context.close()
    assert errors == []
