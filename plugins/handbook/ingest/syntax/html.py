"""Raw HTML inside notes: an allow-list, applied tag by tag.

Python-Markdown copies raw HTML and ``javascript:`` link targets straight
into the page, so every tag a note contains is classified here:

* **allowed** tags (basic formatting, tables, lists, images, links) are
  rebuilt from scratch with only allow-listed attributes whose values are
  safe; event handlers, ``style`` and unsafe URLs are dropped and reported;
* **dangerous** tags (``script``, ``style``, ``iframe``, ``object`` ...) are
  removed, together with their content when that content is code;
* any **other** tag is shown as literal text, so an author who wrote
  ``<Enter>`` sees exactly that and nothing is lost.

This pass exists to give contributors a warning with a file and line.  The
guarantee comes from :mod:`handbook.html.sanitize`, which cleans the rendered
HTML of every generated page with nh3.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

ALLOWED_TAGS = frozenset(
    {
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
        "ins",
        "kbd",
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
)
# Removed with everything up to their closing tag: their content is code or
# markup that must not be shown as prose.
DROP_WITH_CONTENT = frozenset(
    {
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
        "applet",
        "svg",
        "math",
        "frameset",
    }
)
DROP_TAG = frozenset(
    {
        "link",
        "meta",
        "base",
        "form",
        "input",
        "button",
        "select",
        "option",
        "param",
        "source",
        "track",
        "audio",
        "video",
        "canvas",
        "dialog",
        "frame",
        "portal",
        "body",
        "html",
        "head",
        "marquee",
        "plaintext",
    }
)
VOID_TAGS = frozenset({"br", "hr", "img", "wbr"})
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"title"}),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align"}),
    "ol": frozenset({"start"}),
    "details": frozenset({"open"}),
}
URL_ATTRIBUTES = frozenset({"href", "src"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*)?)>")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def is_safe_url(url: str) -> bool:
    """True for relative URLs and http, https and mailto ones.

    Entities and control characters are removed first, as a browser would,
    so ``java&#115;cript:`` and ``java\\tscript:`` are caught.
    """
    cleaned = _INVISIBLE.sub("", html.unescape(url)).lower()
    match = _SCHEME.match(cleaned)
    return match is None or match.group(1) in SAFE_SCHEMES


@dataclass(frozen=True, slots=True)
class TagVerdict:
    """What to do with one tag: keep ``html``, drop it, or show it as text."""

    action: str  # "keep" | "drop" | "drop-content" | "literal"
    html: str = ""
    removed: tuple[str, ...] = ()


def clean_tag(closing: bool, name: str, attributes: str, raw: str) -> TagVerdict:
    """Classify one tag and, when allowed, rebuild it safely."""
    lower = name.lower()
    if lower in DROP_WITH_CONTENT:
        return TagVerdict("drop" if closing else "drop-content", removed=(f"<{lower}>",))
    if lower in DROP_TAG:
        return TagVerdict("drop", removed=(f"<{lower}>",))
    if lower not in ALLOWED_TAGS:
        return TagVerdict("literal", html=raw)
    if closing:
        return TagVerdict("keep", html=f"</{lower}>")
    allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(lower, frozenset())
    kept: list[str] = []
    removed: list[str] = []
    for match in _ATTRIBUTE.finditer(attributes):
        key = match.group(1).lower()
        value = next((g for g in match.groups()[1:] if g is not None), None)
        if key not in allowed:
            if key.startswith("on") or key in {"style", "srcdoc", "formaction"}:
                removed.append(f"{key}=")
            continue
        if key in URL_ATTRIBUTES and (value is None or not is_safe_url(value)):
            removed.append(f"{key}={value!r}")
            continue
        if value is None:
            kept.append(key)
        else:
            kept.append(f'{key}="{html.escape(html.unescape(value), quote=True)}"')
    rebuilt = "<" + lower + "".join(" " + item for item in kept) + ">"
    return TagVerdict("keep", html=rebuilt, removed=tuple(removed))
