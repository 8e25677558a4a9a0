"""One page, one voice: a merged page reads as one page.

* the folding rule, as case tables: paraphrases fold, different points
  (other figures, a negation, other details of one minute) do not;
* merged pages of the corpus, as a reader sees them rendered: they restate
  at most :data:`MAX_RESTATED` of their claims (TF-IDF cosine of content
  words >= 0.5 with another shown claim, :func:`handbook.analyse.paraphrase.restating`),
  no heading is empty or repeated, closing material comes once, last;
* nothing is lost: every claim of every note is shown, citing its note, or
  folded under "Other wordings" (collapsed), citing its note.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from handbook.analyse.claims import Claim, normalise, note_claims
from handbook.analyse.fold import group_claims
from handbook.analyse.layout import heading_words, is_closing
from handbook.analyse.merge import WORDINGS_KIND, MergedPage, merge_notes
from handbook.analyse.paraphrase import restatement_share, restating
from handbook.analyse.units import Unit, plan_units
from handbook.html.page import render_page
from handbook.ingest.curation import Curation
from handbook.ingest.notes import parse_note, read_notes
from handbook.ingest.syntax.inline import plain_text
from handbook.model import Callout, Heading
from handbook.render.markdown import Writer
from test_conservation import cited_windows, claim_words, page_words

MAX_RESTATED = 0.06  # single-note pages of the same channel restate 3.3%

# --- the folding rule -------------------------------------------------------------


def claim(note: str, text: str, *seconds: int, section: int = 0) -> Claim:
    return Claim(note, (section, 0, "p", 0), (), normalise(text), seconds)


@pytest.mark.parametrize(
    ("shown", "other", "folds"),
    [
        pytest.param(
            claim(
                "b.md",
                "First Round Capital created a practical, actionable framework to help "
                "founders find product-market fit",
                31,
            ),
            claim(
                "a.md",
                "First Round Capital has developed a practical and actionable framework "
                "for finding product-market fit",
                30,
            ),
            True,
            id="paraphrase",
        ),
        pytest.param(
            claim("a.md", "The goal is to be useful to the team, the manager and the company", 856),
            claim("b.md", "The goal is to be useful to the team", 858),
            True,
            id="shorter-wording-contained",
        ),
        pytest.param(
            claim("a.md", "Copying competitors can lead to subpar results 95% of the time", 3765),
            claim("b.md", "Copying competitors can lead to subpar results 95% of the time.", 8573),
            True,
            id="same-words-other-moment",
        ),
        pytest.param(
            claim(
                "a.md",
                "Speaking is not merely a specialized skill but a meta skill, meaning that as "
                "one improves at speaking, many other abilities improve too",
                52,
            ),
            claim("b.md", "Speaking is not merely a specialized skill but a meta skill", 50),
            True,
            id="negated-in-both",
        ),
        pytest.param(
            claim("a.md", "Signs of being stuck at level 1", 600),
            claim("b.md", "Signs of being stuck at level 2", 610),
            False,
            id="other-number",
        ),
        pytest.param(
            claim(
                "a.md",
                "Change fail rate: the percentage of changes pushed that result in incidents "
                "requiring a fix",
                900,
            ),
            claim("b.md", "Change fail rate between 0 and 15 percent", 905),
            False,
            id="figure-only-in-the-shorter",
        ),
        pytest.param(
            claim("a.md", "Annual recurring revenue from 0 to 500k", 10),
            claim("b.md", "Annual recurring revenue from 500k to 5 million", 12),
            False,
            id="other-range",
        ),
        pytest.param(
            claim("a.md", "Teams should ship small changes every week to learn faster", 100),
            claim("b.md", "Teams should not ship small changes every week to learn faster", 100),
            False,
            id="negation",
        ),
        pytest.param(
            claim("a.md", "This aspect focuses on the tangible outputs of a product manager", 470),
            claim("b.md", "This aspect focuses on outputs especially early in a career", 470),
            False,
            id="other-details-same-moment",
        ),
        pytest.param(
            claim("a.md", "Data and metrics skills", 2971),
            claim("b.md", "Data", 2971),
            False,
            id="label",
        ),
        pytest.param(
            claim("a.md", "Feature teams are given a roadmap of features to build", 300),
            claim("b.md", "Empowered teams are given problems to solve", 305),
            False,
            id="contrast",
        ),
        pytest.param(
            claim(
                "a.md",
                "First Round Capital has developed a practical and actionable framework "
                "for finding product-market fit",
                30,
            ),
            claim(
                "a.md",
                "First Round Capital created a practical, actionable framework to help "
                "founders find product-market fit",
                2400,
                section=5,
            ),
            False,
            id="one-note-says-it-twice",
        ),
    ],
)
def test_folding_rule(shown: Claim, other: Claim, folds: bool) -> None:
    for order in ([shown, other], [other, shown]):
        groups = group_claims(order)
        together = groups[(shown.note, shown.key)] is groups[(other.note, other.key)]
        assert together is folds
        if folds:  # the most complete wording is the one shown
            assert groups[(shown.note, shown.key)].representative.text == shown.text


@pytest.mark.parametrize(
    ("texts", "flags"),
    [
        pytest.param(["one point here", "another thing entirely"], [False, False], id="distinct"),
        pytest.param(
            [
                "first round capital framework for product market fit",
                "the product market fit framework of first round capital",
                "hiring engineers takes most of a founder's year",
            ],
            [True, True, False],
            id="restated",
        ),
        pytest.param(["only one claim"], [False], id="alone"),
        pytest.param(["the and of", "the and of"], [False, False], id="no-content-words"),
    ],
)
def test_restating(texts: list[str], flags: list[bool]) -> None:
    assert restating([normalise(t) for t in texts]) == flags


@pytest.mark.parametrize(
    ("heading", "closing"),
    [
        ("Conclusion", True),
        ("Key Takeaways for Founders", True),
        ("Summary", True),
        ("Final thoughts", True),
        ("In conclusion: what to do next", True),
        ("TL;DR", True),
        ("Recap", True),
        ("Summarization with AI", False),
        ("The final answer", False),
        ("Lessons from failure", False),
        ("Pitfalls to avoid", False),
    ],
)
def test_closing_headings(heading: str, closing: bool) -> None:
    assert is_closing(heading) is closing


# --- a small merge, end to end ------------------------------------------------------

NOTE_A = """---
title: Product-market fit (A)
videoId: abcdefghijk
---
## The framework
- First Round Capital has developed a practical and actionable framework [00:00:30]
- Level 1 is nascent product-market fit [00:02:00]
## Conclusion
- Product-market fit is a journey, not a moment [00:20:00]
## Levels in practice
- Signs of being stuck at level 1 [00:03:00]
"""
NOTE_B = """---
title: Product-market fit (B)
videoId: abcdefghijk
---
## Framework overview
- First Round Capital created a practical, actionable framework for founders [00:00:31]
## Levels in practice
- Signs of being stuck at level 2 [00:05:00]
## Empty heading
## Key takeaways
- Product-market fit is a journey rather than a single moment [00:20:02]
"""


def small_merge() -> MergedPage:
    return merge_notes([parse_note("a.md", NOTE_A.encode()), parse_note("b.md", NOTE_B.encode())])


def test_small_merge_reads_as_one_page() -> None:
    page = small_merge()
    headings = [plain_text(b.inline) for b in page.blocks if isinstance(b, Heading)]
    words = [heading_words(h.split("<")[0]) for h in headings]
    assert len(words) == len(set(words)), headings
    assert is_closing(headings[-1])
    assert sum(is_closing(h) for h in headings) == 1
    assert not any("empty heading" in w for w in words)
    shown = [c.text for c in page.shown_claims]
    assert sum("first round capital" in t for t in shown) == 1
    assert sum("journey" in t for t in shown) == 1
    assert sum("signs of being stuck" in t for t in shown) == 2  # level 1 and level 2
    folded = [b for b in page.blocks if isinstance(b, Callout) and b.raw_kind == WORDINGS_KIND]
    assert [b.fold for b in folded] == ["-"] * len(folded) and folded
    html = rendered(page)
    # the shown wording cites both notes and both seconds
    outside = re.sub(r"<details.*?</details>", "", html, flags=re.S)
    shown_line = next(line for line in outside.split("\n") if "actionable framework" in line)
    assert "t=30s" in shown_line and "t=31s" in shown_line
    assert "#source-1" in shown_line and "#source-2" in shown_line
    folded_html = re.findall(
        r'<details class="note callout-other-wordings">(.*?)</details>', html, re.S
    )
    assert any(
        "has developed a practical and actionable" in d and "#source-1" in d for d in folded_html
    )


# --- the corpus ---------------------------------------------------------------------


def rendered(page: MergedPage) -> str:
    """The page's body as the site renders it (links written as their text)."""
    writer = Writer(link=lambda link: link.label or link.target, video_id="abcdefghijk")
    return render_page("\n".join(writer.blocks(page.blocks, page.anchors)), "notes/x.md").html


