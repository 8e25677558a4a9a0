"""The hostile vault: one note per kind of bad input, written at test time.

Binary files, invalid UTF-8, a megabyte of table and names with invisible
characters are awkward to keep in git, so :data:`CASES` describes each
note as bytes and :func:`write_vault` lays them out.  Every case names the
problem a contributor must be told about (rule, and line where one
exists) and a sentinel phrase from its text that must reach the site:
nothing a bad note says may be lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FM = "---\ntitle: {title}\nvideoId: hostile0001\n---\nFrom: [[hostile]] <br/>\n\n"


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, bytes]
    problems: tuple[tuple[str, str, int], ...]  # (file, rule, line) a contributor is told
    sentinels: tuple[str, ...]  # text that must reach the site


def note(title: str, body: str) -> bytes:
    return (FM.format(title=title) + body).encode("utf-8")


def _table(rows: int) -> bytes:
    header = "| Moment | What was said |" + " " * 200 + "\n|---|---|\n"
    row = "| 00:00:{:02d} | padded cell {} |" + " " * 900 + "\n"
    body = "".join(row.format(i % 60, i) for i in range(rows))
    return note("Padded Table", header + body + "\nSentinel after the table.\n")


BOMB = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
title: *i
---
Sentinel below the bomb.
"""

INVISIBLE = "in\u2068visible\u2069/caf\u00e9 \u2068note\u2069.md"
LINKS = " ".join(f"[[hostile topic {i % 250}]]" for i in range(10_000))

STAMPS = """Well formed <a class="yt-timestamp" data-t="00:06:11">[00:06:11]</a> moment.
Four parts <a class="yt-timestamp" data-t="01:00:77:51">[01:00:77:51]</a> stamp one.
Bracket <a class="yt-timestamp" data-t="00:12:34]">[00:12:34]]</a> stamp two.
Trailing colon <a class="yt-timestamp" data-t="12:34:">[12:34:]</a> stamp three.
Broken tag <a class="yt-timestamp" data-23:11:00>[23:11:00]</a> stamp four.
Empty text <a class="yt-timestamp" data-t="00:01:02"></a> stamp five.
Bare [00:07:08] stamp six and a link [[00:09:10]] stamp seven.
"""

