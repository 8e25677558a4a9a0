"""Gather what every note says about each entry, wherever it says it.

An entry's own sightings (headings, bold leads, links) are where notes
*announce* it; most notes just *mention* it in a sentence.  This stage
finds those sentences: every claim of every note is scanned once for the
names of every entry (all spellings, acronyms included), word by word in
a trie, so the cost grows with the text, not with the number of entries.

Only **specific** names gather anywhere (:func:`specific`): a name of
one word must be rare in English (wordfreq Zipf below
:data:`SINGLE_WORD_ZIPF`: "storytelling", "OKRs"), and a longer name must
not be a common phrase ("more important").  A generic name ("Communication")
gathers only in the notes that announce it (a heading, a bold lead, a
link), never from every sentence anywhere that uses the word.

Per note, at most :data:`PER_NOTE` mentioning claims are kept (the first
in reading order), so one note that repeats a name all along does not
drown the other sources; every note that mentions the entry still counts
and is cited.

Invariant: results are in note order, then claim order; a claim that
names two entries is gathered by both; a name two entries share (after
folding) goes to neither, as it would be a guess.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..claims import Claim, normalise
from .names import LINKING_WORDS, common, words

SINGLE_WORD_ZIPF = 3.6
PHRASE_ZIPF = 4.9
PER_NOTE = 3
_END = ""


def specific(name: str) -> bool:
    """Whether a mention of ``name`` can only mean the named thing."""
    tokens = words(name)
    if not tokens or all(t in LINKING_WORDS for t in tokens):
        return False
    if len(tokens) == 1:
        word = tokens[0]
        return len(word) >= 3 and common(word) < SINGLE_WORD_ZIPF
    return common(" ".join(tokens)) < PHRASE_ZIPF


def _trie(names: Mapping[str, str]) -> dict:
    trie: dict = {}
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for name, uri in names.items():
        tokens = tuple(normalise(name).split())
        if not tokens:
            continue
        owners[tokens].add(uri)
        # Claims write plurals and singulars alike: "OKR" and "OKRs".
        last = tokens[-1]
        other = last[:-1] if last.endswith("s") and len(last) > 3 else last + "s"
        owners[(*tokens[:-1], other)].add(uri)
    for tokens, uris in sorted(owners.items()):
        if len(uris) != 1:
            continue  # a name two entries share would be a guess
        node = trie
        for token in tokens:
            node = node.setdefault(token, {})
        node[_END] = next(iter(uris))
    return trie


def find_names(text: str, trie: dict) -> set[str]:
    """The entries whose names occur in ``text`` (already normalised)."""
    tokens = text.split()
    found: set[str] = set()
    for start in range(len(tokens)):
        node = trie.get(tokens[start])
        position = start
        while node is not None:
            if _END in node:
                found.add(node[_END])
            position += 1
            if position >= len(tokens):
                break
            node = node.get(tokens[position])
    return found


def gather_mentions(
    claims_by_note: Iterable[tuple[str, Sequence[Claim]]],
    names: Mapping[str, str],
    announced: Mapping[str, set[str]],
) -> dict[str, list[Claim]]:
    """Subject → the claims that mention it, in note order (see module docstring).

    ``names`` maps every spelling to its subject; ``announced`` gives the
    notes where each subject is announced, the only ones where its
    generic spellings count."""
    generic = {n: k for n, k in names.items() if not specific(n)}
    trie = _trie({n: k for n, k in names.items() if n not in generic})
    gathered: dict[str, list[Claim]] = defaultdict(list)
    local_by_note: dict[str, dict] = {}
    for name, key in generic.items():
        for path in announced.get(key, ()):
            local_by_note.setdefault(path, {})[name] = key
    for path, claims in claims_by_note:
        here = _trie(local_by_note[path]) if path in local_by_note else {}
        taken: dict[str, int] = defaultdict(int)
        for claim in claims:
            if claim.block is not None:
                continue  # tables and code are not sentences about a name
            text = claim.text
            tokens = text.split()
            found: set[str] = set()
            if not trie.keys().isdisjoint(tokens):
                found |= find_names(text, trie)
            if here and not here.keys().isdisjoint(tokens):
                found |= find_names(text, here)
            for uri in sorted(found):
                if taken[uri] < PER_NOTE:
                    taken[uri] += 1
                    gathered[uri].append(claim)
    return gathered
