"""Idempotent serve: after edits, renames and deletes during a real
``mkdocs serve``, what the server hands out matches a fresh build.

A vault (the fixture vault and the ``gregisenberg`` channel) is served by
``mkdocs serve`` in a child process.  After each change the test waits for
the rebuild, then fetches every file of a fresh ``mkdocs build`` of the same
notes over HTTP and compares them byte for byte, less the live-reload
script the server injects.  An edit takes the partial path of
:mod:`handbook.mkdocs.serve`; a rename or delete changes the set of pages and
takes MkDocs' full rebuild.  Both must end where a fresh build does.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import REPO, UNSTABLE_SEARCH_FILES, VAULT, build_site, config_copy

# What the server adds before </body>: mkdocs/livereload's polling script.
LIVERELOAD = re.compile(r"<script>\s*var livereload = .*?</script>(?=\s*</body>)", re.S)
ENV = {"HANDBOOK_CURATION": "", "HANDBOOK_PERMALINKS": "", "NO_MKDOCS_2_WARNING": "1"}
REBUILT = re.compile(r"rebuilt \d+ changed page\(s\)|Documentation built in")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``mkdocs serve`` in a child process, its log lines in a queue."""

    def __init__(self, config: Path, vault: Path, port: int) -> None:
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config)]
        command += ["-a", f"127.0.0.1:{port}"]
        env = {**os.environ, **ENV, "HANDBOOK_SOURCE_DIR": str(vault)}
        self.base = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self._pumping = threading.Thread(target=self._pump, daemon=True)
        self._pumping.start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, pattern: re.Pattern[str], timeout: float = 300) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.log.append(line)
            if pattern.search(line):
                return line
        raise AssertionError(f"no {pattern.pattern!r} from mkdocs serve:\n{''.join(self.log)}")

    def fetch(self, path: str) -> bytes:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as error:
            return f"HTTP {error.code}".encode()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self._pumping.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def served(corpus_dir: Path, tmp_path: Path) -> Iterator[tuple[Server, Path, Path]]:
    vault = tmp_path / "notes"
    shutil.copytree(corpus_dir / "gregisenberg", vault / "gregisenberg")
    shutil.copytree(VAULT, vault / "vault")
    port = _free_port()
    config = config_copy(tmp_path, site_url=f"http://127.0.0.1:{port}/")
    server = Server(config, vault, port)
    try:
        server.wait_for(re.compile(r"Serving on"), timeout=600)
        yield server, vault, config
    finally:
        server.stop()


def fresh_build(vault: Path, config: Path, out: Path) -> dict[str, str]:
    """The HTML and JSON files of a fresh ``mkdocs build`` of ``vault``."""
    fresh = build_site(vault, out, config=config, env=ENV)
    assert fresh.returncode == 0, fresh.log[-2000:]
    files = {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in out.rglob("*")
        if p.is_file()
        and p.suffix in (".html", ".json")
        and not UNSTABLE_SEARCH_FILES.match(p.relative_to(out).as_posix())
    }
    assert len(files) > 200
    return files


def differences(server: Server, expected: dict[str, str], seconds: float = 20) -> list[str]:
    """Files the server hands out differently; ``handbook.json`` is written a
    moment after a partial rebuild, so differences get a few retries."""
    deadline = time.monotonic() + seconds
    while True:
        differ = [
            path
            for path, text in expected.items()
            if LIVERELOAD.sub("", server.fetch(path).decode("utf-8", "replace")) != text
        ]
        if not differ or time.monotonic() > deadline:
            return differ
        time.sleep(1)


EDIT = "gregisenberg/ai_startup_ideas_and_trends.md"


@pytest.mark.corpus
def test_edit_rename_and_delete_during_serve_match_a_fresh_build(
    served: tuple[Server, Path, Path], tmp_path: Path
) -> None:
    server, vault, config = served
    steps: list[tuple[str, Callable[[], None]]] = [
        ("edit", lambda: _append(vault / EDIT, "\nAn edit made while serving.\n")),
        ("rename", lambda: (vault / "vault/loose.md").rename(vault / "vault/loose_renamed.md")),
        ("delete", lambda: (vault / "vault/channel_b/other_note.md").unlink()),
    ]  # fmt: skip
    for number, (name, change) in enumerate(steps):
        time.sleep(1.1)  # distinct modification times, as a person's saves are
        change()
        line = server.wait_for(REBUILT)
        if name == "edit":
            assert "rebuilt" in line, "an edit of one note should take the partial rebuild"
        expected = fresh_build(vault, config, tmp_path / f"fresh-{number}")
        differ = differences(server, expected)
        assert differ == [], f"after the {name}, served pages differ from a fresh build"
    assert "An edit made while serving." in server.fetch("notes/gregisenberg/").decode() or any(
        "An edit made while serving." in server.fetch(p).decode() for p in _pages_of(server, EDIT)
    )
    assert server.fetch("notes/vault/loose/").startswith(b"HTTP 404")


def _pages_of(server: Server, source: str) -> list[str]:
    export = json.loads(server.fetch("handbook.json"))
    return [p["url"] for p in export["pages"] if source in p["sources"] and p["kind"] == "note"]


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
