"""Conservation: every paragraph, list item and callout of every corpus note is
traceable in the built site.

The unit of account is the claim (:func:`handbook.analyse.claims.note_claims`): a
sentence of a paragraph, list item or callout, or a whole table or code
block.  A claim is traced when either

* **rendered:** its words appear, in order, on a page built from its note
  (timestamps and source markers removed, since they interleave the text);
* **merged:** merging folded it into another wording of the same claim
  (the group :func:`handbook.analyse.merge.group_claims` gives it), and that wording
  appears on the page followed by a source marker that cites this note.

On a merged page every claim must be cited: its words appear in a window
that a source marker citing its note closes, either among the shown
claims or folded under "Other wordings" (a collapsed ``<details>``), or
the fuller wording it folded into does.  The test reads the HTML for the
citation rather than trusting the merge: a folded claim whose note the
page forgot to cite is lost.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest

from handbook.analyse.claims import Claim, normalise, note_claims
from handbook.analyse.merge import group_claims
from handbook.ingest.moments import repair_moments
from handbook.ingest.notes import parse_note
from handbook.ingest.syntax.inline import plain_text
from handbook.model import Note
from helpers import BuiltSite

SUP = re.compile(r'<sup class="hb-src"[^>]*>(.*?)</sup>', re.S)
# A linked stamp, or one refused as impossible (shown as text, not words).
STAMP = re.compile(r'<(a|span) class="(?:yt-timestamp|hb-clock)"[^>]*>[^<]*</\1>')
TAG = re.compile(r"<[^>]+>")
SOURCE = re.compile(
    # Anchors a merged page keeps for folded sections stand between the id and the link.
    r'<span id="source-(\d+)"></span>(?:<span id="[^"]*"></span>)*<a href="[^"]*raw/([^"]+)\.txt"'
)
# A Markdown link's destination: the page shows its label only.
DESTINATION = re.compile(r"\]\((?:[^()]|\([^)]*\))*\)")
PAGE_KINDS = {"note", "merged", "article", "source"}


def words(text: str) -> str:
    return " ".join(normalise(html.unescape(text).replace("_", " ")).split())


def claim_words(claim: Claim) -> str:
    if claim.inline:
        return words(DESTINATION.sub("] ", plain_text(claim.inline)))
    return words(claim.text)


@dataclass(frozen=True)
class PageText:
    text: str  # the page's own words
    cited: tuple[tuple[str, frozenset[str]], ...]  # (words, notes its marker cites)


def read_page(path: Path) -> PageText:
    page = path.read_text(encoding="utf-8")
    body = page[page.find("<article") : page.find("</article>")]
    cut = body.find('id="referenced-by"')
    if cut > 0:  # quotes of other pages, not this page's content
        body = body[: body.rfind("<h2", 0, cut)]
    sources = {n: unquote(p) for n, p in SOURCE.findall(body)}
    cited = tuple(
        (text, frozenset(sources.get(n, "") for n in numbers))
        for text, numbers in cited_windows(body)
    )
    return PageText(page_words(body), cited)


def cited_windows(body: str) -> list[tuple[str, frozenset[str]]]:
    """``(words, source numbers)`` for each source marker of ``body``: a
    marker covers the claims since the previous one in its block."""
    cited = []
    previous = 0
    for marker in SUP.finditer(body):
        window = body[previous : marker.start()]
        start = max(window.rfind("<p>"), window.rfind("<li>"))
        numbers = frozenset(re.findall(r"#source-(\d+)", marker.group(1)))
        # A raw HTML block can end in an empty <p></p>: then the marker
        # covers the whole window since the previous one.
        said = page_words(window[max(start, 0) :]) or page_words(window)
        cited.append((said, numbers))
        previous = marker.end()
    return cited


def page_words(fragment: str) -> str:
    return words(TAG.sub(" ", SUP.sub(" ", STAMP.sub(" ", fragment))))


def cited(text: str, path: str, pages: list[PageText]) -> bool:
    """Whether ``text`` is in a window whose marker cites ``path``; as in
    :func:`traced`, also with spaces ignored, since a link inside a word
    ("[[startup]]s") renders as "startup s" once tags are dropped."""
    compact = text.replace(" ", "")
    return any(
        path in by and (text in t or compact in t.replace(" ", ""))
        for page in pages
        for t, by in page.cited
    )


def untraced(site: BuiltSite, corpus: Path) -> Iterator[tuple[str, str]]:
    export = site.export()
    pages_of: dict[str, list[str]] = {}
    for page in export["pages"]:
        if page["kind"] in PAGE_KINDS:
            for source in page["sources"]:
                pages_of.setdefault(source, []).append(page["url"])
    parsed = [
        parse_note(p.relative_to(corpus).as_posix(), p.read_bytes())
        for p in sorted(corpus.rglob("*.md"))
    ]
    # The pipeline's notes: stamps past their video's end repaired or shown as text.
    notes: dict[str, Note] = {n.path: n for n in repair_moments(parsed).notes}
    groups = {}
    for merge in export["merges"]:
        of = group_claims([c for n in merge["notes"] for c in note_claims(notes[n])])
        groups.update(dict.fromkeys(merge["notes"], of))
    cache: dict[str, PageText] = {}
    for path, note in notes.items():
        pages = [
            cache.setdefault(url, read_page(site.root / url / "index.html"))
            for url in pages_of.get(path, [])
        ]
        of = groups.get(path)
        for claim in note_claims(note):
            text = claim_words(claim)
            if not text:
                continue
            if of is None or claim.block is not None:  # one note's page, or a table
                if not traced(text, pages):
                    yield path, text
                continue
            shown = claim_words(of[(claim.note, claim.key)].representative)
            if not (cited(text, path, pages) or (shown and cited(shown, path, pages))):
                yield path, text


def traced(text: str, pages: list[PageText]) -> bool:
    if any(text in page.text for page in pages):
        return True
    # Math renders "2^t" as "2 t" where the claim's words say "2t".
    compact = text.replace(" ", "")
    return any(compact in page.text.replace(" ", "") for page in pages)


@pytest.mark.corpus
def test_every_claim_of_every_note_is_traceable(corpus_site: BuiltSite, corpus_dir: Path) -> None:
    claims = sum(
        1
        for p in corpus_dir.rglob("*.md")
        for c in note_claims(parse_note(p.name, p.read_bytes()))
        if claim_words(c)
    )
    lost = list(untraced(corpus_site, corpus_dir))
    assert claims > 50_000
    assert lost == [], f"{len(lost)} of {claims} claims untraceable, e.g. {lost[:5]}"
