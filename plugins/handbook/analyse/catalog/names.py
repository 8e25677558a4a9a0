"""Identity of named things: when two spellings name one subject.

A **subject key** is what two spellings of one name share:

1. lower case; ``_``, ``-``, ``/`` and runs of space are one separator;
   possessive ``'s`` and other punctuation go ("Sean Ellis's test");
2. a leading article goes ("The Kano model"), and so do a trailing
   bracketed acronym ("Product qualified leads (PQLs)") and a stray
   two-digit number left by a cut timestamp;
3. a trailing kind word goes (``framework``, ``model``, ``method`` ...)
   when what is left still names something specific: "Kano model" and
   "Kano" meet, but "business model" stays (``business`` alone is a common
   English word, judged by :func:`common`); a trailing naming word
   (``metric``, ``effect``, ``test`` ...) goes only after three or more
   words, since it makes a short name what it is ("IKEA effect");
4. each word is stemmed (Porter2), so plurals and "-isation"/"-ization"
   meet: "OKRs" and "OKR", "Prioritisation" and "prioritization".

Beyond the key, :func:`fold_keys` joins keys that name one subject:

* keys that are equal **without their spaces**: file names drop hyphens,
  so the link target ``productmarket_fit`` meets "product-market fit";

* an **acronym and its expansion**: "Objectives and Key Results (OKRs)"
  written anywhere pairs ``okr`` with ``object and key result``; without
  such a pair an acronym still meets a name of three or more words whose
  initials it spells (``jtbd`` and ``job to be done``);
* **spelling variants of a person's name**: keys of the same words but
  one, where that one is a capitalised proper noun both times and the two
  spellings are close (Jaro-Winkler >= :data:`NAME_VARIANT`): "Sean Ellis
  test" and "Shaun Ellis test";
* **spelling variants of a rare word**: keys of the same words but one,
  where the two spellings of that one are one edit apart, share their
  first two letters, are six letters or longer and are both uncommon in
  English (Zipf below :data:`RARE_VARIANT`): "imposter syndrome" and
  "impostor syndrome".  Common words one edit apart are different words
  ("casual" and "causal"), so they never join.

Word frequency comes from ``wordfreq`` (Zipf scale: 7 is "the", 3 is a
word met about once per million words); a hand-written list of common
words would never be complete.  rapidfuzz gives the string distances.

Invariants: every function is pure and total (any string gives a key,
possibly empty); :func:`fold_keys` is deterministic (it sorts) and maps
every key it is given, a key onto itself when nothing joins it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from rapidfuzz.distance import JaroWinkler, Levenshtein
from wordfreq import zipf_frequency

from ...text.stems import term_stem

# Zipf frequency at or above which a word or phrase is common English.
COMMON_ZIPF = 4.0
NAME_VARIANT = 0.80
RARE_VARIANT = 4.0
KIND_WORDS = frozenset(
    [
        "framework",
        "frameworks",
        "model",
        "models",
        "method",
        "methods",
        "methodology",
        "approach",
        "technique",
        "techniques",
        "concept",
        "principle",
        "principles",
        "process",
        "processes",
        "approaches",
        "concepts",
        # what a capability is called, not which: "Problem-solving ability"
        # is problem solving ("Key skills" stays: "key" alone names nothing)
        "ability",
        "abilities",
        "skill",
        "skills",
        "mentality",
    ]
)
# Kind words that are part of a name ("the IKEA effect"): see subject_key.
NAMING_WORDS = frozenset(
    [
        "test",
        "metric",
        "principle",
        "law",
        "rule",
        "effect",
        "score",
        "index",
        "ratio",
        "curve",
        "loop",
        "flywheel",
        "trap",
        "fallacy",
        "bias",
        "syndrome",
        "paradox",
        "theory",
    ]
)
LINKING_WORDS = frozenset({"and", "of", "to", "the", "for", "a", "an", "in", "on", "&", "be"})
_SEPARATORS = re.compile(r"[\s_/\-–—]+")
_BRACKETED = re.compile(r"\s*\([^()]*\)\s*$")
_STRAY_NUMBER = re.compile(r"0\d")
_POSSESSIVE = re.compile(r"['’]s\b")
# "A/B", "P/E": letters joined by a slash are one word ("AB testing"), not
# the article "a" and a stray "b".
_LETTER_PAIR = re.compile(r"\b([A-Za-z])/([A-Za-z])\b")
_PUNCTUATION = re.compile(r"[^\w\s&]+")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,6}s?$")
# "Objectives and Key Results (OKRs)": capitalised words, then the acronym.
_EXPANSION = re.compile(
    r"((?:[A-Z][\w'’]*[\s-]+(?:(?:and|of|to|the|for|be|&)[\s-]+)*){1,7})\(([A-Z][A-Za-z0-9]{1,6})\)"
)


@lru_cache(maxsize=1 << 17)
def common(phrase: str) -> float:
    """The Zipf frequency of ``phrase`` in English (0 for unknown words)."""
    return zipf_frequency(phrase, "en")


def words(name: str) -> list[str]:
    """The lower-case words of a name, separators and punctuation removed."""
    text = _LETTER_PAIR.sub(r"\1\2", _POSSESSIVE.sub("", name.replace("’", "'")))
    text = _PUNCTUATION.sub(" ", _SEPARATORS.sub(" ", text.lower()))
    return text.split()


@lru_cache(maxsize=1 << 17)
def subject_key(name: str) -> str:
    """The key two spellings of one subject share (see the module docstring)."""
    # "Product Qualified Leads (PQLs)" is "Product Qualified Leads": the
    # acronym in brackets meets its expansion through :func:`fold_keys`.
    found = words(_BRACKETED.sub("", name) or name)
    while found and found[0] in {"the", "a", "an"}:
        found = found[1:]
    while len(found) > 1 and _STRAY_NUMBER.fullmatch(found[-1]):
        found = found[:-1]  # "... real people 01": a timestamp's tail
    if len(found) > 1 and found[-1] in KIND_WORDS:
        rest = found[:-1]
        if len(rest) > 1 or common(rest[0]) < COMMON_ZIPF:
            found = rest
    elif len(found) > 3 and found[-1].rstrip("s") in NAMING_WORDS:
        # "Users having a bad day metric" is "Users having a bad day"; a short
        # name keeps the word that makes it one ("IKEA effect", "Sean Ellis test").
        found = found[:-1]
    return " ".join(term_stem(w) for w in found)


def is_acronym(name: str) -> bool:
    return bool(_ACRONYM.match(name.strip()))


def expansions(text: str) -> Iterable[tuple[str, str]]:
    """``(acronym, expansion)`` pairs written as "Long Name (ACR)" in ``text``."""
    for match in _EXPANSION.finditer(text):
        expansion, acronym = " ".join(match.group(1).split()), match.group(2)
        initials = [w[0] for w in words(expansion) if w not in LINKING_WORDS]
        letters = acronym.rstrip("s").lower()
        # The acronym must spell the tail of the capitalised run.
        if len(letters) >= 2 and initials[-len(letters) :] == list(letters):
            keep = _tail_words(expansion, len(letters))
            yield acronym, keep


def _tail_words(expansion: str, content: int) -> str:
    """The last ``content`` content words of ``expansion``, with linking words between."""
    tokens = expansion.split()
    count = 0
    for start in range(len(tokens) - 1, -1, -1):
        if tokens[start].lower() not in LINKING_WORDS:
            count += 1
            if count == content:
                return " ".join(tokens[start:])
    return expansion


def initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in LINKING_WORDS)


class _Union:
    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller key (sorted) leads, so the result is order-free.
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def fold_keys(
    keys: Iterable[str],
    pairs: Iterable[tuple[str, str]] = (),
    proper: Mapping[str, frozenset[str]] | None = None,
    acronyms: Iterable[str] = (),
    spelled: Mapping[str, frozenset[str]] | None = None,
) -> dict[str, str]:
    """Every key → the key of the group it joins (see the module docstring).

    ``pairs`` are (acronym, expansion) spellings found in the notes;
    ``proper`` gives, per key, its words that are written capitalised in
    running text (proper nouns), for person-name variants; ``acronyms`` are
    the keys written in capitals somewhere ("JTBD"), the only ones that
    may meet an expansion by their initials; ``spelled`` gives, per key,
    the lower-case words its spellings write, for rare-word variants."""
    keys = sorted(set(keys))
    union = _Union(keys)
    known = set(keys)
    # File names drop hyphens ("productmarket_fit"): keys equal without
    # their spaces are one name.
    compact: dict[str, str] = {}
    for key in keys:
        union.join(compact.setdefault(key.replace(" ", ""), key), key)
    for acronym, expansion in sorted(set(pairs)):
        a, e = subject_key(acronym), subject_key(expansion)
        if a in known and e in known:
            union.join(a, e)
    by_initials: dict[str, list[str]] = {}
    for key in keys:
        if len(key.split()) >= 3:
            by_initials.setdefault(initials(key), []).append(key)
    for key in sorted(set(acronyms) & known):
        if " " not in key and len(key) >= 3:
            expansions = by_initials.get(key.rstrip("s"), [])
            if len(expansions) == 1:  # one expansion only: otherwise ambiguous
                union.join(key, expansions[0])
    _join_name_variants(keys, union, proper or {})
    _join_spelling_variants(keys, union, spelled or {})
    return {k: union.find(k) for k in keys}


def _variant(a: str, b: str) -> bool:
    """Two spellings of one rare word ("imposter", "impostor")."""
    return (
        min(len(a), len(b)) >= 6
        and a[:2] == b[:2]
        and Levenshtein.distance(a, b) == 1
        and max(common(a), common(b)) < RARE_VARIANT
    )


def _join_spelling_variants(
    keys: list[str], union: _Union, spelled: Mapping[str, frozenset[str]]
) -> None:
    masks: dict[tuple[str, ...], list[str]] = {}
    for key in keys:
        tokens = key.split()
        if len(tokens) >= 2 and spelled.get(key):
            for i in range(len(tokens)):
                masks.setdefault((*tokens[:i], "*", *tokens[i + 1 :]), []).append(key)
    for mask, group in masks.items():
        if len(group) < 2:
            continue
        at = mask.index("*")
        for i, key_a in enumerate(group):
            for key_b in group[i + 1 :]:
                a, b = key_a.split()[at], key_b.split()[at]
                words_a = [w for w in spelled[key_a] if term_stem(w) == a]
                words_b = [w for w in spelled[key_b] if term_stem(w) == b]
                if any(_variant(x, y) for x in words_a for y in words_b):
                    union.join(key_a, key_b)


def _join_name_variants(
    keys: list[str], union: _Union, proper: Mapping[str, frozenset[str]]
) -> None:
    # Block on "every word but one": keys that differ in exactly one word
    # share one of these masks.
    masks: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for key in keys:
        tokens = key.split()
        if len(tokens) < 2 or not proper.get(key):
            continue
        for i, token in enumerate(tokens):
            if token in proper[key]:
                mask = (*tokens[:i], "*", *tokens[i + 1 :])
                masks.setdefault(mask, []).append((token, key))
    for group in masks.values():
        for i, (a, key_a) in enumerate(group):
            for b, key_b in group[i + 1 :]:
                if a != b and a[0] == b[0] and JaroWinkler.similarity(a, b) >= NAME_VARIANT:
                    union.join(key_a, key_b)
