"""Markdown lines → a tree of blocks, with Obsidian's reading of the notes.

The notes are written for Obsidian, whose Markdown is CommonMark: a list
may start right after a paragraph line, a callout ends at the first line
without ``>``, and ``---`` under a line of text is a rule in practice.  The
parser reads that dialect; the renderer then writes Markdown that
Python-Markdown reads the same way (blank lines between blocks, four-space
nesting), which fixes the lists that MkDocs would otherwise glue into the
paragraph above them.

Algorithm: one forward pass over :class:`SrcLine` values.  At each
non-blank line the first matching rule wins, in this order: indented code,
fence, heading, rule, blockquote or callout, list, ``$$`` math, table,
tab, bare callout, definition list, paragraph.  Containers (quotes, list
items) strip their prefix, keeping each line's number and column, and
recurse.  Inline text is
handed to the ``inline`` callback, so this module knows nothing about links.

Bare callouts: notes often drop the ``>`` and write ``[!TIP] Title`` alone
at the start of a paragraph, which Obsidian shows as raw text.  Outside
containers such a line opens a callout whose body is the following lines
up to a blank line, a heading or a quote (lists inside it stay lists); a
header line with nothing below it is the callout's body, not its title.
The note is warned about (``callout/bare``) with the line.

Three Material extensions' syntaxes are read too, since a contributor who
configures them writes them in notes: a task box opening a list item
(``- [x] Ship``, pymdownx.tasklist; Obsidian reads it too) becomes the
item's ``task``; tabs and definition lists are :mod:`.material`'s.

Invariant: every non-blank input line ends up in exactly one block, so no
text is lost; only container prefixes and fences' blank padding change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from ...model import (
    Block,
    Callout,
    CodeBlock,
    Embed,
    Heading,
    Inline,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Rule,
    Table,
)
from .callouts import CalloutHeader, parse_callout_header
from .inline import SrcLine
from .inline import blank as _blank
from .inline import indent as _indent
from .inline import shift as _shift
from .material import TAB_OPENER, definition_follows, definitions, tab
from .report import Reporter

InlineFn = Callable[[Sequence[SrcLine]], Inline]

_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})(.*)")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_QUOTE = re.compile(r" {0,3}> ?")
_ITEM = re.compile(r"( *)([*+-]|(\d{1,9})[.)])([ \t]+|$)")
_DELIMITER_CELL = re.compile(r":?-+:?")
_MATH = re.compile(r" {0,3}\$\$")
_BLOCK_ID = re.compile(r"[A-Za-z0-9-]+")
_TASK = re.compile(r"\[([ xX])\](?:[ \t]+|$)")


def _take_block_id(lines: list[SrcLine]) -> str | None:
    """Remove an Obsidian ``^block-id`` from the end of the last line.

    Done with ``rfind`` rather than a regex search: searching for spaces,
    a caret and an id at the end of the line is quadratic on the corpus's
    whitespace-padded lines."""
    if not lines:
        return None
    last = lines[-1]
    text = last.text.rstrip()
    caret = text.rfind("^")
    if caret < 1 or text[caret - 1] not in " \t":
        return None
    block_id = text[caret + 1 :]
    if not _BLOCK_ID.fullmatch(block_id):
        return None
    lines[-1] = SrcLine(last.no, last.col, text[:caret].rstrip())
    return block_id


def _is_delimiter_row(text: str) -> bool:
    """``| --- | :-: |``; checked without a regex over the whole line, which
    backtracks badly on the corpus's 60,000-character padded table rows."""
    if "-" not in text or text.strip(" \t|:-"):
        return False
    cells = text.strip().strip("|").split("|")
    return all(_DELIMITER_CELL.fullmatch(cell.strip()) for cell in cells)


def _bare_header(text: str) -> CalloutHeader | None:
    """The header of a callout written without ``>``: ``[!TYPE]`` and a
    type that starts with a letter, alone at the start of a line."""
    stripped = text.strip()
    if not stripped.startswith("[!") or _indent(text) >= 4:
        return None
    header = parse_callout_header(stripped)
    return header if header is not None and header.raw_kind[:1].isalpha() else None


def _ends_bare_callout(text: str) -> bool:
    return (
        _blank(text)
        or bool(_HEADING.fullmatch(text) or _QUOTE.match(text))
        or _bare_header(text) is not None
    )


