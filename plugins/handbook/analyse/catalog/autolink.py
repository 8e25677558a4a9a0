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
    # Text -> matches; pass a dict kept between builds (handbook.engine.memo) to
    # reuse the matches of text that did not change.
    found: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    trie: dict[str, dict] = field(init=False, default_factory=dict)
    key: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        # Identifies the names for memoised results (handbook.engine.memo).
        self.key = hash(tuple(sorted(self.names.items())))
        for name, uri in sorted(self.names.items()):
            tokens = words(name)
            if not tokens or (len(tokens) == 1 and len(tokens[0]) < MIN_SINGLE_WORD):
                continue
            node = self.trie
            for token in tokens:
                node = node.setdefault(token, {})
            node.setdefault(_END, uri)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, uri)`` of every mention outside Markdown links and HTML.

        Most text names no entry: a set intersection of its words with the
        names' first words (all in C) settles that before any walking."""
        found = self.found.get(text)
        if found is None:
            if not self.trie or self.trie.keys().isdisjoint(_WORD.findall(text.lower())):
                found = []
            else:
                found = list(self._walk(text))
            self.found[text] = found
        return found

    def _walk(self, text: str) -> Iterator[tuple[int, int, str]]:
        skipped = []
        if any(c in text for c in "[<{&") or "http" in text:
            skipped = [(m.start(), m.end()) for m in _SKIP.finditer(text)]
        position = 0
        while (word := _WORD.search(text, position)) is not None:
            position = word.end()
            node = self.trie.get(word.group().lower())
            if node is None:
                continue
            best = (word.end(), node[_END]) if _END in node else None
            end = word.end()
            while (following := _WORD.search(text, end)) is not None:
                child = node.get(following.group().lower())
                if child is None or not _GAP.fullmatch(text, end, following.start()):
                    break
                node, end = child, following.end()
                if _END in node:
                    best = (end, node[_END])
            if best is None or any(s <= word.start() < e for s, e in skipped):
                continue
            yield word.start(), best[0], best[1]
            position = best[0]


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
