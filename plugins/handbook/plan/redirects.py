"""Redirect pages: an old URL keeps working after its page merged or moved.

Each redirect is a tiny static HTML page at the old URL.  It

* sends browsers on with ``<meta http-equiv="refresh">`` (no JavaScript
  needed) to the new page and the anchor where the old page's content now
  is;
* with JavaScript, keeps a ``#fragment`` the visitor came with, since old
  heading anchors live on as aliases on the new page;
* names the new page in a ``rel="canonical"`` link and a plain link, and
  asks search engines not to index it.

The page depends only on its arguments, so builds stay byte-identical.
"""

from __future__ import annotations

import html
import json
import posixpath


def relative_url(from_url: str, to_url: str) -> str:
    """Relative link between two site-relative page URLs (``a/b/`` style)."""
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    target = posixpath.relpath(to_url or ".", base or ".")
    if to_url.endswith("/") and not target.endswith("/"):
        target += "/"
    return "./" if target == "./" else target


def redirect_html(title: str, from_url: str, to_url: str, anchor: str = "") -> str:
    href = relative_url(from_url, to_url)
    full = href + ("#" + anchor if anchor else "")
    safe_title = html.escape(title)
    script = (
        "var h=location.hash.slice(1);"
        f"location.replace({json.dumps(href)}+'#'+(h||{json.dumps(anchor)}));"
    )
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{safe_title}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{html.escape(href)}">\n'
        f'<meta http-equiv="refresh" content="0; url={html.escape(full)}">\n'
        f"<script>{script}</script>\n"
        "</head>\n<body>\n"
        f'<p>This page is now part of <a href="{html.escape(full)}">{safe_title}</a>.</p>\n'
        "</body>\n</html>\n"
    )
