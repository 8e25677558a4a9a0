"""``make bench``: the handbook's build against plain mkdocs-material, by size.

For each size (the shared corpus of 1,226 notes, then scaled copies of it):

1. **handbook**: ``mkdocs build`` with the handbook plugin, in a child
   process; the plugin's log line gives the wall time of each pipeline
   stage (ingest, resolve, merge, catalog, plan, render to Markdown), MkDocs
   prints its own total, and ``wait4`` gives the child's peak memory;
2. **plain**: the same notes copied into a ``docs/`` folder as plain
   Markdown pages and built by mkdocs-material with ``navigation.prune``
   and search, no plugin of ours: what a user gets without the handbook;
3. the ratio of the two wall times is the headline;
4. **search**: the size of the handbook site's Pagefind index, and what one
   query ("product market fit") costs a reader in Debian's Chromium: the
   bytes fetched from opening the search dialog to the first result, and
   the seconds from the last keystroke to it (``tests/browser.py``
   ``search_cost``, the helper the browser test uses).

Scaled copies replicate every note under a new video id and file name;
links to notes are rewritten to the replica's notes, so each replica is a
consistent vault of its own.  Quartz is compared when it can be installed
(``npm``); otherwise the reason is recorded.

Writes ``bench/results.json`` and ``bench/results.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "tubegraph"
OUT = REPO / "bench"
STAGES = ("ingest", "resolve", "merge", "catalog", "plan", "render")
_LINK = re.compile(r"(!?\[\[)([^\]|#^]+)")
_VIDEO = re.compile(r"^videoId: *(\S+)", re.M)
_TITLE = re.compile(r"^title: *(.+)$", re.M)

PLAIN_CONFIG = """site_name: Plain
docs_dir: docs
theme:
  name: material
  font: false
  features: [navigation.prune]
plugins: [search]
markdown_extensions: [toc, admonition, attr_list, tables]
"""


def run_child(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int, str]:
    """Run ``command``; return wall seconds, peak RSS in MB and its output."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command} failed:\n{output[-3000:]}")
    return elapsed, usage.ru_maxrss // 1024, output


def scaled_vault(target: Path, size: int) -> int:
    """Copy the corpus into ``target`` with enough replicas to reach ``size`` notes."""
    notes = sorted(CORPUS.rglob("*.md"))
    hubs = {p for p in notes if _VIDEO.search(p.read_text(errors="replace")[:500]) is None}
    content = [p for p in notes if p not in hubs]
    names = {p.stem.lower() for p in content}
    written = 0
    replica = 0
    while written < size:
        for path in sorted(hubs) if replica == 0 else ():
            destination = target / path.relative_to(CORPUS)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
        for path in content:
            if written >= size:
                break
            text = path.read_text(encoding="utf-8", errors="replace")
            stem = path.stem
            if replica:
                suffix = f"_r{replica}"
                stem += suffix
                video = _VIDEO.search(text)
                if video:
                    new_id = hashlib.sha1(f"{video.group(1)}{replica}".encode()).hexdigest()[:11]
                    text = text.replace(video.group(0), f"videoId: {new_id}", 1)
                text = _TITLE.sub(lambda m, r=replica: f"title: {m.group(1)} r{r}", text, count=1)

                def rewrite(match: re.Match[str], suffix: str = suffix) -> str:
                    name = match.group(2).strip().lower().replace(" ", "_")
                    if name in names:
                        return match.group(1) + match.group(2).strip() + suffix
                    return match.group(0)

                text = _LINK.sub(rewrite, text)
            # Each replica is a folder of its own, as a growing vault would
            # be organised; one flat folder of 20,000 notes would make the
            # plain Material build quadratic and flatter the ratio.
            folder = target / (f"r{replica}" if replica else "") / path.parent.relative_to(CORPUS)
            destination = folder / f"{stem}.md"
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(text, encoding="utf-8")
            written += 1
        replica += 1
    return written


def plain_site(vault: Path, work: Path) -> Path:
    """The same notes as plain Markdown pages of a stock mkdocs-material site."""
    docs = work / "docs"
    for path in vault.rglob("*.md"):
        destination = docs / path.relative_to(vault)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    (docs / "index.md").write_text("# Plain\n")
    (work / "mkdocs.yml").write_text(PLAIN_CONFIG)
    return work / "mkdocs.yml"


def html_stats(site: Path) -> tuple[int, float]:
    pages = [p for p in site.rglob("*.html") if p.stat().st_size > 2000]
    return len(pages), sum(p.stat().st_size for p in pages) / max(1, len(pages)) / 1024


