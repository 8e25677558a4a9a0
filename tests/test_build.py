"""End to end: the seed notes become a strict, browsable Material site."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import (
    REPO,
    SEEDS,
    VAULT,
    BuiltSite,
    article_html,
    build_site,
    note_url,
    own_content,
    seconds,
)

SEED_NOTES = sorted(p.relative_to(SEEDS).as_posix() for p in SEEDS.rglob("*") if p.is_file())


def test_seeds_are_the_users_notes_byte_for_byte() -> None:
    shared = SEEDS.parents[1] / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds not present")
    ours = sorted((SEEDS / p).read_bytes() for p in SEED_NOTES)
    theirs = sorted(p.read_bytes() for p in shared.iterdir())
    assert ours == theirs


@pytest.mark.parametrize("path", SEED_NOTES)
def test_every_seed_note_has_a_page_with_its_title(seed_site: BuiltSite, path: str) -> None:
    """Each note's URL answers: with its own page, or by redirecting to the
    merged page that lists it as a source."""
    text = (SEEDS / path).read_text(encoding="utf-8")
    match = re.search(r"^title: (.+)$", text, re.M)
    title = match.group(1) if match else text.splitlines()[0].split(" | ")[0]
    _, anchor, html = seed_site.follow(note_url(path))
    body = article_html(html)
    if anchor:
        source = re.search(rf'<span id="{anchor}"></span><a href="[^"]+">(.*?)</a>', body)
        assert source is not None and source.group(1) == title
    else:
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S).group(1)  # type: ignore[union-attr]
        assert re.sub(r"<a class=\"headerlink\".*?</a>", "", h1) in (title, _pinned(path))


def _pinned(path: str) -> str:
    from handbook.ingest.curation import load_curation

    return load_curation(SEEDS.parent / "handbook.yml").titles.get(path, "")


@pytest.mark.parametrize("path", [p for p in SEED_NOTES if p.endswith(".md")])
def test_every_seed_timestamp_links_to_its_moment(seed_site: BuiltSite, path: str) -> None:
    text = (SEEDS / path).read_text(encoding="utf-8")
    video = re.search(r"^videoId: (\S+)", text, re.M).group(1)  # type: ignore[union-attr]
    expected = {seconds(v) for v in re.findall(r'data-t="([^"]*)"', text)}
    _, _, html = seed_site.follow(note_url(path))
    body = own_content(html)
    found = {int(t) for t in re.findall(rf"watch\?v={video}&amp;t=(\d+)s", body)}
    assert expected <= found
    assert re.search(r'<a class="yt-timestamp" href="[^"]+">\d\d:\d\d:\d\d</a>', body)


def test_article_page_has_author_paragraphs_and_no_junk(seed_site: BuiltSite) -> None:
    body = article_html(
        seed_site.page(note_url("articles/product_managers_guide_to_utilizing_leverage.txt"))
    )
    assert "By Brandon Chu" in body
    assert body.count("<p>") >= 9
    for junk in ("Leave a Reply", "GIPHY", "Serena Hotel"):
        assert junk not in body
    assert "[article/junk-cut]" in seed_site.log and "Leave a Reply" in seed_site.log


def test_source_line_links_to_the_channel_page(seed_site: BuiltSite) -> None:
    body = article_html(
        seed_site.page(note_url("lennyspodcast/career_growth_and_impact_for_product_managers.md"))
    )
    assert re.search(r'From <a href="../../../sources/lennyspodcast/">lennyspodcast</a>', body)
    channel = article_html(seed_site.page("/sources/lennyspodcast/"))
    assert 'href="imsvm11gr0y/"' in channel  # the two videos' pages
    assert 'href="7gapprad7nc/"' in channel


def test_every_page_is_in_the_search_index(seed_site: BuiltSite) -> None:
    """Pagefind indexes every generated page (not the redirect stubs), each
    with its kind as a filter, and Material's one-file index is gone."""
    entry = json.loads((seed_site.root / "pagefind" / "pagefind-entry.json").read_text())
    pages = [
        p
        for p in seed_site.root.rglob("*.html")
        if 'class="md-content__inner' in p.read_text(encoding="utf-8")
    ]
    assert entry["languages"]["en"]["page_count"] == len(pages) > 50
    assert not (seed_site.root / "search" / "search_index.json").exists()
    body = seed_site.page("/frameworks/three-ws/")
    assert 'data-pagefind-filter="kind:Framework"' in body
    assert 'data-pagefind-filter="channel:lennyspodcast"' in body
    for path in SEED_NOTES:
        url, _, _ = seed_site.follow(note_url(path))
        assert 'data-pagefind-filter="kind:' in seed_site.page(url)


