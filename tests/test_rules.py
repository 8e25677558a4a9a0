"""One rule table: the build, ``handbook check`` and CONTRIBUTING give each
finding the same severity, because all three read :mod:`handbook.rules`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.model import Options, Problem
from handbook.pipeline import build_handbook
from handbook.rules import BY_ID, RULES, markdown_table
from handbook.tools.check import check_notes
from handbook.tools.cli import main
from helpers import REPO

PACKAGE = REPO / "plugins" / "handbook"
# A rule id as the code writes it: a quoted "family/name".
_RULE = re.compile(
    r'"((?:front-matter|timestamp|anchor|html|link|callout|markdown|file|image|note|article|'
    r'merge|curation|permalink)/[a-z-]+)"'
)


def test_rule_ids_are_unique() -> None:
    assert len(BY_ID) == len(RULES)


def test_every_rule_the_code_reports_is_declared() -> None:
    used = {
        match
        for path in PACKAGE.rglob("*.py")
        if path.name != "rules.py"
        for match in _RULE.findall(path.read_text(encoding="utf-8"))
    }
    assert len(used) > 30
    assert sorted(used - set(BY_ID)) == []


def test_contributing_shows_the_table() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    start = text.index("<!-- rules:")
    body = text[text.index("\n", start) + 1 : text.index("<!-- /rules -->")]
    assert body == markdown_table(), "run `handbook rules` and paste it into CONTRIBUTING.md"


def test_handbook_rules_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    assert capsys.readouterr().out == markdown_table()


@pytest.mark.parametrize(
    ("rule", "given", "severity", "hint"),
    [
        ("image/missing", None, "error", ""),
        ("link/broken", None, "error", "check the heading or ^block name in the target note"),
        ("link/ambiguous", None, "warning", "name the folder too: [[folder/note]]"),
        ("merge/duplicate", None, "info", ""),
        ("link/unresolved", "error", "error", ""),  # the option's severity wins
        ("no/such-rule", None, "warning", ""),
    ],
)
def test_a_finding_takes_its_rules_severity_and_hint(
    rule: str, given: str | None, severity: str, hint: str
) -> None:
    problem = Problem("a.md", 1, rule, "message", given)  # type: ignore[arg-type]
    assert (problem.severity, problem.hint) == (severity, hint)
    assert Problem("a.md", 1, rule, "m", hint="mine").hint == "mine"


NOTE = """---
title: Pricing
videoId: ImSvm11GR0Y
---

A chart of the tiers: ![[missing-chart.png]]

The plans:

![[plans]]
"""
PLANS = """---
title: Plans
videoId: dQw4w9WgXcQ
---

Three plans, priced as the pricing note says.

![[pricing]]
"""


def test_build_and_check_agree_on_every_finding(tmp_path: Path) -> None:
    """The issue's examples: a missing image and an embed cycle were warnings
    in the build and errors in ``handbook check``."""
    (tmp_path / "pricing.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "plans.md").write_text(PLANS, encoding="utf-8")
    built = {(p.path, p.rule): p.severity for p in build_handbook(tmp_path, Options()).problems}
    checked = {(p.path, p.rule): p.severity for p in check_notes(tmp_path)}
    assert built[("pricing.md", "image/missing")] == "error"
    (cycle,) = [k for k in built if k[1] == "link/embed-cycle"]
    assert built[cycle] == "error"
    shared = built.keys() & checked.keys()
    assert ("pricing.md", "image/missing") in shared
    assert {k: built[k] for k in shared} == {k: checked[k] for k in shared}
