"""Shared test helpers: paths, building sites, rendering Markdown like MkDocs."""

from __future__ import annotations

import importlib
import os
import posixpath
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import markdown
import yaml

from handbook.publish.export import INDEX, TABLES, read_export

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "tubegraph"
SEEDS = REPO / "source_notes"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VAULT = FIXTURES / "vault"
# Pagefind writes its filter and metadata indexes in an order that varies
# from run to run (upstream Pagefind/pagefind#638: fragments are stable
# since 1.3, "filter/metadata indexes" not yet); their names are hashes of
# that order, and pagefind-entry.json names the metadata file. Everything
# else, every page fragment included, is compared byte for byte.
UNSTABLE_SEARCH_FILES = re.compile(
    r"^pagefind/(?:filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)$"
)
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    log: str
    returncode: int

    def page(self, url_path: str) -> str:
        """HTML of the page served at ``url_path`` (``/notes/x/``)."""
        path = self.root / url_path.strip("/")
        if not url_path.endswith(".html"):
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def follow(self, url_path: str) -> tuple[str, str, str]:
        """Follow redirect pages from ``url_path``: final URL, anchor, HTML."""
        anchor = ""
        for _ in range(5):
            html = self.page(url_path)
            match = _REFRESH.search(html)
            if match is None:
                return url_path, anchor, html
            target, _, anchor = match.group(1).partition("#")
            url_path = posixpath.normpath(posixpath.join(url_path, target)) + "/"
        raise AssertionError(f"redirect loop at {url_path}")

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def export(self) -> dict[str, Any]:
        return read_export(self.root)

    def export_files(self) -> dict[str, bytes]:
        """The export's files (``handbook.json`` and ``handbook/*.jsonl``)."""
        paths = [self.root / INDEX, *sorted((self.root / TABLES).glob("*.jsonl"))]
        return {p.relative_to(self.root).as_posix(): p.read_bytes() for p in paths}

    def warnings(self, rule: str | None = None) -> list[str]:
        """Findings the build logged (warnings and errors), of ``rule`` if given."""
        lines = [line for line in self.log.splitlines() if line.startswith(("WARNING", "ERROR"))]
        if rule is not None:
            lines = [line for line in lines if f"[{rule}]" in line]
        return lines


def config_copy(folder: Path, docs: Path = REPO / "docs", site_url: str = "") -> Path:
    """The repository's mkdocs.yml, written to ``folder`` with an absolute
    ``docs_dir`` (and a ``site_url`` when given), so a test can vary them."""
    text = (REPO / "mkdocs.yml").read_text().replace("docs_dir: docs", f"docs_dir: {docs}")
    config = folder / "mkdocs.yml"
    config.write_text(f"site_url: {site_url}\n{text}" if site_url else text)
    return config


def build_site(
    source: Path,
    out: Path,
    *,
    strict: bool = False,
    config: Path | None = None,
    env: dict[str, str] | None = None,
) -> BuiltSite:
    """Run ``mkdocs build`` in a subprocess, as a user would."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-f",
        str(config or REPO / "mkdocs.yml"),
        "-d",
        str(out),
    ]
    if strict:
        command.append("--strict")
    full_env = {
        **os.environ,
        "HANDBOOK_SOURCE_DIR": str(source),
        "NO_MKDOCS_2_WARNING": "1",
        **(env or {}),
    }
    done = subprocess.run(
        command, capture_output=True, text=True, env=full_env, cwd=REPO, check=False
    )
    return BuiltSite(out, done.stdout + done.stderr, done.returncode)


@cache
def _mkdocs_extensions() -> tuple[list[object], dict[str, object]]:
    """The Markdown extensions mkdocs.yml configures, to render like the site."""

    class _Loader(yaml.SafeLoader):
        pass

    def python_name(loader: yaml.Loader, suffix: str, node: yaml.Node) -> object:
        module, _, name = suffix.rpartition(".")
        return getattr(importlib.import_module(module), name)

    _Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", python_name)
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=_Loader)
    names: list[object] = []
    options: dict[str, object] = {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, value),) = entry.items()
            names.append(name)
            options[name] = value or {}
        else:
            names.append(entry)
    return names, options


def markdown_to_html(text: str) -> str:
    names, options = _mkdocs_extensions()
    return markdown.markdown(text, extensions=names, extension_configs=options)


def strip_front_matter(page_markdown: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", page_markdown, flags=re.S)


_REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def article_html(page_html: str) -> str:
    """The page body Material wraps in ``<article>``: what the notes produced."""
    match = _ARTICLE.search(page_html)
    assert match, "page has no article"
    return match.group(1)


def own_content(page_html: str) -> str:
    """The page body without its "Referenced by" section, which quotes other pages."""
    body = article_html(page_html)
    cut = body.find('id="referenced-by"')
    return body if cut < 0 else body[: body.rfind("<h2", 0, cut)]


def note_url(relative_path: str) -> str:
    """The URL a corpus note should get: folder and name slugged, independently
    of the handbook's own slug code (the corpus names are ASCII)."""
    parts = relative_path.rsplit(".", 1)[0].split("/")
    return (
        "/notes/" + "/".join(re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts) + "/"
    )


# A timestamp anchor: class yt-timestamp (sometimes misspelt) or a data-t attribute.
TIMESTAMP_TAG = re.compile(
    r"<a\b(?=(?:[^<>]|(?<=yt)>)*(?:\byt[-_>=]|data-t\s*=))((?:[^<>]|(?<=yt)>)*)>([^<]*)(?:</a>)?"
)
DATA_T = re.compile(r'data-t="([^"]*)"')
WELL_FORMED = re.compile(r"(?:(\d{1,2}):)?(\d{2}):(\d{2})|(\d{1,2}):(\d{2})")


def seconds(value: str) -> int | None:
    """Independent reading of a well-formed time; ``None`` when malformed."""
    m = re.fullmatch(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})", value.strip())
    if not m:
        return None
    h, mi, s = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
    if s > 59 or (m.group(1) is not None and (mi > 59 or len(m.group(2)) != 2)):
        return None
    return h * 3600 + mi * 60 + s


BARE = re.compile(r"(?<![\[>])\[(\d{1,2}:\d{2}(?::\d{2})?)\](?![\](])")


FENCE = re.compile(r"^ {0,3}```.*?^ {0,3}```[ \t]*$", re.M | re.S)
CODE_SPAN = re.compile(r"`[^`\n]+`")


def without_code(text: str) -> str:
    """Blank out fenced code and code spans, keeping line numbers."""
    blank = lambda m: re.sub(r"[^\n]", " ", m.group())  # noqa: E731
    return CODE_SPAN.sub(blank, FENCE.sub(blank, text))


def expected_stamps(text: str) -> tuple[Counter[int], list[int]]:
    """Seconds of every well-formed timestamp outside code, and lines of malformed ones."""
    text = without_code(text)
    good: Counter[int] = Counter()
    bad_lines: list[int] = []
    for match in TIMESTAMP_TAG.finditer(text):
        value = DATA_T.search(match.group(1))
        line = text.count("\n", 0, match.start()) + 1
        if value is None or seconds(value.group(1)) is None:
            bad_lines.append(line)
        else:
            good[seconds(value.group(1))] += 1  # type: ignore[index]
    for match in BARE.finditer(TIMESTAMP_TAG.sub("", text)):
        value = seconds(match.group(1))
        if value is not None:
            good[value] += 1
    return good, bad_lines
