"""Obsidian wikilinks: ``[[target#heading^block|label]]`` and ``![[embed]]``.

:func:`parse_wikilink` splits the text between the brackets:

1. the label follows the first ``|`` (or ``\\|``, as written inside tables);
2. ``#`` starts a heading, or a block reference when followed by ``^``;
   Obsidian's nested ``#A#B`` keeps the last heading;
3. ``^`` directly after the name (``x^block``) is also a block reference.

A link with no target and no heading (``[[]]``, ``[[ | x]]``) is malformed:
the function returns an error message instead of a :class:`WikiLink`.
Targets that look like paths or URLs are kept as written; ``links``
decides what they may point to.
"""

from __future__ import annotations

import re

from ...model import WikiLink

WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]*)\]\]")
_LABEL_SPLIT = re.compile(r"\\?\|")
_TIMESTAMP_TARGET = re.compile(r"\d{1,2}(?::\d{1,2}){1,3}:?\]?")


def parse_wikilink(
    inner: str, *, embed: bool = False, line: int = 0, col: int = 0
) -> WikiLink | str:
    """Parse the text between ``[[`` and ``]]``; a ``str`` result is an error."""
    raw = ("!" if embed else "") + f"[[{inner}]]"
    parts = _LABEL_SPLIT.split(inner, maxsplit=1)
    destination = parts[0].strip()
    label = parts[1].strip() if len(parts) == 2 else None
    target, _, anchor = destination.partition("#")
    target = target.strip()
    heading: str | None = None
    block: str | None = None
    if anchor:
        pieces = [p.strip() for p in anchor.split("#") if p.strip()]
        last = pieces[-1] if pieces else ""
        if last.startswith("^"):
            block = last[1:].strip() or None
        elif last:
            heading = last
    if "^" in target and block is None and heading is None:
        target, _, block_id = target.partition("^")
        target = target.strip()
        block = block_id.strip() or None
    if not target and heading is None and block is None:
        return "empty link target" if not inner.strip() else "link has no target before '|'"
    return WikiLink(
        target=target,
        heading=heading,
        block=block,
        label=label or None,
        embed=embed,
        line=line,
        col=col,
        raw=raw,
    )


def is_timestamp_target(link: WikiLink) -> bool:
    """``[[00:06:11]]``: a timestamp written as a link."""
    return (
        link.heading is None
        and link.block is None
        and _TIMESTAMP_TARGET.fullmatch(link.target) is not None
    )
