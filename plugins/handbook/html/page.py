"""Generated pages' Markdown → clean HTML, without Python-Markdown.

Why not Python-Markdown: on the shared corpus it spent 55 s of a 100 s
build converting 3,086 generated pages (18 ms a page; the pages are dense
with claim anchors, citations and links).  cmark-gfm, GitHub's C
implementation of CommonMark and GFM, through ``cmarkgfm`` (the binding
PyPI's readme_renderer uses), renders the same pages in 0.3 ms each, and
CommonMark is also what Obsidian, where the notes are written, speaks.

The page Markdown stays in Material's dialect, so it is still what a
Material author would write and any Python-Markdown adapter can render it.
This module handles the three things in it that CommonMark lacks:

1. **admonitions** (``!!! kind "Title"``, ``???`` and ``???+`` for folded
   ones, body indented four spaces) become the same ``div.admonition`` /
   ``details`` markup pymdown-extensions emits, with the body left as
   Markdown (before cmark);
2. **heading ids** (``## Title {#id}``) become ``id`` attributes with the
   ``toc`` extension's permalink; a heading without one gets the id
   Python-Markdown would give it (after cmark);
3. **paragraph attributes** (a closing ``{: .class #id }`` line);
4. **math** (``$…$``, ``$$…$$``) is kept verbatim in ``span.arithmatex``
   as pymdownx.arithmatex's generic mode writes it, so CommonMark's
   backslash escapes never eat LaTeX.  A ``$`` counts as math only by
   Pandoc's rule (no space inside the delimiters, no digit right after the
   closing one), so "$15k-$100k" stays money.

Then relative links are rewritten from source paths (``../x.md#a``) to the
page URLs MkDocs serves, fenced code is highlighted by Pygments in
Material's markup, and everything passes through the nh3 allow-list of
:mod:`handbook.html.sanitize`.  The table of contents and the page's anchor ids
are read off the *clean* HTML, so nothing a note writes reaches a sidebar
unsanitised.  Every step is a pure function of the Markdown and the page's
URI, so output is deterministic.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import count
from urllib.parse import quote, unquote

from cmarkgfm.cmark import Options
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from ..plan.sitemap import page_url
from ..render.graph import SLOT
from . import mdext
from .cards import page_description
from .cmark import Renderer
from .sanitize import sanitize_html

_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
_EXTENSIONS = ("table", "strikethrough", "autolink")
_CMARK = Renderer(_OPTIONS, _EXTENSIONS)
_ADMONITION = re.compile(
    r"^(?P<indent> *)(?P<mark>!!!|\?\?\?\+?) ?(?P<classes>[\w-]+(?: +[\w-]+)*)"
    r'(?: +"(?P<title>.*?)")? *$'
)
_FENCE = re.compile(r"^ *(?P<fence>`{3,}|~{3,})")
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_EXPLICIT_ID = re.compile(r"\s*\{#([^\s{}]+)\}\s*$")
_ATTR_LINE = re.compile(r"\n\{:?\s*((?:[.#][\w-]+\s*)+)\}</p>")
_CODE = re.compile(r'<pre><code(?: class="language-([^"]+)")?>(.*?)</code></pre>', re.S)
_URL_ATTR = re.compile(r'(\s(?:href|src)=")(?!https?:)([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_CLEAN_HEADING = re.compile(r'<h([1-6]) id="([^"]*)">(.*?)</h\1>', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
_ID = re.compile(r'\sid="([^"]+)"')
_FORMATTER = HtmlFormatter(nowrap=True)
_MATH = re.compile(
    r"""(?P<code>`+)[^`\n]*?(?P=code)
    | \$\$(?P<display>(?:(?!<[a-zA-Z/]|">|\n[ \t]*\n)[^$]){1,4000}?)\$\$
    | (?<![\\$\w])\$(?P<inline>[^\s$<](?:(?:(?!<[a-zA-Z/]|">)[^$\n]){0,400}?[^\s$\\])?)\$(?![\d$])
    """,
    re.X,
)
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


# The Python-Markdown extensions whose syntax generated pages honour (the
# steps above, cmark-gfm's tables and footnotes, Pygments): every other
# extension a mkdocs.yml configures shapes its hand-written pages only.
NOTE_EXTENSIONS = frozenset(
    {
        "toc",
        "admonition",
        "attr_list",
        "md_in_html",
        "tables",
        "footnotes",
        "meta",
        "fenced_code",
        "codehilite",
        "pymdownx.details",
        "pymdownx.superfences",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.arithmatex",
        "material.extensions.preview",
        "def_list",
        "pymdownx.tasklist",
        "pymdownx.tabbed",
        "pymdownx.emoji",
    }
)


def unsupported_extensions(configured: Iterable[str]) -> list[str]:
    """The configured Markdown extensions that notes' pages do not honour,
    each once, in the order given (``markdown.extensions.x`` is ``x``)."""
    seen: list[str] = []
    for name in configured:
        short = name.removeprefix("markdown.extensions.")
        if short not in NOTE_EXTENSIONS and short not in seen:
            seen.append(short)
    return seen


@dataclass(frozen=True)
class TocItem:
    level: int
    id: str
    title: str  # HTML-escaped text, as Python-Markdown's ``toc`` gives it


@dataclass(frozen=True)
class RenderedPage:
    html: str
    toc: tuple[TocItem, ...]
    ids: frozenset[str]
    description: str = ""  # plain text for link cards (:mod:`handbook.html.cards`)


def render_page(
    markdown: str, src_uri: str, directory_urls: bool = True, graph: str = ""
) -> RenderedPage:
    """The clean body HTML, table of contents and anchor ids of one page.

    ``graph`` (:mod:`handbook.render.graph`) is drawn into the page's graph slot
    after the allow-list: it is the handbook's own SVG, every text in it
    escaped where it was written, and the allow-list keeps no SVG."""
    body = "\n".join(expand_admonitions(_strip_front_matter(markdown).split("\n")))
    body = protect_math(body)
    raw = _CMARK.to_html(body)
    raw = _paragraph_attributes(_headings(raw))
    raw = mdext.emoji(mdext.task_lists(_CODE.sub(_highlight, raw)))
    raw = rewrite_urls(raw, src_uri, directory_urls)
    clean = sanitize_html(raw)
    if graph and SLOT in clean:
        drawn = rewrite_urls(graph, src_uri, directory_urls)
        clean = clean.replace(SLOT, SLOT[: -len("</div>")] + drawn + "</div>", 1)
    if '<pre class="mermaid">' in clean:
        # Before Material's bundle, so it draws with this copy and never
        # fetches mermaid from a CDN (it loads one only if none is defined).
        local = posixpath.relpath(mdext.MERMAID_SCRIPT, posixpath.dirname(src_uri) or ".")
        clean += f'\n<script src="{served_url(local, src_uri, directory_urls)}"></script>'
    ids = frozenset(_ID.findall(clean))
    return RenderedPage(clean, table_of_contents(clean), ids, page_description(clean))


def render_inline(markdown: str) -> str:
    """One line of inline Markdown as HTML (a callout's title)."""
    out = _CMARK.to_html(markdown).strip()
    if out.startswith("<p>") and out.endswith("</p>"):
        return out[3:-4]
    return html.escape(markdown)


def protect_math(markdown: str) -> str:
    """Wrap math in ``span.arithmatex`` with every character escaped, outside
    code fences, code spans and tags."""
    if "$" not in markdown:
        return markdown
    parts: list[str] = []
    fence = ""
    chunk: list[str] = []
    for line in markdown.split("\n"):
        opened = _FENCE.match(line)
        if fence or opened:
            if not fence:
                if chunk:
                    parts.append(_MATH.sub(_math, "\n".join(chunk)))
                chunk = []
                assert opened is not None
                fence = opened.group("fence")
            elif opened and opened["fence"][0] == fence[0] and len(opened["fence"]) >= len(fence):
                fence = ""
            parts.append(line)
            continue
        chunk.append(line)
    if chunk:
        parts.append(_MATH.sub(_math, "\n".join(chunk)))
    return "\n".join(parts)


def _math(match: re.Match[str]) -> str:
    if match.group("display") is not None:
        tex = "\\[" + match.group("display") + "\\]"
    elif match.group("inline") is not None:
        tex = "\\(" + match.group("inline") + "\\)"
    else:
        return match.group(0)
    return '<span class="arithmatex">' + _PUNCTUATION.sub(r"\\\1", tex) + "</span>"


def expand_admonitions(lines: list[str], sets: Iterator[int] | None = None) -> list[str]:
    """Replace admonition blocks, tab sets and definition lists
    (:mod:`handbook.html.mdext`) with HTML wrappers around Markdown bodies.

    A block is its opening line plus every following line that is blank or
    indented four spaces deeper; trailing blank lines stay outside.  Bodies
    are expanded recursively; lines inside code fences are never openers.
    ``sets`` numbers the page's tab sets (from 1 when not given).
    """
    sets = count(1) if sets is None else sets

    def expand(body: list[str]) -> list[str]:
        return expand_admonitions(body, sets)

    out: list[str] = []
    fence = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        opened = _FENCE.match(line)
        if fence:
            if (
                opened
                and opened.group("fence")[0] == fence[0]
                and len(opened["fence"]) >= len(fence)
            ):
                fence = ""
            out.append(line)
            continue
        if opened:
            fence = opened.group("fence")
            out.append(line)
            continue
        match = _ADMONITION.match(line)
        if match is None:
            found = mdext.tab_set(lines, i - 1, expand, render_inline, sets)
            found = found or mdext.definition_list(lines, i - 1, expand, render_inline)
            if found is None:
                out.append(line)
                continue
            block, i = found
            out.extend(block)
            continue
        indent = match.group("indent")
        body, i = mdext.indented_body(lines, i, indent + "    ")
        wrapped = _wrap(
            match.group("mark"), match.group("classes"), match.group("title"), expand(body)
        )
        out.extend(indent + part if part else "" for part in wrapped)
    return out


def _wrap(mark: str, classes: str, title: str | None, body: list[str]) -> list[str]:
    if title is None:
        title_html = html.escape(classes.split()[0].capitalize())
    else:
        title_html = render_inline(title) if title else ""
    inner = body
    tail = ["", *inner, "", ""] if inner else [""]
    if mark == "!!!":
        head = [f'<div class="admonition {classes}">']
        if title_html:
            head.append(f'<p class="admonition-title">{title_html}</p>')
        return [*head, *tail[:-1], "</div>"]
    opened = " open" if mark.endswith("+") else ""
    head = [f'<details class="{classes}"{opened}>', f"<summary>{title_html}</summary>"]
    return [*head, *tail[:-1], "</details>"]


def slugify(text: str) -> str:
    """Python-Markdown's default heading slug, so unmarked headings keep
    the anchors they always had."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def _unique(anchor: str, taken: set[str]) -> str:
    base, n = anchor, 0
    while anchor in taken or not anchor:
        n += 1
        anchor = f"{base}_{n}"
    taken.add(anchor)
    return anchor


def _headings(raw: str) -> str:
    explicit = {m.group(1) for m in (_EXPLICIT_ID.search(h[1]) for h in _HEADING.findall(raw)) if m}
    taken = set(explicit)

    def heading(match: re.Match[str]) -> str:
        level, inner = match.group(1), match.group(2)
        marked = _EXPLICIT_ID.search(inner)
        if marked:
            anchor, inner = marked.group(1), inner[: marked.start()]
        else:
            anchor = _unique(slugify(html.unescape(_TAG.sub("", inner))), taken)
        link = f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>'
        return f'<h{level} id="{anchor}">{inner}{link}</h{level}>'

    return _HEADING.sub(heading, raw)


def _paragraph_attributes(raw: str) -> str:
    parts: list[str] = []
    done = 0
    for match in _ATTR_LINE.finditer(raw):
        start = raw.rfind("<p>", done, match.start())
        if start < 0:
            continue
        classes = [t[1:] for t in match.group(1).split() if t.startswith(".")]
        ids = [t[1:] for t in match.group(1).split() if t.startswith("#")]
        attrs = (f' id="{ids[-1]}"' if ids else "") + (
            f' class="{" ".join(classes)}"' if classes else ""
        )
        parts += [raw[done:start], f"<p{attrs}>", raw[start + 3 : match.start()], "</p>"]
        done = match.end()
    parts.append(raw[done:])
    return "".join(parts)


def _highlight(match: re.Match[str]) -> str:
    language, code = match.group(1), html.unescape(match.group(2))
    if language and language.split()[0] == "mermaid":
        return mdext.mermaid(code)
    lexer = None
    if language:
        try:
            lexer = get_lexer_by_name(language.split()[0])
        except ClassNotFound:
            lexer = None
    body = highlight(code, lexer, _FORMATTER) if lexer is not None else html.escape(code)
    kind = f"language-{language.split()[0]} " if language else ""
    return f'<div class="{kind}highlight"><pre><span></span><code>{body}</code></pre></div>'


def rewrite_urls(raw: str, src_uri: str, directory_urls: bool = True) -> str:
    """Relative links and image sources, from source paths to served URLs.

    As MkDocs does for Markdown pages: ``x.md`` becomes the URL of page
    ``x.md``, other files keep their path; both are made relative to the
    page's own URL, which with directory URLs is one folder deeper than its
    source.  Absolute URLs and ``/paths`` are left alone.
    """

    def rewrite(match: re.Match[str]) -> str:
        url = match.group(2)
        return match.group(1) + served_url(url, src_uri, directory_urls) + match.group(3)

    return _URL_ATTR.sub(rewrite, raw)


@lru_cache(maxsize=1 << 17)
def served_url(url: str, src_uri: str, directory_urls: bool) -> str:
    """One link target of page ``src_uri``, as the served page needs it."""
    if url.startswith("#"):
        return "#" + _id(url[1:])
    if not url or url.startswith("/") or _SCHEME.match(url):
        return url
    path, hash_, fragment = url.partition("#")
    path, query_mark, query = path.partition("?")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(path)))
    if target.startswith("../") or target == "..":
        return url  # outside the site: left for the link check to report
    served = _served(target, directory_urls) if target.endswith(".md") else target
    base = _served(src_uri, directory_urls)
    return quote(relative_url(served, base)) + query_mark + query + hash_ + _id(fragment)


def _served(src_uri: str, directory_urls: bool) -> str:
    """The page's URL as MkDocs writes it: the home page is ``./``."""
    return page_url(src_uri, directory_urls) or "./"


def _id(fragment: str) -> str:
    """cmark percent-encodes fragments; anchors are shown as written."""
    decoded = unquote(fragment)
    return decoded if not any(c in decoded for c in " \"<>&'") else fragment


def relative_url(url: str, other: str) -> str:
    """``url`` relative to page URL ``other``: MkDocs' ``get_relative_url``."""
    folder, _, name = other.rpartition("/")
    if "." in name:
        other = folder
    here, there = _parts(other), _parts(url)
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


def _parts(path: str) -> list[str]:
    path = posixpath.normpath("/" + path.lstrip("/"))[1:]
    return path.split("/") if path else []


def table_of_contents(clean: str) -> tuple[TocItem, ...]:
    """Every heading of the clean page, in order, with its text escaped."""
    items: list[TocItem] = []
    for level, anchor, inner in _CLEAN_HEADING.findall(clean):
        text = _TAG.sub("", _HEADERLINK.sub("", inner)).strip()
        items.append(TocItem(int(level), anchor, text))
    return tuple(items)


def nest(items: Iterable[TocItem]) -> list[dict[str, object]]:
    """Python-Markdown's nested ``toc_tokens`` for the items."""
    root: list[dict[str, object]] = []
    stack: list[tuple[int, list[dict[str, object]]]] = [(0, root)]
    for item in items:
        token: dict[str, object] = {
            "level": item.level,
            "id": item.id,
            "name": item.title,
            "children": [],
        }
        while stack[-1][0] >= item.level and len(stack) > 1:
            stack.pop()
        stack[-1][1].append(token)
        children = token["children"]
        assert isinstance(children, list)
        stack.append((item.level, children))
    return root


def _strip_front_matter(markdown: str) -> str:
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end >= 0:
            return markdown[end + 5 :]
    return markdown
