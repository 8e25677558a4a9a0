"""The handbook's data model: frozen dataclasses shared by every stage.

Data flows one way: ``ingest`` turns a file into a :class:`Note` made of
:class:`Block` trees whose text is a tuple of inline :data:`Segment` values;
later stages only read these values and build new ones.  Nothing here knows
about MkDocs.

Invariants:
* every :class:`Problem` names the file it is about, with a 1-based line
  (0 when it concerns the whole file);
* a :class:`Note` is never dropped: a note that could not be read still
  exists, with its problems attached;
* paths are POSIX strings relative to the notes folder, never ``Path``
  objects, so the model is hashable and platform-independent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from .rules import BY_ID, Severity, severity_of


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about an input file, with a one-line fix hint."""

    path: str
    line: int
    rule: str
    message: str
    severity: Severity | None = None  # None: the rule's own (handbook.rules)
    col: int = 0
    hint: str = ""  # empty: the rule's own

    def __post_init__(self) -> None:
        # Severity and default fix are declared once per rule (handbook.rules),
        # so the build, ``handbook check`` and CONTRIBUTING agree.
        rule = BY_ID.get(self.rule)
        if self.severity is None:
            object.__setattr__(self, "severity", severity_of(self.rule))
        if not self.hint and rule is not None:
            object.__setattr__(self, "hint", rule.hint)

    def location(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return where

    def format(self) -> str:
        return f"{self.location()}: {self.message} [{self.rule}]"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.col, self.rule, self.message)


# --- inline content --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WikiLink:
    """An Obsidian ``[[target#heading^block|label]]`` link as written."""

    target: str
    heading: str | None = None
    block: str | None = None
    label: str | None = None
    embed: bool = False
    line: int = 0
    col: int = 0
    raw: str = ""


@dataclass(frozen=True, slots=True)
class Timestamp:
    """A moment in the note's video, already validated."""

    seconds: int
    line: int = 0
    col: int = 0

    @property
    def text(self) -> str:
        """The normalised visible form, always ``hh:mm:ss``."""
        hours, rest = divmod(self.seconds, 3600)
        minutes, secs = divmod(rest, 60)
        return f"{hours:02d}:{minutes:02d}:{secs:02d}"


@dataclass(frozen=True, slots=True)
class Text:
    """Markdown source written by the note's author, emitted as is."""

    text: str


@dataclass(frozen=True, slots=True)
class Plain:
    """Text that must appear exactly as written (escaped when rendered)."""

    text: str


@dataclass(frozen=True, slots=True)
class Clock(Plain):
    """A timestamp refused as impossible (:mod:`handbook.ingest.moments`): shown as
    the text the note wrote, but not one of its words, so no name, claim or
    search text ends in "... real people 01:54:54"."""


@dataclass(frozen=True, slots=True)
class Code:
    """A code span, backticks included; never transformed."""

    text: str


@dataclass(frozen=True, slots=True)
class Html:
    """A raw HTML tag that passed the allow-list, already cleaned."""

    tag: str


@dataclass(frozen=True, slots=True)
class Image:
    """A Markdown image ``![alt](src)``; ``src`` is checked when resolving."""

    alt: str
    src: str
    line: int = 0
    col: int = 0


@dataclass(frozen=True, slots=True)
class Link:
    """A wikilink occurrence inside running text."""

    link: WikiLink


@dataclass(frozen=True, slots=True)
class Stamp:
    """A timestamp citation inside running text."""

    stamp: Timestamp


Segment = Text | Plain | Code | Html | Link | Stamp | Image
Inline = tuple[Segment, ...]


# --- blocks ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    inline: Inline
    line: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    inline: Inline
    line: int
    block_id: str | None = None  # Obsidian ``^id`` at the end of the paragraph


@dataclass(frozen=True, slots=True)
class ListItem:
    inline: Inline
    children: tuple[Block, ...]
    line: int
    number: int | None = None
    block_id: str | None = None
    # A task-list item's box: " " open, "x" done, "" not a task (``- [ ] …``).
    task: str = ""


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bullet or numbered list, or a definition list (``definition``): each
    item's ``inline`` is then the term and its children the definitions."""

    ordered: bool
    items: tuple[ListItem, ...]
    line: int
    definition: bool = False


