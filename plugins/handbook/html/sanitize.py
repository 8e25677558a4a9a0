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

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
}
_ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style"},
    "ol": {"start"},
    "details": {"open"},
    # Task lists' disabled checkboxes and tab sets' radio buttons
    # (handbook.html.mdext): form controls that submit nowhere, since no form is kept.
    "input": {"type", "checked", "disabled", "name"},
    "label": {"for"},
    "div": {"data-tabs"},
}

_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "textarea",
        "title",
        "xmp",
        "noembed",
        "noframes",
        "svg",
        "math",
    },
    attributes=_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
    filter_style_properties={"text-align"},
)


def sanitize_html(html: str) -> str:
    """Return ``html`` with everything outside the allow-list removed."""
    return _CLEANER.clean(html)
