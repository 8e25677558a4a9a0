"""Every link lands somewhere useful: topics, backlinks, embeds, block links,
ambiguity and the strict link check, on the fixture vault."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import VAULT, BuiltSite, article_html, build_site, note_url, own_content


def test_case_and_separator_variants_share_one_topic(vault_site: BuiltSite) -> None:
    topics = [p["url"] for p in vault_site.export()["pages"] if p["kind"] == "topic"]
    assert topics == ["topics/role-of-topic-x/"]
    body = article_html(vault_site.page("/topics/role-of-topic-x/"))
    assert ">Role of Topic X<" in body


def test_topic_page_quotes_each_passage_with_its_timestamp(vault_site: BuiltSite) -> None:
    body = article_html(vault_site.page("/topics/role-of-topic-x/"))
    assert "3 passages in 2 pages" in body
    assert "A callout that mentions <mark>Role of Topic X</mark> at" in body
    assert "watch?v=ImSvm11GR0Y&amp;t=180s" in body  # the passage's own moment
    assert "A list item that mentions <mark>topic X</mark>" in body
    # grouped by the page each passage comes from
    groups = re.findall(r'<li><a href="../../notes/channel-a/([a-z-]+)/">', body)
    assert groups == ["embeds", "other-note"]


def test_backlinks_show_linking_page_and_highlighted_snippet(vault_site: BuiltSite) -> None:
    body = article_html(vault_site.page(note_url("channel_a/callouts_and_links.md")))
    section = body[body.index('id="referenced-by"') :]
    assert '<a href="../other-note/">Other note</a>' in section
    assert "Back to <mark>Callouts and links</mark>." in section


def test_a_page_never_lists_itself(vault_site: BuiltSite) -> None:
    body = article_html(vault_site.page(note_url("channel_a/embeds.md")))
    section = body[body.index('id="referenced-by"') :]
    assert "No other page links here yet." in section


def test_links_in_callouts_and_lists_count_as_backlinks(vault_site: BuiltSite) -> None:
    backlinks = [
        b for b in vault_site.export()["backlinks"] if b["page"] == "topics/role-of-topic-x/"
    ]
    assert sorted((b["source"], b["line"]) for b in backlinks) == [
        ("channel_a/embeds.md", 15),  # inside a callout
        ("channel_a/embeds.md", 17),  # in a list item
        ("channel_a/other_note.md", 12),  # in a list item
    ]


def test_embed_of_a_section_shows_only_that_section(vault_site: BuiltSite) -> None:
    body = own_content(vault_site.page(note_url("channel_a/embeds.md")))
    embed = body[: body.index("A key point")]
    assert '<div class="admonition embed">' in embed
    assert "More text." in embed
    assert "First part" not in embed
    assert '<a href="../deep/inner-note/#second-part">Inner note › Second Part</a>' in embed


def test_embed_of_a_block_shows_the_block(vault_site: BuiltSite) -> None:
    body = own_content(vault_site.page(note_url("channel_a/embeds.md")))
    assert re.search(r'admonition embed">.*?Other note.*?A key point worth quoting', body, re.S)
    assert "A listed idea" not in body


def test_embed_cycles_are_cut_with_a_warning(vault_site: BuiltSite) -> None:
    (warning,) = vault_site.warnings("link/embed-cycle")
    assert "cycle_a.md" in warning and "cycle_b.md" in warning
    body = own_content(vault_site.page(note_url("channel_a/cycle_a.md")))
    assert body.count("Text of B.") == 1  # B once, then A is only linked


def test_block_links_land_on_the_block(vault_site: BuiltSite) -> None:
    body = own_content(vault_site.page(note_url("channel_a/embeds.md")))
    assert '<a href="../other-note/#block-key-point">key point</a>' in body
    target = own_content(vault_site.page(note_url("channel_a/other_note.md")))
    assert 'id="block-key-point"' in target


def test_missing_block_falls_back_to_the_page_with_a_warning(vault_site: BuiltSite) -> None:
    body = own_content(vault_site.page(note_url("channel_a/embeds.md")))
    assert '<a href="../other-note/">missing block</a>' in body
    assert any(
        "channel_a/embeds.md:12" in w and "^nowhere" in w
        for w in vault_site.warnings("link/broken")
    )


def test_ambiguous_link_prefers_own_folder_and_warns_with_candidates(vault_site: BuiltSite) -> None:
    warnings = vault_site.warnings("link/ambiguous")
    loose = next(w for w in warnings if "loose.md:5" in w)
    assert "channel_a/other_note.md, channel_b/other_note.md" in loose
    assert "first by path" in loose
    body = own_content(vault_site.page(note_url("loose.md")))
    assert '<a href="../channel-a/other-note/">other_note</a>' not in body
    assert 'href="../channel-a/other-note/"' in body


def test_every_link_is_in_the_export_with_how_it_resolved(vault_site: BuiltSite) -> None:
    rows = vault_site.export()["links"]
    how = {(r["source"], r["line"], r["col"]): r["resolved"] for r in rows}
    assert how[("channel_a/embeds.md", 15, 27)] == "topic"
    assert how[("loose.md", 5, 13)] == "exact-ambiguous"
    assert how[("channel_a/other_note.md", 6, 7)] == "source-line"
    assert all(r["to"] for r in rows if r["resolved"] != "refused")


# --- modes and strictness -------------------------------------------------------

TINY = {
    "a.md": "---\ntitle: A\n---\n\nSee [[missing thing]] and [[b]].\n",
    "b.md": "---\ntitle: B\n---\n\nSee [[a#Nowhere]].\n",
}


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    vault.mkdir()
    for name, text in TINY.items():
        (vault / name).write_text(text)
    return vault


def test_mode_topic_makes_hubs_quietly(tiny: Path, tmp_path: Path) -> None:
    site = build_site(tiny, tmp_path / "out", env={"HANDBOOK_UNRESOLVED_LINKS": "topic"})
    assert site.returncode == 0
    assert (site.root / "topics" / "missing-thing" / "index.html").is_file()
    assert site.warnings("link/unresolved") == []


def test_mode_text_warns_and_shows_text(tiny: Path, tmp_path: Path) -> None:
    site = build_site(tiny, tmp_path / "out", env={"HANDBOOK_UNRESOLVED_LINKS": "text"})
    assert site.returncode == 0
    (warning,) = site.warnings("link/unresolved")
    assert "a.md:5:5" in warning
    assert not (site.root / "topics" / "missing-thing").exists()
    assert "See Missing thing and" in article_html(site.page("/notes/a/"))


def test_mode_error_fails_the_build(tiny: Path, tmp_path: Path) -> None:
    site = build_site(tiny, tmp_path / "out", env={"HANDBOOK_UNRESOLVED_LINKS": "error"})
    assert site.returncode != 0
    assert "a.md:5:5" in site.log


def test_strict_fails_on_broken_heading_link_naming_file_and_line(
    tiny: Path, tmp_path: Path
) -> None:
    site = build_site(tiny, tmp_path / "out", strict=True)
    assert site.returncode != 0
    assert any("b.md:5:5" in w for w in site.warnings("link/broken"))


def test_strict_fails_on_ambiguous_links(tmp_path: Path) -> None:
    site = build_site(VAULT, tmp_path / "out", strict=True)
    assert site.returncode != 0
    assert site.warnings("link/ambiguous")


def test_export_is_byte_identical_across_builds(tmp_path: Path) -> None:
    first = build_site(VAULT, tmp_path / "one")
    second = build_site(VAULT, tmp_path / "two")
    files = first.export_files()
    assert {"handbook.json", "handbook/links.jsonl", "handbook/problems.jsonl"} <= set(files)
    assert files == second.export_files()
