"""``handbook new`` and ``handbook diff``, and the repository's workflow files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from handbook.ingest.notes import parse_note
from helpers import REPO, SEEDS


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handbook.tools.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


# --- new -----------------------------------------------------------------------------


def test_new_writes_a_correct_note(tmp_path: Path) -> None:
    done = run(
        "new",
        "Pushing back: without being difficult",
        "--video",
        "ImSvm11GR0Y",
        "--channel",
        "lennyspodcast",
        "--notes",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    path = tmp_path / "lennyspodcast" / "pushing_back_without_being_difficult.md"
    assert done.stdout.strip() == str(path)
    note = parse_note("lennyspodcast/x.md", path.read_bytes())
    assert note.title == "Pushing back: without being difficult"
    assert note.video_id == "ImSvm11GR0Y"
    assert note.channel == "lennyspodcast"
    assert note.problems == ()


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    args = ("new", "A title", "--video", "ImSvm11GR0Y", "--channel", "c", "--notes", str(tmp_path))
    assert run(*args).returncode == 0
    path = tmp_path / "c" / "a_title.md"
    path.write_text("my work")
    again = run(*args)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert path.read_text() == "my work"


def test_new_rejects_a_bad_video_id(tmp_path: Path) -> None:
    done = run("new", "T", "--video", "nope", "--channel", "c", "--notes", str(tmp_path))
    assert done.returncode == 2
    assert not any(tmp_path.rglob("*.md"))


# --- diff ----------------------------------------------------------------------------

NEW_NOTES = {
    "lennyspodcast/the_art_of_saying_no.md": (
        "---\ntitle: The art of saying no\nvideoId: YP_QghPLG-8\n---\n\n"
        "From: [[lennyspodcast]] <br/>\n\n"
        "## Common Pitfalls\n\n* **Saying yes to everything:** teams drown in work "
        '<a class="yt-timestamp" data-t="00:10:00">[00:10:00]</a>.\n'
    ),
    "lennyspodcast/premortems_for_launches.md": (
        "---\ntitle: Premortems for launches\nvideoId: YP_QghPLG-8\n---\n\n"
        "From: [[lennyspodcast]] <br/>\n\n"
        "A premortem imagines the launch failed [00:20:00] and asks why [[risk_management]].\n"
    ),
    "gregisenberg/idea_mazes.md": (
        "---\ntitle: Idea mazes\nvideoId: tNY2UVpHHEY\n---\n\nFrom: [[gregisenberg]] <br/>\n\n"
        "Map the idea maze before building [00:01:00], and see [[the_art_of_saying_no#Nowhere]].\n"
    ),
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(SEEDS, root / "source_notes")
    for name in ("handbook.yml", "permalinks.json"):
        shutil.copy(REPO / name, root / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "base"], cwd=root, check=True)
    for path, text in NEW_NOTES.items():
        target = root / "source_notes" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def test_diff_names_what_three_new_notes_change(repo: Path) -> None:
    done = run("diff", "HEAD", "--notes", str(repo / "source_notes"), cwd=repo)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    added = out[out.index("### Added") : out.index("###", out.index("### Added") + 5)]
    for url in (
        "notes/lennyspodcast/the-art-of-saying-no/",
        "notes/lennyspodcast/premortems-for-launches/",
        "notes/gregisenberg/idea-mazes/",
        "pitfalls/saying-yes-to-everything/",
        "sources/lennyspodcast/yp_qghplg-8/",
    ):
        assert f"`{url}`" in added, url
    if "### Removed" in out:
        # The catalog re-judges every subject with the new notes' evidence, so
        # an entry may go; no note does, and no URL disappears (below).
        removed = out[out.index("### Removed") : out.index("###", out.index("### Removed") + 5)]
        assert "`notes/" not in removed and "`sources/" not in removed
    broken = out[out.index("### New broken links") : out.index("### URLs that would disappear")]
    assert "idea_mazes.md" in broken and "Nowhere" in broken
    assert out.rstrip().endswith("### URLs that would disappear\n\nNone.")


def test_diff_reports_urls_that_would_disappear(repo: Path) -> None:
    (repo / "source_notes/lennyspodcast/career_growth_and_impact_for_product_managers.md").unlink()
    out = run("diff", "HEAD", "--notes", str(repo / "source_notes"), cwd=repo).stdout
    gone = out[out.index("### URLs that would disappear") :]
    assert "notes/lennyspodcast/career-growth-and-impact-for-product-managers/" in gone


def test_diff_usage_error_on_unknown_ref(repo: Path) -> None:
    assert (
        run("diff", "no-such-ref", "--notes", str(repo / "source_notes"), cwd=repo).returncode == 2
    )


# --- workflows ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ci.yml", "deploy.yml"])
def test_workflows_are_valid_and_name_real_steps(name: str) -> None:
    data = yaml.safe_load((REPO / ".github/workflows" / name).read_text())
    triggers = data.get(True) or data.get("on")  # YAML 1.1 reads `on` as true
    assert triggers
    steps = [step for job in data["jobs"].values() for step in job.get("steps", [])]
    assert steps
    for step in steps:
        assert "run" in step or "uses" in step
        if "uses" in step:
            assert "@v" in step["uses"]
    commands = "\n".join(step.get("run", "") for step in steps)
    makefile = (REPO / "Makefile").read_text()
    for target in {w.split()[1] for w in commands.split("\n") if w.strip().startswith("make ")}:
        assert f"\n{target}:" in makefile, target
    if name == "ci.yml":
        assert "handbook check --format github" in commands
        assert "mkdocs build --strict" in commands
        assert "make test" in commands


def test_pre_commit_runs_handbook_check() -> None:
    data = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    hooks = [h for repo in data["repos"] for h in repo["hooks"]]
    assert any(
        "handbook check" in h["entry"] and h["files"].startswith("^source_notes/") for h in hooks
    )


def test_pull_request_template_asks_for_video_and_channel() -> None:
    text = (REPO / ".github/pull_request_template.md").read_text()
    assert "**Video:**" in text and "**Channel:**" in text


def test_check_of_a_folder_outside_the_notes_folder_checks_that_vault(tmp_path: Path) -> None:
    """`handbook check /some/vault` once printed "0 error(s)" for any folder."""
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "bad.md").write_text("---\ntitle: [unclosed\n---\nA note.\n", encoding="utf-8")
    (vault / "good.md").write_text("---\ntitle: Good\n---\nA note with [[bad]].\n")
    done = run("check", str(vault))
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{vault.as_posix()}/bad.md:" in done.stdout
    assert "1 error(s)" in done.stdout
    stray = tmp_path / "loose.md"
    stray.write_text("# Loose\n")
    assert run("check", str(stray)).returncode == 2
