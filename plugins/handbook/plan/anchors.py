"""Anchors that survive edits: where a reviewer's old ``#fragment`` lands now.

A reviewer pastes ``…/pitfalls/x/#c-1a2b3c4d`` into a review.  Claim
anchors are hashes of the claim's words and section anchors come from
headings, so rewording a claim or renaming a heading retires them, and the
link would silently land at the top of the page.

``handbook permalinks`` records, with each URL, every claim and section
anchor of its page (:func:`page_anchors`): the anchor, the section it sits
in and its words.  Each build then maps every recorded anchor the page no
longer has (:func:`retired`):

1. a claim whose words are still there in other words lands on that claim:
   the current claim of the page most like it (rapidfuzz token-set ratio at
   least :data:`SAME_WORDS`; ties go to the first in reading order);
2. otherwise on its recorded section, if that still exists;
3. otherwise on the heading most like the recorded section's words, else
   the top of the page ("").

The map travels in the page (``data-moved`` on a hidden element, written by
:func:`moved_marker` after the allow-list), and ``handbook.js`` follows it
when the fragment it was opened with names nothing on the page.  Each
retired anchor is also an ``anchor/retired`` hint, so ``handbook check``
and the build log show the contributor what a reworded claim moved.

Invariant: pure functions of the recorded anchors and the page's clean
HTML; results are sorted, so the page's bytes are deterministic.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from rapidfuzz import fuzz

from ..model import Problem
from .permalinks import Registry

SAME_WORDS = 70
WORDS = 200  # characters of a claim's words kept in the registry
_CLAIM = re.compile(r'<span class="hb-claim" id="([^"]+)">(.*?)</span>', re.S)
_HEADING = re.compile(r'<h([2-4]) id="([^"]+)">(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")
# Not words of the claim: permalinks, moments, citation marks, buttons.
_FURNITURE = re.compile(
    r'<a class="(?:headerlink|yt-timestamp)"[^>]*>.*?</a>|<sup[^>]*>.*?</sup>|<button.*?</button>',
    re.S,
)

Anchors = dict[str, list[str]]  # anchor -> [section anchor, words]; a section's own is [id, words]


def _words(fragment: str) -> str:
    text = html.unescape(_TAG.sub(" ", _FURNITURE.sub("", fragment)))
    text = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.lower().split()))
    return text.strip(" .")[:WORDS]


def page_anchors(clean: str) -> Anchors:
    """Every claim and section anchor of a page's clean HTML, in page order,
    with the section each claim sits in and its words."""
    marks = sorted(
        [(m.start(), "h", m.group(2), m.group(3)) for m in _HEADING.finditer(clean)]
        + [(m.start(), "c", m.group(1), m.group(2)) for m in _CLAIM.finditer(clean)]
    )
    found: Anchors = {}
    section = ""
    for _, kind, anchor, inner in marks:
        if kind == "h":
            section = anchor
        found.setdefault(anchor, [section, _words(inner)])
    return found


def retired(recorded: Mapping[str, list[str]], current: Anchors) -> dict[str, str]:
    """Recorded anchor -> where it lands now, for those the page lost."""
    claims = [(a, w) for a, (s, w) in current.items() if a != s and w]
    headings = [(a, w) for a, (s, w) in current.items() if a == s and w]
    moved: dict[str, str] = {}
    for anchor, (section, words) in sorted(recorded.items()):
        if anchor in current:
            continue
        is_section = anchor == section
        pool = headings if is_section else claims
        best = max(
            ((fuzz.token_set_ratio(words, w), -i, a) for i, (a, w) in enumerate(pool)),
            default=(0, 0, ""),
        )
        if words and best[0] >= SAME_WORDS:
            moved[anchor] = best[2]
        elif not is_section and section in current:
            moved[anchor] = section
        else:
            heading = recorded.get(section, ["", ""])[1]
            near = max(
                ((fuzz.token_set_ratio(heading, w), -i, a) for i, (a, w) in enumerate(headings)),
                default=(0, 0, ""),
            )
            moved[anchor] = near[2] if heading and near[0] >= SAME_WORDS else ""
    return moved


def moved_marker(moved: Mapping[str, str]) -> str:
    """The hidden element that carries the map to ``handbook.js``."""
    data = json.dumps(dict(sorted(moved.items())), separators=(",", ":"), ensure_ascii=False)
    return f'<div class="hb-moved" hidden data-moved="{html.escape(data, quote=True)}"></div>'


def follow_anchors(
    registry: Registry, rendered: dict[str, Any], url: Callable[[str], str]
) -> list[Problem]:
    """Pages that lost recorded anchors carry where each lands now
    (:mod:`handbook.plan.anchors`); each is reported as an ``anchor/retired`` hint."""
    by_url = {url(uri): uri for uri in rendered}
    problems: list[Problem] = []
    for page_url_, record in sorted(registry.urls.items()):
        uri = by_url.get(page_url_)
        recorded = record.get("anchors")
        if uri is None or not recorded:
            continue
        body = rendered[uri]
        if body.ids.issuperset(recorded):
            continue  # nothing retired: no need to read the page's anchors
        moved = retired(recorded, page_anchors(body.html))
        if not moved:
            continue
        rendered[uri] = replace(body, html=moved_marker(moved) + body.html)
        for old, new in sorted(moved.items()):
            where = f"#{new}" if new else "the top of the page"
            problems.append(
                Problem(
                    "permalinks.json",
                    0,
                    "anchor/retired",
                    f"/{page_url_}#{old} is gone from the page; old links land on {where}",
                    hint="old links follow it there; if the place is wrong, word it as it was",
                )
            )
    return problems