@pytest.fixture(scope="module")
def merged_units(corpus_dir: Path) -> list[Unit]:
    units, _ = plan_units(read_notes(corpus_dir), Curation())
    merged = [u for u in units if u.merged is not None]
    assert len(merged) > 100
    return merged


@pytest.mark.corpus
def test_merged_pages_restate_little(merged_units: list[Unit]) -> None:
    restated, total = restatement_share(
        [c.text for c in u.merged.shown_claims if c.text]  # type: ignore[union-attr]
        for u in merged_units
    )
    print(f"merged pages restate {restated} of {total} claims ({restated / total:.1%})")
    assert restated / total <= MAX_RESTATED


HEADING = re.compile(r"<h([1-6])[^>]*>(.*?)</h\1>", re.S)
TAG = re.compile(r"<[^>]+>")


def heading_problems(html: str) -> list[str]:
    """What a reader would notice about a page's headings."""
    body = re.sub(r"<details.*?</details>", "<p>folded</p>", html, flags=re.S)
    found = [(m.start(), m.end(), int(m.group(1)), m.group(2)) for m in HEADING.finditer(body)]
    problems = []
    names = Counter(heading_words(TAG.sub("", text)) for *_, text in found)
    problems += [f"repeated heading {name!r}" for name, n in sorted(names.items()) if n > 1]
    for k, (_, end, level, text) in enumerate(found):
        following = found[k + 1] if k + 1 < len(found) else None
        between = body[end : following[0] if following else len(body)]
        if not TAG.sub("", between).strip() and (following is None or following[2] <= level):
            problems.append(f"empty heading {TAG.sub('', text)!r}")
    closing = [k for k, (*_, text) in enumerate(found) if is_closing(TAG.sub("", text))]
    if len(closing) > 1:
        problems.append("closing material in two sections")
    if closing and any(f[2] <= found[closing[0]][2] for f in found[closing[0] + 1 :]):
        problems.append("closing section before the end")
    return problems


