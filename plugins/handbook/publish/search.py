"""Site search: a Pagefind index of the built site, served from the site.

Why Pagefind rather than Material's search plugin: that plugin writes one
``search_index.json`` that every reader downloads whole before the first
result (25 MB for the shared corpus, ten seconds here; hundreds of MB for
a whole wiki), and it re-parses every page's HTML in the build.  Pagefind
(the ``pagefind[extended]`` wheel ships its binary, so nothing is
installed by hand) splits its index into fragments that a query fetches
as needed: about 0.4 MB for a query on the corpus site.  Everything it
writes lives under ``site/pagefind/``: no CDN, no third-party request.

Algorithm:

1. every page's HTML opens with what Pagefind reads about it
   (:func:`search_fields`): its kind (framework, concept, skill, pitfall,
   note, topic, source ...) as a filter and as metadata for the result
   line, and the channels its notes come from as a filter;
2. after MkDocs has written the site, :func:`index_site` runs the binary
   over it, indexing only each page's article (``ROOT_SELECTOR``: the
   navigation, table of contents and footer are on every page and would
   match every query) into ``site/pagefind/``.

Invariants: the index is a pure function of the site's HTML (Pagefind
sorts what it reads; the determinism test compares two builds byte for
byte); a failure to index is reported, never raised, so a reader still
gets the site; the fields are plain attributes with escaped values.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

OUTPUT = "pagefind"
ROOT_SELECTOR = "article.md-content__inner"
# Permalink pilcrows, the copy-link buttons and the local graph (a drawing
# of other pages' titles and a legend) are not words of the page.
EXCLUDE = (".headerlink", ".hb-copy", ".md-source-file", ".hb-graph")
KIND_LABELS = {
    "framework": "Framework",
    "concept": "Concept",
    "skill": "Skill",
    "pitfall": "Pitfall",
    "note": "Note",
    "article": "Note",
    "merged": "Note",
    "topic": "Topic",
    "video": "Source",
    "article-source": "Source",
    "source": "Channel",
    "index": "Index",
}


@dataclass(frozen=True)
class Indexed:
    """What indexing the site did: pages, seconds, bytes written, or why not."""

    pages: int
    seconds: float
    size: int
    error: str = ""


def search_fields(kind: str, channels: Iterable[str] = ()) -> str:
    """The hidden elements that tell Pagefind a page's kind and channels."""
    label = KIND_LABELS.get(kind, kind.title() if kind else "Page")
    value = html.escape(label, quote=True)
    spans = [f'<span data-pagefind-filter="kind:{value}" data-pagefind-meta="kind:{value}"></span>']
    for channel in sorted(set(channels)):
        name = html.escape(channel, quote=True)
        spans.append(f'<span data-pagefind-filter="channel:{name}"></span>')
    return "<div hidden>" + "".join(spans) + "</div>\n"


def command(site_dir: Path) -> list[str]:
    """The Pagefind command line that indexes ``site_dir``."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        OUTPUT,
        "--root-selector",
        ROOT_SELECTOR,
        *(arg for selector in EXCLUDE for arg in ("--exclude-selectors", selector)),
        "--force-language",
        "en",
        "--silent",
    ]


def index_site(site_dir: Path) -> Indexed:
    """Index the built site into ``site_dir/pagefind`` (see the module docstring)."""
    target = site_dir / OUTPUT
    shutil.rmtree(target, ignore_errors=True)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command(site_dir), capture_output=True, text=True, check=False, timeout=3600
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return Indexed(0, time.perf_counter() - started, 0, str(error))
    seconds = time.perf_counter() - started
    if done.returncode != 0 or not (target / "pagefind.js").is_file():
        message = (done.stderr or done.stdout).strip().splitlines()
        return Indexed(0, seconds, 0, message[-1] if message else f"exit {done.returncode}")
    pages = sum(1 for _ in (target / "fragment").glob("*.pf_fragment"))
    size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    return Indexed(pages, seconds, size)
