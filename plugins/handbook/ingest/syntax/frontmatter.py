"""YAML front matter, read with python-frontmatter and never trusted.

:func:`split_front_matter` finds the block with python-frontmatter's
``YAMLHandler`` (the same boundary rule Obsidian uses) and loads it with a
``SafeLoader`` that refuses YAML aliases, so a "billion laughs" document is
rejected before anything can expand it.  It computes the line where the
body starts, because python-frontmatter strips that information away.

:func:`read_metadata` then checks the fields the handbook uses.  Nothing
here is fatal: a broken front matter yields an empty mapping and a warning
naming the line, and the note is still published.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

from .report import Reporter

VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that rejects aliases: front matter never needs them."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="YAML aliases are not allowed in front matter",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


class _Handler(frontmatter.YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=_NoAliasLoader)


_HANDLER = _Handler()


@dataclass(frozen=True, slots=True)
class FrontMatter:
    meta: Mapping[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    present: bool = False
    valid: bool = False  # present and a mapping: its fields can be checked


def split_front_matter(text: str, reporter: Reporter) -> FrontMatter:
    """Separate front matter from body; report and recover from bad YAML."""
    if not _HANDLER.detect(text):
        return FrontMatter(body=text)
    try:
        _, raw, body = _HANDLER.FM_BOUNDARY.split(text, 2)
    except ValueError:
        reporter.report(
            1,
            "front-matter/unclosed",
            "front matter starts with '---' but is never closed; read as text",
            hint="close the front matter with a line of '---'",
        )
        return FrontMatter(body=text, present=True)
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    try:
        loaded = _HANDLER.load(raw)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        # The boundary regex leaves the newline after the opening "---" in the
        # YAML text, so its line 0 is the file's line 1.
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        reporter.report(
            line,
            "front-matter/invalid-yaml",
            f"invalid YAML front matter: {problem}",
            hint="check quoting and indentation; titles with ':' need quotes",
        )
        return FrontMatter(body=body, body_line=body_line, present=True)
    except RecursionError:
        reporter.report(1, "front-matter/invalid-yaml", "front matter is nested too deeply")
        return FrontMatter(body=body, body_line=body_line, present=True)
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        reporter.report(
            2,
            "front-matter/not-mapping",
            f"front matter is a {type(loaded).__name__}, not a mapping of fields; ignored",
            hint="write 'title: ...' and 'videoId: ...' as key: value lines",
        )
        return FrontMatter(body=body, body_line=body_line, present=True)
    return FrontMatter(meta=loaded, body=body, body_line=body_line, present=True, valid=True)


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None
    video_id: str | None
    aliases: tuple[str, ...]


def _field_line(fm_text_lines: list[str], key: str) -> int:
    for index, line in enumerate(fm_text_lines):
        if line.startswith(f"{key}:"):
            return index + 1
    return 1


def read_metadata(front: FrontMatter, text: str, reporter: Reporter) -> Metadata:
    """Validate ``title``, ``videoId`` and ``aliases``; warn about the rest."""
    meta = front.meta
    lines = text.split("\n", front.body_line)[: front.body_line]
    title_value = meta.get("title")
    title: str | None = None
    if isinstance(title_value, str) and title_value.strip():
        title = " ".join(title_value.split())
    elif not front.valid:
        pass  # the front matter problem already says the file name is used
    elif isinstance(title_value, bool) or title_value is None or title_value == "":
        reason = "has no title" if "title" not in meta else "has an empty title"
        reporter.report(
            _field_line(lines, "title") if "title" in meta else 1,
            "front-matter/missing-title",
            f"note {reason}; using its file name",
            hint="add 'title: ...' to the front matter",
        )
    elif isinstance(title_value, int | float):
        title = str(title_value)
        reporter.report(
            _field_line(lines, "title"),
            "front-matter/title-type",
            f"title is a number ({title}); read as text",
            hint="quote the title",
        )
    else:
        reporter.report(
            _field_line(lines, "title"),
            "front-matter/title-type",
            f"title is a {type(title_value).__name__}, not text; using the file name",
            hint="write the title as one line of text",
        )
    video_value = meta.get("videoId")
    video_id: str | None = None
    if isinstance(video_value, str) and VIDEO_ID.fullmatch(video_value.strip()):
        video_id = video_value.strip()
    elif video_value is not None:
        reporter.report(
            _field_line(lines, "videoId"),
            "front-matter/video-id",
            f"videoId {str(video_value)[:40]!r} is not an 11-character YouTube id; ignored",
            hint="copy the id from the video's URL (watch?v=...)",
        )
    raw_aliases = meta.get("aliases", ())
    if isinstance(raw_aliases, str):
        raw_aliases = [raw_aliases]
    aliases = (
        tuple(" ".join(str(a).split()) for a in raw_aliases if isinstance(a, str | int) and a)
        if isinstance(raw_aliases, list | tuple)
        else ()
    )
    return Metadata(title, video_id, aliases)
