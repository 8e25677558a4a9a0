"""The handbook's stemmers, in one place, each for one job.

* :func:`strip_suffix`: a light suffix stripper ("frameworks", "framing"
  meet "framework", "fram"), for comparing titles and page words cheaply
  (duplicate scoring, related pages), where over-stemming does no harm;
* :func:`porter2`: the Snowball English (Porter2) stemmer from
  ``snowballstemmer`` (a maintained implementation, not a hand-written one),
  digits left as they are, for the content words of claims (paraphrases);
* :func:`term_stem`: Porter2 after folding British "-ise" spellings to
  "-ize", for names of subjects, where "prioritisation" and
  "prioritization" must be one name.

All three are pure and memoised.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")
_SUFFIXES = ("ing", "ed", "es", "s", "ly")


@lru_cache(maxsize=65536)
def strip_suffix(word: str) -> str:
    """A light suffix stripper: enough to meet 'framework' and 'frameworks'."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=200_000)
def porter2(word: str) -> str:
    """Porter2, with numbers kept whole."""
    return word if word.isdigit() else _STEMMER.stemWord(word)


@lru_cache(maxsize=65536)
def term_stem(word: str) -> str:
    """Porter2 of a subject's word, British '-ise' spellings folded first."""
    word = re.sub(r"isation$", "ization", word)
    word = re.sub(r"is(e|ed|es|ing)$", r"iz\1", word) if len(word) > 6 else word
    return _STEMMER.stemWord(word)
