"""What an entry page says, read off every claim gathered for it.

An entry's claims come from its own occurrences (the heading, bold lead or
list that announces it, with their parts) and from every sentence of the
vault that names it (:mod:`.gather`).  This module decides where each
claim goes on the page; each claim is shown **once**:

1. **Definition**: the claim that says what the entry is.  It opens with
   the name (after at most an article) and a defining verb: "refers to",
   "means", "stands for", "is defined as" ..., or "is"/"are" followed by
   what it is ("a", "an", "the", "when", "about" ...), never by a verdict
   ("is crucial", "is not just", "are adept at": evaluations say what it
   does for someone, not what it is).  Of such claims of 6–45 words, one
   from a note that announces the entry wins, then the one nearest
   :data:`DEFINITION_SIZE` words (long enough to say something, short
   enough to read as one line); else the first claim of the occurrence
   that announces it in the most detail.
2. **By kind** (:func:`kind_sections`):
   * framework: its **parts in order**.  The occurrence with the most
     explained parts gives the order; parts of other occurrences whose
     names agree (token-set ratio >= :data:`SAME_PART`) join them; a part
     no occurrence explains takes the gathered claims that name it;
   * pitfall: **the mistake** (the sentence that states it), **why it
     hurts** (harm words: "slows", "leads to", "wastes" ..., and whatever
     else its own passage says that is not advice) and **what to do
     instead** (remedy words: "instead", "should", "focus on" ...);
   * skill: **what it is** and **how to build it** (practice words:
     "practice", "learn", "ask for feedback", "start by" ...);
   * concept: nothing more: its sources speak for it.
3. **What each source says**: every other claim, grouped by video (or
   article), :data:`PER_SOURCE` at most per video, deduplicated within the
   video by :func:`handbook.analyse.merge.group_claims`.

Invariants: reading order is deterministic (videos by their first
occurrence in the entry's sorted notes, claims in note order); a claim
shown in one section is never repeated in another.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ...ingest.syntax.inline import plain_text
from ..claims import Claim, ClaimKey
from ..merge import ClaimGroup, group_claims
from .entries import Entry

SAME_PART = 80
PER_SOURCE = 6
# Where a pitfall's sentence goes (:func:`role_of`).  Advice is told by
# what prescribes ("should", "instead", an opening verb of doing); words
# that only often come with advice ("rather", "never", "prioritize") count
# only when nothing says why it hurts: "this happens because companies
# prioritize ..." explains, it does not advise.
_INSTRUCTION = re.compile(
    r"^\W*(?:validate|choose|look for|conduct|use|build|define|talk to|ask|test|measure|hire|"
    r"invest|treat|set|keep|learn|create|be|avoid|do not|don'?t|never|stop|start|focus|"
    r"prioriti[sz]e|make|remember|instead|try|resist|spend|write|show|give|solution)\b",
    re.I,
)
_DECLARES = re.compile(
    r"\b(?:mistakes?|pitfalls?|traps?|errors?)\s+(?:is|are|was|of|happens|here)\b", re.I
)
_REMEDY = re.compile(
    r"\b(?:instead(?!\s+of)|to counter|counter this|should|must|focus on|redirect|"
    r"it'?\s?s (?:crucial|vital|essential|important|key|better) (?:not )?to|correct(?:ing)?|"
    r"the fix|remedy|better to|make sure|ensure|start (?:with|by)|recommend\w*|the solution|"
    r"the answer|the key is|need to|the only (?:true|real|way)|"
    # "Proactive planning: don't wait ...": an instruction after a lead.
    r"(?:do not|don'?\s?t|never) (?:wait|try|be|just|let|assume|forget|ignore|underestimate|"
    r"skip|rush|hire|build|fall|over\w*|chase|copy|rely))\b",
    re.I,
)
_ADVICE_WORDS = re.compile(
    r"\b(?:avoid(?:ing)?|recogni[sz]\w*|try to|rather|prioriti[sz]e|essential|crucial|vital|"
    r"paramount|(?:is|are) (?:more |equally )?important|do not|don t|never)\b",
    re.I,
)
_HARM = re.compile(
    r"\b(?:hinder|imped|slow|limit|hurt|damag|risk|leads? to|lead to|cause|prevent|cost|wast|"
    r"undermin|stall|fail|self-limiting|excuse|problem|harm|block|lose|losing|lost|miss|"
    r"confus|frustrat|burn|kill|wrong|danger|backfir|erod|distract|result(?:s|ed)? in|"
    r"because|consequence|detriment|negative|struggl|unhelpful|counterproductive)",
    re.I,
)
_PRACTICE = re.compile(
    r"\b(?:practi[cs]e|learn|improv|develop|build(?:ing)? (?:this|the|your)|train|exercise|"
    r"habit|start (?:by|with)|try|ask for|get feedback|seek|read|write|study|rehears|"
    r"repeat|mentor|coach|by doing|work on|get better|can be (?:learned|developed|built))",
    re.I,
)
_LEAD = re.compile(r"(?:(?:a|an|the|in contrast|in short|simply put|essentially)\s+)?")
_DEFINES = re.compile(
    r"^\W*(?P<verb>(?:is|are) defined as|refers? to|means?|describes?|represents?|involves?|"
    r"measures?|stands? for|is|are|was)\b\s*(?P<rest>.*)"
)
# What follows "is"/"are" when it says what the thing is.
_GENUS = re.compile(r"^(?:a|an|the|when|how|what|where|one|about|essentially|basically|simply)\b")
# ... and when it passes a verdict instead.
_VERDICT = re.compile(
    r"^(?:not|also|often|crucial|key|important|essential|critical|vital|expected|adept|"
    r"more|less|very|so|super|incredibly|especially|particularly|still|now|increasingly|"
    r"likely|going|becoming|considered|seen|like|just|all|too|really|hard|difficult|easy|"
    r"great|good|bad|huge|no longer|why|because|that|"
    r"a (?:key|crucial|critical|vital|great|good|big|huge|must)|"
    r"the (?:most|best|key|biggest|first|only|number)|one of|what (?:matters|makes))\b"
)
DEFINITION_WORDS = (6, 45)
DEFINITION_SIZE = 18


@dataclass
class Shown:
    """One claim group to show, and the notes it cites."""

    group: ClaimGroup


def groups(claims: Iterable[Claim], video_of: Mapping[str, str | None]) -> list[Shown]:
    """Deduplicated claim groups, in first-seen order, never across videos."""
    unique: dict[tuple[str, ClaimKey], Claim] = {}
    for claim in claims:
        unique.setdefault((claim.note, claim.key), claim)
    by_video: dict[str, list[Claim]] = defaultdict(list)
    order: list[str] = []
    for claim in unique.values():
        video = video_of.get(claim.note) or "article:" + claim.note
        if video not in by_video:
            order.append(video)
        by_video[video].append(claim)
    shown: list[Shown] = []
    for video in order:
        members = by_video[video]
        of = group_claims(members)
        seen: set[int] = set()
        for claim in members:
            group = of[(claim.note, claim.key)]
            if id(group) not in seen:
                seen.add(id(group))
                shown.append(Shown(group))
    return shown


@dataclass
class PartView:
    name: str
    claims: list[Claim] = field(default_factory=list)


def entry_claims(entry: Entry) -> list[Claim]:
    """Every claim of the entry once, in note order, parts' claims included.

    A sentence read twice in one note (same words, same moments) is one
    claim.  One list item is read twice when it both announces the entry (its
    sentences, one claim each) and stands under a section that announces a
    kind (the whole item, one claim): the whole is dropped where its own
    sentences cover it (:func:`_covered`), so the page says it once."""
    found: dict[tuple[str, ClaimKey], Claim] = {}
    for occurrence in sorted(entry.occurrences, key=lambda o: o.note):
        for claim in occurrence.claims:
            found.setdefault((claim.note, claim.key), claim)
        for part in occurrence.parts:
            for claim in part.claims:
                found.setdefault((claim.note, claim.key), claim)
    # One sentence can be read twice, under two keys: by the occurrence that
    # announces the entry and by the gathering of the note's mentions. The
    # same words citing the same moments in one note are one claim.
    claims: list[Claim] = []
    said: set[tuple[str, str, tuple[int, ...]]] = set()
    for claim in found.values():
        if (claim.note, claim.text, claim.seconds) not in said:
            said.add((claim.note, claim.text, claim.seconds))
            claims.append(claim)
    by_note: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_note[claim.note].append(claim)
    return [c for c in claims if not _covered(c, by_note[c.note])]


LEAD_WORDS = 12


def _covered(claim: Claim, same_note: Sequence[Claim]) -> bool:
    """Whether this claim is shorter claims of the same note written one
    after another, after a lead of at most :data:`LEAD_WORDS` words (the
    item's bold lead, then its sentences): they say it with finer cites."""
    text = claim.text
    pieces = [
        other.text
        for other in same_note
        if other is not claim and len(other.text) < len(text) and other.text in text
    ]
    if not pieces:
        return False
    rest = text
    for piece in sorted(pieces, key=len, reverse=True):
        rest = rest.replace(piece, " ")
    left = rest.split()
    # What is left must be the lead, before the sentences: nothing, or words
    # that open the claim.
    return not left or (len(left) <= LEAD_WORDS and left[0] == text.split()[0])


def definition(entry: Entry) -> Claim | None:
    """The claim that says what the entry is (see the module docstring)."""
    names = sorted({n.lower() for n in entry.names}, key=lambda n: (-len(n), n))
    announcing_notes = {o.note for o in entry.occurrences if o.origin != "mention"}
    claims = entry_claims(entry)
    best: tuple[int, int, int, str, Claim] | None = None
    for claim in claims:
        text = claim.text
        size = len(text.split())
        if not DEFINITION_WORDS[0] <= size <= DEFINITION_WORDS[1]:
            continue
        for name in names:
            key = " ".join(name.replace("-", " ").split())
            at = text.find(key)
            if not 0 <= at <= len(text) // 3:
                continue
            said = _DEFINES.match(text[at + len(key) :])
            if said is not None and not _VERDICT.match(said["rest"]):
                # Opening with the name and saying what it is beats naming
                # it later in the sentence ("thus the Möbius strip is ...").
                opens = _LEAD.fullmatch(text[:at]) and _names_its_kind(said["verb"], said["rest"])
                rank = (
                    0 if opens else 1,
                    0 if claim.note in announcing_notes else 1,
                    abs(size - DEFINITION_SIZE),
                )
                if best is None or (*rank, claim.note) < best[:4]:
                    best = (*rank, claim.note, claim)
            break
    if best is not None:
        return best[4]
    announcing = [o for o in entry.occurrences if o.origin != "mention" and o.claims]
    announcing.sort(key=lambda o: (-len(o.claims) - len(o.parts), o.note, o.line))
    if entry.kind == "pitfall":
        # A pitfall's passage opens with why it hurts as often as with the
        # mistake; only a sentence that states the mistake defines it, and
        # the rest stays for "Why it hurts".
        statements = _statements(entry)
        kept = {(c.note, c.key) for c in claims}
        for occurrence in announcing:
            claim = occurrence.claims[0]
            if (claim.note, claim.key) in statements & kept:
                return claim
        return None
    # Else the announcing passage's first sentence, unless it only leads into
    # a list ("Consider common geometric shapes:"): a lead-in under
    # "Definition" says nothing, and the page goes without one.
    first = announcing[0].claims if announcing else ()
    return next((c for c in first if not _leads_in(c)), None)


def _leads_in(claim: Claim) -> bool:
    return plain_text(claim.inline).rstrip().endswith(":") if claim.inline else False


def _names_its_kind(verb: str, rest: str) -> bool:
    """Whether "<name> <verb> <rest>", no verdict, says what the name is: a
    defining verb, or "is"/"are" followed by what it is ("a", "the" ...)."""
    return verb not in ("is", "are", "was") or bool(_GENUS.match(rest))


# A sentence that states a mistake rather than explaining it.
_STATES = re.compile(
    r"\b(?:mistakes?|pitfalls?|traps?|errors?|fall(?:s|ing)? (?:into|for)|tend to|often|"
    r"commonly|too (?:many|much|often|early|late|fast|slow)|instead of|rather than|believ\w*|"
    r"assum\w*|think(?:s|ing)? that|over-?\w+|under-?\w+|neglect\w*|ignor\w*)\b",
    re.I,
)


def _statements(entry: Entry) -> set[tuple[str, ClaimKey]]:
    """The sentences that state the pitfall: the first of each announcing
    passage, when it reads as the mistake (mistake words, "too early",
    "instead of") rather than as its consequence; the lead that announces
    the passage ("Asking what they *will* do:") states it otherwise, and
    what follows explains it."""
    return {
        (o.claims[0].note, o.claims[0].key)
        for o in entry.occurrences
        if o.origin != "mention" and o.claims and _STATES.search(o.claims[0].text)
    }


def framework_parts(entry: Entry) -> list[PartView]:
    """The parts of a framework, aligned across its occurrences."""
    ordered = sorted(
        (o for o in entry.occurrences if len(o.parts) >= 2),
        key=lambda o: (-sum(bool(p.claims) for p in o.parts), o.note, o.line),
    )
    if not ordered:
        return []
    parts = [PartView(p.name, list(p.claims)) for p in ordered[0].parts]
    for occurrence in ordered[1:]:
        for part in occurrence.parts:
            home = next(
                (
                    p
                    for p in parts
                    if fuzz.token_set_ratio(p.name.lower(), part.name.lower()) >= SAME_PART
                ),
                None,
            )
            if home is not None:
                home.claims.extend(part.claims)
    taken = {(c.note, c.key) for p in parts for c in p.claims}
    mentions = [c for c in entry_claims(entry) if (c.note, c.key) not in taken]
    for part in parts:
        if not part.claims:
            key = " ".join(part.name.lower().replace("-", " ").split())
            part.claims = [c for c in mentions if key and key in c.text][:PER_SOURCE]
    return parts


def role_of(kind: str, claim: Claim) -> str:
    """Which heading of an entry page a claim belongs under."""
    text = claim.text
    if kind == "skill":
        return "practice" if _PRACTICE.search(text) else "what"
    if kind == "pitfall":
        if _INSTRUCTION.search(text):
            return "remedy"
        if _DECLARES.search(text):
            return "mistake"
        if _REMEDY.search(text):
            return "remedy"
        if _HARM.search(text):
            return "harm"
        return "remedy" if _ADVICE_WORDS.search(text) else "mistake"
    return "overview"


SECTIONS = {
    "pitfall": (
        ("mistake", "the-mistake", "The mistake"),
        ("harm", "why-it-hurts", "Why it hurts"),
        ("remedy", "what-to-do-instead", "What to do instead"),
    ),
    "skill": (
        ("what", "what-it-is", "What it is"),
        ("practice", "how-to-build-it", "How to build it"),
    ),
}


SECTION_CAP = 8


def _spread(claims: Sequence[Claim], video_of: Mapping[str, str | None], cap: int) -> list[Claim]:
    """At most ``cap`` claims, taken from each video in turn, so one source
    does not fill a section that several sources speak to."""
    queues: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        queues[video_of.get(claim.note) or claim.note].append(claim)
    picked: list[Claim] = []
    while len(picked) < cap and any(queues.values()):
        for video in list(queues):
            if queues[video] and len(picked) < cap:
                picked.append(queues[video].pop(0))
    order = {(c.note, c.key): i for i, c in enumerate(claims)}
    return sorted(picked, key=lambda c: order[(c.note, c.key)])


def kind_sections(
    entry: Entry, video_of: Mapping[str, str | None], shown: set[tuple[str, ClaimKey]]
) -> list[tuple[str, str, list[Claim]]]:
    """``(anchor, heading, claims)`` of a pitfall's or skill's own sections.

    The first section ("The mistake", "What it is") takes the claims of
    the occurrences that announce the entry; the others take the claims,
    from anywhere, whose words say why it hurts, what to do instead or how
    to build it, :data:`SECTION_CAP` at most, spread over the videos.
    ``shown`` holds the claims already on the page and receives these."""
    layout = SECTIONS.get(entry.kind)
    if not layout:
        return []
    announcing = {
        (c.note, c.key) for o in entry.occurrences if o.origin != "mention" for c in o.claims
    }
    # A passage states a pitfall in its lead or its first sentence
    # (:func:`_statements`); what follows and is not advice explains it.
    statements = _statements(entry)
    by_role: dict[str, list[Claim]] = defaultdict(list)
    first = layout[0][0]
    for claim in entry_claims(entry):
        where = (claim.note, claim.key)
        if where in shown:
            continue
        role = role_of(entry.kind, claim)
        if role == "mistake" and where in announcing and where not in statements:
            role = "harm"
        if role != first or where in announcing:
            by_role[role].append(claim)
    found = []
    for role, anchor, heading in layout:
        picked = _spread(by_role[role], video_of, SECTION_CAP)
        shown.update((c.note, c.key) for c in picked)
        found.append((anchor, heading, picked))
    return found
