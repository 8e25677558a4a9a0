"""``handbook check``: lint notes in seconds, without building the site.

The whole notes folder is read and indexed (links can only be judged
against every note), then findings are reported for the files asked
about.  A finding is a :class:`~handbook.model.Problem`: file, line,
column, rule id, severity and a one-line fix hint.

Rules beyond what ingest and link resolution report:

* ``file/naming``: the file name is not the title lower-cased, with
  everything but letters, digits and spaces removed and spaces as ``_``;
* ``file/case-collision``: two notes that differ only in letter case or
  punctuation (one URL; broken on case-insensitive disks);
* ``callout/syntax``: a ``> [!`` line that is not a callout header;
  ``callout/unknown-type``: a type Obsidian does not define (a hint);
* ``note/near-empty``: fewer than :data:`NEAR_EMPTY_WORDS` words;
* ``link/unresolved``: a link to no note (a hint: it becomes a topic page);
* ``image/missing``: an image that is not in the notes folder, as the build
  finds it (:mod:`handbook.resolve.images`);
* ``merge/duplicate``: a checked note the merge stage would merge with
  another note of its video (a hint, with the score);
* ``timestamp/repaired`` (a hint) and ``timestamp/impossible``: moments past
  the video's plausible end, judged as the build does (:mod:`handbook.ingest.moments`).

Severities are the build's, declared once per rule in :mod:`handbook.rules`
(``link/unresolved`` is a hint here whatever the build's option says):
errors break or lose something, warnings should be fixed, hints are for
information.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from ..analyse.duplicates import THRESHOLD, score_video
from ..ingest.moments import repair_moments
from ..ingest.notes import read_notes
from ..ingest.syntax.callouts import ADMONITION_TYPES, CALLOUT_HEADER
from ..ingest.syntax.inline import plain_text
from ..model import Note, Options, Problem
from ..resolve.images import resolve_images
from ..resolve.index import NoteIndex, find_channels
from ..resolve.mentions import note_mentions
from ..resolve.wikilinks import resolve_links
from ..rules import severity_of
from ..text.slugs import slugify

NEAR_EMPTY_WORDS = 25
_CALLOUT_LINE = re.compile(r"^(?P<prefix>\s*(?:>\s*)+)\[!")


def expected_name(title: str) -> str:
    """The corpus's file-naming rule applied to a title."""
    kept = "".join(c for c in title.lower() if c.isalnum() or c == " ")
    return kept.replace(" ", "_")


def _naming(note: Note) -> list[Problem]:
    if note.kind == "article" or not note.title:
        return []
    wanted = expected_name(note.title)
    if note.name == wanted or not wanted:
        return []
    suffix = note.path.rsplit(".", 1)[-1]
    return [
        Problem(
            note.path,
            1,
            "file/naming",
            f"file name does not follow the title ({note.title!r})",
            col=1,
            hint=f"rename the file to {wanted}.{suffix}",
        )
    ]


def _collisions(notes: Sequence[Note]) -> list[Problem]:
    by_url: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        stem = note.path.rsplit(".", 1)[0]
        by_url["/".join(slugify(part) for part in stem.split("/"))].append(note)
    found = []
    for members in by_url.values():
        if len(members) > 1:
            for note in members:
                others = ", ".join(m.path for m in members if m is not note)
                found.append(
                    Problem(
                        note.path,
                        1,
                        "file/case-collision",
                        f"differs from {others} only in case or punctuation; both get one URL",
                        col=1,
                        hint="give the notes distinct names",
                    )
                )
    return found


def _callouts(note: Note, text: str) -> list[Problem]:
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _CALLOUT_LINE.match(line)
        if not match:
            continue
        header = line[match.end("prefix") :].strip()
        column = match.end("prefix") + 1
        parsed = CALLOUT_HEADER.fullmatch(header)
        if parsed is None:
            found.append(
                Problem(
                    note.path,
                    number,
                    "callout/syntax",
                    f"callout header {header[:40]!r} is not '[!type] title'",
                    col=column,
                    hint="write > [!NOTE] Title, with the ] right after the type",
                )
            )
        elif parsed.group(1).strip().lower() not in ADMONITION_TYPES:
            found.append(
                Problem(
                    note.path,
                    number,
                    "callout/unknown-type",
                    f"callout type {parsed.group(1)!r} is not an Obsidian type; shown as a note",
                    col=column,
                    hint="use NOTE, TIP, WARNING, EXAMPLE...",
                )
            )
    return found


def _size(note: Note) -> list[Problem]:
    from ..resolve.outline import segments

    words = sum(len(plain_text((s,)).split()) for s in segments(note.blocks))
    if 0 < words < NEAR_EMPTY_WORDS:
        return [
            Problem(
                note.path,
                1,
                "note/near-empty",
                f"note has only {words} words",
                col=1,
                hint="say what was said, with its timestamps",
            )
        ]
    return []


def _duplicates(checked: set[str], notes: Sequence[Note]) -> list[Problem]:
    by_video: dict[str, list[Note]] = defaultdict(list)
    for note in notes:
        if note.video_id and note.kind == "note":
            by_video[note.video_id].append(note)
    found = []
    for members in by_video.values():
        if len(members) < 2 or not checked & {n.path for n in members}:
            continue
        for (a, b), score in score_video(members).items():
            if score.score < THRESHOLD:
                continue
            for mine, other in ((a, b), (b, a)):
                if mine in checked:
                    found.append(
                        Problem(
                            mine,
                            1,
                            "merge/duplicate",
                            f"covers the same topic as {other} (score {score.score:.2f}); "
                            "the two will be merged into one page",
                            col=1,
                            hint="fine if intended; else add an apart rule in handbook.yml",
                        )
                    )
    return found


def check_notes(root: Path, paths: Iterable[Path] = ()) -> list[Problem]:
    """Findings for ``paths`` (files or folders inside ``root``; all if none)."""
    notes = list(repair_moments(read_notes(root)).notes)  # as the build sees them
    wanted = {p.resolve() for p in paths}
    root = root.resolve()

    def selected(note: Note) -> bool:
        if not wanted:
            return True
        location = (root / note.path).resolve()
        return any(location == w or w in location.parents for w in wanted)

    checked = [n for n in notes if selected(n)]
    channels = find_channels(notes)
    index = NoteIndex(notes, channels)
    mentions = [m for note in checked for m in note_mentions(note)]
    resolutions, problems = resolve_links(mentions, index, Options(unresolved_links="text"))
    for problem in list(problems):
        if problem.rule == "link/unresolved":
            problems.remove(problem)
            problems.append(
                replace(
                    problem,
                    message=problem.message.replace("shown as text", "it becomes a topic page"),
                    hint="fine for a topic; check the spelling",
                )
            )
    found = [p for note in checked for p in note.problems] + problems
    found += resolve_images(checked, root).problems
    for note in checked:
        text = (root / note.path).read_text(encoding="utf-8", errors="replace")
        found += _naming(note) + _callouts(note, text) + _size(note)
    checked_paths = {n.path for n in checked}
    found += [p for p in _collisions(notes) if p.path in checked_paths]
    if wanted:
        found += _duplicates(checked_paths, notes)
    del resolutions
    return sorted(
        (replace(p, severity=severity_of(p.rule), col=p.col or 1, line=p.line or 1) for p in found),
        key=lambda p: p.sort_key(),
    )
