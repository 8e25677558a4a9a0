"""Browser helpers: serve a built site on localhost and drive Debian's Chromium.

Chromium is installed by ``make test`` (Debian package ``chromium``); these
helpers fail loudly rather than skip when it is missing, so CI cannot pass
without running the browser tests.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free localhost port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def search_cost(page: Page, url: str, root: Path, query: str) -> tuple[list[str], int, float]:
    """Open search on the home page and run ``query``: the first results'
    paths, the bytes the browser fetched from opening the dialog to the first
    result (read off the files served, which the server sends uncompressed),
    and the seconds from the last keystroke to the first result."""
    page.goto(url + "/")
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.keyboard.press("/")
    page.get_by_role("dialog", name="Search the handbook").wait_for(timeout=10_000)
    page.keyboard.type(query, delay=20)
    typed = time.perf_counter()
    results = page.locator(".pagefind-ui__result > div > .pagefind-ui__result-title a")
    results.first.wait_for(timeout=15_000)
    elapsed = time.perf_counter() - typed
    page.wait_for_timeout(500)  # the rest of the first page of results
    paths = [urlparse(h or "").path for h in results.evaluate_all("as => as.map(a => a.href)")]
    return paths, sum(served_size(root, u) for u in fetched), elapsed


def served_size(root: Path, url: str) -> int:
    """Bytes of the file ``url`` serves from ``root``."""
    file = root / unquote(urlparse(url).path).lstrip("/")
    if file.is_dir():
        file = file / "index.html"
    return file.stat().st_size if file.is_file() else 0
