"""``handbook.yml``: how contributors steer merging without touching code.

::

    merge:
      together:            # these notes are one topic: always merge them
        - [lennyspodcast/a.md, lennyspodcast/b.md]
      apart:               # these notes are different topics: never merge them
        - [lennyspodcast/c.md, lennyspodcast/d.md]
      titles:              # the title of the page that holds this note
        lennyspodcast/a.md: The three Ws of career growth

Notes are named by their path inside the notes folder.  The file is read
with a plain ``SafeLoader``; every mistake (an unknown key, a path that is
no note, a rule with one note) is a problem with the file's name and line,
and the rest of the file still applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..model import Problem

FILE_NAME = "handbook.yml"


@dataclass(frozen=True)
class Curation:
    together: tuple[frozenset[str], ...] = ()
    apart: tuple[frozenset[str], ...] = ()
    titles: dict[str, str] = field(default_factory=dict)
    catalog: dict[str, Any] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    source: str = ""
    notes_folder: str = ""  # the notes folder the rules were written for


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) and node.value else None


def load_curation(path: Path | None, notes: Iterable[str] = (), folder: str = "") -> Curation:
    """Read and check ``path``; a missing file means no curation.

    A ``notes: source_notes`` line scopes the rules to that notes folder:
    building another folder (``folder``) ignores them."""
    if path is None or not path.is_file():
        return Curation()
    name = path.name
    problems: list[Problem] = []

    def report(line: int, message: str) -> None:
        problems.append(
            Problem(
                name,
                line,
                "curation/invalid",
                message,
                hint="see 'Steering merges' in CONTRIBUTING.md",
            )
        )

    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        report(mark.line + 1 if mark else 1, f"invalid YAML: {getattr(error, 'problem', error)}")
        return Curation(problems=tuple(problems), source=name)
    if root is None:
        return Curation(source=name)
    notes_line = next(
        (
            _scalar(v)
            for k, v in (root.value if isinstance(root, yaml.MappingNode) else [])
            if _scalar(k) == "notes"
        ),
        None,
    )
    if notes_line and folder and notes_line != folder:
        return Curation(source=name, notes_folder=notes_line)  # rules for another folder
    if not isinstance(root, yaml.MappingNode):
        report(_line(root), "handbook.yml must be a mapping with 'merge' and 'catalog' keys")
        return Curation(problems=tuple(problems), source=name)
    known = set(notes)
    notes_folder = ""
    together: list[frozenset[str]] = []
    apart: list[frozenset[str]] = []
    titles: dict[str, str] = {}
    catalog: dict[str, Any] = {}

    def note_path(node: yaml.Node) -> str | None:
        value = _scalar(node)
        if value is None:
            report(_line(node), "expected a note path such as 'channel/note.md'")
            return None
        if known and value not in known:
            report(_line(node), f"{value!r} is not a note in the notes folder")
            return None
        return value

    for key_node, value_node in root.value:
        key = _scalar(key_node)
        if key == "notes":
            notes_folder = _scalar(value_node) or ""
            continue
        if key == "catalog":
            catalog = yaml.safe_load(yaml.serialize(value_node)) or {}
            continue
        if key != "merge":
            report(_line(key_node), f"unknown section {key!r}; expected 'merge' or 'catalog'")
            continue
        if not isinstance(value_node, yaml.MappingNode):
            report(_line(value_node), "'merge' must map 'together', 'apart' and 'titles'")
            continue
        for rule_node, rules in value_node.value:
            rule = _scalar(rule_node)
            if rule in ("together", "apart"):
                if not isinstance(rules, yaml.SequenceNode):
                    report(_line(rules), f"'{rule}' must be a list of lists of notes")
                    continue
                for group in rules.value:
                    if not isinstance(group, yaml.SequenceNode):
                        report(_line(group), f"each '{rule}' rule is a list of two or more notes")
                        continue
                    members = {p for p in (note_path(n) for n in group.value) if p}
                    if len(members) < 2:
                        report(_line(group), f"a '{rule}' rule needs at least two notes")
                        continue
                    (together if rule == "together" else apart).append(frozenset(members))
            elif rule == "titles":
                if not isinstance(rules, yaml.MappingNode):
                    report(_line(rules), "'titles' maps a note path to a title")
                    continue
                for path_node, title_node in rules.value:
                    note = note_path(path_node)
                    title = _scalar(title_node)
                    if note and title:
                        titles[note] = " ".join(title.split())
                    elif note:
                        report(_line(title_node), "the title must be text")
            else:
                report(
                    _line(rule_node), f"unknown rule {rule!r}; expected together, apart or titles"
                )
    return Curation(
        tuple(together), tuple(apart), titles, catalog, tuple(problems), name, notes_folder
    )