def test_every_heading_has_a_permalink(seed_site: BuiltSite) -> None:
    path = "lennyspodcast/balancing_output_and_impact_in_product_management_roles.md"
    _, _, html = seed_site.follow(note_url(path))
    body = article_html(html)
    headings = re.findall(r"<h[2-6] id=\"[^\"]+\">.*?</h[2-6]>", body, re.S)
    assert len(headings) >= 6
    assert all('class="headerlink"' in h for h in headings)


def test_no_third_party_font_requests(seed_site: BuiltSite) -> None:
    assert "fonts.googleapis.com" not in seed_site.page("/")


# --- the fixture vault: every feature, nested folders, bad input ----------------


def test_vault_builds_despite_bad_notes(vault_site: BuiltSite) -> None:
    assert vault_site.returncode == 0, vault_site.log


@pytest.mark.parametrize(
    ("path", "rule", "line"),
    [
        ("bad/invalid_yaml.md", "front-matter/invalid-yaml", 2),
        ("bad/no_front_matter.md", "front-matter/missing", 1),
        ("bad/unsafe_html.md", "html/unsafe", 7),
        ("channel_a/callouts_and_links.md", "timestamp/malformed", 30),
    ],
)
def test_vault_warnings_name_file_and_line(
    vault_site: BuiltSite, path: str, rule: str, line: int
) -> None:
    assert any(f"{path}:{line}" in w for w in vault_site.warnings(rule)), vault_site.log


def test_strict_build_fails_on_warnings(tmp_path: Path) -> None:
    site = build_site(VAULT, tmp_path / "out", strict=True)
    assert site.returncode != 0
    assert "Aborted" in site.log


def test_vault_bad_notes_are_still_published(vault_site: BuiltSite) -> None:
    for path in ("bad/invalid_yaml.md", "bad/no_front_matter.md", "bad/unsafe_html.md"):
        assert article_html(vault_site.page(note_url(path)))


def test_vault_nested_folder_and_wikilinks(vault_site: BuiltSite) -> None:
    body = article_html(vault_site.page(note_url("channel_a/callouts_and_links.md")))
    inner = "../deep/inner-note/"
    assert f'<a href="{inner}">the inner note</a>' in body
    assert f'<a href="{inner}#second-part">second part</a>' in body
    assert '<a href="../other-note/">Other note</a>' in body


def test_vault_script_never_reaches_html(vault_site: BuiltSite) -> None:
    for page in vault_site.html_files():
        body = (
            article_html(page.read_text(encoding="utf-8")) if "<article" in page.read_text() else ""
        )
        assert "<script" not in body
        assert not re.search(r"\son\w+\s*=", body)
        assert "javascript:" not in body


# --- every link lands somewhere (issue: topic hubs, backlinks) -------------------


def test_every_seed_wikilink_lands_on_a_page_that_exists(seed_site: BuiltSite) -> None:
    from crawl import crawl

    rows = seed_site.export()["links"]
    written = sum(
        len(re.findall(r"\[\[[^\[\]\n]+\]\]", (SEEDS / p).read_text())) for p in SEED_NOTES
    )
    assert len(rows) == written
    assert all(row["to"] for row in rows)
    for row in rows:
        assert (seed_site.root / row["to"] / "index.html").is_file(), row
    checked, broken = crawl(seed_site.root)
    assert checked > 1000
    assert broken == []


