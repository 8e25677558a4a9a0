"""What only a browser shows: search (Pagefind), navigation and timestamp links."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page

from browser import search_cost, serve
from helpers import ARTIFACTS, BuiltSite

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    assert errors == [], f"console errors: {errors}"


def _console(message: ConsoleMessage) -> str:
    return f"{message.type}: {message.text}"


def test_search_three_ws_and_follow_a_timestamp(page: Page, seed_url: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(seed_url + "/")
    # The header's search button opens the dialog; so does "/" from the keyboard.
    button = page.get_by_role("button", name="Search")
    assert button.is_visible()
    page.keyboard.press("/")
    dialog = page.get_by_role("dialog", name="Search the handbook")
    dialog.wait_for(timeout=10_000)
    page.keyboard.type("three Ws", delay=30)
    # A result's own title (its sections' titles are nested under it).
    results = page.locator(".pagefind-ui__result > div > .pagefind-ui__result-title a")
    results.first.wait_for(timeout=10_000)
    titles = results.all_inner_texts()
    assert "Three Ws · Framework" in titles  # title and kind
    assert page.locator(".pagefind-ui__result-excerpt mark").count() > 0  # highlighted
    assert {"Kind", "Channel"} <= set(page.locator(".pagefind-ui__filter-name").all_inner_texts())
    page.screenshot(path=str(ARTIFACTS / "search-three-ws.png"))
    # Filtering by kind keeps only that kind.
    page.locator(".pagefind-ui__filter-name", has_text="Kind").click()
    page.locator("#kind-Framework").check()
    page.wait_for_timeout(800)
    assert all(t.endswith("· Framework") for t in results.all_inner_texts())
    # Escape closes the dialog and gives focus back to the page.
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    button.click()
    dialog.wait_for()
    assert not [r for r in requests if not r.startswith(seed_url)], "third-party request"
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=10_000)
    results.first.click()
    page.wait_for_load_state("load")
    assert "/frameworks/three-ws/" in page.url or "/notes/" in page.url
    stamp = page.locator("article a.yt-timestamp").first
    href = stamp.get_attribute("href") or ""
    text = stamp.inner_text().strip()
    match = re.fullmatch(r"https://www\.youtube\.com/watch\?v=([\w-]{11})&t=(\d+)s", href)
    assert match, href
    h, m, s = (int(x) for x in text.split(":"))
    assert int(match.group(2)) == h * 3600 + m * 60 + s
    page.screenshot(path=str(ARTIFACTS / "search-result-page.png"), full_page=False)


def test_ten_random_pages_each_follow_a_link(page: Page, corpus_site: BuiltSite) -> None:
    import random

    pages = sorted(p for p in corpus_site.root.rglob("index.html") if p.parent != corpus_site.root)
    sample = random.Random(20261121).sample(pages, 10)
    with serve(corpus_site.root) as url:
        for html_file in sample:
            path = html_file.parent.relative_to(corpus_site.root).as_posix()
            response = page.goto(f"{url}/{path}/")
            assert response is not None and response.ok, path
            links = page.locator("article a[href]:not(.headerlink):not(.yt-timestamp)")
            internal = [
                i
                for i in range(links.count())
                if not (links.nth(i).get_attribute("href") or "").startswith(("http", "#"))
            ]
            assert internal, f"no internal link on {path}"
            link = links.nth(internal[0])
            with page.expect_navigation():
                link.click()
            assert page.locator("article h1").count() == 1, page.url


def test_old_url_of_a_merged_note_lands_on_its_source_entry(page: Page, seed_url: str) -> None:
    page.goto(
        f"{seed_url}/notes/lennyspodcast/balancing-output-and-impact-in-product-management-roles/"
    )
    page.wait_for_url("**/importance-of-execution-and-output-in-product-management/#source-2")
    assert page.locator("#source-2").count() == 1
    page.goto(
        f"{seed_url}/notes/lennyspodcast/importance-of-output-and-execution-in-early-pm-careers/"
        "#pitfalls-to-avoid"
    )
    page.wait_for_url(
        "**/importance-of-execution-and-output-in-product-management/#pitfalls-to-avoid"
    )
    # The old section's id lives on as an alias inside the heading it merged into.
    heading = page.locator("h2:has(#pitfalls-to-avoid), h3:has(#pitfalls-to-avoid)")
    assert heading.count() == 1
    assert heading.is_visible()


def test_home_to_pitfall_to_timestamp_to_related_skill(page: Page, seed_url: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(seed_url + "/")
    page.screenshot(path=str(ARTIFACTS / "catalog-1-home.png"))
    page.locator("article a[href='pitfalls/']").first.click()
    page.wait_for_url("**/pitfalls/")
    page.screenshot(path=str(ARTIFACTS / "catalog-2-pitfalls.png"))
    page.locator("article a[href='focusing-on-what-you-cannot-control/']").click()
    page.wait_for_url("**/pitfalls/focusing-on-what-you-cannot-control/")
    page.screenshot(path=str(ARTIFACTS / "catalog-3-pitfall.png"), full_page=True)
    stamp = page.locator("article a.yt-timestamp").first
    href = stamp.get_attribute("href") or ""
    h, m, s = (int(x) for x in stamp.inner_text().split(":"))
    assert href == f"https://www.youtube.com/watch?v=ImSvm11GR0Y&t={h * 3600 + m * 60 + s}s"
    related = page.locator("#related + ul a[href*='/skills/']").first
    name = related.inner_text()
    related.click()
    page.wait_for_url("**/skills/**")
    assert page.locator("article h1").inner_text().startswith(name)
    page.screenshot(path=str(ARTIFACTS / "catalog-4-skill.png"), full_page=True)


def test_copy_link_on_a_claim(browser: Browser, seed_url: str) -> None:
    """Hovering a claim shows a Copy link button; it copies the claim's URL,
    and opening that URL highlights the claim."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=seed_url)
    tab = context.new_page()
    tab.goto(seed_url + "/pitfalls/focusing-on-what-you-cannot-control/")
    claim = tab.locator(".hb-claim").first
    button = claim.locator(":scope > .hb-copy")
    assert not button.is_visible()
    claim.hover()
    assert button.is_visible()
    button.click()
    copied = tab.evaluate("navigator.clipboard.readText()")
    claim_id = claim.get_attribute("id")
    assert copied == f"{seed_url}/pitfalls/focusing-on-what-you-cannot-control/#{claim_id}"
    tab.goto(copied)
    highlighted = tab.evaluate("getComputedStyle(document.querySelector(':target')).outlineStyle")
    assert highlighted == "dashed"
    tab.screenshot(path=str(ARTIFACTS / "claim-link.png"))
    context.close()


