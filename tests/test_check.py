"""``handbook check``: every rule fails on a bad note and passes on a good one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.tools.check import check_notes, expected_name
from helpers import CORPUS, REPO, SEEDS, expected_stamps

GOOD_BODY = (
    "From: [[channel_a]] <br/>\n\n## Key points\n\n"
    "Product managers should ship outputs early in their career and earn the right to shape "
    'strategy later <a class="yt-timestamp" data-t="00:06:11">[00:06:11]</a>. They link to '
    "[[other_note]] and to a [[topic_of_interest | topic]] as well.\n"
)


def note(title: str, body: str = GOOD_BODY, video: str | None = "ImSvm11GR0Y") -> str:
    front = f"---\ntitle: {title}\n" + (f"videoId: {video}\n" if video else "") + "---\n\n"
    return front + body


BASE = {
    "channel_a/other_note.md": note(
        "Other note",
        GOOD_BODY.replace("[[other_note]]", "[[good_note]]") + "\n## Section\n\nText ^blk\n",
    ),
}


def vault(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "notes"
    for path, text in {**BASE, **files}.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


CASES = [
    ("front-matter/invalid-yaml", "---\ntitle: a: b\n---\n\n" + GOOD_BODY, 2),
    ("front-matter/missing", GOOD_BODY, 1),
    ("front-matter/missing-title", "---\nvideoId: ImSvm11GR0Y\n---\n\n" + GOOD_BODY, 1),
    ("front-matter/video-id", note("Good note", video="short"), 3),
    (
        "timestamp/malformed",
        note("Good note", GOOD_BODY.replace('data-t="00:06:11"', 'data-t="1:2:3:4"')),
        10,
    ),
    (
        "timestamp/broken-tag",
        note("Good note", GOOD_BODY.replace('data-t="00:06:11"', "data-06:11")),
        10,
    ),
    ("timestamp/no-video", note("Good note", video=None), 9),
    ("html/unsafe", note("Good note", GOOD_BODY + "\n<script>alert(1)</script>\n"), 12),
    ("html/unsafe-url", note("Good note", GOOD_BODY + "\n[x](javascript:alert(1))\n"), 12),
    ("link/malformed", note("Good note", GOOD_BODY + "\nSee [[ | x]].\n"), 12),
    ("link/broken", note("Good note", GOOD_BODY + "\nSee [[other_note#Nowhere]].\n"), 12),
    ("link/refused", note("Good note", GOOD_BODY + "\nSee [[../../etc/passwd]].\n"), 12),
    ("link/unresolved", note("Good note"), 10),
    ("callout/syntax", note("Good note", GOOD_BODY + "\n> [!NOTE Title\n> Body.\n"), 12),
    (
        "callout/unknown-type",
        note("Good note", GOOD_BODY + "\n> [!definition] A term\n> Body.\n"),
        12,
    ),
    ("note/near-empty", note("Good note", "From: [[channel_a]] <br/>\n\nToo short.\n"), 1),
]


@pytest.mark.parametrize(("rule", "text", "line"), CASES, ids=[c[0] for c in CASES])
def test_rule_fails_on_bad_note(tmp_path: Path, rule: str, text: str, line: int) -> None:
    root = vault(tmp_path, {"channel_a/good_note.md": text})
    findings = check_notes(root, [root / "channel_a/good_note.md"])
    hits = [f for f in findings if f.rule == rule]
    assert hits, [f.rule for f in findings]
    assert hits[0].path == "channel_a/good_note.md"
    assert hits[0].line == line
    assert hits[0].col >= 1 and hits[0].hint


@pytest.mark.parametrize("rule", sorted({c[0] for c in CASES} - {"link/unresolved"}))
def test_rule_passes_on_good_note(tmp_path: Path, rule: str) -> None:
    good = note("Good note", GOOD_BODY.replace("[[topic_of_interest | topic]]", "the topic"))
    root = vault(tmp_path, {"channel_a/good_note.md": good})
    findings = check_notes(root, [root / "channel_a/good_note.md"])
    assert [f for f in findings if f.rule == rule] == []
    assert [f for f in findings if f.severity != "info"] == []


def test_naming_rule(tmp_path: Path) -> None:
    root = vault(tmp_path, {"channel_a/wrong_name.md": note("Good note")})
    (finding,) = [f for f in check_notes(root) if f.rule == "file/naming"]
    assert finding.hint == "rename the file to good_note.md"
    assert expected_name("Product Manager’s Guide: Part 2") == "product_managers_guide_part_2"


def test_case_collision(tmp_path: Path) -> None:
    root = vault(
        tmp_path,
        {"channel_a/Good_note.md": note("Good note"), "channel_a/good_note.md": note("Good note")},
    )
    hits = [f for f in check_notes(root) if f.rule == "file/case-collision"]
    assert sorted(f.path for f in hits) == ["channel_a/Good_note.md", "channel_a/good_note.md"]
    assert all(f.severity == "error" for f in hits)


def test_ambiguous_link(tmp_path: Path) -> None:
    root = vault(
        tmp_path,
        {
            "channel_b/other_note.md": note("Other note"),
            "channel_c/good_note.md": note("Good note"),
        },
    )
    hits = [
        f
        for f in check_notes(root, [root / "channel_c/good_note.md"])
        if f.rule == "link/ambiguous"
    ]
    assert hits and "channel_a/other_note.md" in hits[0].message


def test_duplicate_topic_is_a_hint(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    (root / "lennyspodcast").mkdir(parents=True)
    for path in SEEDS.glob("lennyspodcast/*.md"):
        (root / "lennyspodcast" / path.name).write_bytes(path.read_bytes())
    new = root / "lennyspodcast/importance_of_output_and_execution_in_early_pm_careers.md"
    hints = [f for f in check_notes(root, [new]) if f.rule == "merge/duplicate"]
    assert hints and all(f.severity == "info" for f in hints)
    assert "importance_of_execution_and_output_in_product_management.md" in " ".join(
        h.message for h in hints
    )


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handbook.tools.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_seeds_are_clean() -> None:
    done = run("check", "--notes", str(SEEDS))
    assert done.returncode == 0, done.stdout
    assert "0 error(s), 0 warning(s)" in done.stdout


def test_exit_codes_and_formats(tmp_path: Path) -> None:
    root = vault(tmp_path, {"channel_a/good_note.md": CASES[0][1]})
    text = run("check", "--notes", str(root))
    assert text.returncode == 1
    assert "channel_a/good_note.md:2:1: error:" in text.stdout
    github = run("check", "--notes", str(root), "--format", "github")
    assert (
        f"::error file={root}/channel_a/good_note.md,line=2,col=1,title=front-matter/invalid-yaml::"
        in github.stdout
    )
    data = json.loads(run("check", "--notes", str(root), "--format", "json").stdout)
    assert data["summary"]["error"] == 1
    assert {"file", "line", "column", "rule", "severity", "message", "hint"} <= set(
        data["findings"][0]
    )
    assert run("check", "--notes", str(root / "nowhere")).returncode == 2
    assert run("check", "--format", "yaml").returncode == 2
    assert run("check", "--notes", str(root), str(tmp_path / "missing.md")).returncode == 2


@pytest.mark.corpus
def test_corpus_known_faults_with_their_lines(corpus_dir: Path) -> None:
    """The check finds every malformed timestamp of the corpus, at its line."""
    import time

    started = time.perf_counter()
    findings = check_notes(CORPUS)
    elapsed = time.perf_counter() - started
    found = {
        (f.path, f.line)
        for f in findings
        if f.rule in ("timestamp/malformed", "timestamp/broken-tag", "timestamp/joined")
    }
    expected = {
        (p.relative_to(CORPUS).as_posix(), line)
        for p in CORPUS.rglob("*.md")
        for line in expected_stamps(p.read_text(encoding="utf-8", errors="replace"))[1]
    }
    assert expected and expected <= found
    assert elapsed < 60  # seconds, not minutes
    print(f"handbook check on the corpus: {len(findings)} findings in {elapsed:.1f}s")
