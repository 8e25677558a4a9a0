"""Names, keys and slugs: the three ways the handbook spells one thing.

* A **key** decides whether two spellings name the same thing.  It follows
  the corpus's own file-naming rule (lower case, punctuation dropped) and
  then treats runs of space, ``_`` and ``-`` as one separator, so
  ``Role of Product Managers`` and ``role_of_product_managers`` meet.
* A **slug** is the URL-safe form of a key: accents folded, runs of
  anything that is not a letter or digit turned into one ``-``.
* A **readable title** is what a reader sees for a name that has no
  title of its own: ``impact_in_product_management`` becomes
  ``Impact in product management``.

All three are pure, total functions: any string, including an empty one
or one made of invisible characters, gives a usable result.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_PUNCTUATION = re.compile(r"[^\w\s-]+")
_SEPARATORS = re.compile(r"[\s_-]+")
_NOT_ALNUM = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    """NFKD-decompose and drop combining marks and invisible format chars."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) not in {"Mn", "Cf", "Cc"})


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The matching key of a note name, link target or title."""
    folded = _PUNCTUATION.sub("", _fold(name).lower())
    return _SEPARATORS.sub("_", folded).strip("_")


def slugify(text: str, fallback: str = "") -> str:
    """A lower-case, hyphen-separated slug; never empty.

    Text with no letters or digits (``"???"``, or only invisible marks) gets
    a short stable hash so that distinct inputs keep distinct slugs.
    """
    slug = _NOT_ALNUM.sub("-", _fold(text).lower()).strip("-")
    if slug:
        return slug
    if fallback:
        return fallback
    return "x-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def readable_title(name: str) -> str:
    """Turn a snake_case or Title Case name into sentence-style text.

    Names written with spaces keep their own capitals; snake_case names are
    lower case by construction, so only their first letter is raised.
    """
    text = name.strip()
    if "_" in text and " " not in text:
        text = text.replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return "Untitled"
    return text[0].upper() + text[1:]


def heading_anchor(text: str, taken: set[str]) -> str:
    """A unique heading id on one page, recording it in ``taken``.

    Duplicates get ``_1``, ``_2`` ... like Python-Markdown's ``toc``.
    """
    base = slugify(text, fallback="section")
    anchor = base
    n = 0
    while anchor in taken:
        n += 1
        anchor = f"{base}_{n}"
    taken.add(anchor)
    return anchor
