"""Every page's clean HTML, memoised, on every core in a cold build.

:func:`finished_page` renders one page (:func:`handbook.html.page.render_page`)
and puts its search fields in front; :func:`render_html` does it for every
page through the memo (:func:`handbook.engine.workers.memo_map`), keyed by
the page's URI, URL style and the digest of its Markdown, graph and fields,
so an unchanged page is never rendered twice and output is byte-identical
whatever the number of processes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace

from ..engine.memo import Memo
from ..engine.workers import memo_map
from ..model import Options, Page
from .page import RenderedPage, render_page


def finished_page(
    markdown: str, src_uri: str, directory_urls: bool, graph: str, fields: str
) -> RenderedPage:
    """One page's clean HTML with its search fields in front."""
    body = render_page(markdown, src_uri, directory_urls, graph)
    return replace(body, html=fields + body.html)


def render_html(
    pages: Sequence[Page], fields: Callable[[Page], str], options: Options, memo: Memo
) -> tuple[dict[str, RenderedPage], int]:
    """Each page's :func:`finished_page`, by source URI, and the processes
    that took.  What the memo lacks (every page, in a cold build) renders
    on every core (:func:`handbook.engine.workers.memo_map`).  The memo holds the
    finished page, so the site's HTML is held once, not once in the memo
    and again with its fields."""
    heads = [fields(p) for p in pages]
    keys = [
        (
            p.src_uri,
            options.directory_urls,
            hashlib.sha1((p.markdown + p.graph + h).encode()).digest(),
        )
        for p, h in zip(pages, heads, strict=True)
    ]
    values, workers = memo_map(
        memo,
        "html",
        keys,
        finished_page,
        [p.markdown for p in pages],
        [p.src_uri for p in pages],
        [options.directory_urls] * len(pages),
        [p.graph for p in pages],
        heads,
    )
    return {p.src_uri: v for p, v in zip(pages, values, strict=True)}, workers
