"""Images in notes: publish the ones in the vault, report the ones that are not.

For every ``![alt](src)`` in a note:

* an absolute URL (``https://...``) is left as written;
* a relative path is looked up from the note's folder; a file inside the
  notes folder is published under ``attachments/`` with its relative path,
  and the image points there;
* anything else (a missing file, ``/Users/...``, a path that climbs out of
  the notes folder) is reported with the note's file and line, and the page
  shows the image's alt text instead of a broken image.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from ..engine.memo import Memo
from ..model import Image, Note, Problem, WikiLink
from .index import is_image_name
from .outline import segments, wikilinks

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass
class Assets:
    """Image source → published URI (``None``: not publishable)."""

    images: dict[tuple[str, Image], str | None] = field(default_factory=dict)
    embeds: dict[tuple[str, WikiLink], str] = field(default_factory=dict)  # ![[image.png]]
    files: dict[str, str] = field(default_factory=dict)  # URI -> absolute path
    problems: list[Problem] = field(default_factory=list)


def _vault_images(root: Path) -> dict[str, list[Path]]:
    """Image files in the notes folder by lower-case file name (Obsidian
    finds ``![[pic.png]]`` wherever ``pic.png`` is)."""
    found: dict[str, list[Path]] = {}
    for path in sorted(root.rglob("*")):
        if (
            path.is_file()
            and is_image_name(path.name)
            and not any(part.startswith(".") for part in path.relative_to(root).parts[:-1])
        ):
            found.setdefault(path.name.lower(), []).append(path)
    return found


def image_references(note: Note) -> tuple[tuple[WikiLink, ...], tuple[Image, ...]]:
    """A note's ``![[picture.png]]`` links and Markdown images."""
    links = tuple(link for link in wikilinks(note.blocks) if is_image_name(link.target))
    images = tuple(s for s in segments(note.blocks) if isinstance(s, Image))
    return links, images


def resolve_images(notes: Iterable[Note], root: Path, memo: Memo | None = None) -> Assets:
    assets = Assets()
    real_root = root.resolve()
    memo = Memo() if memo is None else memo
    notes = list(notes)
    refs = {
        n.path: memo.get("images", (n.path, n.digest), lambda n=n: image_references(n))
        for n in notes
    }
    notes = [n for n in notes if any(refs[n.path])]
    if any(refs[n.path][0] for n in notes):
        by_name = _vault_images(real_root)
        for note in notes:
            for link in refs[note.path][0]:
                name = link.target.rsplit("/", 1)[-1].lower()
                matches = by_name.get(name, [])
                if matches:
                    uri = "attachments/" + matches[0].relative_to(real_root).as_posix()
                    assets.embeds[(note.path, link)] = uri
                    assets.files[uri] = str(matches[0])
                else:
                    assets.problems.append(
                        Problem(
                            note.path,
                            link.line,
                            "image/missing",
                            f"embedded image {link.target!r} was not found",
                            col=link.col,
                        )
                    )
    for note in notes:
        for segment in refs[note.path][1]:
            src = segment.src
            if _SCHEME.match(src) or src.startswith("//"):
                continue
            relative = unquote(src.split("#", 1)[0].split("?", 1)[0])
            joined = posixpath.normpath(posixpath.join(note.folder, relative))
            candidate = (real_root / joined).resolve()
            inside = candidate.is_relative_to(real_root) and not relative.startswith("/")
            if inside and candidate.is_file():
                uri = "attachments/" + candidate.relative_to(real_root).as_posix()
                assets.images[(note.path, segment)] = uri
                assets.files[uri] = str(candidate)
                continue
            assets.images[(note.path, segment)] = None
            reason = "is outside the notes folder" if not inside else "was not found"
            assets.problems.append(
                Problem(
                    note.path,
                    segment.line,
                    "image/missing",
                    f"image {src[:80]!r} {reason}; its alt text is shown instead",
                    col=segment.col,
                    hint="put the image in the notes folder and link it relatively",
                )
            )
    return assets