PREVIEWED = ".md-content article a[href='../../skills/communication/']"


def test_hover_preview_shows_the_target_title_and_opening(page: Page, seed_url: str) -> None:
    """Pointing at a link to another page shows that page's title and opening;
    leaving the link closes it."""
    page.goto(seed_url + "/pitfalls/focusing-on-what-you-cannot-control/")
    link = page.locator(PREVIEWED).first
    link.hover()
    card = page.locator(".hb-preview")
    card.wait_for(timeout=3000)
    assert card.get_attribute("role") == "tooltip"
    assert link.get_attribute("aria-describedby") == card.get_attribute("id")
    assert card.locator(".hb-preview__title").inner_text() == "Communication"
    opening = card.locator("p").inner_text()
    assert "communicator" in opening and opening[0].isalpha()
    page.screenshot(path=str(ARTIFACTS / "hover-preview.png"))
    # The pointer can cross to the card and rest on it (WCAG 1.4.13).
    box = card.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)
    page.wait_for_timeout(600)
    assert card.is_visible()
    page.mouse.move(2, 2)
    card.wait_for(state="detached", timeout=2000)
    assert page.locator(".hb-preview").count() == 0


def test_no_preview_of_a_file_that_is_not_a_page(page: Page, seed_url: str) -> None:
    """A note's "Source file" link is a text file: no (empty) card for it."""
    page.goto(seed_url + "/notes/lennyspodcast/career-growth-and-impact-for-product-managers/")
    source = page.locator(".md-content article a", has_text="Source file").first
    source.hover()
    page.wait_for_timeout(1200)
    assert page.locator(".hb-preview").count() == 0


