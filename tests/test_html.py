"""The generated pages' HTML renderer (handbook.html.page): Material's dialect on cmark."""

from __future__ import annotations

import pytest
from mkdocs.utils import get_relative_url

from handbook.html.page import expand_admonitions, relative_url, render_page, served_url, slugify


def body(markdown: str, uri: str = "notes/a.md") -> str:
    return render_page(markdown, uri).html


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ('!!! note "Title"\n    Body', '<div class="admonition note">'),
        ('!!! note "Title"\n    Body', '<p class="admonition-title">Title</p>'),
        ('!!! note "Title"\n    Body **bold**', "<p>Body <strong>bold</strong></p>"),
        ("!!! warning\n    Body", '<p class="admonition-title">Warning</p>'),
        ('??? tip "Folded"\n    Body', '<details class="tip">\n<summary>Folded</summary>'),
        ('???+ tip "Open"\n    Body', '<details class="tip" open="">'),
        ('!!! note ""\n    Body', '<div class="admonition note">\n<p>Body</p>'),
        ('!!! note "*T*"\n    Body', '<p class="admonition-title"><em>T</em></p>'),
    ],
)
def test_admonitions_render_like_pymdownx(markdown: str, expected: str) -> None:
    assert expected in body(markdown)


def test_nested_admonition_in_a_list_item_keeps_its_body_as_markdown() -> None:
    markdown = (
        '* item\n\n    !!! quote "Q"\n        *said*\n\n        ```\n        !!! not\n        ```'
    )
    html = body(markdown)
    assert '<div class="admonition quote">' in html
    assert "<em>said</em>" in html
    assert "!!! not" in html  # inside a fence: never an opener


def test_admonition_body_ends_at_the_first_unindented_line() -> None:
    lines = expand_admonitions(['!!! note "T"', "    inside", "", "outside"])
    assert lines[-1] == "outside"
    assert "</div>" in lines


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("## Title {#chosen}", '<h2 id="chosen">Title<a class="headerlink" href="#chosen"'),
        ("## Two words", '<h2 id="two-words">'),
        ("## Café & co", '<h2 id="cafe-co">'),
        ("## Same\n\n## Same", '<h2 id="same_1">'),
        ("## *Em* title", '<h2 id="em-title"><em>Em</em> title'),
    ],
)
def test_headings_get_ids_and_permalinks(markdown: str, expected: str) -> None:
    assert expected in body(markdown)


def test_table_of_contents_is_read_from_the_clean_html() -> None:
    page = render_page("# Page\n\n## A <img src=x onerror=alert(1)> b {#a}\n\n### C {#c}", "x.md")
    assert [(t.level, t.id) for t in page.toc] == [(1, "page"), (2, "a"), (3, "c")]
    assert "onerror" not in page.toc[1].title and "¶" not in page.toc[1].title
    assert {"page", "a", "c"} <= page.ids


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("From x\n{: .hb-byline }", '<p class="hb-byline">From x</p>'),
        ("Text\n{: #here .a .b }", '<p id="here" class="a b">Text</p>'),
    ],
)
def test_paragraph_attribute_lines(markdown: str, expected: str) -> None:
    assert expected in body(markdown)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("So $e^{i\\pi}$ holds", '<span class="arithmatex">\\(e^{i\\pi}\\)</span>'),
        ("$$\na \\\\ b\n$$", '<span class="arithmatex">\\[\na \\\\ b\n\\]</span>'),
        ("if $k<0$ then", '<span class="arithmatex">\\(k&lt;0\\)</span>'),
        ("costs $15k-$100k a year", "costs $15k-$100k a year"),
        ("weekly ($4 or $7), monthly ($8-$20)", "weekly ($4 or $7), monthly ($8-$20)"),
        ("`$x$` is code", "<code>$x$</code>"),
        ("```\n$x$\n```", "$x$\n</code>"),
    ],
)
def test_math_is_kept_verbatim_and_money_is_not_math(markdown: str, expected: str) -> None:
    assert expected in body(markdown)


@pytest.mark.parametrize(
    ("url", "page", "directory_urls"),
    [
        ("topics/x.md", "notes/a/b.md", True),
        ("notes/a/c.md", "notes/a/b.md", True),
        ("index.md", "notes/a/b.md", True),
        ("notes/a/b.md", "index.md", True),
        ("raw/a b.md.txt", "notes/a/b.md", True),
        ("topics/x.md", "notes/a/b.md", False),
        ("index.md", "topics/x.md", False),
    ],
)
def test_links_are_rewritten_as_mkdocs_would(url: str, page: str, directory_urls: bool) -> None:
    def served(uri: str) -> str:
        if not uri.endswith(".md"):
            return uri
        stem = uri[:-3]
        if stem == "index" or stem.endswith("/index"):
            folder = stem[: -len("index")]
            return (folder or "./") if directory_urls else folder + "index.html"
        return stem + "/" if directory_urls else stem + ".html"

    from urllib.parse import quote

    expected = quote(get_relative_url(served(url), served(page)))
    relative = get_relative_url(url, page.rsplit("/", 1)[0] if "/" in page else ".")
    assert served_url(relative, page, directory_urls) == expected


@pytest.mark.parametrize(
    ("url", "other"),
    [("a/b/", "a/c/"), ("a/", "a/b/c/"), ("./", "x/y/"), ("x/y/", "./"), ("a/b.html", "a/c.html")],
)
def test_relative_url_matches_mkdocs(url: str, other: str) -> None:
    assert relative_url(url, other) == get_relative_url(url, other)


def test_links_keep_anchors_readable_and_leave_the_web_alone() -> None:
    html = body("[a](b.md#x-σ) [w](https://e.org/?a=1&b=2) [h](#top-σ)", "notes/a.md")
    assert 'href="../b/#x-σ"' in html
    assert 'href="https://e.org/?a=1&amp;b=2"' in html
    assert 'href="#top-σ"' in html


def test_fenced_code_is_highlighted_in_materials_markup() -> None:
    html = body("```python\nx = 1\n```")
    assert '<div class="language-python highlight"><pre><span></span><code>' in html


def test_the_output_is_sanitised() -> None:
    html = body('Hi <img src=x onerror="alert(1)"> [x](javascript:alert(1)) <script>bad()</script>')
    assert "onerror" not in html and "javascript:" not in html and "<script" not in html


def test_slugify_matches_python_markdown() -> None:
    from markdown.extensions.toc import slugify as reference

    for text in ["Hello World", "Café — déjà vu", "e^{iπ} = -1", "  spaced  out  ", "a_b-c"]:
        assert slugify(text) == reference(text, "-")
