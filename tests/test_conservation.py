"""Conservation: every paragraph, list item and callout of every corpus note is
traceable in the built site.

The unit of account is the claim (:func:`handbook.claims.note_claims`): a
sentence of a paragraph, list item or callout, or a whole table or code
block.  A claim is traced when either

* **rendered:** its words appear, in order, on a page built from its note
  (timestamps and source markers removed, since they interleave the text);
* **merged:** merging folded it into another wording of the same claim
  (the group :func:`handbook.merge.group_claims` gives it), and that wording
  appears on the page followed by a source marker that cites this note.

The second test reads the HTML for the citation rather than trusting the
merge: a folded claim whose note the page forgot to cite is lost.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest

from handbook.claims import Claim, normalise, note_claims
from handbook.ingest import parse_note
from handbook.merge import group_claims
from handbook.model import Note
from handbook.syntax.inline import plain_text
from helpers import BuiltSite

SUP = re.compile(r'<sup class="hb-src"[^>]*>(.*?)</sup>', re.S)
STAMP = re.compile(r'<a class="yt-timestamp"[^>]*>[^<]*</a>')
TAG = re.compile(r"<[^>]+>")
SOURCE = re.compile(r'<span id="source-(\d+)"></span><a href="[^"]*raw/([^"]+)\.txt"')
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
    cited = []
    previous = 0
    for marker in SUP.finditer(body):
        # A marker covers the claims since the previous one in its block.
        window = body[previous : marker.start()]
        start = max(window.rfind("<p>"), window.rfind("<li>"))
        notes = frozenset(sources.get(n, "") for n in re.findall(r"#source-(\d+)", marker.group(1)))
        cited.append((_text(window[max(start, 0) :]), notes))
        previous = marker.end()
    return PageText(_text(body), tuple(cited))


def _text(fragment: str) -> str:
    return words(TAG.sub(" ", SUP.sub(" ", STAMP.sub(" ", fragment))))


def untraced(site: BuiltSite, corpus: Path) -> Iterator[tuple[str, str]]:
    export = site.export()
    pages_of: dict[str, list[str]] = {}
    for page in export["pages"]:
        if page["kind"] in PAGE_KINDS:
            for source in page["sources"]:
                pages_of.setdefault(source, []).append(page["url"])
    notes: dict[str, Note] = {
        p.relative_to(corpus).as_posix(): parse_note(
            p.relative_to(corpus).as_posix(), p.read_bytes()
        )
        for p in sorted(corpus.rglob("*.md"))
    }
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
        for claim in note_claims(note):
            text = claim_words(claim)
            if not text or traced(text, pages):
                continue
            of = groups.get(path)
            shown = claim_words(of[(claim.note, claim.key)].representative) if of else ""
            if shown and any(shown in t and path in by for p in pages for t, by in p.cited):
                continue
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
