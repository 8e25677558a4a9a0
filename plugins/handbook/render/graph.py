"""The local graph of a page: it and the pages one link away, as inline SVG.

Quartz, Obsidian Publish and Digital Garden draw a page's neighbourhood;
this draws it at build time, with no JavaScript and no library, so it costs
the reader nothing and is the same bytes on every build.

What a graph holds (:class:`Node` values, chosen by the page builders):
an entry page shows its related entries, the notes it is gathered from and
their videos; a note page shows its video, the entries it feeds, its
related notes and the other notes of its episode.  At most :data:`LIMIT`
nodes of one group are drawn, the strongest first (the builders' order).

Layout, deterministic by construction:

* the page itself at the centre; its neighbours on an ellipse around it,
  evenly spaced clockwise from the top, in group order (entries, notes,
  sources), so nodes of a kind sit together and share a colour;
* a label goes outward from its node (left of the centre it ends at the
  node, right of it it starts there), cut to :data:`LABEL` characters with
  the whole title in the node's ``<title>`` and ``aria-label``;
* every node is a link (``<a href>`` to the page's ``.md`` source path,
  which :func:`handbook.html.page.render_page` turns into the served URL, as it
  does for every other link); the centre links to the page itself;
* colours are CSS classes (``hb-node--framework`` ...) that the stylesheet
  draws from the palette, so both colour schemes work; the ``viewBox``
  scales the drawing to a phone's width.

Invariants: a pure function of its arguments; coordinates are rounded to
one decimal; every text is escaped; the result is ``""`` when a page has
no neighbour (nothing to draw).  The SVG never passes through the notes'
HTML allow-list: only this module writes it, from titles it escapes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ..plan.sitemap import relative_uri

LIMIT = 6
LABEL = 18
WIDTH, HEIGHT = 480, 400
RX, RY = 105, 140
SLOT = '<div class="hb-graph"></div>'  # where the page's Markdown puts it
KIND_NAMES = {
    "framework": "framework",
    "concept": "concept",
    "skill": "skill",
    "pitfall": "pitfall",
    "note": "note",
    "merged": "note",
    "article": "article",
    "source": "source",
    "topic": "topic",
}


@dataclass(frozen=True)
class Node:
    uri: str  # the page's source path (``skills/communication.md``)
    label: str
    kind: str  # a key of KIND_NAMES


def neighbours(*groups: Sequence[Node]) -> list[Node]:
    """The nodes to draw: at most :data:`LIMIT` of each group, in order,
    each page once (the first group that names it keeps it)."""
    seen: set[str] = set()
    chosen: list[Node] = []
    for group in groups:
        taken = 0
        for node in group:
            if node.uri in seen or taken == LIMIT:
                continue
            seen.add(node.uri)
            chosen.append(node)
            taken += 1
    return chosen


def _cut(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL else label[: LABEL - 1].rstrip() + "…"


def _node(page: str, node: Node, x: float, y: float, anchor: str, dy: float) -> str:
    kind = KIND_NAMES.get(node.kind, "note")
    name = escape(f"{node.label} ({kind})")
    href = escape(relative_uri(page, node.uri))
    label = escape(_cut(node.label))
    centre = node.uri == page
    radius = 9 if centre else 6
    dx = 0.0 if anchor == "middle" else (radius + 4) * (1 if anchor == "start" else -1)
    current = ' aria-current="page"' if centre else ""
    return (
        f'<a href="{href}" aria-label="{name}"{current}><title>{name}</title>'
        f'<circle class="hb-node hb-node--{kind}{" hb-node--here" if centre else ""}" '
        f'cx="{x:.1f}" cy="{y:.1f}" r="{radius}"/>'
        f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">{label}</text></a>'
    )


def local_graph(page: str, title: str, kind: str, nodes: Sequence[Node]) -> str:
    """The SVG drawing of ``page`` (its source path) and ``nodes``."""
    if not nodes:
        return ""
    cx, cy = WIDTH / 2, HEIGHT / 2
    edges: list[str] = []
    drawn: list[str] = []
    for i, node in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / len(nodes)
        x, y = cx + RX * math.cos(angle), cy + RY * math.sin(angle)
        edges.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>')
        if abs(x - cx) < 20:  # at the top or bottom: the label above or below
            anchor, dy = "middle", -12.0 if y < cy else 20.0
        else:
            anchor, dy = ("start" if x > cx else "end"), 4.0
        drawn.append(_node(page, node, x, y, anchor, dy))
    centre = _node(page, Node(page, title, kind), cx, cy, "middle", 26.0)
    label = escape(f"Local graph: {len(nodes)} pages one link from {title}")
    kinds = sorted({KIND_NAMES.get(n.kind, "note") for n in (*nodes, Node(page, title, kind))})
    legend = " ".join(
        f'<span class="hb-graph__key"><span class="hb-dot hb-node--{k}"></span>{k}</span>'
        for k in kinds
    )
    return (
        f'<svg class="hb-graph__svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="group" '
        f'aria-label="{label}" xmlns="http://www.w3.org/2000/svg">'
        f'<g class="hb-edges">{"".join(edges)}</g>{"".join(drawn)}{centre}</svg>'
        f'<p class="hb-graph__legend">{legend}</p>'
    )
