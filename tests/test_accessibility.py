"""Accessibility as a browser measures it: axe-core on every page type.

axe-core (Deque's rules for WCAG 2.1 A and AA, the engine of Lighthouse's
accessibility audit) runs in Chromium on the home page, an entry, a merged
note, a topic hub and a source page, in both colour schemes, and once with
the search dialog open.  No violation of any impact may remain: the three
serious ones issue 15 found (links told apart by colour alone, tab labels
at 4.28:1, a search dialog without a name) are fixed in handbook.css and
search.js.
"""

from __future__ import annotations

from importlib import resources

import pytest
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

AXE = str(resources.files("axe_playwright_python").joinpath("axe.min.js"))
PAGES = [
    "/",
    "/frameworks/three-ws/",
    "/notes/lennyspodcast/importance-of-execution-and-output-in-product-management/",
    "/topics/impact-in-product-management/",
    "/sources/lennyspodcast/imsvm11gr0y/",
]
RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .map(v => `${v.impact} ${v.id}: ${v.nodes.length} node(s), e.g. `
        + v.nodes[0].target.join(" "))"""


def violations(page: Page) -> list[str]:
    page.add_script_tag(path=AXE)
    return page.evaluate(RUN)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(browser: Browser, seed_url: str, path: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    response = page.goto(seed_url + path)
    assert response is not None and response.ok
    assert violations(page) == []
    context.close()


def test_no_axe_violations_with_search_open(browser: Browser, seed_url: str) -> None:
    page = browser.new_page()
    page.goto(seed_url + "/frameworks/three-ws/")
    page.keyboard.press("/")
    page.locator(".pagefind-ui__search-input").wait_for(timeout=10_000)
    page.keyboard.type("three Ws", delay=20)
    page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    assert violations(page) == []
    page.close()
