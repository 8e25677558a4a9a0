"""The Material extensions' syntaxes in generated pages, for cmark-gfm.

Notes may use the extensions Material users configure most (README,
"What the notes may contain"); the renderer (:mod:`handbook.render.markdown`) writes them
back in those extensions' own syntax, so a page's Markdown stays what a
Material author writes, and this module turns each into the HTML the
Python-Markdown extension emits, so Material's stylesheet and script treat
it as their own:

* **tabbed content** (``=== "Title"`` with a body indented four spaces,
  pymdownx.tabbed ``alternate_style``): consecutive tabs become one
  ``div.tabbed-set`` of radio inputs, labels and blocks.  Sets are numbered
  from 1 on each page, so ids are stable;
* **definition lists** (def_list): a term's line followed by ``:   ``
  definitions becomes ``dl``/``dt``/``dd``;
* **task lists** (pymdownx.tasklist with ``custom_checkbox``): an item
  opening with ``[ ]`` or ``[x]`` gets a disabled checkbox;
* **emoji shortcodes** (pymdownx.emoji): ``:rocket:`` becomes the Unicode
  emoji, looked up in pymdown-extensions' Twemoji index (the one Material
  configures), so no image is fetched from a CDN; an unknown ``:word:``
  stays text;
* **mermaid** (pymdownx.superfences' custom fence): a ```` ```mermaid ````
  block becomes ``pre.mermaid``, which Material draws with the mermaid
  script the site serves itself (:data:`MERMAID_SCRIPT`).

Tabs and definitions are expanded on Markdown lines before cmark, their
bodies left as Markdown (as :func:`handbook.html.page.expand_admonitions` does
for admonitions, which calls in here); tasks and emoji are rewritten in
cmark's HTML.  Every function is pure.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

from pymdownx import twemoji_db

MERMAID_SCRIPT = "assets/handbook/vendor/mermaid.min.js"

_TAB = re.compile(r'^===([+!]?) "(.*)"$')
_DEFINITION = ":   "
_TASK = re.compile(r"<li>(\n?<p>)?\[([ x])\] ")
_EMOJI = re.compile(r"(?<![\w:]):([a-z0-9_+-]+):(?![\w:])")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
# A line that opens an HTML block in CommonMark is never a term.
_BLOCK_HTML = re.compile(
    r"</?(?:blockquote|details|div|dl|dd|dt|figure|h[1-6]|hr|li|ol|p|pre|summary|table|ul)\b",
    re.I,
)

Expand = Callable[[list[str]], list[str]]
Inline = Callable[[str], str]


def indented_body(lines: list[str], start: int, prefix: str) -> tuple[list[str], int]:
    """The lines from ``start`` that are blank or open with ``prefix``, with
    it removed, and the line after them; trailing blank lines stay outside.
    The body of an admonition (:func:`handbook.html.page.expand_admonitions`) and
    of a tab."""
    end = start
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith(prefix)):
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return [line[len(prefix) :] if line.strip() else "" for line in lines[start:end]], end


def tab_set(
    lines: list[str], i: int, expand: Expand, inline: Inline, sets: Iterator[int]
) -> tuple[list[str], int] | None:
    """The tab set opening at line ``i`` as HTML lines, and the line after
    it; ``None`` when line ``i`` opens none."""
    tabs: list[tuple[str, str, list[str]]] = []
    j = i
    while j < len(lines) and (match := _TAB.match(lines[j])):
        if tabs and match.group(1) == "!":
            break  # "===!" starts a new set
        body, end = indented_body(lines, j + 1, "    ")
        tabs.append((match.group(1), match.group(2), body))
        j = end
        k = j
        while k < len(lines) and not lines[k].strip():
            k += 1
        if k < len(lines) and _TAB.match(lines[k]):
            j = k
    if not tabs:
        return None
    number = next(sets)
    chosen = next((n for n, (mark, _, _) in enumerate(tabs) if mark == "+"), 0)
    name = f"__tabbed_{number}"
    head = [f'<div class="tabbed-set tabbed-alternate" data-tabs="{number}:{len(tabs)}">']
    for n in range(len(tabs)):
        checked = ' checked="checked"' if n == chosen else ""
        head.append(f'<input{checked} id="{name}_{n + 1}" name="{name}" type="radio" />')
    head.append('<div class="tabbed-labels">')
    head += [f'<label for="{name}_{n + 1}">{inline(t)}</label>' for n, (_, t, _) in enumerate(tabs)]
    out = [*head, "</div>", '<div class="tabbed-content">']
    for _, _, body in tabs:
        out += ['<div class="tabbed-block">', "", *expand(body), "", "</div>"]
    return [*out, "</div>", "</div>"], j


def _is_term(lines: list[str], i: int) -> bool:
    line = lines[i]
    return (
        bool(line.strip())
        and not line.startswith((" ", ":"))
        and not _BLOCK_HTML.match(line)
        and i + 1 < len(lines)
        and lines[i + 1].startswith(_DEFINITION)
    )


def definition_list(
    lines: list[str], i: int, expand: Expand, inline: Inline
) -> tuple[list[str], int] | None:
    """The definition list opening at line ``i`` as HTML lines around
    Markdown bodies, and the line after it; ``None`` when it opens none."""
    if not _is_term(lines, i):
        return None
    out = ["<dl>"]
    while True:
        out.append(f"<dt>{inline(lines[i])}</dt>")
        i += 1
        while i < len(lines) and lines[i].startswith(_DEFINITION):
            body = [lines[i][len(_DEFINITION) :]]
            i += 1
            while i < len(lines) and (
                lines[i].startswith("    ")
                or (not lines[i].strip() and i + 1 < len(lines) and lines[i + 1].startswith("    "))
            ):
                body.append(lines[i][4:])
                i += 1
            out += ["<dd>", "", *expand(body), "", "</dd>"]
        if i + 1 < len(lines) and not lines[i].strip() and _is_term(lines, i + 1):
            i += 1
            continue
        return [*out, "</dl>"], i


def _task(match: re.Match[str]) -> str:
    checked = " checked" if match.group(2) == "x" else ""
    box = (
        f'<label class="task-list-control"><input type="checkbox" disabled{checked}/>'
        '<span class="task-list-indicator"></span></label> '
    )
    return f'<li class="task-list-item">{match.group(1) or ""}{box}'


def task_lists(raw: str) -> str:
    """Items that open with ``[ ]`` or ``[x]`` as pymdownx.tasklist's markup."""
    return _TASK.sub(_task, raw) if "[" in raw else raw


def _emoji(match: re.Match[str]) -> str:
    code = f":{match.group(1)}:"
    code = twemoji_db.aliases.get(code, code)
    found = twemoji_db.emoji.get(code)
    if found is None:
        return match.group(0)
    char = "".join(chr(int(point, 16)) for point in found["unicode"].split("-"))
    return f'<span class="hb-emoji" title="{html.escape(code)}">{char}</span>'


def emoji(raw: str) -> str:
    """Known ``:shortcodes:`` in text, outside tags, code and ``pre``."""
    if not _EMOJI.search(raw):
        return raw
    parts = _TAG_OR_TEXT.split(raw)
    code = 0
    for n, part in enumerate(parts):
        if n % 2:
            tag = part[1:].lower()
            if tag.startswith(("code", "pre")):
                code += 1
            elif tag.startswith(("/code", "/pre")):
                code = max(0, code - 1)
        elif not code and ":" in part:
            parts[n] = _EMOJI.sub(_emoji, part)
    return "".join(parts)


def mermaid(code: str) -> str:
    """A diagram's source as superfences' ``fence_code_format`` writes it."""
    return f'<pre class="mermaid"><code>{html.escape(code)}</code></pre>'