CASES: list[Case] = [
    Case("empty file", {"empty.md": b""}, (("empty.md", "note/empty", 0),), ("Empty",)),
    Case(
        "front matter only",
        {"front_only.md": b"---\ntitle: Only Front Matter\nvideoId: hostile0002\n---\n"},
        (("front_only.md", "note/empty", 5),),
        ("Only Front Matter",),
    ),
    Case(
        "binary file",
        {"binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
        (("binary.md", "file/binary", 0),),
        (),
    ),
    Case(
        "invalid UTF-8",
        {
            "latin1.md": note("Latin One", "Good line.\n\nCaf\xe9 au lait sentinel.\n").replace(
                b"\xc3\xa9", b"\xe9"
            )
        },
        (("latin1.md", "file/encoding", 9),),
        ("Good line.", "au lait sentinel"),
    ),
    Case(
        "byte-order mark",
        {"bom.md": b"\xef\xbb\xbf" + note("Marked Title", "BOM sentinel.\n")},
        (),
        ("Marked Title", "BOM sentinel."),
    ),
    Case(
        "CRLF line endings",
        {
            "crlf.md": note("Windows Title", "First paragraph.\n\nCRLF sentinel.\n").replace(
                b"\n", b"\r\n"
            )
        },
        (),
        ("Windows Title", "CRLF sentinel."),
    ),
    Case(
        "invalid YAML",
        {"yaml_invalid.md": b"---\ntitle: [unclosed\nvideoId: x\n---\nYAML sentinel one.\n"},
        (("yaml_invalid.md", "front-matter/invalid-yaml", 3),),
        ("Yaml invalid", "YAML sentinel one."),
    ),
    Case(
        "YAML list",
        {"yaml_list.md": b"---\n- a\n- b\n---\nYAML sentinel two.\n"},
        (("yaml_list.md", "front-matter/not-mapping", 2),),
        ("Yaml list", "YAML sentinel two."),
    ),
    Case(
        "number title",
        {"yaml_number.md": b"---\ntitle: 42\n---\nYAML sentinel three.\n"},
        (("yaml_number.md", "front-matter/title-type", 2),),
        ("42", "YAML sentinel three."),
    ),
    Case(
        "null title",
        {"yaml_null.md": b"---\ntitle:\n---\nYAML sentinel four.\n"},
        (("yaml_null.md", "front-matter/missing-title", 2),),
        ("Yaml null", "YAML sentinel four."),
    ),
    Case(
        "billion laughs",
        {"yaml_bomb.md": BOMB.encode()},
        (("yaml_bomb.md", "front-matter/invalid-yaml", 3),),
        ("Sentinel below the bomb.",),
    ),
    Case(
        "1 MB padded table",
        {"big_table.md": _table(1100)},
        (),
        ("padded cell 1099", "Sentinel after the table."),
    ),
    Case(
        "200,000-character line",
        {"long_line.md": note("Long Line", "word " * 40_000 + "line sentinel.\n")},
        (),
        ("line sentinel.",),
    ),
    Case(
        "10,000 wikilinks",
        {"many_links.md": note("Many Links", LINKS + "\n\nLinks sentinel.\n")},
        (),
        ("Links sentinel.", "Hostile topic 249"),
    ),
    Case(
        "names differing only in case",
        {
            "acquiredFM.md": note("Acquired Upper", "Upper sentinel.\n"),
            "acquiredfm.md": note("Acquired Lower", "Lower sentinel.\n"),
        },
        (("acquiredfm.md", "file/url-collision", 0),),
        ("Upper sentinel.", "Lower sentinel."),
    ),
    Case(
        "invisible characters in names",
        {INVISIBLE: note("Invisible Name", "Invisible sentinel.\n")},
        ((INVISIBLE, "file/invisible-name", 0),),
        ("Invisible sentinel.",),
    ),
    Case(
        "slug taken by docs/",
        {"collide.md": note("Collide", "Collision sentinel.\n")},
        (("collide.md", "file/url-collision", 0),),
        ("Collision sentinel.",),
    ),
    Case(
        "path and URL link targets",
        {
            "targets.md": note(
                "Targets",
                "See [[../../etc/passwd]], [[/absolute]], [[C:\\x]] and [[http://evil]]. "
                "Targets sentinel.\n",
            )
        },
        (("targets.md", "link/refused", 7),) * 4,
        ("Targets sentinel.",),
    ),
    Case(
        "embeds in a cycle",
        {
            "loop_a.md": note("Loop A", "Loop A sentinel.\n\n![[loop_b]]\n"),
            "loop_b.md": note("Loop B", "Loop B sentinel.\n\n![[loop_a]]\n"),
        },
        (("loop_b.md", "link/embed-cycle", 9),),
        ("Loop A sentinel.", "Loop B sentinel."),
    ),
    Case(
        "link to itself",
        {"self_link.md": note("Self Link", "I link to [[self_link | myself]]. Self sentinel.\n")},
        (),
        ("Self sentinel.",),
    ),
    Case(
        "malformed timestamps",
        {"stamps.md": note("Stamps", STAMPS)},
        (
            ("stamps.md", "timestamp/malformed", 8),
            ("stamps.md", "timestamp/joined", 9),  # a stray ']': linked, with a hint
            ("stamps.md", "timestamp/malformed", 10),
            ("stamps.md", "timestamp/broken-tag", 11),
        ),
        ("stamp one", "stamp four", "stamp seven", "[01:00:77:51]", "[23:11:00]"),
    ),
]

# A page in docs/ at the URL the "collide" note would otherwise get.
DOCS_COLLISION = "notes/collide.md"
HEALTHY = {"healthy.md": note("Healthy Note", "A healthy note links [[Self Link]].\n")}


def write_vault(root: Path) -> Path:
    """Lay every case's files out under ``root``; return it."""
    for case in CASES:
        for name, data in {**case.files, **HEALTHY}.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    (root / "hostile.md").write_bytes(b"---\ntitle: Hostile\n---\nThe channel hub.\n")
    return root
