"""Every wikilink of the vault resolved once, with the problems it has.

:func:`resolve_links` asks the :class:`~handbook.resolve.index.NoteIndex`
about each mention's link (the index knows every note before any link is
judged, so the answer never depends on reading order) and reports what
the resolution found: ambiguity, a broken heading or block, a refused
target, and (unless unresolved links become topic pages) a link to no
note, at the severity the ``unresolved_links`` option asks for.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Options, Problem, WikiLink
from .index import NoteIndex, Resolution
from .mentions import Mention

Resolutions = dict[tuple[str, WikiLink], Resolution]


def resolve_links(
    mentions: Iterable[Mention], index: NoteIndex, options: Options
) -> tuple[Resolutions, list[Problem]]:
    """Resolve every mention's link once; report ambiguity and breakage."""
    resolutions: Resolutions = {}
    problems: list[Problem] = []
    for mention in mentions:
        link = mention.link
        note = index.notes[mention.note]
        resolution = index.resolve(link, note)
        resolutions[(note.path, link)] = resolution
        where = (note.path, link.line)
        for rule, message in resolution.problems:
            problems.append(Problem(*where, rule, message, col=link.col))
        if resolution.kind == "unresolved" and options.unresolved_links != "topic":
            severity = "error" if options.unresolved_links == "error" else "warning"
            problems.append(
                Problem(
                    *where,
                    "link/unresolved",
                    f"no note matches {link.raw!r}; shown as text",
                    severity,
                    link.col,
                    "check the spelling, or add the note",
                )
            )
    return resolutions, problems
