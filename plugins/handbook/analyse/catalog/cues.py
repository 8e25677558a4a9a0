"""What a heading announces, and the matching key of an entry name.

Headings are classified by cue words (stemmed, whole words):

* **pitfall**: pitfall, mistake, impediment, trap, anti-pattern,
  misconception, "to avoid", "red flags";
* **skill**: skill, competency, trait, attribute, capability, quality;
* **framework**: framework, method, methodology, mechanism, matrix,
  cascade, canvas, flywheel, model (but not operating, business, mental,
  pricing, revenue or language models);
* **advice** (no entries): tips, strategies, practices, advice, lessons,
  takeaways, "steps for", "how to", "ways to".

Pitfall beats advice ("Common Pitfalls and Growth Strategies" lists
pitfalls); a framework cue beats advice.

An entry's **key** is the set of its stemmed content words, with stop
words, cue words and British spellings (``-ise``, ``-isation``) folded
away, so "Communicate" and "Communication", or "Prioritisation" and
"Prioritization", share a key.
"""

from __future__ import annotations

import re

from ...text.stems import term_stem
from ..claims import normalise

# Stem prefixes (Porter2 turns "pitfalls" into "pitfal").
PITFALL_CUES = ("pitfal", "mistak", "impedi", "trap", "antipattern", "misconcept")
SKILL_CUES = ("skill", "competenc", "trait", "attribut", "capabl", "capabil")
FRAMEWORK_CUES = (
    "framework",
    "method",
    "methodolog",
    "mechan",
    "matrix",
    "cascad",
    "canva",
    "flywheel",
)
MODEL_EXCEPTIONS = (
    "oper",
    "busi",
    "mental",
    "price",
    "revenu",
    "languag",
    "ai",
    "ml",
    "data",
    "gemini",
    "gpt",
    "llm",
    "frontier",
    "foundat",
    "reason",
    "open",
)
_AI_WORDS = re.compile(r"\b(?:ai|llms?|gpt\S*|gemini|gemma|claude|models)\b", re.I)
ADVICE_CUES = ("tip", "strategi", "practic", "advic", "lesson", "takeaway", "recommend", "tactic")
_ADVICE_PHRASES = re.compile(r"\b(?:steps? (?:for|to)|how to|ways to)\b", re.I)
_AVOID = re.compile(r"\b(?:to avoid|red flags?|what not to)\b", re.I)

STOP = frozenset(
    """a an and are as at be by for from how in into is it its of on or the their to
    with what why when your you this that these those can will not but more most also
    which who they them there than then so such our one's ones one""".split()  # noqa: SIM905
)
# Words that say what kind of entry it is, not which one.
CUE_WORDS = frozenset(
    """framework frameworks model models method methods methodology mechanism process
    skill skills competency competencies trait traits attribute attributes pitfall
    pitfalls mistake mistakes approach principle principles key core common""".split()  # noqa: SIM905
)


def stems(text: str) -> list[str]:
    return [term_stem(w) for w in normalise(text).split()]


def classify_heading(text: str) -> str | None:
    """``framework``, ``skill``, ``pitfall`` or ``None`` for a heading."""
    words = stems(text)
    has = lambda cues: any(w.startswith(cues) for w in words)  # noqa: E731
    model = any(w == "model" for w in words) and not any(
        words[i - 1].startswith(MODEL_EXCEPTIONS) for i, w in enumerate(words) if w == "model" and i
    )
    if has(PITFALL_CUES) or _AVOID.search(text):
        return "pitfall"
    if has(FRAMEWORK_CUES) or (model and not _AI_WORDS.search(text)):
        return "framework"
    if has(ADVICE_CUES) or _ADVICE_PHRASES.search(text):
        return None
    if has(SKILL_CUES):
        return "skill"
    return None


def mentions_cue(text: str, kind: str) -> bool:
    """Whether a lead-in sentence announces a list of ``kind``."""
    cues = {"skill": SKILL_CUES, "pitfall": PITFALL_CUES, "framework": FRAMEWORK_CUES}[kind]
    return any(w.startswith(cues) for w in stems(text))


def name_tokens(name: str) -> frozenset[str]:
    """The stemmed content words of an entry name: its matching key."""
    words = [w for w in normalise(name).split() if w not in STOP and w not in CUE_WORDS]
    # len > 1 drops the "s" and "t" that apostrophes leave ("one's", "don't").
    return frozenset(term_stem(w) for w in words if len(w) > 1 and not w.isdigit())


def name_key(name: str) -> str:
    return " ".join(sorted(name_tokens(name)))