class BlockParser:
    """Parses one note's body; one instance per note."""

    def __init__(self, inline: InlineFn, reporter: Reporter) -> None:
        self.inline = inline
        self.reporter = reporter

    def parse(self, lines: Sequence[SrcLine], nested: bool = False) -> tuple[Block, ...]:
        """Blocks of ``lines``; ``nested`` inside a quote, callout or list item."""
        blocks: list[Block] = []
        i, n = 0, len(lines)
        while i < n:
            text = lines[i].text
            if _blank(text):
                i += 1
                continue
            if _indent(text) >= 4:
                block, i = self._indented_code(lines, i)
            elif _FENCE.fullmatch(text) and not self._bad_fence(text):
                block, i = self._fence(lines, i)
            elif match := _HEADING.fullmatch(text):
                line = lines[i]
                title = SrcLine(line.no, line.col + match.start(2), match.group(2) or "")
                inline = self.inline([title]) if title.text else ()
                block, i = Heading(len(match.group(1)), inline, line.no), i + 1
            elif _RULE.fullmatch(text):
                block, i = Rule(lines[i].no), i + 1
            elif _QUOTE.match(text):
                block, i = self._quote(lines, i)
            elif _ITEM.match(text):
                block, i = self._list(lines, i)
            elif _MATH.match(text) and (math := self._math(lines, i)) is not None:
                block, i = math
            elif self._table_starts(lines, i):
                block, i = self._table(lines, i)
            elif match := TAB_OPENER.fullmatch(text):
                block, i = tab(self, lines, i, match)
            elif not nested and (header := _bare_header(text)) is not None:
                block, i = self._bare_callout(lines, i, header)
            elif definition_follows(lines, i):
                block, i = definitions(self, lines, i)
            else:
                block, i = self._paragraph(lines, i)
            blocks.append(block)
        return tuple(blocks)

    # --- leaf blocks ------------------------------------------------------

    @staticmethod
    def _bad_fence(text: str) -> bool:
        match = _FENCE.fullmatch(text)
        return match is not None and match.group(2)[0] == "`" and "`" in match.group(3)

    def interrupts(self, lines: Sequence[SrcLine], i: int, in_list: bool = False) -> bool:
        text = lines[i].text
        if _indent(text) >= 4:
            return False
        if _HEADING.fullmatch(text) or _RULE.fullmatch(text) or _QUOTE.match(text):
            return True
        if _FENCE.fullmatch(text) and not self._bad_fence(text):
            return True
        if _MATH.match(text) and text.strip() == "$$":
            return True
        if self._table_starts(lines, i) or TAB_OPENER.fullmatch(text):
            return True
        item = _ITEM.match(text)
        if item is None:
            return False
        number = item.group(3)
        # CommonMark: only a list starting at 1 (or a bullet) breaks a paragraph.
        empty = item.end() == len(text)
        return in_list or ((number is None or number == "1") and not empty)

    def _paragraph(self, lines: Sequence[SrcLine], i: int) -> tuple[Block, int]:
        start = i
        collected = [_shift(lines[i], _indent(lines[i].text))]
        i += 1
        while i < len(lines) and not _blank(lines[i].text) and not self.interrupts(lines, i):
            collected.append(_shift(lines[i], _indent(lines[i].text)))
            i += 1
        block_id = _take_block_id(collected)
        inline = self.inline(collected)
        if len(inline) == 1 and isinstance(inline[0], Link) and inline[0].link.embed:
            return Embed(inline[0].link, lines[start].no), i
        return Paragraph(inline, lines[start].no, block_id), i

    def _indented_code(self, lines: Sequence[SrcLine], i: int) -> tuple[Block, int]:
        start = i
        body: list[str] = []
        while i < len(lines):
            text = lines[i].text
            if _blank(text):
                j = i
                while j < len(lines) and _blank(lines[j].text):
                    j += 1
                if j < len(lines) and _indent(lines[j].text) >= 4:
                    body.extend("" for _ in range(j - i))
                    i = j
                    continue
                break
            if _indent(text) < 4:
                break
            body.append(text[4:])
            i += 1
        longest = max((len(run) for run in re.findall(r"`+", "\n".join(body))), default=0)
        fence = "`" * max(3, longest + 1)
        return CodeBlock(fence + "\n" + "\n".join(body) + "\n" + fence, lines[start].no), i

    def _fence(self, lines: Sequence[SrcLine], i: int) -> tuple[Block, int]:
        match = _FENCE.fullmatch(lines[i].text)
        assert match is not None
        indent, fence = len(match.group(1)), match.group(2)
        closing = re.compile(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
        out = [lines[i].text[indent:]]
        start = i
        i += 1
        while i < len(lines):
            text = lines[i].text
            if closing.fullmatch(text):
                out.append(fence)
                return CodeBlock("\n".join(out), lines[start].no), i + 1
            out.append(text[min(indent, _indent(text)) :])
            i += 1
        self.reporter.report(
            lines[start].no,
            "markdown/unclosed-fence",
            "code fence is never closed; it runs to the end of its block",
            hint=f"add a closing {fence} line",
        )
        out.append(fence)
        return CodeBlock("\n".join(out), lines[start].no), i

    def _math(self, lines: Sequence[SrcLine], i: int) -> tuple[Block, int] | None:
        first = lines[i].text.strip()
        if len(first) > 4 and first.endswith("$$"):
            return CodeBlock(first, lines[i].no), i + 1
        for j in range(i + 1, len(lines)):
            if lines[j].text.rstrip().endswith("$$"):
                body = "\n".join(line.text.strip() for line in lines[i : j + 1])
                return CodeBlock(body, lines[i].no), j + 1
            if _blank(lines[j].text) and j + 1 < len(lines) and _blank(lines[j + 1].text):
                break
        return None

    def _table_starts(self, lines: Sequence[SrcLine], i: int) -> bool:
        return i + 1 < len(lines) and "|" in lines[i].text and _is_delimiter_row(lines[i + 1].text)

    def _table(self, lines: Sequence[SrcLine], i: int) -> tuple[Block, int]:
        start = i
        rows: list[Inline] = []
        while i < len(lines) and "|" in lines[i].text and not _blank(lines[i].text):
            row = _shift(lines[i], _indent(lines[i].text))
            rows.append(self.inline([SrcLine(row.no, row.col, row.text.rstrip())]))
            i += 1
        return Table(tuple(rows), lines[start].no), i

    # --- containers -------------------------------------------------------

    def _quote(self, lines: Sequence[SrcLine], i: int) -> tuple[Block, int]:
        start = i
        inner: list[SrcLine] = []
        while i < len(lines) and (match := _QUOTE.match(lines[i].text)):
            inner.append(_shift(lines[i], match.end()))
            i += 1
        first = next((k for k, line in enumerate(inner) if not _blank(line.text)), None)
        header = parse_callout_header(inner[first].text) if first is not None else None
        if header is None or first is None:
            return Quote(self.parse(inner, nested=True), lines[start].no), i
        return self._callout(header, inner[first], inner[first + 1 :], lines[start].no), i

    def _callout(
        self, header: CalloutHeader, head: SrcLine, body: Sequence[SrcLine], line: int
    ) -> Callout:
        title: Inline | None = None
        if header.title:
            offset = max(head.text.rfind(header.title), 0)  # for columns only
            title = self.inline([SrcLine(head.no, head.col + offset, header.title)])
        return Callout(
            kind=header.kind,
            raw_kind=header.raw_kind,
            title=title,
            fold=header.fold,
            children=self.parse(body, nested=True),
            line=line,
        )

    def _bare_callout(
        self, lines: Sequence[SrcLine], i: int, header: CalloutHeader
    ) -> tuple[Block, int]:
        """A ``[!TYPE]`` line without ``>`` opening a paragraph: a callout whose
        body is the lines up to the next blank line, heading or quote."""
        start = i
        head = _shift(lines[i], _indent(lines[i].text))
        i += 1
        while i < len(lines) and not _ends_bare_callout(lines[i].text):
            i += 1
        self.reporter.report(
            head.no,
            "callout/bare",
            f"callout {head.text.strip()[:40]!r} has no leading '>'; "
            "read as a callout up to the next blank line",
            col=head.col,
            hint="start every line of the callout with '> '",
        )
        body = list(lines[start + 1 : i])
        if not body and header.title:
            # "[!INFO] A whole sentence." alone: the sentence is what the
            # callout says, not a heading over nothing.
            offset = max(head.text.rfind(header.title), 0)
            body = [SrcLine(head.no, head.col + offset, header.title)]
            header = replace(header, title="")
        return self._callout(header, head, body, head.no), i

    def _list(self, lines: Sequence[SrcLine], i: int) -> tuple[Block, int]:
        first = _ITEM.match(lines[i].text)
        assert first is not None
        ordered = first.group(3) is not None
        start_line = lines[i].no
        items: list[ListItem] = []
        while i < len(lines):
            match = _ITEM.match(lines[i].text)
            if match is None or (match.group(3) is not None) != ordered:
                break
            item, i = self._item(lines, i, match)
            items.append(item)
            j = i
            while j < len(lines) and _blank(lines[j].text):
                j += 1
            following = _ITEM.match(lines[j].text) if j < len(lines) else None
            if following is None or (following.group(3) is not None) != ordered:
                break
            i = j
        return ListBlock(ordered, tuple(items), start_line), i

    def _item(self, lines: Sequence[SrcLine], i: int, match: re.Match[str]) -> tuple[ListItem, int]:
        indent = len(match.group(1))
        spaces = len(match.group(4))
        marker_end = indent + len(match.group(2))
        content_col = marker_end + (spaces if 1 <= spaces <= 4 else 1)
        head = _shift(lines[i], min(content_col, len(lines[i].text)))
        task = ""
        if box := _TASK.match(head.text):
            task = box.group(1).lower()
            head = _shift(head, box.end())
        body = [head]
        number = int(match.group(3)) if match.group(3) is not None else None
        i += 1
        lazy_ok = not _blank(head.text)
        while i < len(lines):
            text = lines[i].text
            if _blank(text):
                j = i
                while j < len(lines) and _blank(lines[j].text):
                    j += 1
                if j < len(lines) and _indent(lines[j].text) >= content_col:
                    body.extend(SrcLine(lines[k].no, 1, "") for k in range(i, j))
                    i = j
                    lazy_ok = False
                    continue
                break
            column = _indent(text)
            if column >= content_col:
                body.append(_shift(lines[i], content_col))
                lazy_ok = True
                i += 1
                continue
            if lazy_ok and not self.interrupts(lines, i, in_list=True):
                body.append(_shift(lines[i], column))
                i += 1
                continue
            break
        blocks = self.parse(body, nested=True)
        if blocks and isinstance(blocks[0], Paragraph):
            first = blocks[0]
            return ListItem(first.inline, blocks[1:], head.no, number, first.block_id, task), i
        return ListItem((), blocks, head.no, number, task=task), i
