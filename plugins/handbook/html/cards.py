"""Link cards: each page's own description, for search engines and for
the card a chat or document shows when a reviewer pastes its URL.

Every page once carried the site's description, so every pasted link
looked the same.  A page's description is now what the page itself says
first (:func:`page_description`):

1. its first claim (``<span class="hb-claim">``): an entry's definition,
   a note's opening statement, a topic hub's first quoted passage;
2. else its lede or first ordinary paragraph after the title (index and
   home pages, source pages without claims);
3. else nothing, and the site's description stands.

The text is plain: timestamps, citation marks and markup go, whitespace
collapses, and it is cut at a word boundary near :data:`LENGTH` characters
with an ellipsis.  The template (``overrides/main.html``) escapes it into
``<meta name="description">`` and the ``og:``/``twitter:`` tags.

Invariant: a pure function of the page's clean HTML (already sanitised),
so it is deterministic and needs nothing from MkDocs.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

LENGTH = 160
CHUNK = 4096
READ = 65536
_SKIP_CLASSES = frozenset({"yt-timestamp", "headerlink", "hb-src", "hb-copy", "hb-byline"})
_SKIP_TAGS = frozenset({"sup", "script", "style", "button", "h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "wbr", "source"})


class _Reader(HTMLParser):
    """The text of the first claim, and of the first paragraph, of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []  # (tag, role) of open elements
        self.claim: list[str] = []
        self.paragraph: list[str] = []
        self.claim_done = self.paragraph_done = False
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        role = ""
        if "hidden" in values or tag in _SKIP_TAGS or classes & _SKIP_CLASSES:
            role = "skip"
        elif "hb-claim" in classes and not self.claim_done:
            role = "claim"
        elif tag == "p" and not self.paragraph_done:
            role = "paragraph"
        self.stack.append((tag, role))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, role = self.stack.pop()
            if role == "claim" and self.claim:
                self.claim_done = True
            if role == "paragraph" and self.paragraph:
                self.paragraph_done = True
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        roles = {role for _, role in self.stack}
        if "skip" in roles:
            return
        if "claim" in roles and not self.claim_done:
            self.claim.append(data)
        if "paragraph" in roles and not self.paragraph_done:
            self.paragraph.append(data)


def shorten(text: str, length: int = LENGTH) -> str:
    """``text`` as one line of at most about ``length`` characters."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)  # "said it ." once a timestamp is gone
    # A claim after a bold lead ("**Communicate:** Work on ...") opens with
    # the lead's colon once the lead itself is gone.
    text = re.sub(r"^[\s:;,]+", "", text)
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    space = cut.rfind(" ")
    if space > length // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def page_description(html: str) -> str:
    """The description of a page (see the module docstring); ``""`` if none."""
    reader = _Reader()
    # What a page says first is near its top: read it a piece at a time and
    # stop at the first claim (or after READ characters), not the whole page:
    # a long page's HTML is a few hundred kilobytes.
    for start in range(0, min(len(html), READ), CHUNK):
        reader.feed(html[start : start + CHUNK])
        if reader.claim_done:
            break
    reader.close()
    for found in (reader.claim, reader.paragraph):
        text = shorten("".join(found))
        if len(text) >= 20:
            return text
    return ""