@pytest.mark.corpus
def test_merged_headings_read_as_one_page(merged_units: list[Unit]) -> None:
    problems = {
        u.owner: found
        for u in merged_units
        if (found := heading_problems(rendered(u.merged)))  # type: ignore[arg-type]
    }
    assert problems == {}


@pytest.mark.corpus
def test_nothing_is_lost_and_folded_wordings_cite_their_note(merged_units: list[Unit]) -> None:
    """Every claim of every note is in a window its note's marker cites:
    shown (its words, or a fuller wording of them) or folded."""
    lost = []
    for unit in merged_units:
        page = unit.merged
        assert page is not None
        html = rendered(page)
        assert "<details open" not in html  # folded wordings start collapsed
        text = page_words(html)
        windows = cited_windows(html)
        number = {path: str(i) for i, path in enumerate(page.notes, start=1)}
        groups = group_claims([c for n in unit.notes for c in note_claims(n)])
        for note in unit.notes:
            for item in note_claims(note):
                words = claim_words(item)
                if not words:
                    continue
                if item.block is not None:  # tables and code are shown whole, uncited
                    if words not in text:
                        lost.append((note.path, words))
                    continue
                shown = claim_words(groups[(item.note, item.key)].representative)
                cited = [t for t, by in windows if number[note.path] in by]
                if not any(words in t or shown in t for t in cited):
                    lost.append((note.path, words))
    assert lost == [], f"{len(lost)} claims lost, e.g. {lost[:5]}"
