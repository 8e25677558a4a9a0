"""Link mentions of entries in note text, once per section.

A reader who meets "communication" in a note should be one click from the
Communication entry.  :class:`Matcher` finds entry names and aliases in
text; :class:`SectionLinker` rewrites the text of one page as it is
written, linking the **first** mention of each entry in each section, and
never inside headings, code, existing links or raw HTML (the writer only
hands it plain text, and Markdown link syntax inside that text is skipped).

Names live in a trie of their words, so matching cost grows with the
text, not with the number of entries.  Names too short or too common to
mean the entry (one word under :data:`MIN_SINGLE_WORD` letters) are not
linked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

MIN_SINGLE_WORD = 8
_SKIP = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|<[^>\n]*>|https?://\S+|&\w+;|\{[^}\n]*\}")


_WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*")
_GAP = re.compile(r"[\s&/\"“”']{1,3}")  # what may stand between the words of a name
_END = ""


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@dataclass
class Matcher:
    """Entry names → the entry's source URI, matched word by word.

    Names are stored in a trie of lower-case words.  :meth:`find` walks the
    text's words once, extending a match while the next word continues a
    name, and keeps the longest name that ends; a regular expression with
    one alternative per name was forty times slower on the corpus."""

    names: Mapping[str, str]
    trie: dict[str, dict] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        for name, uri in sorted(self.names.items()):
            tokens = words(name)
            if not tokens or (len(tokens) == 1 and len(tokens[0]) < MIN_SINGLE_WORD):
                continue
            node = self.trie
            for token in tokens:
                node = node.setdefault(token, {})
            node.setdefault(_END, uri)

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, uri)`` of every mention outside Markdown links and HTML."""
        if not self.trie:
            return
        found = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
        skipped = []
        if any(c in text for c in "[<{&") or "http" in text:
            skipped = [(m.start(), m.end()) for m in _SKIP.finditer(text)]
        i = 0
        while i < len(found):
            node = self.trie.get(found[i][2])
            if node is None:
                i += 1
                continue
            best: tuple[int, str] | None = (i, node[_END]) if _END in node else None
            j = i
            while j + 1 < len(found):
                gap = text[found[j][1] : found[j + 1][0]]
                following = node.get(found[j + 1][2])
                if following is None or not _GAP.fullmatch(gap):
                    break
                node, j = following, j + 1
                if _END in node:
                    best = (j, node[_END])
            if best is None or any(s <= found[i][0] < e for s, e in skipped):
                i += 1
                continue
            yield found[i][0], found[best[0]][1], best[1]
            i = best[0] + 1


@dataclass
class SectionLinker:
    """Links the first mention of each entry per section of one page."""

    matcher: Matcher
    href: Callable[[str], str]  # entry URI -> relative link from this page
    page: str = ""
    seen: set[str] = field(default_factory=set)

    def new_section(self) -> None:
        self.seen = set()

    def __call__(self, text: str) -> str:
        out: list[str] = []
        cursor = 0
        for start, end, uri in self.matcher.find(text):
            if uri in self.seen or uri == self.page or start < cursor:
                continue
            self.seen.add(uri)
            out.append(text[cursor:start])
            out.append(f"[{text[start:end]}]({self.href(uri)})")
            cursor = end
        out.append(text[cursor:])
        return "".join(out)
