"""``handbook diff BASE_REF``: what a change does to the handbook.

The notes folder, ``handbook.yml`` and ``permalinks.json`` at ``BASE_REF``
are exported with ``git archive`` into a temporary folder; both the base
and the working tree are built with the core pipeline (no site generator
needed), and compared:

* content pages (notes, merged pages, entries, topics, sources) added,
  removed or changed, by URL; a page counts as changed when its Markdown
  differs;
* merges that appear or disappear (which notes now share a page);
* link problems (broken, refused, ambiguous, malformed) the change adds;
* URLs the base served that the change no longer serves, as a page or a
  redirect: those would break reviewers' links.

The report is Markdown, for a pull-request comment.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..model import Handbook, Options
from ..pipeline import build_handbook
from ..plan.sitemap import page_url

LINK_RULES = ("link/broken", "link/refused", "link/ambiguous", "link/malformed", "link/embed-cycle")
KIND_LABELS = {
    "note": "Notes",
    "article": "Notes",
    "merged": "Merged pages",
    "framework": "Frameworks",
    "skill": "Skills",
    "pitfall": "Pitfalls",
    "topic": "Topics",
    "video": "Videos",
    "source": "Sources",
    "article-source": "Sources",
}


def _git(repo: Path, *args: str) -> bytes:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed")
    return done.stdout


def _export(repo: Path, ref: str, paths: Iterable[str], into: Path) -> None:
    present = [p for p in paths if _git(repo, "ls-tree", "--name-only", ref, "--", p).strip()]
    if not present:
        return
    archive = _git(repo, "archive", "--format=tar", ref, "--", *present)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def _build(root: Path, base: Path, label: str) -> Handbook:
    curation = base / "handbook.yml"
    registry = base / "permalinks.json"
    options = Options(
        curation=str(curation) if curation.is_file() else "",
        permalinks=str(registry) if registry.is_file() else "",
        source_label=label,
    )
    return build_handbook(root, options)


def diff_against(ref: str, notes: Path) -> str:
    notes = notes.resolve()
    repo = Path(_git(notes, "rev-parse", "--show-toplevel").decode().strip())
    label = notes.relative_to(repo).as_posix()
    _git(repo, "rev-parse", "--verify", f"{ref}^{{commit}}")
    with tempfile.TemporaryDirectory() as temporary:
        base_root = Path(temporary)
        _export(repo, ref, [label, "handbook.yml", "permalinks.json"], base_root)
        (base_root / label).mkdir(parents=True, exist_ok=True)
        before = _build(base_root / label, base_root, label)
    after = _build(notes, repo, label)
    return report(ref, before, after)


def _pages(handbook: Handbook) -> dict[str, tuple[str, str, str]]:
    """URL → (kind, title, hash of Markdown) for content pages."""
    return {
        page_url(p.src_uri): (p.kind, p.title, hashlib.sha1(p.markdown.encode()).hexdigest())
        for p in handbook.pages
        if p.kind != "index" and p.kind != "home"
    }


def _merges(handbook: Handbook) -> set[tuple[str, ...]]:
    return {tuple(sorted(m["notes"])) for m in handbook.export.get("merges", [])}  # type: ignore[union-attr]


def report(ref: str, before: Handbook, after: Handbook) -> str:
    old, new = _pages(before), _pages(after)
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    changed = sorted(url for url in set(old) & set(new) if old[url][2] != new[url][2])
    lines = [f"## Handbook changes against `{ref}`", ""]
    lines.append(f"{len(added)} pages added, {len(changed)} changed, {len(removed)} removed.")
    lines.append("")

    def section(title: str, urls: list[str], pages: dict[str, tuple[str, str, str]]) -> None:
        if not urls:
            return
        lines.extend([f"### {title}", ""])
        by_kind: dict[str, list[str]] = {}
        for url in urls:
            kind, name, _ = pages[url]
            by_kind.setdefault(KIND_LABELS.get(kind, kind), []).append(f"`{url}` {name}")
        for kind in sorted(by_kind):
            lines.append(f"* **{kind}:** " + "; ".join(by_kind[kind]))
        lines.append("")

    section("Added", added, new)
    section("Changed", changed, new)
    section("Removed", removed, old)
    merges_added = sorted(_merges(after) - _merges(before))
    merges_gone = sorted(_merges(before) - _merges(after))
    if merges_added or merges_gone:
        lines.extend(["### Merges", ""])
        lines += [f"* now merged: {', '.join(group)}" for group in merges_added]
        lines += [f"* no longer merged: {', '.join(group)}" for group in merges_gone]
        lines.append("")
    known = {(p.path, p.rule, p.message) for p in before.problems}
    broken = [
        p
        for p in after.problems
        if p.rule in LINK_RULES and (p.path, p.rule, p.message) not in known
    ]
    lines.extend(["### New broken links", ""])
    lines += [f"* `{p.location()}` {p.message}" for p in broken] or ["None."]
    lines.append("")
    served_before = {p.url for p in before.published} | set(before.redirects)
    served_after = {p.url for p in after.published} | set(after.redirects)
    lost = sorted(served_before - served_after)
    lines.extend(["### URLs that would disappear", ""])
    lines += [f"* `{url}`" for url in lost] or ["None."]
    return "\n".join(lines) + "\n"