def test_hover_preview_opens_on_keyboard_focus_and_closes_on_escape(
    page: Page, seed_url: str
) -> None:
    page.goto(seed_url + "/pitfalls/focusing-on-what-you-cannot-control/")
    link = page.locator(PREVIEWED).first
    # Tab to the link: focus the element before it, then press Tab.
    page.evaluate(
        """(sel) => {
            const all = [...document.querySelectorAll('a[href], button, input')];
            const i = all.indexOf(document.querySelector(sel));
            all[i - 1].focus();
        }""",
        PREVIEWED,
    )
    page.keyboard.press("Tab")
    assert (
        page.evaluate("document.activeElement.getAttribute('href')")
        == "../../skills/communication/"
    )
    card = page.locator(".hb-preview")
    card.wait_for(timeout=3000)
    assert card.locator(".hb-preview__title").inner_text() == "Communication"
    page.keyboard.press("Escape")
    card.wait_for(state="detached", timeout=2000)
    assert link.is_visible()


def test_hover_preview_never_opens_on_touch(browser: Browser, seed_url: str) -> None:
    """On a touch screen a tap follows the link at once: no card in the way."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    tab = context.new_page()
    tab.goto(seed_url + "/pitfalls/focusing-on-what-you-cannot-control/")
    link = tab.locator(PREVIEWED).first
    link.scroll_into_view_if_needed()
    link.tap()
    tab.wait_for_url("**/skills/communication/")
    assert tab.locator(".hb-preview").count() == 0
    context.close()


# Queries that name a framework of the corpus catalog, and its entry page.
FRAMEWORK_QUERIES = [
    ("shape up", "/frameworks/shape-up/"),
    ("opportunity solution tree", "/frameworks/opportunity-solution-tree/"),
    ("strategy choice cascade", "/frameworks/strategy-choice-cascade/"),
    ("LNO framework", "/frameworks/lno/"),
    ("foundation sprint", "/frameworks/foundation-sprint/"),
    ("DORA metrics", "/frameworks/dora/"),
    ("four forces", "/frameworks/four-forces/"),
    ("magic loop", "/frameworks/magic-loop/"),
    ("homework for life", "/frameworks/homework-for-life/"),
    ("scaled agile framework", "/frameworks/scaled-agile/"),
]
MAX_QUERY_BYTES = 1_000_000  # issue 14: the first query costs at most 1 MB


def test_corpus_search_finds_frameworks_first_and_costs_under_a_megabyte(
    browser: Browser, corpus_site: BuiltSite, capsys: pytest.CaptureFixture[str]
) -> None:
    missing, costs, times = [], [], []
    with serve(corpus_site.root) as url:
        for query, wanted in FRAMEWORK_QUERIES:
            assert (corpus_site.root / wanted.strip("/") / "index.html").is_file(), wanted
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            try:
                paths, cost, elapsed = search_cost(context.new_page(), url, corpus_site.root, query)
            finally:
                context.close()
            costs.append(cost)
            times.append(elapsed)
            if wanted not in paths[:3]:
                missing.append((query, paths[:3]))
    with capsys.disabled():
        print(
            f"\ncorpus search: first query {max(costs) / 1e6:.2f} MB at most, "
            f"first result {sorted(times)[len(times) // 2]:.2f} s after the last key (median)"
        )
    assert missing == [], "entries not among the first three results"
    assert max(costs) <= MAX_QUERY_BYTES, costs
