"""The last line of defence: an allow-list clean of every generated page.

Python-Markdown copies raw HTML and ``javascript:`` URLs into its output,
and the per-tag filter in :mod:`handbook.ingest.syntax.html` only exists to give
contributors warnings with line numbers.  What guarantees that no script
from a note reaches the site is this pass: the rendered body of every
generated page goes through nh3 (Rust's *ammonia*), an HTML5-parsing
allow-list sanitiser.  A maintained parser-based sanitiser is used rather
than regular expressions because browsers' parsing quirks are exactly what
hand-written filters miss.

The allow-list covers what Python-Markdown and its extensions emit for the
handbook (admonitions, details, tables with alignment, highlighted code,
math, footnotes, heading permalinks, task lists, tabs, definition lists)
and nothing that runs code.
"""

from __future__ import annotations

import nh3

from ..ingest.syntax.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, DROP_WITH_CONTENT, SAFE_SCHEMES

# One allow-list: what a note may contain (:mod:`handbook.ingest.syntax.html`,
# which warns with line numbers) and, added here, only what the renderer and
# the Material extensions themselves emit.
EMITTED_TAGS = frozenset({"input", "label"})  # task lists' checkboxes, tabs' radios
EMITTED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"class", "id"}),
    "img": frozenset({"loading"}),
    "td": frozenset({"style"}),  # text-align only (filter_style_properties)
    "th": frozenset({"style"}),
    # Task lists' disabled checkboxes and tab sets' radio buttons
    # (handbook.html.mdext): form controls that submit nowhere, since no form is kept.
    "input": frozenset({"type", "checked", "disabled", "name"}),
    "label": frozenset({"for"}),
    "div": frozenset({"data-tabs"}),
}
_TAGS = set(ALLOWED_TAGS | EMITTED_TAGS)
_ATTRIBUTES = {
    tag: set(ALLOWED_ATTRIBUTES.get(tag, frozenset()) | EMITTED_ATTRIBUTES.get(tag, frozenset()))
    for tag in sorted(ALLOWED_ATTRIBUTES.keys() | EMITTED_ATTRIBUTES.keys())
}

_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes=_ATTRIBUTES,
    url_schemes=set(SAFE_SCHEMES),
    link_rel=None,
    strip_comments=True,
    filter_style_properties={"text-align"},
)


def sanitize_html(html: str) -> str:
    """Return ``html`` with everything outside the allow-list removed."""
    return _CLEANER.clean(html)
