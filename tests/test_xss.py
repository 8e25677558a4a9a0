"""Untrusted notes run no one's script: 65 vectors, checked statically and in
Chromium.

The vault of :mod:`xss` plants one vector per note, in every place a
contributor controls.  The static check parses every HTML file of the built
site and rejects any event-handler attribute, script URL, unexpected script
or active element.  The browser check opens every page in headless
Chromium with a dialog listener, and searches for the payloads, whose results
Pagefind renders as HTML excerpts: no ``alert`` may fire.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import serve
from helpers import BuiltSite, build_site
from xss import VECTORS, write_vault

SEARCH_DONE = """() => {
    const message = document.querySelector(".pagefind-ui__message");
    return message !== null && /result/i.test(message.textContent);
}"""
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
# Material's search box is a <form>; its action, like every URL, is checked.
ACTIVE = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "meta"}
# What the theme itself loads; any other script is a note's.
THEME_SCRIPT = re.compile(
    r"(assets/javascripts/|assets/handbook/(?:handbook|preview|search)\.js|mathjax|polyfill)"
)


class Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=...>")
            if name == "srcdoc":
                self.findings.append(f"<{tag} srcdoc>")
            if name in URL_ATTRIBUTES:
                squeezed = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
                if squeezed.startswith(("javascript:", "vbscript:", "data:text", "data:app")):
                    self.findings.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "url(" in value.lower() and "javascript" in value.lower():
                self.findings.append(f"<{tag} style={value!r}>")
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            return  # redirect pages for moved URLs; their targets are checked above
        if tag in ACTIVE and not (tag == "meta" and "http-equiv" not in dict(attrs)):
            self.findings.append(f"<{tag}>")
        if tag == "script":
            source = dict(attrs).get("src") or ""
            if source and not THEME_SCRIPT.search(source):
                self.findings.append(f"<script src={source!r}>")
            self._script = "" if not source else None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if "alert" in self._script or "msgbox" in self._script:
                self.findings.append(f"<script>{self._script[:60]!r}")
            self._script = None


def audit(page: str) -> list[str]:
    parser = Audit()
    parser.feed(page)
    parser.close()
    return parser.findings


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    tmp = tmp_path_factory.mktemp("xss")
    site = build_site(write_vault(tmp / "notes"), tmp / "site")
    assert site.returncode == 0, site.log[-3000:]
    return site


def test_there_are_at_least_forty_vectors() -> None:
    assert len(VECTORS) >= 40
    assert {v.place for v in VECTORS} >= {
        "html", "markdown", "label", "callout-title", "title", "alias", "filename",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("snippet", "bad"),
    [
        ('<a href="javascript:alert(1)">', True),
        ('<a href=" JaVa&#x09;script:alert(1)">', True),
        ('<img src="x" onerror="alert(1)">', True),
        ("<iframe srcdoc=x>", True),
        ("<script>alert(1)</script>", True),
        ('<script src="https://evil.example/x.js"></script>', True),
        ('<a href="https://www.youtube.com/watch?v=x&t=1s">', False),
        ('<script src="../assets/javascripts/bundle.js"></script>', False),
        ("<p>alert(1) as text is fine</p>", False),
    ],
)
def test_the_audit_itself(snippet: str, bad: bool) -> None:
    assert bool(audit(snippet)) is bad


def test_no_handler_script_url_or_active_element_survives(xss_site: BuiltSite) -> None:
    findings = {}
    for path in xss_site.html_files():
        found = audit(path.read_text(encoding="utf-8"))
        if found:
            findings[str(path.relative_to(xss_site.root))] = found
    assert findings == {}


def test_every_vector_note_is_published_and_reported(xss_site: BuiltSite) -> None:
    """Sanitising removes the script, not the note: each has its page."""
    pages = [p for p in xss_site.export()["pages"] if p["kind"] == "note"]
    assert len(pages) == len(VECTORS)
    assert len(xss_site.warnings("html/unsafe")) >= 20, xss_site.log[-2000:]


@pytest.mark.browser
def test_no_dialog_fires_in_chromium(xss_site: BuiltSite, browser: Browser) -> None:
    urls = sorted(
        "/" + str(p.relative_to(xss_site.root).parent) + "/"
        for p in Path(xss_site.root).rglob("index.html")
    )
    dialogs: list[str] = []
    errors: list[str] = []
    # The session's Chromium: a second Playwright in one worker thread fails.
    with serve(xss_site.root) as base:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        for url in urls:
            page.goto(base + url.replace("/./", "/"), wait_until="load")
            page.wait_for_timeout(30)
        # Search results are rendered from the index as HTML: query the payloads.
        page.goto(base + "/", wait_until="load")
        found = 0
        page.keyboard.press("/")
        search = page.locator(".pagefind-ui__search-input")
        search.wait_for(timeout=30_000)
        for query in ("onerror", "alert", "script", "svg onload", "javascript"):
            search.fill("")
            search.press_sequentially(query, delay=20)
            page.wait_for_function(SEARCH_DONE, timeout=90_000)
            page.wait_for_timeout(300)
            found += page.locator(".pagefind-ui__result").count()
        page.close()
        assert found > 0
    assert len(urls) > len(VECTORS)
    assert dialogs == []
    assert errors == []
