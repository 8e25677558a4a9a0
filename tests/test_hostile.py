"""Hostile and broken input: the build survives, says what is wrong and where,
and loses nothing.

The vault of :mod:`hostile` is built once by ``mkdocs build`` with a
``docs/`` folder holding a hand-written page at the URL one note wants.
Each case then asserts its message (file, line, rule) in the build log and
its sentinel text in the page published from that file.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from handbook.rules import severity_of
from helpers import REPO, BuiltSite, build_site, config_copy
from hostile import CASES, DOCS_COLLISION, Case, write_vault

QUIET = {"HANDBOOK_CURATION": "", "HANDBOOK_PERMALINKS": ""}


def _config(tmp: Path) -> Path:
    """The repository's mkdocs.yml with a docs/ folder that also holds a page
    at the URL the ``collide`` note would take."""
    docs = tmp / "docs"
    shutil.copytree(REPO / "docs", docs)
    (docs / DOCS_COLLISION).parent.mkdir(parents=True, exist_ok=True)
    (docs / DOCS_COLLISION).write_text("# Hand-written\n\nThis page is ours.\n")
    return config_copy(tmp, docs)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    tmp = tmp_path_factory.mktemp("hostile")
    vault = write_vault(tmp / "notes")
    return build_site(vault, tmp / "site", config=_config(tmp), env=QUIET)


def text_of(page_html: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html)).split())


def pages_from(site: BuiltSite, path: str) -> list[dict[str, object]]:
    """The note pages made from ``path`` (its video's page lists it too)."""
    return [p for p in site.export()["pages"] if path in p["sources"] and p["kind"] == "note"]


def test_the_site_builds_without_a_traceback(hostile: BuiltSite) -> None:
    assert hostile.returncode == 0, hostile.log[-3000:]
    assert "Traceback" not in hostile.log
    healthy = text_of(hostile.page("/notes/healthy/"))
    assert "A healthy note links" in healthy


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_bad_note_is_reported_with_file_rule_and_line(hostile: BuiltSite, case: Case) -> None:
    for path, rule, line in case.problems:
        where = re.escape(path) + (rf":{line}(:\d+)?" if line else "")
        level = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}[severity_of(rule)]
        pattern = re.compile(rf"^{level} .*{where}: .*\[{re.escape(rule)}\]", re.M)
        assert pattern.search(hostile.log), f"no {rule} for {path}:{line} in the log"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_nothing_a_bad_note_says_is_lost(hostile: BuiltSite, case: Case) -> None:
    for sentinel in case.sentinels:
        found = False
        for path in case.files:
            for page in pages_from(hostile, path):
                found = found or sentinel in text_of(hostile.page("/" + str(page["url"])))
        assert found, f"{sentinel!r} from {case.id} is on no page made from its file"


def test_a_binary_file_is_the_only_file_not_published(hostile: BuiltSite) -> None:
    published = {s for p in hostile.export()["pages"] for s in p["sources"]}
    written = {path for case in CASES for path in case.files}
    assert written - published == {"binary.md"}


def test_names_differing_in_case_get_distinct_urls(hostile: BuiltSite) -> None:
    upper, lower = pages_from(hostile, "acquiredFM.md"), pages_from(hostile, "acquiredfm.md")
    assert upper and lower and upper[0]["url"] != lower[0]["url"]


def test_the_hand_written_page_keeps_its_url_and_the_note_moves(hostile: BuiltSite) -> None:
    assert "This page is ours." in hostile.page("/notes/collide/")
    (moved,) = pages_from(hostile, "collide.md")
    assert moved["url"] == "notes/collide-2/"


def test_invisible_characters_never_reach_a_url(hostile: BuiltSite) -> None:
    (page,) = pages_from(hostile, next(p for c in CASES for p in c.files if "\u2068" in p))
    assert re.fullmatch(r"[a-z0-9/_.-]+", str(page["url"])), page["url"]
    assert not [p for p in hostile.root.rglob("*") if "\u2068" in p.name or "\u2069" in p.name]


def test_path_and_url_link_targets_go_nowhere_outside(hostile: BuiltSite) -> None:
    (page,) = pages_from(hostile, "targets.md")
    body = hostile.page("/" + str(page["url"]))
    hrefs = re.findall(r'href="([^"]*)"', body)
    assert not [h for h in hrefs if "passwd" in h or "evil" in h or h.startswith(("/abs", "C:"))]
    text = text_of(body)
    for shown in ("../../etc/passwd", "/absolute", "C:\\x", "http://evil"):
        assert shown in text


def test_an_embed_cycle_is_cut_once_each_page_still_whole(hostile: BuiltSite) -> None:
    for path in ("loop_a.md", "loop_b.md"):
        (page,) = pages_from(hostile, path)
        text = text_of(hostile.page("/" + str(page["url"])))
        assert text.count("Loop A sentinel.") <= 2 and text.count("Loop B sentinel.") <= 2


def test_a_page_never_lists_itself_as_a_backlink(hostile: BuiltSite) -> None:
    body = hostile.page("/notes/self-link/")
    referenced = body[body.find('id="referenced-by"') :]
    assert "Healthy Note" in referenced
    assert "Self sentinel" not in referenced


def test_the_alias_bomb_is_refused_not_expanded(hostile: BuiltSite) -> None:
    (line,) = [w for w in hostile.warnings("front-matter/invalid-yaml") if "yaml_bomb" in w]
    assert "alias" in line.lower()
    (page,) = pages_from(hostile, "yaml_bomb.md")
    assert len(hostile.page("/" + str(page["url"]))) < 200_000


def test_ten_thousand_links_make_bounded_pages(hostile: BuiltSite) -> None:
    """Each topic quotes a window around its link, not the 10,000-link line."""
    topic = hostile.page("/topics/hostile-topic-7/")
    assert len(topic) < 500_000
    assert "…" in text_of(topic)
