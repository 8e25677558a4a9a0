"""Split an inline run into sentences, keeping every segment intact.

A sentence is the unit readers quote: topic pages show the sentence around a
link, and merging compares sentences as claims.

Algorithm: walk the segments; inside :class:`~handbook.model.Text` and
:class:`~handbook.model.Plain` segments, a boundary is ``.``, ``!`` or ``?``
(plus closing quotes and brackets) followed by whitespace and then an
upper-case letter, a digit, a quote or a link.  A boundary is ignored

* after a common abbreviation (``e.g.``, ``vs.``, ``Dr.``) or an initial;
* while a ``**`` or ``*`` emphasis span is open, so no sentence carries
  half of a bold phrase.

Timestamps, links and code never contain a boundary, so a timestamp that
closes a sentence (``... moment <stamp>. Next``) stays with its sentence,
and so does one written after the full stop (``... end. <stamp> Next``).
Joining the sentences gives back the input exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Inline, Plain, Segment, Stamp, Text

_BOUNDARY = re.compile(r"[.!?][\"'”’)\]*_]*(\s+)")
_ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "vs",
        "etc",
        "dr",
        "mr",
        "mrs",
        "ms",
        "st",
        "no",
        "fig",
        "approx",
        "cf",
        "jr",
        "sr",
    }
)
_NEXT_STARTS_SENTENCE = re.compile(r"[A-Z0-9\"'“‘(\[*_]")


def _abbreviation_before(text: str, end: int) -> bool:
    start = end
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:end].lower().rstrip(".")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


@lru_cache(maxsize=1 << 16)
def split_sentences(inline: Inline) -> tuple[Inline, ...]:
    """Sentences of ``inline``; concatenating them gives ``inline`` back.

    Memoised: claims, mentions, the catalog and the writer all split the
    same paragraphs."""
    sentences: list[Inline] = []
    current: list[Segment] = []
    emphasis = 0
    for index, segment in enumerate(inline):
        if not isinstance(segment, Text | Plain):
            current.append(segment)
            continue
        text, kind, start = segment.text, type(segment), 0
        for match in _BOUNDARY.finditer(text):
            piece = text[start : match.end()]
            if kind is Text:
                emphasis += _emphasis_delta(piece)
            current.append(kind(piece))
            start = match.end()
            if start < len(text):
                starts = _NEXT_STARTS_SENTENCE.match(text, start) is not None
            else:
                # A timestamp right after the full stop still cites the
                # sentence before it ("...product?" <stamp>. Users...).
                starts = index + 1 < len(inline) and not isinstance(inline[index + 1], Stamp)
            if starts and emphasis % 2 == 0 and not _abbreviation_before(text, match.start()):
                sentences.append(_merge(current))
                current = []
        if start < len(text):
            piece = text[start:]
            if kind is Text:
                emphasis += _emphasis_delta(piece)
            current.append(kind(piece))
    if current:
        sentences.append(_merge(current))
    return tuple(sentences)


def _emphasis_delta(text: str) -> int:
    """Opening or closing ``**`` markers in ``text`` (mod 2 is what matters)."""
    return text.count("**")


def _merge(sentence: list[Segment]) -> Inline:
    merged: list[Segment] = []
    for segment in sentence:
        previous = merged[-1] if merged else None
        if isinstance(segment, Text | Plain) and type(previous) is type(segment):
            merged[-1] = type(segment)(previous.text + segment.text)  # type: ignore[union-attr]
        else:
            merged.append(segment)
    return tuple(merged)
