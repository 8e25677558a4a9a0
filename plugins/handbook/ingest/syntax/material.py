"""Two Material extensions' block syntaxes in notes: tabs and definition lists.

* **Tabs** (pymdownx.tabbed): ``=== "Title"`` and the lines under it that are
  blank or indented four spaces become a :data:`~handbook.model.TAB`
  callout, a titled container every walker of callouts already reads;
  ``===+`` marks the chosen tab (``fold`` ``"+"``) and ``===!`` a new set
  (``"-"``).
* **Definition lists** (def_list): a one-line term followed, after at most
  one blank line, by ``:   definition`` lines becomes a
  :class:`~handbook.model.ListBlock` with ``definition`` set: each item's
  ``inline`` is the term and its children are the definitions' blocks.  A
  definition runs on over lazy lines and over lines indented four spaces.

:mod:`.blocks` calls in here at a block's start; both keep its invariant:
every non-blank line ends up in exactly one block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from ...model import TAB, Block, Callout, ListBlock, ListItem
from .inline import SrcLine
from .inline import blank as _blank
from .inline import indent as _indent
from .inline import shift as _shift

if TYPE_CHECKING:
    from .blocks import BlockParser

TAB_OPENER = re.compile(r' {0,3}===([+!]?)[ \t]+"(.*)"[ \t]*')
_DEFINITION = re.compile(r" {0,3}:[ \t]+(?=\S)")


def indented_body(lines: Sequence[SrcLine], i: int) -> tuple[list[SrcLine], int]:
    """The lines from ``i`` that are blank or indented four spaces, shifted
    left by four; trailing blank lines stay outside."""
    end = i
    while end < len(lines) and (_blank(lines[end].text) or _indent(lines[end].text) >= 4):
        end += 1
    while end > i and _blank(lines[end - 1].text):
        end -= 1
    return [_shift(line, min(4, len(line.text))) for line in lines[i:end]], end


def tab(
    parser: BlockParser, lines: Sequence[SrcLine], i: int, match: re.Match[str]
) -> tuple[Block, int]:
    """One tab: its title and the body indented under it."""
    head = lines[i]
    title = None
    if match.group(2).strip():
        title = parser.inline([SrcLine(head.no, head.col + match.start(2), match.group(2))])
    body, end = indented_body(lines, i + 1)
    # "+" selects the tab, "!" starts a new set: kept as the fold mark.
    fold: Literal["", "+", "-"] = {"+": "+", "!": "-"}.get(match.group(1), "")  # type: ignore[assignment]
    children = parser.parse(body, nested=True)
    return Callout(TAB, TAB, title, fold, children, head.no), end


def definition_follows(lines: Sequence[SrcLine], i: int) -> bool:
    """Whether line ``i`` is a term: the next line, or the one after a
    single blank line, opens a definition."""
    for j in (i + 1, i + 2):
        if j >= len(lines):
            return False
        if _DEFINITION.match(lines[j].text) and _indent(lines[j].text) < 4:
            return True
        if not _blank(lines[j].text):
            return False
    return False


def definitions(parser: BlockParser, lines: Sequence[SrcLine], i: int) -> tuple[Block, int]:
    """The definition list whose first term is line ``i``."""
    start = lines[i].no
    items: list[ListItem] = []
    while i < len(lines) and definition_follows(lines, i):
        term = _shift(lines[i], _indent(lines[i].text))
        i += 1
        children: list[Block] = []
        while True:
            j = i + 1 if i < len(lines) and _blank(lines[i].text) else i
            if j >= len(lines) or not (mark := _DEFINITION.match(lines[j].text)):
                break
            body = [_shift(lines[j], mark.end())]
            i = j + 1
            while i < len(lines) and not _blank(lines[i].text):
                if _DEFINITION.match(lines[i].text) or parser.interrupts(lines, i):
                    break
                body.append(_shift(lines[i], min(4, _indent(lines[i].text))))
                i += 1
            more, i = indented_body(lines, i)
            children.extend(parser.parse(body + more, nested=True))
        term_inline = parser.inline([SrcLine(term.no, term.col, term.text.rstrip())])
        items.append(ListItem(term_inline, tuple(children), term.no))
        j = i
        while j < len(lines) and _blank(lines[j].text):
            j += 1
        if j >= len(lines) or not definition_follows(lines, j):
            break
        i = j
    return ListBlock(False, tuple(items), start, definition=True), i
