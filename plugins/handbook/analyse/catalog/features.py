"""Features of a subject: numbers a reader could check by looking.

Each feature answers one question about how the notes write a subject,
so the fitted weights (:mod:`.classify`) can be read and argued with:

* **spread**: how many notes, videos and channels name it (log scale);
* **origin**: which share of its sightings are headings, bold list leads,
  link targets, link labels, kind-word phrases, quoted phrases, or structural
  occurrences under sections that announce a kind;
* **announced kind**: the share of sightings whose section or kind word
  says framework, skill or pitfall, and which kind word stands next to the
  name in running text (framework-like, concept-like, pitfall-like);
* **name shape**: words, an acronym, capitals in running text, whether it
  opens with a gerund, a negation or an excess ("Over-", "Lack of"), ends
  like an abstract noun, and how common its words are in English
  (``wordfreq`` Zipf frequency: generic words score high);
* **structure**: parts listed under it (steps, stages), claims said
  about it, and whether a sentence defines it ("X is a ...");
* **prose**: how many notes and videos name it in running text, and
  which share of those never announce it (real subjects are talked about;
  section titles are not), and whether a note of the vault is titled
  with it (a link to a note's title is navigation, not a subject);
* **naming**: how often running text *names* it as a term: "the concept
  of X", "what she calls X", "the X framework", "X is a technique for",
  a quoted "X" (:mod:`.evidence`); and how often it treats it as a
  capability: "good at X", "improve your X", "X skills";
* **scale**: how many videos the whole vault holds, so counts are read
  against the vault's size (the model is fitted on sub-vaults of several
  sizes, down to a handful of notes);
* **heading shape**: whether the name is about a list of things ("Key
  skills", "Core capabilities") or joins two subjects, asks or quotes
  ("Data and metrics", "What capabilities must we have?");
* **context**: words around it that mark a skill ("ability", "learn"), a
  mistake ("avoid", "instead", "mistake"), or an organisation or person
  ("company", "founder", "CEO", possessives).

Invariant: :func:`subject_features` is a pure function of the subject's
sightings; features are returned in :data:`NAMES` order.
"""

from __future__ import annotations

import math
import re

from .evidence import Evidence
from .names import common, is_acronym, words
from .subjects import Subject

FRAMEWORK_CUES = frozenset(
    [
        "framework",
        "model",
        "method",
        "methodology",
        "matrix",
        "canvas",
        "flywheel",
        "loop",
        "playbook",
        "technique",
        "process",
        "pyramid",
        "funnel",
        "map",
        "cycle",
        "strategy",
    ]
)
CONCEPT_CUES = frozenset(
    [
        "metric",
        "score",
        "index",
        "ratio",
        "effect",
        "law",
        "principle",
        "theory",
        "curve",
        "test",
        "rule",
        "paradox",
    ]
)
PITFALL_CUES = frozenset(["trap", "fallacy", "bias", "mistake", "pitfall", "syndrome", "problem"])
_GERUND = re.compile(r"^[A-Za-z]+ing\b")
_NEGATION = re.compile(
    r"^(?:not|no|lack|over|under|too|ignor|fail|neglect|mis|premature|excess|poor|"
    r"avoid|wrong|bad|short|false|blind|chas|obsess|confus)\w*",
    re.I,
)
_ABSTRACT = re.compile(r"(?:tion|sion|ment|ness|ity|ship|ance|ence|ing|ism|acy)$")
_DEFINES = re.compile(r"\b(?:is|are|refers to|means|describes)\s+(?:a|an|the|when|how)\b")
_SKILL_CONTEXT = re.compile(
    r"\b(?:skills?|abilit\w+|able to|learn\w*|develop\w*|practi[cs]\w*|master\w*|improv\w*|"
    r"competenc\w+|get better)\b"
)
_MISTAKE_CONTEXT = re.compile(
    r"\b(?:avoid\w*|mistakes?|pitfalls?|traps?|instead|wrong|fail\w*|danger\w*|risks?|"
    r"warn\w*|don'?t|never|anti.?pattern)\b"
)
_ENTITY_CONTEXT = re.compile(
    r"\b(?:compan\w+|founder|founded|ceo|cofounder|co-founder|startup|app|platform|book|"
    r"author|podcast|investor|acquired|raised|employees|works at|joined|ipo)\b"
)
# A heading about a list of things, not a thing: "Key skills", "Core capabilities".
_META_HEADING = re.compile(
    r"\b(?:skills?|skillsets?|capabilit\w*|attributes?|competenc\w*|key|core|essential|"
    r"traits?|qualities|abilities|tips|lessons?|takeaways?)\b",
    re.I,
)
# Two subjects in one name, a question or a quotation: "Data and Metrics".
_JOINED = re.compile(r"[:?/&\"“”]|\band\b|\bvs\.?(?!\w)", re.I)
_FRAME_CONTEXT = re.compile(r"\b(?:framework|model|steps?|stages?|phases?|pillars?|components?)\b")