@dataclass(frozen=True, slots=True)
class Callout:
    """An Obsidian callout; ``kind`` is already mapped to an admonition type.

    ``kind`` :data:`TAB` is one tab of a tabbed set (``=== "Title"``, the
    pymdownx.tabbed syntax): a titled container like a callout, so every
    walker that reads a callout's children reads a tab's; consecutive tabs
    form one set; a tab's ``fold`` is ``"+"`` when it is the selected one
    (``===+``) and ``"-"`` when it starts a new set (``===!``)."""

    kind: str
    raw_kind: str
    title: Inline | None
    fold: Literal["", "+", "-"]
    children: tuple[Block, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Quote:
    children: tuple[Block, ...]
    line: int


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """Fenced or indented code, or a ``$$`` math block: emitted verbatim."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Inline, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Rule:
    line: int


@dataclass(frozen=True, slots=True)
class Embed:
    """A block that consists of one ``![[note]]`` embed."""

    link: WikiLink
    line: int


TAB = "tab"

Block = Heading | Paragraph | ListBlock | Callout | Quote | CodeBlock | Table | Rule | Embed


# --- notes -----------------------------------------------------------------

NoteKind = Literal["note", "article"]


@dataclass(frozen=True, slots=True)
class Note:
    """One input file, parsed.

    ``name`` is the file name without extension; ``path`` the POSIX path
    relative to the notes folder.  ``channel`` is the target of the note's
    ``From: [[channel]]`` line, when it has one.
    """

    path: str
    name: str
    title: str
    kind: NoteKind
    blocks: tuple[Block, ...]
    video_id: str | None = None
    channel: str | None = None
    author: str | None = None
    aliases: tuple[str, ...] = ()
    cut: str = ""
    problems: tuple[Problem, ...] = ()
    digest: str = ""
    source_link: WikiLink | None = None  # the ``From: [[channel]]`` line

    @property
    def folder(self) -> str:
        head, _, _ = self.path.rpartition("/")
        return head


@dataclass(frozen=True, slots=True)
class Options:
    """Core options, independent of any site generator's config objects."""

    unresolved_links: Literal["topic", "text", "error"] = "topic"
    directory_urls: bool = True
    curation: str = ""  # path of handbook.yml; "" for none
    source_url: str = ""  # template with {path} linking to a note file
    permalinks: str = ""  # path of permalinks.json; "" for none
    source_label: str = ""  # the notes folder as the registry names it


@dataclass(frozen=True, slots=True)
class Page:
    """One generated page: where it goes and its complete Markdown."""

    src_uri: str
    title: str
    kind: str
    markdown: str
    sources: tuple[str, ...] = ()
    in_nav: bool = False
    # Inline SVG of the page's local graph (:mod:`handbook.render.graph`), drawn
    # where the Markdown holds graph.SLOT; "" for none.
    graph: str = ""


@dataclass(frozen=True)
class Handbook:
    """Everything the core produces for one build."""

    pages: tuple[Page, ...]
    problems: tuple[Problem, ...]
    assets: dict[str, str] = field(default_factory=dict)  # site URI -> file path
    # Old URL -> (new URL, anchor): merged notes, and recorded URLs that moved.
    redirects: dict[str, tuple[str, str]] = field(default_factory=dict)
    merge_log: tuple[str, ...] = ()
    # Builds handbook.json's data on first use: serve writes it after reloading.
    export_builder: Callable[[], dict[str, object]] | None = None
    published: tuple[Any, ...] = ()  # permalinks.Published, for recording
    # src_uri -> html.RenderedPage: each page's clean HTML, ready to serve.
    rendered: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def export(self) -> dict[str, object]:
        """The data of ``handbook.json`` (:mod:`handbook.publish.export`)."""
        return self.export_builder() if self.export_builder else {}
