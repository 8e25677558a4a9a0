"""The code base stays lint-clean and the core stays free of MkDocs."""

from __future__ import annotations

import re
import subprocess
import sys

from helpers import REPO

CORE = REPO / "plugins" / "handbook"
ADAPTER = CORE / "mkdocs"


def test_ruff_check_and_format() -> None:
    for args in (["check", "plugins", "tests"], ["format", "--check", "plugins", "tests"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_core_imports_nothing_from_mkdocs() -> None:
    offenders = [
        path.relative_to(REPO).as_posix()
        for path in CORE.rglob("*.py")
        if ADAPTER not in path.parents
        and re.search(r"^\s*(from|import)\s+(mkdocs|material)\b", path.read_text(), re.M)
    ]
    assert offenders == []