def measure(work: Path, notes: int) -> dict[str, object]:
    """Build ``work/notes`` both ways."""
    vault = work / "notes"
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "HANDBOOK_SOURCE_DIR": str(vault),
        "HANDBOOK_CURATION": "",
        "HANDBOOK_PERMALINKS": "",
        "HANDBOOK_CACHE": "",
    }
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-f"]
    wall, memory, log = run_child(
        [*mkdocs, str(REPO / "mkdocs.yml"), "-d", str(work / "site")], env, REPO
    )
    stages: dict[str, float] = {}
    match = re.search(r"notes -> \d+ pages in [\d.]+s \((.*?)\)", log)
    if match:
        stages = {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+)s", match.group(1))}
    pages, page_kb = html_stats(work / "site")
    plain_config = plain_site(vault, work / "plain")
    plain_wall, plain_memory, _ = run_child(
        [*mkdocs, str(plain_config), "-d", str(work / "plain-site")], env, work / "plain"
    )
    plain_pages, plain_kb = html_stats(work / "plain-site")
    pipeline = sum(stages.values())
    search = search_figures(work / "site")
    return {
        "search": search,
        "notes": notes,
        "handbook": {
            "wall_s": round(wall, 2),
            "peak_mb": memory,
            "stages_s": stages,
            "pipeline_s": round(pipeline, 2),
            "pages": pages,
            "avg_page_kb": round(page_kb, 1),
            "notes_per_s": round(notes / pipeline) if pipeline else None,
            "pipeline_share": round(pipeline / wall, 3) if wall else None,
        },
        "plain": {
            "wall_s": round(plain_wall, 2),
            "peak_mb": plain_memory,
            "pages": plain_pages,
            "avg_page_kb": round(plain_kb, 1),
        },
        "ratio": round(wall / plain_wall, 2),
    }


SEARCH_QUERY = "product market fit"


