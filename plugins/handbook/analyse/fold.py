"""Claim groups: the claims of one page that say the same thing, folded.

Input: the claims of one page (a merged group of notes, or one catalog
heading), in reading order.  Output: each claim's :class:`ClaimGroup`.

Algorithm (greedy, most complete first, so no chains):

1. **Evidence** for every pair worth scoring comes from
   :func:`handbook.analyse.paraphrase.evidence` (sparse TF-IDF cosines of the page,
   so the cost is a few matrix products, not a Python loop over pairs),
   plus, for claims that cite a moment, the older same-moment rule
   :func:`handbook.analyse.claims.same_claim` over claims within a few seconds.
2. Claims are visited most complete first (most distinct content words,
   then longest, then reading order).  A claim joins the group of the most
   similar *representative* that makes the same point
   (:func:`handbook.analyse.paraphrase.same_thing`), else it starts a group and is
   its representative.  Comparing with representatives only means a group
   never drifts: every member says the same thing as the wording shown.
3. Two claims of **one note** fold only by the stricter old rule or near
   identical words: a note that makes a point twice (an intro and a
   conclusion) keeps both places; only notes repeating each other fold.
4. A last pass joins groups whose representatives are worded almost
   identically (greedy order can leave two such groups apart).

A group shows its representative, every second any member cites, and every
member's note; the members whose words the representative does not contain
are its *other wordings*, which the page keeps folded beneath the claim's
section (:mod:`handbook.analyse.merge`).

:func:`fold_wordings` is the same greedy rule for bare wordings with no
claim behind them (a video page's timeline statements): steps 1 to 3
without the same-moment rule, which needs a claim's block and key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..engine.disjoint import DisjointSets
from .claims import MOMENT_TOLERANCE, Claim, ClaimKey, same_claim
from .paraphrase import (
    NEAR_IDENTICAL,
    Evidence,
    Wording,
    contradicts,
    evidence,
    figures_agree,
    same_thing,
    stems,
)

_BUCKET = MOMENT_TOLERANCE  # seconds: same_claim's moments are this close


@dataclass
class ClaimGroup:
    representative: Claim
    members: list[Claim] = field(default_factory=list)

    @property
    def seconds(self) -> list[int]:
        return sorted({s for m in self.members for s in m.seconds})

    def sources(self, order: Mapping[str, int]) -> list[int]:
        return sorted({order[m.note] for m in self.members})

    def other_wordings(self) -> list[list[Claim]]:
        """Members whose words the representative does not contain, one
        list per distinct wording, in reading order of their first member."""
        shown = self.representative.text
        by_text: dict[str, list[Claim]] = {}
        for member in self.members:
            if member.block is None and member.text not in shown:
                by_text.setdefault(member.text, []).append(member)
        return list(by_text.values())


def _wording(claim: Claim) -> Wording:
    return Wording(claim.text, claim.seconds, claim.block is not None)


def group_claims(ordered: Sequence[Claim]) -> dict[tuple[str, ClaimKey], ClaimGroup]:
    """Each claim's group (see the module docstring); ``ordered`` is the
    page's reading order, which breaks ties."""
    claims = list(ordered)
    proofs = evidence([_wording(c) for c in claims])
    near = _neighbours(proofs)
    stamped: dict[int, list[int]] = defaultdict(list)  # moment bucket -> representatives
    size = [len(set(stems(c.text))) for c in claims]
    visit = sorted(range(len(claims)), key=lambda i: (-size[i], -claims[i].size, i))
    home: dict[int, int] = {}  # claim -> its representative
    for i in visit:
        claim = claims[i]
        candidates = [j for j in near[i] if home.get(j) == j]
        seen = set(candidates)
        buckets = sorted({b + d for b in {s // _BUCKET for s in claim.seconds} for d in (-1, 0, 1)})
        candidates += sorted({j for b in buckets for j in stamped.get(b, ()) if j not in seen})
        home[i] = next(
            (j for j in candidates if _folds(claims[j], claim, proofs.get(_pair(i, j)))), i
        )
        if home[i] == i:
            for bucket in sorted({s // _BUCKET for s in claim.seconds}):
                stamped[bucket].append(i)
    groups: dict[int, ClaimGroup] = {}
    for i, claim in enumerate(claims):
        representative = home[i]
        group = groups.setdefault(representative, ClaimGroup(claims[representative]))
        group.members.append(claim)
    of = _join_near_identical(claims, home, proofs, groups)
    position = {(c.note, c.key): i for i, c in enumerate(claims)}
    for group in {id(g): g for g in of.values()}.values():
        group.members.sort(key=lambda m: position[(m.note, m.key)])
    return of


def fold_wordings(wordings: Sequence[Wording], notes: Sequence[str]) -> list[int]:
    """For each wording, the index of the wording it folds into (itself when
    it is shown).  ``notes`` names each wording's note: two wordings of one
    note fold only when near-identical.  Visited most complete first (most
    distinct stems, then longest, then order), against shown wordings only."""
    proofs = evidence(wordings)
    near = _neighbours(proofs)
    size = [len(set(stems(w.text))) for w in wordings]
    visit = sorted(range(len(wordings)), key=lambda i: (-size[i], -len(wordings[i].text), i))
    home: dict[int, int] = {}
    for i in visit:
        home[i] = next(
            (
                j
                for j in near[i]
                if home.get(j) == j
                and _may_fold(wordings[j].text, wordings[i].text)
                and _same_point(wordings[j], wordings[i], notes[i] == notes[j], proofs[_pair(i, j)])
            ),
            i,
        )
    return [home[i] for i in range(len(wordings))]


def _neighbours(proofs: Mapping[tuple[int, int], Evidence]) -> dict[int, list[int]]:
    """Each item's scored partners, most similar first (ties: lower index)."""
    near: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (a, b), proof in sorted(proofs.items()):
        near[a].append((-proof.cosine, b))
        near[b].append((-proof.cosine, a))
    return defaultdict(list, {i: [j for _, j in sorted(pairs)] for i, pairs in near.items()})


def _pair(i: int, j: int) -> tuple[int, int]:
    return (i, j) if i < j else (j, i)


def _may_fold(shown: str, other: str) -> bool:
    """The guards: ``other`` cites no figure ``shown`` lacks, and neither negates the other."""
    return figures_agree(shown, other) and not contradicts(shown, other)


def _same_point(shown: Wording, other: Wording, one_note: bool, proof: Evidence) -> bool:
    """The rule once the guards pass: near-identical words within one note
    (a note that makes a point twice keeps both places), else
    :func:`~handbook.analyse.paraphrase.same_thing`."""
    if one_note:
        return fuzz.ratio(shown.text, other.text) >= NEAR_IDENTICAL
    return same_thing(shown, other, proof)


def _folds(shown: Claim, claim: Claim, proof: Evidence | None) -> bool:
    """Whether ``claim`` folds into the group ``shown`` represents."""
    if not _may_fold(shown.text, claim.text):
        return False
    if same_claim(shown, claim):
        return True
    if proof is None:
        return False
    one_note = shown.note == claim.note
    if one_note and (shown.block is None) != (claim.block is None):
        return False
    return _same_point(_wording(shown), _wording(claim), one_note, proof)


def _join_near_identical(
    claims: Sequence[Claim],
    home: Mapping[int, int],
    proofs: Mapping[tuple[int, int], Evidence],
    groups: Mapping[int, ClaimGroup],
) -> dict[tuple[str, ClaimKey], ClaimGroup]:
    """Join groups whose representatives are near-identical wordings:
    greedy order can leave two such groups apart.  ``groups`` is keyed by
    each representative's index; the pairs come from the page's evidence."""
    sets = DisjointSets(groups)

    for a, b in sorted(proofs):
        if a not in groups or b not in groups:
            continue
        one, two = claims[a], claims[b]
        if (
            (one.block is None) == (two.block is None)
            and figures_agree(one.text, two.text)
            and figures_agree(two.text, one.text)
            and not contradicts(one.text, two.text)
            and fuzz.ratio(one.text, two.text, score_cutoff=NEAR_IDENTICAL) > 0
        ):
            sets.join(a, b)
    for r in sorted(groups):
        root = groups[sets.find(r)]
        group = groups[r]
        if root is not group:
            root.members.extend(group.members)
            if group.representative.size > root.representative.size:
                root.representative = group.representative
    return {(c.note, c.key): groups[sets.find(home[i])] for i, c in enumerate(claims)}
