"""The local graph: a page and its neighbours, drawn at build time as SVG."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page

from handbook.render.graph import LIMIT, Node, local_graph, neighbours
from helpers import ARTIFACTS, BuiltSite

HREF = re.compile(r'<a href="([^"]*)" aria-label="([^"]*)"')


@pytest.mark.parametrize(
    ("groups", "uris"),
    [
        # each page once: the first group that names it keeps it
        (
            [[Node("a.md", "A", "skill")], [Node("a.md", "A", "note"), Node("b.md", "B", "note")]],
            ["a.md", "b.md"],
        ),
        # at most LIMIT of a group, in the group's order
        (
            [[Node(f"n{i}.md", str(i), "note") for i in range(LIMIT + 3)]],
            [f"n{i}.md" for i in range(LIMIT)],
        ),
        ([], []),
    ],
)
def test_neighbours_keep_each_page_once_and_a_few_of_each_group(
    groups: list[list[Node]], uris: list[str]
) -> None:
    assert [n.uri for n in neighbours(*groups)] == uris


def test_every_node_is_a_link_with_its_whole_escaped_title() -> None:
    nodes = [
        Node("skills/communication.md", "Communication", "skill"),
        Node("notes/x/a-very-long-title-of-a-note.md", 'A <very> long "title" of a note', "note"),
        Node("sources/x/abc.md", "Episode & guest", "source"),
    ]
    svg = local_graph("pitfalls/p.md", "Focusing <on> control", "pitfall", nodes)
    links = HREF.findall(svg)
    assert [h for h, _ in links] == [
        "../skills/communication.md",
        "../notes/x/a-very-long-title-of-a-note.md",
        "../sources/x/abc.md",
        "p.md",  # the centre: the page itself
    ]
    assert links[1][1] == "A &lt;very&gt; long &quot;title&quot; of a note (note)"
    assert svg.count('aria-current="page"') == 1 and 'aria-current="page"><title>Focusing' in svg
    assert "<very>" not in svg and "<on>" not in svg
    assert ">A &lt;very&gt; long &quot;ti…<" in svg  # the label is cut, the title is whole
    assert svg == local_graph("pitfalls/p.md", "Focusing <on> control", "pitfall", nodes)
    assert local_graph("pitfalls/p.md", "P", "pitfall", []) == ""


def test_entry_and_note_pages_carry_a_graph(seed_site: BuiltSite) -> None:
    for url in ("/skills/communication/", "/frameworks/three-ws/"):
        html = seed_site.page(url)
        assert html.count('class="hb-graph__svg"') == 1, url
        assert 'id="hb-local-graph"' in html


def _heading(tab: Page) -> str:
    return tab.locator("article h1").first.inner_text().rstrip("¶").strip()


@pytest.mark.browser
def test_graph_nodes_link_where_they_say(browser: Browser, seed_url: str) -> None:
    """Each node's link opens the page its label names, in light and dark."""
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
        tab = context.new_page()
        tab.goto(seed_url + "/skills/communication/")
        graph = tab.locator(".hb-graph")
        graph.scroll_into_view_if_needed()
        graph.screenshot(path=str(ARTIFACTS / f"graph-{scheme}.png"))
        box = graph.locator("svg").bounding_box()
        assert box is not None and box["width"] <= 390  # fits a phone
        nodes = graph.locator("a")
        labels = [nodes.nth(i).get_attribute("aria-label") or "" for i in range(nodes.count())]
        assert len(labels) >= 5
        hrefs = [nodes.nth(i).get_attribute("href") for i in range(nodes.count())]
        for label, href in zip(labels, hrefs, strict=True):
            title = label.rsplit(" (", 1)[0]
            tab.goto(seed_url + "/skills/communication/" + href)
            assert _heading(tab) == title, href
        if scheme == "light":
            tab.goto(seed_url + "/skills/communication/")
            tab.locator(".hb-graph a text").first.click()
            assert _heading(tab) == labels[0].rsplit(" (", 1)[0]
        context.close()


@pytest.mark.browser
def test_graph_nodes_preview_like_other_links(browser: Browser, seed_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(seed_url + "/skills/communication/")
    node = tab.locator(".hb-graph a").first
    title = (node.get_attribute("aria-label") or "").rsplit(" (", 1)[0]
    node.locator("text").hover()
    card = tab.locator(".hb-preview")
    card.wait_for(timeout=3000)
    assert card.locator(".hb-preview__title").inner_text() == title
    context.close()
