"""Anchors that survive edits: a reviewer's old fragment lands where its claim went."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import serve
from handbook.model import Options
from handbook.pipeline import build_handbook
from handbook.plan.anchors import page_anchors, retired
from handbook.plan.permalinks import Registry, record
from handbook.plan.sitemap import page_url
from handbook.tools.cli import main
from helpers import SEEDS, build_site
from test_permalinks import label

NOTE = "lennyspodcast/importance_of_output_and_execution_in_early_pm_careers.md"
PAGE = "pitfalls/focusing-on-what-you-cannot-control/"
OLD = (
    "A common pitfall is focusing on things beyond one's control, such as overall "
    "corporate strategy or competitor actions,"
)
NEW = (
    "A frequent pitfall is focusing on things outside one's control, such as overall "
    "corporate strategy or what competitors do,"
)

HTML = (
    '<h2 id="the-mistake">The mistake</h2>'
    '<p><span class="hb-claim" id="c-1">Teams chase what they cannot control'
    ' <a class="yt-timestamp" href="x">00:28:02</a><sup>1</sup></span></p>'
    '<h2 id="what-to-do-instead">What to do instead</h2>'
    '<p><span class="hb-claim" id="c-2">Focus on your own output</span></p>'
)


def test_page_anchors_read_claims_sections_and_words() -> None:
    assert page_anchors(HTML) == {
        "the-mistake": ["the-mistake", "the mistake"],
        "c-1": ["the-mistake", "teams chase what they cannot control"],
        "what-to-do-instead": ["what-to-do-instead", "what to do instead"],
        "c-2": ["what-to-do-instead", "focus on your own output"],
    }


@pytest.mark.parametrize(
    ("recorded", "lands"),
    [
        # a reworded claim lands on its new wording
        ({"c-9": ["the-mistake", "teams chase what they can not control"]}, {"c-9": "c-1"}),
        # a claim that is gone lands on its section
        ({"c-9": ["what-to-do-instead", "hire a coach"]}, {"c-9": "what-to-do-instead"}),
        # a renamed heading lands on the heading most like it
        ({"the-mistakes": ["the-mistakes", "the mistakes"]}, {"the-mistakes": "the-mistake"}),
        # nothing like it: the top of the page
        (
            {"c-9": ["gone", "an unrelated sentence"], "gone": ["gone", "old"]},
            {"c-9": "", "gone": ""},
        ),
        # anchors the page still has move nowhere
        ({"c-1": ["the-mistake", "anything"]}, {}),
    ],
)
def test_retired_anchors_land_on_the_nearest_surviving_place(
    recorded: dict[str, list[str]], lands: dict[str, str]
) -> None:
    assert retired(recorded, page_anchors(HTML)) == lands


def _recorded_vault(tmp_path: Path, cli: bool = False) -> tuple[Path, Path, str]:
    """The seeds with a registry recording every anchor, then one claim
    reworded.  ``cli``: recorded by ``handbook permalinks`` (the folder named
    relative to the registry), else as the plugin names it (relative to the
    repository's mkdocs.yml), for a build."""
    notes = tmp_path / "notes"
    shutil.copytree(SEEDS, notes)
    path = tmp_path / "permalinks.json"
    if cli:
        recorded = ["permalinks", "--notes", str(notes), "--registry", str(path), "--curation", ""]
        assert main(recorded) == 0
        registry = Registry.load(path)
    else:
        handbook = build_handbook(notes, Options(source_label=label(notes)))
        anchors = {page_url(u): page_anchors(r.html) for u, r in handbook.rendered.items()}
        registry = record(Registry(), handbook.published, label(notes), anchors)
        path.write_text(registry.dump(), encoding="utf-8")
    old = next(
        a for a, (_, words) in registry.urls[PAGE]["anchors"].items() if "beyond one" in words
    )
    text = (notes / NOTE).read_text(encoding="utf-8")
    assert OLD in text
    (notes / NOTE).write_text(text.replace(OLD, NEW), encoding="utf-8")
    return notes, path, old


def test_check_reports_each_retired_anchor(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    notes, registry, old = _recorded_vault(tmp_path, cli=True)
    capsys.readouterr()  # what recording printed
    checked = ["check", "--notes", str(notes), "--registry", str(registry), "--curation", ""]
    code = main([*checked, "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    retired_ = [f for f in findings if f["rule"] == "anchor/retired"]
    assert code == 0  # a hint, not an error: old links still land
    # The reworded sentence retires its anchor on each page that shows it:
    # the pitfall, and the note page it comes from; nothing else moved.
    where = {f["message"].split(" ")[0]: f["message"] for f in retired_}
    assert f"/{PAGE}#{old}" in where and len(where) == 2
    assert "land on #c-" in where[f"/{PAGE}#{old}"]


@pytest.mark.browser
def test_old_claim_fragment_lands_on_the_reworded_claim(browser: Browser, tmp_path: Path) -> None:
    notes, registry, old = _recorded_vault(tmp_path)
    env = {"HANDBOOK_PERMALINKS": str(registry), "HANDBOOK_CURATION": ""}
    site = build_site(notes, tmp_path / "site", env=env)
    assert site.returncode == 0, site.log
    assert f'id="{old}"' not in site.page("/" + PAGE)
    with serve(site.root) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.goto(f"{url}/{PAGE}#{old}")
        tab.wait_for_function("location.hash.length > 1 && location.hash !== '#" + old + "'")
        landed = tab.evaluate("location.hash").lstrip("#")
        claim = tab.locator(f'[id="{landed}"]')
        assert "outside one" in claim.inner_text()
        assert "hb-landed" in (claim.get_attribute("class") or "")
        assert claim.is_visible()
        top = tab.evaluate(f"document.getElementById('{landed}').getBoundingClientRect().top")
        assert 0 <= top < 900  # scrolled to it
        context.close()
