"""End to end on the shared corpus (~1,230 real notes), built once per session.

Every count here is computed independently from the source files with plain
regular expressions, not with the handbook's own parsers.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from helpers import (
    BuiltSite,
    article_html,
    expected_stamps,
    note_url,
    own_content,
    without_code,
)

pytestmark = pytest.mark.corpus

HUB_NAMES = {"lennyspodcast", "gregisenberg", "3blue1brown"}


def corpus_notes(corpus_dir: Path) -> list[tuple[str, str]]:
    return sorted(
        (p.relative_to(corpus_dir).as_posix(), p.read_text(encoding="utf-8", errors="replace"))
        for p in corpus_dir.rglob("*.md")
    )


@pytest.fixture(scope="module")
def notes(corpus_dir: Path) -> list[tuple[str, str]]:
    return corpus_notes(corpus_dir)


_MOMENT = re.compile(r"timestamp (\d\d:\d\d:\d\d) .*?(?:linked as (\d\d:\d\d:\d\d)|shown as text)")
_JOINED = re.compile(r"timestamp '.*' reads as .*; linked at (\d\d:\d\d:\d\d)$")


def _seconds(clock: str) -> int:
    hours, minutes, seconds = (int(part) for part in clock.split(":"))
    return hours * 3600 + minutes * 60 + seconds


@pytest.fixture(scope="module")
def moment_fixes(corpus_site: BuiltSite) -> dict[str, list[tuple[int, int | None]]]:
    """Stamps past their video's end (issue 13), as the build reports them:
    per note, the second written and the second linked (``None``: text).
    First, malformed values the build reads as one moment (a range written
    with colons, ``hh:mm:ss:00``): no second written, the second linked."""
    fixes: dict[str, list[tuple[int | None, int | None]]] = {}
    problems = corpus_site.export()["problems"]
    for problem in problems:
        if problem["rule"] == "timestamp/joined":
            match = _JOINED.match(problem["message"])
            assert match, problem
            fixes.setdefault(problem["path"], []).append((None, _seconds(match.group(1))))
    for problem in problems:
        if problem["rule"] in {"timestamp/repaired", "timestamp/impossible"}:
            match = _MOMENT.match(problem["message"])
            assert match, problem
            new = _seconds(match.group(2)) if match.group(2) else None
            fixes.setdefault(problem["path"], []).append((_seconds(match.group(1)), new))
    return fixes


def linked_stamps(text: str, fixes: list[tuple[int | None, int | None]]) -> Counter[int]:
    """The seconds a note's page links: its well-formed stamps and the
    malformed ones read as one moment, as repaired."""
    good, _ = expected_stamps(text)
    for old, new in fixes:
        if old is not None:
            good[old] -= 1
        if new is not None:
            good[new] += 1
    return +good


def test_corpus_is_the_expected_size(notes: list[tuple[str, str]]) -> None:
    assert len(notes) > 1200


def test_every_note_has_a_page(corpus_site: BuiltSite, notes: list[tuple[str, str]]) -> None:
    missing = []
    for path, _ in notes:
        name = path.rsplit("/", 1)[-1][:-3]
        url = f"/sources/{name}/" if name in HUB_NAMES else note_url(path)
        if not (corpus_site.root / url.strip("/") / "index.html").is_file():
            missing.append(path)
    assert missing == []


def test_every_well_formed_timestamp_is_a_link_to_its_moment(
    corpus_site: BuiltSite, notes: list[tuple[str, str]], moment_fixes: dict
) -> None:
    """A note's own page links each of its timestamps, as often as it cites
    them; a merged page links every second each of its notes cites."""
    wrong: dict[str, object] = {}
    total = 0
    merged_notes = {n for m in corpus_site.export()["merges"] for n in m["notes"]}
    for path, text in notes:
        video = re.search(r"^videoId: *(\S+)", text, re.M)
        if video is None:
            continue
        good = linked_stamps(text, moment_fixes.get(path, []))
        total += sum(good.values())
        _, _, html = corpus_site.follow(note_url(path))
        body = own_content(html)
        pattern = (
            rf'href="https://www\.youtube\.com/watch\?v={re.escape(video.group(1))}&amp;t=(\d+)s"'
        )
        found = Counter(int(t) for t in re.findall(pattern, body))
        merged = path in merged_notes
        if (merged and not set(good) <= set(found)) or (not merged and found != good):
            wrong[path] = sorted(set(good) - set(found))
    assert total > 30000
    assert wrong == {}


def test_every_malformed_timestamp_is_warned_about(
    corpus_site: BuiltSite, notes: list[tuple[str, str]]
) -> None:
    warned = {
        m.group(1)
        for m in re.finditer(
            r"handbook: (\S+?:\d+):\d+: .*\[timestamp/(?:malformed|broken-tag|joined)\]",
            corpus_site.log,
        )
    }
    expected = {f"{path}:{line}" for path, text in notes for line in expected_stamps(text)[1]}
    assert len(expected) > 100
    assert expected - warned == set()


def test_no_script_from_a_note_reaches_the_html(corpus_site: BuiltSite) -> None:
    offenders = []
    for page in corpus_site.html_files():
        html = page.read_text(encoding="utf-8")
        if "<article" not in html:
            continue
        body = article_html(html)
        if "<script" in body or re.search(r"\son[a-z]+\s*=", body) or "javascript:" in body:
            offenders.append(page)
    assert offenders == []


def test_no_internal_link_points_to_a_missing_page_or_anchor(corpus_site: BuiltSite) -> None:
    from crawl import crawl

    checked, broken = crawl(corpus_site.root)
    assert checked > 100_000
    assert broken == []


WIKILINK = re.compile(r"\[\[([^\[\]\n]*)\]\]")
TIME_TARGET = re.compile(r"\s*\d{1,2}(?::\d{1,2}){1,3}:?\]?\s*")


def test_export_accounts_for_every_wikilink(
    corpus_site: BuiltSite, notes: list[tuple[str, str]]
) -> None:
    written: Counter[str] = Counter()
    for path, text in notes:
        for match in WIKILINK.finditer(without_code(text)):
            inner = match.group(1)
            if inner.split("|")[0].strip() and not TIME_TARGET.fullmatch(inner):
                written[path] += 1
    exported = Counter(row["source"] for row in corpus_site.export()["links"])
    assert sum(written.values()) > 10_000
    assert exported == written


def test_export_lists_every_timestamp_citation(
    corpus_site: BuiltSite, notes: list[tuple[str, str]], moment_fixes: dict
) -> None:
    expected = sum(
        sum(linked_stamps(t, moment_fixes.get(p, [])).values()) for p, t in notes if "videoId:" in t
    )
    assert len(corpus_site.export()["timestamps"]) == expected


# --- merging (issue: duplicate topics) --------------------------------------------


def test_every_cited_moment_is_still_cited(
    corpus_site: BuiltSite, notes: list[tuple[str, str]], moment_fixes: dict
) -> None:
    """100% coverage: each distinct (video, second) cited by any note is
    linked from some page of the built site (impossible moments as repaired)."""
    cited: set[tuple[str, int]] = set()
    for path, text in notes:
        video = re.search(r"^videoId: *(\S+)", text, re.M)
        if video:
            cited |= {(video.group(1), s) for s in linked_stamps(text, moment_fixes.get(path, []))}
    linked: set[tuple[str, int]] = set()
    for page in corpus_site.html_files():
        html = page.read_text(encoding="utf-8")
        if "<article" in html:
            body = own_content(html)
            linked |= {
                (v, int(t)) for v, t in re.findall(r"watch\?v=([\w-]{11})&amp;t=(\d+)s", body)
            }
    assert len(cited) > 20_000
    assert cited - linked == set()


_CLAIM_END = re.compile(r'<sup class="hb-src"[^>]*>.*?</sup>', re.S)
_STAMP = re.compile(r"watch\?v=[\w-]{11}&amp;t=(\d+)s")


def merged_claims(body: str) -> list[tuple[str, set[int]]]:
    """Each rendered claim of a merged page: its words and cited seconds.
    Every claim ends with its source marker; the text before it, back to the
    previous marker or block start, is the claim."""
    claims = []
    for block in re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", body, re.S):
        start = 0
        for marker in _CLAIM_END.finditer(block):
            piece = block[start : marker.start()]
            start = marker.end()
            seconds = {int(t) for t in _STAMP.findall(piece)}
            words = " ".join(re.sub(r"<[^>]+>|\d\d:\d\d:\d\d", " ", piece).split()).lower()
            if words:
                claims.append((words, seconds))
    return claims


# Wordings folded under the claim that shows them: reachable, not shown.
_FOLDED = re.compile(r'<details class="[^"]*callout-other-wordings">.*?</details>', re.S)


def test_no_merged_page_repeats_a_claim(corpus_site: BuiltSite) -> None:
    """No merged page shows two claims citing the same moment (within five
    seconds) with near-identical wording (similarity >= 90); the wordings
    folded under a claim ("Other wordings") are not shown claims."""
    from rapidfuzz import fuzz

    merged = [p for p in corpus_site.export()["pages"] if p["kind"] == "merged"]
    assert len(merged) > 100
    repeats = []
    for page in merged:
        shown = _FOLDED.sub(" ", own_content(corpus_site.page("/" + page["url"])))
        claims = merged_claims(shown)
        for i, (a, sa) in enumerate(claims):
            for b, sb in claims[i + 1 :]:
                same_moment = sa and sb and any(abs(x - y) <= 5 for x in sa for y in sb)
                if same_moment and fuzz.ratio(a, b) >= 90:
                    repeats.append((page["url"], a[:60], b[:60]))
    assert repeats == []


def test_merging_shrinks_the_corpus_and_reports_why(corpus_site: BuiltSite) -> None:
    export = corpus_site.export()
    content = [p for p in export["pages"] if p["kind"] in ("note", "merged", "article")]
    merges = export["merges"]
    assert sum(len(m["notes"]) for m in merges) + sum(
        1 for p in content if p["kind"] != "merged"
    ) == len({s for p in content for s in p["sources"]})
    assert all(m["pairs"] and all("score" in pair for pair in m["pairs"]) for m in merges)
    assert "merges: " in corpus_site.log
    # every merged-away note's URL redirects to its merged page
    redirects = {r["from"]: r["to"] for r in export["redirects"]}
    assert len(redirects) == sum(len(m["notes"]) - 1 for m in merges)
