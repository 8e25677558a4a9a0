"""Callouts written without ``>``: a bare ``[!TYPE]`` line opening a paragraph.

Each case states what a reader sees; real corpus notes are checked the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.ingest.notes import parse_note
from handbook.model import Callout, Note
from handbook.render.markdown import Writer
from helpers import markdown_to_html, without_code

VIDEO = "ImSvm11GR0Y"


def parse(body: str) -> Note:
    return parse_note("n.md", f"---\ntitle: T\nvideoId: {VIDEO}\n---\n{body}".encode())


def render(note: Note) -> str:
    writer = Writer(link=lambda link: f"[{link.label or link.target}](x.md)", video_id=VIDEO)
    return markdown_to_html("\n".join(writer.blocks(note.blocks)))


@pytest.mark.parametrize(
    ("body", "opening", "title", "inside", "after"),
    [
        pytest.param(
            "Intro.\n\n[!NOTE]\nThe body.\n\nAfter.",
            '<div class="admonition note">',
            '<p class="admonition-title">Note</p>',
            "<p>The body.</p>",
            "<p>After.</p>",
            id="untitled",
        ),
        pytest.param(
            "[!TIP] Key points\nDo the thing.\n\nAfter.",
            '<div class="admonition tip">',
            '<p class="admonition-title">Key points</p>',
            "<p>Do the thing.</p>",
            "<p>After.</p>",
            id="titled",
        ),
        pytest.param(
            "[!INFO]+ Key principle\nReps should earn a lot.\n\nAfter.",
            '<details class="info" open="open">',
            "<summary>Key principle</summary>",
            "<p>Reps should earn a lot.</p>",
            "<p>After.</p>",
            id="foldable",
        ),
        pytest.param(
            "[!NOTE|Human in the Loop]\nDesign for review.\n\nAfter.",
            '<div class="admonition note">',
            '<p class="admonition-title">Human in the Loop</p>',
            "<p>Design for review.</p>",
            "<p>After.</p>",
            id="metadata-as-title",
        ),
        pytest.param(
            "[!TIP]\nTo invent:\n1.  **Be an expert** in it.\n2.  **Be stubborn**.\n\nAfter.",
            '<div class="admonition tip">',
            '<p class="admonition-title">Tip</p>',
            "<li><strong>Be an expert</strong> in it.</li>",
            "<p>After.</p>",
            id="list-in-body",
        ),
        pytest.param(
            "[!WARNING]\nCareful.\n## Next section\nText.",
            '<div class="admonition warning">',
            '<p class="admonition-title">Warning</p>',
            "<p>Careful.</p>",
            "Next section",
            id="heading-ends-it",
        ),
        pytest.param(
            '[!EXAMPLE]\nShown at <a class="yt-timestamp" data-t="00:13:08">[00:13:08]</a>.\n',
            '<div class="admonition example">',
            '<p class="admonition-title">Example</p>',
            f'href="https://www.youtube.com/watch?v={VIDEO}&amp;t=788s"',
            "</div>",
            id="timestamp-in-body",
        ),
        pytest.param(
            "[!INFO] Ignoring a problem is an abdication of responsibility.\n\nAfter.",
            '<div class="admonition info">',
            '<p class="admonition-title">Info</p>',
            "<p>Ignoring a problem is an abdication of responsibility.</p>",
            "<p>After.</p>",
            id="header-alone-is-the-body",
        ),
    ],
)
def test_bare_callout_is_a_callout(
    body: str, opening: str, title: str, inside: str, after: str
) -> None:
    html = render(parse(body))
    assert "[!" not in html
    start = html.index(opening)
    end = html.index("</details>" if opening.startswith("<details") else "</div>", start)
    assert title in html[start:end] and inside in html[start:end]
    assert html.index(after, start) >= end


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("Some text\n[!NOTE] not at a paragraph start", id="mid-paragraph"),
        pytest.param("[!important](https://example.com) is a link", id="markdown-link"),
        pytest.param("[!] empty type", id="empty-type"),
        pytest.param("* [!TIP] in a list item", id="in-a-list-item"),
        pytest.param("    [!NOTE] indented code", id="indented-code"),
        pytest.param("```\n[!NOTE] in a fence\n```", id="fenced-code"),
    ],
)
def test_not_a_bare_callout(body: str) -> None:
    note = parse(body)
    assert not any(isinstance(b, Callout) for b in note.blocks)
    assert not any(p.rule == "callout/bare" for p in note.problems)


def test_bare_callout_is_warned_about_with_its_line() -> None:
    note = parse("Intro.\n\n[!NOTE] Title\nBody.\n")
    (problem,) = [p for p in note.problems if p.rule == "callout/bare"]
    assert (problem.path, problem.line, problem.col, problem.severity) == ("n.md", 7, 1, "warning")
    assert "'>'" in problem.message


def test_quoted_callouts_are_not_warned_about() -> None:
    note = parse("> [!NOTE] Title\n> Body.\n")
    assert isinstance(note.blocks[0], Callout)
    assert not any(p.rule == "callout/bare" for p in note.problems)


# --- the corpus ----------------------------------------------------------------

BARE = re.compile(r"^\[![A-Za-z][^\]\n]*\][+-]?(?:[ \t].*)?$", re.M)


@pytest.mark.corpus
def test_corpus_bare_callouts_become_callouts(corpus_dir: Path) -> None:
    """Every bare ``[!TYPE]`` line opening a paragraph is a callout and warned about;
    no ``[!TYPE]`` text is left on those pages."""
    checked = 0
    for path in sorted(corpus_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        source = without_code(text)
        lines = source.split("\n")
        starts = [
            source.count("\n", 0, m.start()) + 1
            for m in BARE.finditer(source)
            if source.count("\n", 0, m.start()) == 0
            or not lines[source.count("\n", 0, m.start()) - 1].strip()
        ]
        if not starts:
            continue
        note = parse_note(path.relative_to(corpus_dir).as_posix(), path.read_bytes())
        warned = {p.line for p in note.problems if p.rule == "callout/bare"}
        assert set(starts) <= warned, path
        html = render(note)
        assert not re.search(r"<p>\[![A-Za-z]", html), path
        checked += len(starts)
    assert checked >= 25
