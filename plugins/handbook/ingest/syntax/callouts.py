"""Obsidian callout headers → Material admonition types.

``> [!type]±  Title`` opens a callout.  The type is matched in any letter
case against Obsidian's types and aliases, each mapped to the Material
admonition that looks the same.  An unknown type (``PRO TIP``,
``definition``) becomes a ``note`` that keeps its own name as the title and
as an extra CSS class, so nothing the author wrote disappears.

``[!type|metadata]`` is Obsidian's way to pass metadata to a theme; the
notes use it as a title (``[!NOTE|Human in the Loop]``), so the metadata is
the title when the header has none.  Callers find headers both after ``>``
and, for bare callouts (:mod:`handbook.ingest.syntax.blocks`), at a paragraph's
start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ...text.slugs import slugify

CALLOUT_HEADER = re.compile(r"\[!([^\]\n]*)\]([+-]?)(?:[ \t]+(.*?))?[ \t]*")

# Obsidian type or alias → Material admonition type.
ADMONITION_TYPES: dict[str, str] = {
    "note": "note",
    "abstract": "abstract",
    "summary": "abstract",
    "tldr": "abstract",
    "info": "info",
    "todo": "info",
    "tip": "tip",
    "hint": "tip",
    "important": "tip",
    "success": "success",
    "check": "success",
    "done": "success",
    "question": "question",
    "help": "question",
    "faq": "question",
    "warning": "warning",
    "caution": "warning",
    "attention": "warning",
    "failure": "failure",
    "fail": "failure",
    "missing": "failure",
    "danger": "danger",
    "error": "danger",
    "bug": "bug",
    "example": "example",
    "quote": "quote",
    "cite": "quote",
}


@dataclass(frozen=True, slots=True)
class CalloutHeader:
    kind: str
    raw_kind: str
    fold: Literal["", "+", "-"]
    title: str


def admonition_classes(raw_kind: str) -> str:
    """``tip`` for a known type; ``note callout-pro-tip`` for an unknown one."""
    kind = ADMONITION_TYPES.get(raw_kind.lower())
    if kind is not None:
        return kind
    return "note callout-" + slugify(raw_kind, fallback="custom")


def default_title(raw_kind: str) -> str | None:
    """The title Obsidian shows for an untitled callout of an unknown type.

    Known types return ``None``: Material's own default title matches.
    """
    if raw_kind.lower() in ADMONITION_TYPES:
        return None
    words = " ".join(raw_kind.split()) or "Note"
    return words[0].upper() + words[1:].lower()


def parse_callout_header(line: str) -> CalloutHeader | None:
    """Parse the first line of a blockquote; ``None`` if it is no callout."""
    match = CALLOUT_HEADER.fullmatch(line.strip())
    if match is None:
        return None
    kind_text, _, metadata = match.group(1).partition("|")
    raw_kind = " ".join(kind_text.split())
    fold = match.group(2)
    return CalloutHeader(
        kind=ADMONITION_TYPES.get(raw_kind.lower(), "note"),
        raw_kind=raw_kind,
        fold="+" if fold == "+" else "-" if fold == "-" else "",
        title=(match.group(3) or "").strip() or " ".join(metadata.split()),
    )
