"""Crawl a built site: every internal ``href``/``src`` must land on a file,
and every ``#fragment`` on an element with that id."""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

_REF = re.compile(r'\s(?:href|src)="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')


@dataclass(frozen=True)
class Broken:
    page: str
    href: str
    reason: str


def _target_file(root: Path, page: Path, path: str) -> Path:
    # Root-absolute paths (the 404 page uses them) are relative to the site root.
    base = "" if path.startswith("/") else page.parent.relative_to(root).as_posix()
    path = path.lstrip("/")
    joined = posixpath.normpath(posixpath.join(base, unquote(path))) if path else ""
    target = root / joined if joined not in ("", ".") else root
    if target.is_dir():
        target = target / "index.html"
    return target


@cache
def _ids(file: Path) -> frozenset[str]:
    return frozenset(html.unescape(i) for i in _ID.findall(file.read_text(encoding="utf-8")))


def crawl(root: Path, pages: list[Path] | None = None) -> tuple[int, list[Broken]]:
    """Check every internal reference of ``pages`` (default: all HTML)."""
    checked = 0
    broken: list[Broken] = []
    for page in pages or sorted(root.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for raw in _REF.findall(text):
            href = html.unescape(raw)
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "data:")):
                continue
            checked += 1
            target = _target_file(root, page, parts.path) if parts.path else page
            name = page.relative_to(root).as_posix()
            if not target.is_file():
                broken.append(Broken(name, href, "missing page"))
            elif parts.fragment and target.suffix == ".html":
                fragment = unquote(parts.fragment)
                if fragment not in _ids(target) and not fragment.startswith("__"):
                    broken.append(Broken(name, href, "missing anchor"))
    return checked, broken