def test_topic_hub_lists_passages_from_both_seeds(seed_site: BuiltSite) -> None:
    body = article_html(seed_site.page("/topics/role-of-product-managers-in-organizations/"))
    assert ">Role of product managers in organizations<" in body
    sources = re.findall(r'<li><a href="../../notes/lennyspodcast/([a-z-]+)/">', body)
    assert sources == [
        "career-growth-and-impact-for-product-managers",  # seed 003
        "importance-of-execution-and-output-in-product-management",  # seed 001
    ]
    assert (
        "Strong <mark>product managers</mark> usually excel in two or three of these areas" in body
    )
    assert "watch?v=ImSvm11GR0Y&amp;t=391s" in body


def test_channel_links_go_to_the_channel_page(seed_site: BuiltSite) -> None:
    rows = [r for r in seed_site.export()["links"] if r["target"] == "lennyspodcast"]
    assert rows
    assert {r["to"] for r in rows} == {"sources/lennyspodcast/"}


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        key = values.get("property") or values.get("name")
        if tag == "meta" and key:
            self.meta.setdefault(key, values.get("content") or "")


def _card(html_text: str) -> dict[str, str]:
    reader = _Meta()
    reader.feed(html_text)
    return reader.meta


def test_every_page_has_its_own_link_card(seed_site: BuiltSite) -> None:
    """A pasted link shows what the page says, not the site's tagline."""
    site_description = "Frameworks, skills and pitfalls of product management"
    urls = ["/frameworks/three-ws/", "/pitfalls/how-you-see-yourself/", "/skills/communication/"]
    urls += [seed_site.follow(note_url(path))[0] for path in SEED_NOTES]
    cards = {url: _card(seed_site.page(url)) for url in urls}
    for url, card in cards.items():
        description = card["description"]
        assert not description.startswith(site_description), url
        assert 20 <= len(description) <= 161, url
        assert card["og:description"] == description and card["twitter:description"] == description
        assert card["og:title"] and card["og:site_name"] == "Product Handbook"
        assert card["og:type"] == "article" and card["twitter:card"] == "summary"
        assert "yt-timestamp" not in description and "00:" not in description
        assert description[0].isalnum() or description[0] in "\"“'(", (url, description)
    assert cards["/frameworks/three-ws/"]["og:title"] == "Three Ws"
    assert "three" in cards["/frameworks/three-ws/"]["description"].lower()
    descriptions = [c["description"] for c in cards.values()]
    assert len(set(descriptions)) >= len(descriptions) - 1  # merged notes share a page
    assert _card(seed_site.page("/"))["og:type"] == "website"


@pytest.mark.parametrize(
    ("configured", "warned"),
    [
        (["toc", "admonition", "pymdownx.superfences", "markdown.extensions.tables"], []),
        (["abbr", "pymdownx.keys", "toc", "abbr"], ["abbr", "pymdownx.keys"]),
        (["markdown.extensions.abbr", "markdown.extensions.def_list"], ["abbr"]),
        (["def_list", "pymdownx.tasklist", "pymdownx.tabbed", "pymdownx.emoji"], []),
    ],
)
def test_extensions_notes_do_not_honour_are_named(configured: list[str], warned: list[str]) -> None:
    from handbook.html.page import unsupported_extensions

    assert unsupported_extensions(configured) == warned


def test_a_configured_extension_notes_ignore_gets_one_warning(tmp_path: Path) -> None:
    """A Material user adds an extension; the build says once that notes do
    not read it, rather than silently doing nothing on them."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: docs", f"docs_dir: {REPO / 'docs'}")
    text = text.replace("  - toc:", "  - abbr\n  - pymdownx.keys\n  - toc:", 1)
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    site = build_site(SEEDS, tmp_path / "site", config=config)
    assert site.returncode == 0, site.log
    for name in ("abbr", "pymdownx.keys"):
        assert site.log.count(f"markdown extension {name} applies to hand-written pages") == 1
    assert "markdown extension toc" not in site.log
    assert "markdown extension def_list" not in site.log  # notes honour it