NAMES = (
    "log_notes",
    "log_videos",
    "channels",
    "heading",
    "bold",
    "link",
    "label",
    "cue",
    "quoted",
    "structure",
    "hint_framework",
    "hint_skill",
    "hint_pitfall",
    "cue_framework",
    "cue_concept",
    "cue_pitfall",
    "words",
    "acronym",
    "capitals",
    "gerund",
    "negation",
    "abstract",
    "zipf_phrase",
    "zipf_min",
    "zipf_max",
    "log_parts",
    "parts_share",
    "log_claims",
    "defined",
    "ctx_skill",
    "ctx_mistake",
    "ctx_entity",
    "ctx_framework",
    "one_word_common",
    "log_prose_notes",
    "log_prose_videos",
    "prose_outside",
    "note_title",
    "long_name",
    "prose_capital",
    "prose_unseen",
    "prose_possessive",
    "prose_organisation",
    "log_named",
    "named_share",
    "verb_first",
    "people",
    "log_vault_videos",
    "meta_heading",
    "joined",
    "skill_share",
)


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _contexts(subject: Subject) -> list[str]:
    found = []
    for sighting in subject.sightings[:40]:
        if sighting.context:
            found.append(sighting.context.lower())
        elif sighting.said is not None:
            found.append(sighting.said.text())
    return found


def subject_features(subject: Subject, evidence: Evidence | None = None) -> tuple[float, ...]:
    evidence = evidence or Evidence()
    sightings = subject.sightings
    total = len(sightings)
    origins = [s.origin for s in sightings]
    hints = [s.hint for s in sightings]
    cues = [s.cue for s in sightings if s.cue]
    running = [s.name for s in sightings if s.origin in ("label", "cue", "quoted")]
    tokens = words(subject.name)
    freqs = [common(t) for t in tokens] or [0.0]
    parts = max((len(s.parts) for s in sightings), default=0)
    claims = sum(s.said.size() for s in sightings if s.said) + sum(
        p.said.size() for s in sightings for p in s.parts
    )
    contexts = _contexts(subject)
    lowered = [n.lower() for n in subject.names[:5]]
    n_ctx = max(len(contexts), 1)
    prose_notes = evidence.prose_notes

    def around(pattern: re.Pattern[str]) -> float:
        return sum(1 for c in contexts if pattern.search(c)) / n_ctx

    defined = any(
        any(
            c.startswith(name) and _DEFINES.search(c[len(name) : len(name) + 30])
            for name in lowered
        )
        for c in contexts
    )
    channels = len({s.note.split("/", 1)[0] for s in sightings})
    values = {
        "log_notes": math.log1p(len(subject.notes)),
        "log_videos": math.log1p(len(subject.videos)),
        "channels": float(channels > 1),
        "heading": _share(origins.count("heading"), total),
        "bold": _share(origins.count("bold"), total),
        "link": _share(origins.count("link"), total),
        "label": _share(origins.count("label"), total),
        "cue": _share(origins.count("cue"), total),
        "quoted": _share(origins.count("quoted"), total),
        "structure": _share(origins.count("structure"), total),
        "hint_framework": _share(hints.count("framework"), total),
        "hint_skill": _share(hints.count("skill"), total),
        "hint_pitfall": _share(hints.count("pitfall"), total),
        "cue_framework": _share(sum(c in FRAMEWORK_CUES for c in cues), total),
        "cue_concept": _share(sum(c in CONCEPT_CUES for c in cues), total),
        "cue_pitfall": _share(sum(c in PITFALL_CUES for c in cues), total),
        "words": min(len(tokens), 8) / 8,
        "acronym": float(any(is_acronym(n) for n in subject.names[:5])),
        "capitals": _share(sum(n[:1].isupper() for n in running), len(running)),
        "gerund": float(bool(_GERUND.match(subject.name))),
        "negation": float(bool(_NEGATION.match(subject.name))),
        "abstract": float(bool(tokens and _ABSTRACT.search(tokens[-1]))),
        "zipf_phrase": common(" ".join(tokens)) / 8,
        "zipf_min": min(freqs) / 8,
        "zipf_max": max(freqs) / 8,
        "log_parts": math.log1p(parts),
        "parts_share": _share(sum(len(s.parts) >= 2 for s in sightings), total),
        "log_claims": math.log1p(claims),
        "defined": float(defined),
        "ctx_skill": around(_SKILL_CONTEXT),
        "ctx_mistake": around(_MISTAKE_CONTEXT),
        "ctx_entity": around(_ENTITY_CONTEXT),
        "ctx_framework": around(_FRAME_CONTEXT),
        "one_word_common": float(len(tokens) == 1 and freqs[0] >= 4.0),
        "log_prose_notes": math.log1p(len(prose_notes)),
        "log_prose_videos": math.log1p(len(evidence.prose_videos)),
        "prose_outside": _share(len(prose_notes - set(subject.notes)), len(prose_notes)),
        "note_title": float(evidence.note_title),
        "long_name": float(len(tokens) >= 5),
        "prose_capital": max(evidence.capital, 0.0),
        "prose_unseen": float(evidence.capital < 0),
        "prose_possessive": evidence.possessive,
        "prose_organisation": evidence.organisation,
        "log_named": math.log1p(evidence.named),
        "named_share": evidence.named / max(evidence.seen, 1),
        "verb_first": min(evidence.verb_first * 4, 1.0),
        "people": min(evidence.people * 10, 1.0),
        # Every count above means less in a big vault than in a small one;
        # the model is fitted on sub-vaults of several sizes and reads this.
        "log_vault_videos": math.log1p(evidence.vault_videos),
        "meta_heading": float(bool(_META_HEADING.search(subject.name))),
        "joined": float(bool(_JOINED.search(subject.name))),
        "skill_share": evidence.as_skill / max(evidence.seen, 1),
    }
    return tuple(values[name] for name in NAMES)