def search_figures(site: Path) -> dict[str, object]:
    """Pagefind's index size, and one query's bytes and time in Chromium."""
    index = site / "pagefind"
    size = sum(f.stat().st_size for f in index.rglob("*") if f.is_file())
    sys.path.insert(0, str(REPO / "tests"))
    from browser import chromium, search_cost, serve

    with chromium() as browser, serve(site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            _, cost, elapsed = search_cost(context.new_page(), url, site, SEARCH_QUERY)
        finally:
            context.close()
    return {
        "index_mb": round(size / 1e6, 1),
        "query_mb": round(cost / 1e6, 2),
        "first_result_s": round(elapsed, 2),
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


# A partial rebuild logs its time; a fallback to a full build does not.
REBUILT = r"rebuilt (\d+) changed page\(s\) in ([\d.]+)s|Building documentation"


def serve_edits(work: Path, edits: int = 3) -> dict[str, object]:
    """Time ``mkdocs serve`` from saving an edit to one note until the
    server hands out the changed page, as a reader's browser would see it."""
    vault = work / "notes"
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_SOURCE_DIR": str(vault)}
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(REPO / "mkdocs.yml")]
    command += ["-a", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()

    def wait_for(pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            found = re.search(pattern, line)
            if found:
                return found
        raise RuntimeError(f"mkdocs serve never logged {pattern!r}")

    base = f"http://127.0.0.1:{port}/"
    timings: list[dict[str, float]] = []
    try:
        wait_for(r"Serving on", 900)
        export = json.loads(_fetch(base + "handbook.json"))
        page = next(p for p in export["pages"] if p["kind"] == "note" and len(p["sources"]) == 1)
        note = vault / page["sources"][0]
        for edit in range(edits):
            marker = f"Benchmark edit {edit} zqxj"
            started = time.perf_counter()
            with note.open("a", encoding="utf-8") as handle:
                handle.write(f"\n\n{marker}.\n")
            rebuilt = wait_for(
                r"rebuilt (\d+) changed page\(s\) in ([\d.]+)s|Building documentation", 300
            )
            while marker not in _fetch(base + page["url"]):
                time.sleep(0.05)
            timings.append(
                {
                    "rebuild_s": float(rebuilt.group(2)) if rebuilt.group(2) else -1.0,
                    "save_to_served_s": round(time.perf_counter() - started, 2),
                }
            )
    finally:
        process.terminate()
        process.wait(timeout=60)
    return {"page": page["url"], "edits": timings}


def quartz_status() -> str:
    """Quartz is installed by cloning its repository from GitHub; this machine
    reaches only the npm, PyPI and Debian registries."""
    npm = shutil.which("npm")
    if npm is None:
        return "not measured: npm is not installed"
    done = subprocess.run(
        [npm, "view", "@jackyzha0/quartz", "version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        return (
            "not measured: Quartz v4 is installed with `git clone github.com/jackyzha0/quartz` "
            "and is not published on the npm registry (`npm view @jackyzha0/quartz` fails); "
            "this machine reaches only npm, PyPI and Debian, so the reference figure from the "
            "issue (about 37 s and 1.5 GB for the 1,026 lennyspodcast notes) is quoted instead"
        )
    return f"npm has @jackyzha0/quartz {done.stdout.strip()} (not wired into this bench)"


def scaling(results: list[dict[str, object]]) -> None:
    """Per-note build time relative to the shared corpus: 1.0 is linear."""
    base = next((r for r in results if r.get("vault") == "shared corpus"), None)
    if base is None:
        return
    per_note = base["handbook"]["wall_s"] / base["notes"]  # type: ignore[index,operator]
    for r in results:
        r["vs_linear"] = round(r["handbook"]["wall_s"] / r["notes"] / per_note, 2)  # type: ignore[index,operator]


def table(results: list[dict[str, object]]) -> str:
    rows = [
        "| notes | handbook build | pipeline (share) | pipeline notes/s | plain material | "
        "ratio | time vs linear | peak MB (handbook / plain) | avg page KB (handbook / plain) | "
        "search index MB | first query MB (first result s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        h, p, q = r["handbook"], r["plain"], r["search"]  # type: ignore[index]
        share = f"{h['pipeline_share']:.0%}"
        rows.append(
            f"| {r['notes']:,} ({r['vault']}) | {h['wall_s']} s | {h['pipeline_s']} s ({share}) | "
            f"{h['notes_per_s']} | {p['wall_s']} s | {r['ratio']}× | {r.get('vs_linear', '')}× | "
            f"{h['peak_mb']} / {p['peak_mb']} | {h['avg_page_kb']} / {p['avg_page_kb']} | "
            f"{q['index_mb']} | {q['query_mb']} ({q['first_result_s']} s) |"
        )
    for r in results:
        if "serve" in r:
            edits = r["serve"]["edits"]  # type: ignore[index]
            rebuilds = ", ".join(f"{e['rebuild_s']:.2f}" for e in edits)
            served = ", ".join(f"{e['save_to_served_s']:.2f}" for e in edits)
            rows.append(
                f"\n`mkdocs serve` on {r['notes']:,} notes, {len(edits)} edits of one note: "
                f"partial rebuild {rebuilds} s; save to changed page served {served} s."
            )
    return "\n".join(rows)


def profile(size: int) -> int:
    """Print the top costs of one handbook build of ``size`` scaled notes."""
    import pstats

    with tempfile.TemporaryDirectory(prefix="handbook-profile-") as temporary:
        work = Path(temporary)
        count = scaled_vault(work / "notes", size)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_SOURCE_DIR": str(work / "notes")}
        env |= {"HANDBOOK_CURATION": "", "HANDBOOK_PERMALINKS": ""}
        stats = work / "build.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "mkdocs", "build"]
        command += ["-f", str(REPO / "mkdocs.yml"), "-d", str(work / "site")]
        wall, memory, _ = run_child(command, env, REPO)
        print(f"{count} notes: {wall:.1f} s under cProfile, peak {memory} MB")
        table = pstats.Stats(str(stats))
        table.sort_stats("cumulative").print_stats(40)
        table.sort_stats("tottime").print_stats(25)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        default="lennyspodcast,0,5000,20000",
        help="note counts; 0 is the shared corpus as it is, lennyspodcast its "
        "1,026-note channel (the vault Quartz's reference figures are for)",
    )
    parser.add_argument("--no-serve", action="store_true", help="skip the serve edit timing")
    parser.add_argument(
        "--profile", type=int, metavar="NOTES", help="cProfile one build of NOTES scaled notes"
    )
    args = parser.parse_args()
    if args.profile:
        return profile(args.profile)
    if not CORPUS.is_dir():
        print(f"bench: the shared corpus is missing at {CORPUS}", file=sys.stderr)
        return 2
    results = []
    for size in args.sizes.split(","):
        with tempfile.TemporaryDirectory(prefix="handbook-bench-") as temporary:
            work = Path(temporary)
            if size in ("0", "lennyspodcast"):
                source = CORPUS if size == "0" else CORPUS / size
                shutil.copytree(source, work / "notes")
                count = sum(1 for _ in (work / "notes").rglob("*.md"))
            else:
                count = scaled_vault(work / "notes", int(size))
            result = measure(work, count)
            result["vault"] = (
                "shared corpus"
                if size == "0"
                else ("lennyspodcast only" if size == "lennyspodcast" else "scaled corpus")
            )
            if size == "0" and not args.no_serve:
                result["serve"] = serve_edits(work)
            results.append(result)
            print(json.dumps(result), flush=True)
    scaling(results)
    report = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "quartz": quartz_status(),
        "results": results,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(report, indent=1) + "\n")
    markdown = f"{table(results)}\n\nMachine: {os.cpu_count()} cores. Quartz: {report['quartz']}.\n"
    (OUT / "results.md").write_text(markdown)
    print(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
