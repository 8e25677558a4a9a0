"""Every problem rule, declared once: its severity, what it means, a default fix.

A :class:`~handbook.model.Problem` takes its severity from this table unless
the finding states one (only ``link/unresolved`` does, from the
``unresolved_links`` option).  The build logs findings at that severity,
``handbook check`` reports them at it, and CONTRIBUTING's rule table is
:func:`markdown_table` (``handbook rules`` prints it; a test holds the two
equal).  So a contributor meets the same verdict in all three places.

Severities: an **error** breaks or loses something a reader would have seen
(the build still finishes, and ``--strict`` fails); a **warning** should be
fixed; **info** (shown as "hint") is for information.

Invariant: rule ids are unique, and every rule the code reports is here
(a test scans the package for them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    meaning: str  # what the finding means, for CONTRIBUTING's table
    hint: str = ""  # the fix, where a finding gives none of its own


E, W, H = "error", "warning", "info"  # H: a hint
_FRONT = "the front matter cannot be read; the note is published with its file name as title"
_TITLE = "no usable title: the file name is used"
_STAMP = "a timestamp that cannot be read is shown as text"
_UNSAFE = "a script, style, frame, event handler or `javascript:` link was removed"
_TEXT = "not UTF-8 text"
_EMPTY = "nothing, or fewer than 25 words, to publish"
RULES: tuple[Rule, ...] = (
    Rule("front-matter/invalid-yaml", E, _FRONT),
    Rule("front-matter/not-mapping", E, _FRONT),
    Rule("front-matter/unclosed", E, _FRONT),
    Rule("front-matter/missing", W, _TITLE),
    Rule("front-matter/missing-title", W, _TITLE),
    Rule("front-matter/title-type", W, _TITLE),
    Rule("front-matter/video-id", W, "`videoId` is not an 11-character YouTube id"),
    Rule("timestamp/malformed", E, _STAMP),
    Rule("timestamp/broken-tag", E, _STAMP),
    Rule("timestamp/no-video", W, "a timestamp in a note without `videoId` links nowhere"),
    Rule(
        "timestamp/impossible",
        W,
        "a moment past the video's plausible end (judged from all its notes): shown as text",
    ),
    Rule(
        "anchor/retired",
        H,
        "a recorded claim or section anchor is gone (reworded, renamed): "
        "old links land where the hint says",
    ),
    Rule(
        "timestamp/joined",
        H,
        "`33:31:33:46` (a range written with colons), `01:14:40:00` (`:00` added) or "
        "`01:16:34:77` (a fraction of a second): linked at the moment it starts",
    ),
    Rule("timestamp/repaired", H, "`06:33:00` written for 6:33 (`mm:ss:00`): linked as `00:06:33`"),
    Rule("html/unsafe", E, _UNSAFE),
    Rule("html/unsafe-url", E, _UNSAFE),
    Rule("link/malformed", E, "`[[` without `]]`, `[[]]`, `[[ \\| x]]`"),
    Rule(
        "link/broken",
        E,
        "the heading or block a link names does not exist",
        "check the heading or ^block name in the target note",
    ),
    Rule(
        "link/refused",
        E,
        "a link target that is a path out of the notes or a URL",
        "link notes by name; write web links as [text](https://...)",
    ),
    Rule("link/embed-cycle", E, "embeds that embed each other"),
    Rule(
        "link/ambiguous",
        W,
        "several notes have that name; the one in the same folder wins",
        "name the folder too: [[folder/note]]",
    ),
    Rule("link/unresolved", H, "no note has that name: the link goes to a topic page"),
    Rule("callout/syntax", W, "a `> [!` line that is not a callout header"),
    Rule("callout/unknown-type", H, "a callout type Obsidian does not define: shown as a note"),
    Rule(
        "callout/bare",
        W,
        "a `[!TYPE]` line without `>`: read as a callout up to the next blank line",
    ),
    Rule(
        "markdown/unclosed-fence",
        W,
        "a code fence that is never closed runs to the end of its block",
    ),
    Rule("file/naming", W, "the file name does not follow the title"),
    Rule("file/case-collision", E, "two notes differ only in case or punctuation"),
    Rule(
        "file/url-collision",
        W,
        "the URL is taken (a note differing only in case or punctuation, or a docs/ page): "
        "published at another",
    ),
    Rule("file/invisible-name", W, "a file name with invisible characters"),
    Rule("file/encoding", E, _TEXT),
    Rule("file/binary", E, _TEXT),
    Rule("file/unreadable", E, "the file cannot be read"),
    Rule("image/missing", E, "an image that is not in the notes folder"),
    Rule("note/empty", W, _EMPTY),
    Rule("note/near-empty", W, _EMPTY),
    Rule("article/junk-cut", H, "scraped page furniture (menus, cookie banners) was cut"),
    Rule("merge/duplicate", H, "the note will be merged with another note of its video"),
    Rule("curation/invalid", W, "`handbook.yml` has an entry that cannot be applied"),
    Rule(
        "permalink/broken", E, "a published URL would stop resolving: no page holds what it showed"
    ),
)
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def severity_of(rule: str) -> Severity:
    """The declared severity of ``rule`` (a warning for one not declared)."""
    found = BY_ID.get(rule)
    return found.severity if found is not None else "warning"


def markdown_table() -> str:
    """CONTRIBUTING's rule table: rules of one severity and meaning share a row."""
    rows: list[tuple[list[str], Severity, str]] = []
    for rule in RULES:
        if rows and rows[-1][1:] == (rule.severity, rule.meaning):
            rows[-1][0].append(rule.id)
        else:
            rows.append(([rule.id], rule.severity, rule.meaning))
    label = {"info": "hint"}
    lines = ["| rule | severity | meaning |", "| --- | --- | --- |"]
    for ids, severity, meaning in rows:
        names = ", ".join(f"`{i}`" for i in ids)
        lines.append(f"| {names} | {label.get(severity, severity)} | {meaning} |")
    return "\n".join(lines) + "\n"
