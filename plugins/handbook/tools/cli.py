"""The ``handbook`` command: check notes, start a note, diff, record permalinks.

::

    handbook check [PATHS...] [--format text|github|json] [--notes DIR]
    handbook new "Title" --video ID --channel NAME [--notes DIR]
    handbook diff BASE_REF [--notes DIR]
    handbook permalinks [--notes DIR] [--registry FILE] [--forget URL ...]

Exit codes: 0 when clean, 1 when there are errors (or ``new`` would
overwrite a note), 2 on usage errors.  The notes folder defaults to
``$HANDBOOK_SOURCE_DIR`` or ``source_notes``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..model import Problem

USAGE_ERROR = 2


def _notes_dir(value: str | None) -> Path:
    return Path(value or os.environ.get("HANDBOOK_SOURCE_DIR") or "source_notes")


def _inside(path: Path, root: Path) -> bool:
    resolved, base = path.resolve(), root.resolve()
    return resolved == base or base in resolved.parents


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


QUIET_HINTS = frozenset({"link/unresolved", "article/junk-cut"})


def format_findings(
    findings: Sequence[Problem], style: str, prefix: str = "", hints: bool = False
) -> str:
    """Findings as text for people, GitHub workflow commands, or JSON.

    Text and GitHub output leave out the routine hints (links that become
    topic pages, cut page furniture) unless ``hints``; JSON has everything."""
    if style == "json":
        rows = [
            {
                "file": prefix + p.path,
                "line": p.line,
                "column": p.col,
                "rule": p.rule,
                "severity": p.severity,
                "message": p.message,
                "hint": p.hint,
            }
            for p in findings
        ]
        counts = Counter(p.severity for p in findings)
        return json.dumps({"findings": rows, "summary": dict(sorted(counts.items()))}, indent=1)
    lines = []
    for p in findings:
        if p.rule in QUIET_HINTS and not hints:
            continue
        if style == "github":
            level = {"error": "error", "warning": "warning"}.get(p.severity, "notice")
            props = f"file={_github_escape(prefix + p.path, True)},line={p.line},col={p.col}"
            props += f",title={_github_escape(p.rule, True)}"
            message = p.message + (f" (fix: {p.hint})" if p.hint else "")
            lines.append(f"::{level} {props}::{_github_escape(message)}")
        else:
            label = {"info": "hint"}.get(p.severity, p.severity)
            lines.append(f"{prefix}{p.path}:{p.line}:{p.col}: {label}: {p.message} [{p.rule}]")
            if p.hint:
                lines.append(f"    fix: {p.hint}")
    if style == "text":
        counts = Counter(p.severity for p in findings)
        quiet = sum(1 for p in findings if p.rule in QUIET_HINTS)
        shown = "" if hints or not quiet else f" ({quiet} routine, shown with --hints)"
        lines.append(
            f"{counts['error']} error(s), {counts['warning']} warning(s), "
            f"{counts['info']} hint(s){shown}"
        )
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check_notes

    root = _notes_dir(args.notes)
    if not root.is_dir():
        print(f"handbook: notes folder {root} does not exist", file=sys.stderr)
        return USAGE_ERROR
    paths = [Path(p) for p in args.paths]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"handbook: no such file: {', '.join(missing)}", file=sys.stderr)
        return USAGE_ERROR
    # A folder outside the notes folder is a vault of its own ("handbook
    # check ~/vault"); a file outside it cannot be judged without its vault.
    outside = [p for p in paths if not _inside(p, root)]
    strays = [str(p) for p in outside if not p.is_dir()]
    if strays:
        print(
            f"handbook: {', '.join(strays)} is not inside the notes folder {root}; "
            "pass --notes FOLDER",
            file=sys.stderr,
        )
        return USAGE_ERROR
    inside = [p for p in paths if p not in outside]
    findings = check_notes(root, inside) if inside or not outside else []
    if inside or not outside:
        findings += retired_anchors(root, Path(args.registry), args.curation)
    for vault in outside:
        findings += [replace(p, path=(vault / p.path).as_posix()) for p in check_notes(vault)]
    prefix = "" if args.format == "text" else root.as_posix().rstrip("/") + "/"
    output = format_findings(
        findings, args.format, prefix if args.format == "github" else "", args.hints
    )
    if output:
        print(output)
    return 1 if any(p.severity == "error" for p in findings) else 0


def _registry_label(root: Path, registry_path: Path) -> str:
    """The notes folder as a registry names it: relative to the registry's
    own folder (``handbook permalinks`` records it so, ``check`` reads it so)."""
    return Path(os.path.relpath(root, registry_path.resolve().parent)).as_posix()


def retired_anchors(root: Path, registry_path: Path, curation: str) -> list:
    """``anchor/retired`` findings: recorded claim and section anchors the
    notes no longer have, and where old links to them land.  Only a build
    knows a page's anchors, so this builds, and only when the registry of
    these notes records anchors."""
    from ..model import Options
    from ..pipeline import build_handbook
    from ..plan.permalinks import Registry

    if not registry_path.is_file():
        return []
    registry = Registry.load(registry_path)
    if not any(r.get("anchors") for r in registry.urls.values()):
        return []
    # A registry of another folder (the repository's, for source_notes/)
    # says nothing about this one.
    label = _registry_label(root, registry_path)
    if registry.source_dir and registry.source_dir != label:
        return []
    # The curation ``handbook permalinks`` reads by default: the same pages.
    options = Options(curation=curation, permalinks=str(registry_path), source_label=label)
    return [p for p in build_handbook(root, options).problems if p.rule == "anchor/retired"]


def cmd_new(args: argparse.Namespace) -> int:
    from ..ingest.syntax.frontmatter import VIDEO_ID
    from .check import expected_name

    if not VIDEO_ID.fullmatch(args.video):
        print(
            f"handbook: --video {args.video!r} is not an 11-character YouTube id", file=sys.stderr
        )
        return USAGE_ERROR
    name = expected_name(args.title)
    channel = expected_name(args.channel) or args.channel
    if not name or not channel:
        print("handbook: the title and channel need letters or digits", file=sys.stderr)
        return USAGE_ERROR
    path = _notes_dir(args.notes) / channel / f"{name}.md"
    if path.exists():
        print(f"handbook: {path} already exists; not overwriting it", file=sys.stderr)
        return 1
    title = json.dumps(args.title, ensure_ascii=False) if _needs_quotes(args.title) else args.title
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: {title}\nvideoId: {args.video}\n---\n\nFrom: [[{args.channel}]] <br/>\n\n"
        "## Key points\n\n"
        "<!-- Say what was said, one claim per sentence, each citing its moment:\n"
        '     <a class="yt-timestamp" data-t="00:06:11">[00:06:11]</a> -->\n',
        encoding="utf-8",
    )
    print(path)
    return 0


def _needs_quotes(title: str) -> bool:
    return any(c in title for c in ":#'\"[]{}&*!|>%@`") or title != title.strip()


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff_against

    root = _notes_dir(args.notes)
    try:
        print(diff_against(args.base, root))
    except RuntimeError as error:
        print(f"handbook: {error}", file=sys.stderr)
        return USAGE_ERROR
    return 0


def cmd_permalinks(args: argparse.Namespace) -> int:
    from ..model import Options
    from ..pipeline import build_handbook
    from ..plan.anchors import page_anchors
    from ..plan.permalinks import Registry, record
    from ..plan.sitemap import page_url

    root = _notes_dir(args.notes)
    registry_path = Path(args.registry)
    registry = Registry.load(registry_path) if registry_path.is_file() else Registry()
    for url in args.forget:
        registry.urls.pop(url, None)
    label = _registry_label(root, registry_path)
    options = Options(curation=args.curation, permalinks="", source_label=label)
    handbook = build_handbook(root, options)
    anchors = {
        page_url(uri, options.directory_urls): page_anchors(body.html)
        for uri, body in handbook.rendered.items()
    }
    updated = record(registry, handbook.published, label, anchors)
    registry_path.write_text(updated.dump(), encoding="utf-8")
    added = len(set(updated.urls) - set(registry.urls))
    print(f"{registry_path}: {len(updated.urls)} URLs recorded ({added} new)")
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    """Every rule with its severity and meaning (CONTRIBUTING's table)."""
    from ..rules import markdown_table

    print(markdown_table(), end="")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="handbook", description=__doc__.split("\n")[0])
    sub = main.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="lint notes without building the site")
    check.add_argument("paths", nargs="*", help="notes or folders (default: all)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text")
    check.add_argument("--notes", help="the notes folder")
    check.add_argument("--hints", action="store_true", help="also list routine hints")
    check.add_argument(
        "--registry", default="permalinks.json", help="the permalink registry (for anchors)"
    )
    check.add_argument("--curation", default="handbook.yml", help="as for permalinks")
    check.set_defaults(run=cmd_check)
    new = sub.add_parser("new", help="start a correctly named note")
    new.add_argument("title")
    new.add_argument("--video", required=True, help="the 11-character YouTube id")
    new.add_argument("--channel", required=True, help="the channel, e.g. lennyspodcast")
    new.add_argument("--notes", help="the notes folder")
    new.set_defaults(run=cmd_new)
    diff = sub.add_parser("diff", help="what the working tree changes against a git ref")
    diff.add_argument("base", help="a git ref, e.g. origin/main")
    diff.add_argument("--notes", help="the notes folder")
    diff.set_defaults(run=cmd_diff)
    links = sub.add_parser("permalinks", help="record the published URLs in permalinks.json")
    links.add_argument("--notes", help="the notes folder")
    links.add_argument("--registry", default="permalinks.json")
    links.add_argument("--curation", default="handbook.yml")
    links.add_argument("--forget", action="append", default=[], help="drop a URL on purpose")
    links.set_defaults(run=cmd_permalinks)
    rules = sub.add_parser("rules", help="list every problem rule, its severity and meaning")
    rules.set_defaults(run=cmd_rules)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
