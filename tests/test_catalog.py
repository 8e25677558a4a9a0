"""The handbook proper: frameworks, skills and pitfalls as cross-linked entries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handbook.analyse.catalog.candidates import subject_name
from handbook.analyse.catalog.content import definition, entry_claims, role_of
from handbook.analyse.catalog.cues import classify_heading, name_key
from handbook.analyse.catalog.entries import Entry, merge_occurrences, nominalise
from handbook.analyse.catalog.extract import Occurrence, clean_name, note_occurrences
from handbook.analyse.catalog.names import fold_keys, subject_key, words
from handbook.analyse.claims import Claim
from handbook.ingest.notes import parse_note
from handbook.model import Text
from helpers import BuiltSite, article_html, own_content

SEED_000 = "lennyspodcast/balancing_output_and_impact_in_product_management_roles.md"
SEED_001 = "lennyspodcast/importance_of_execution_and_output_in_product_management.md"
SEED_002 = "lennyspodcast/importance_of_output_and_execution_in_early_pm_careers.md"
SEED_003 = "lennyspodcast/career_growth_and_impact_for_product_managers.md"


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Common Pitfalls and Growth Strategies", "pitfall"),
        ("Impediments to Career Growth", "pitfall"),
        ("Pitfalls to Avoid", "pitfall"),
        ("Key Skills for Product Managers", "skill"),
        ("Skills to Develop", "skill"),
        ("Three Ws Framework for Career Growth", "framework"),
        ("The Working Backwards Mechanism (Press Release & FAQ)", "framework"),
        ("The Kano Model", "framework"),
        ("Your Operating Model: Collaboration and Decision Making", None),
        ("Practical Steps for Skill Development", None),
        ("Further Reading", None),
        ("Contrarian Views", None),
    ],
)
def test_classify_heading(heading: str, kind: str | None) -> None:
    assert classify_heading(heading) == kind


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Three W's Framework for Career Growth", "Three Ws"),
        ("Three W's: A Career Growth Framework", "Three Ws"),
        ("Delegating Effectively: The CEDAF Framework", "CEDAF"),
        ("Vikrant's Career Growth Framework for Product Managers", "Career Growth"),
        ("The Working Backwards Mechanism (Press Release & FAQ)", "Working Backwards"),
    ],
)
def test_framework_names(text: str, name: str) -> None:
    assert clean_name(text, "framework") == name


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ('"First Principles" Thinking', "skill", "First Principles Thinking"),
        ("“Lack of Clarity”", "pitfall", "Lack of Clarity"),
        ("Bayes' theorem", "concept", "Bayes' theorem"),
    ],
)
def test_names_lose_the_notes_scare_quotes(text: str, kind: str, name: str) -> None:
    assert clean_name(text, kind) == name


@pytest.mark.parametrize(
    ("heading", "subject"),
    [
        ("Understanding Product-Market Fit", "Product-Market Fit"),
        ("Strategies for Overcoming Impostor Syndrome", "Impostor Syndrome"),
        ("The Impact of Impostor Syndrome", "Impostor Syndrome"),
        ("Avoid the Sunk Cost Fallacy", "Sunk Cost Fallacy"),
        ('Overcoming the "Shiny Object Trap"', "Shiny Object Trap"),
        ("Define a North Star Metric", "North Star Metric"),
        ("Network Effects", "Network Effects"),
        ("Why", "Why"),  # nothing left: the heading stays as written
    ],
)
def test_headings_name_their_subject_without_meta_openers(heading: str, subject: str) -> None:
    assert subject_name(heading) == subject


@pytest.mark.parametrize(
    ("a", "b"),
    [("A/B tests", "AB testing"), ("A/B Testing", "ab test"), ("The Hook Model", "Hook model")],
)
def test_spellings_of_one_subject_share_a_subject_key(a: str, b: str) -> None:
    assert subject_key(a) == subject_key(b)


def _claim(key: int, text: str) -> Claim:
    return Claim("n.md", ("k", key), (), text, ())


@pytest.mark.parametrize(
    ("texts", "shown"),
    [
        # a whole list item (lead + sentences) read beside its own sentences
        (
            [
                "asking what they will do people are bad at predicting their future behavior "
                "focus on what they have done",
                "people are bad at predicting their future behavior",
                "focus on what they have done",
            ],
            [1, 2],
        ),
        # a longer wording that says more than the shorter one stays
        (
            [
                "focus on what they have done in the last month and why it mattered to them",
                "focus on what they have done",
            ],
            [0, 1],
        ),
        (["one claim"], [0]),
        # one sentence read under two keys (announcing passage, gathered mention)
        (["the same sentence read twice", "the same sentence read twice"], [0]),
    ],
)
def test_entry_claims_say_a_list_item_once(texts: list[str], shown: list[int]) -> None:
    claims = [_claim(i, t) for i, t in enumerate(texts)]
    occurrence = Occurrence("pitfall", "X", "n.md", None, None, tuple(claims), (), "bold", 1)
    entry = Entry("pitfall", "X", "", [occurrence], [])
    assert entry_claims(entry) == [claims[i] for i in shown]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("avoid hiring a vp of sales too early they are for scaling", "remedy"),
        ("proactive planning don t wait for growth to slow down", "remedy"),
        ("it s crucial not to confuse a product user with an enterprise buyer", "remedy"),
        ("solution engage in frequent direct conversations with potential users", "remedy"),
        ("teams should instead write down the job in the customer's words", "remedy"),
        # a declared mistake stays the mistake, though it says what to do rather
        ("a common mistake is to write one book per keyword rather than many", "mistake"),
        # an explanation names what advice would, but says why it hurts
        ("this happens because companies prioritize enterprise sales hires", "harm"),
        ("companies often struggle when they try to hold back the tide", "harm"),
        ("blindly copying competition often leads to subpar results", "harm"),
        ("being afraid to talk to customers", "mistake"),
    ],
)
def test_pitfall_sentences_go_under_their_heading(text: str, role: str) -> None:
    assert role_of("pitfall", _claim(0, text)) == role


@pytest.mark.parametrize(
    ("texts", "chosen"),
    [
        # a lead-in to a list says nothing about the entry: the next sentence
        (["Consider common geometric shapes:", "Each one scales its mass by s^d."], 1),
        # nothing but a lead-in: no definition at all
        (["Consider common geometric shapes:"], None),
    ],
)
def test_a_lead_in_is_never_the_definition(texts: list[str], chosen: int | None) -> None:
    claims = [Claim("n.md", ("k", i), (Text(t),), t.lower(), ()) for i, t in enumerate(texts)]
    occurrence = Occurrence(
        "concept", "Self-similarity", "n.md", None, None, tuple(claims), (), "heading", 1
    )
    entry = Entry("concept", "Self-similarity", "", [occurrence], [])
    assert definition(entry) == (None if chosen is None else claims[chosen])


@pytest.mark.parametrize(
    ("texts", "chosen"),
    [
        # a verdict says what it does for someone, not what it is
        (
            [
                "network effects are crucial for marketplaces and social apps",
                "network effects are a dynamic where each new user makes the product more "
                "valuable for every other user",
            ],
            1,
        ),
        # opening with the name beats naming it later in the sentence
        (
            [
                "thus the network effects of the product are what made it hard to copy",
                "network effects refer to a product becoming more valuable as more people use it",
            ],
            1,
        ),
        # nothing defines it: the announcing passage's first claim
        (["focus on the users who invite others", "network effects are not just virality"], 0),
    ],
)
def test_definition_says_what_the_entry_is(texts: list[str], chosen: int) -> None:
    claims = [_claim(i, t) for i, t in enumerate(texts)]
    occurrence = Occurrence(
        "concept", "Network effects", "n.md", None, None, tuple(claims), (), "bold", 1
    )
    entry = Entry("concept", "Network effects", "", [occurrence], [])
    assert definition(entry) == claims[chosen]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Communicate", "Communication"),
        ("Prioritisation", "Prioritization"),
        ("Execute", "Execution"),
    ],
)
def test_names_that_mean_one_entry_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b", "joined"),
    [
        ("Imposter Syndrome", "Impostor syndrome", True),  # a rare word spelled two ways
        ("Proctor & Gamble", "Procter & Gamble", True),
        ("casual inference", "causal inference", False),  # common words: two words
        ("model review", "modal review", False),
        ("Impostor", "Imposter", False),  # one word alone: nothing else agrees
    ],
)
def test_rare_word_spellings_fold(a: str, b: str, joined: bool) -> None:
    keys = {subject_key(a): a, subject_key(b): b}
    spelled = {k: frozenset(words(n)) for k, n in keys.items()}
    folded = fold_keys(keys, spelled=spelled)
    assert (folded[subject_key(a)] == folded[subject_key(b)]) is joined


@pytest.mark.parametrize(
    ("verb", "noun"),
    [
        ("Communicate", "Communication"),
        ("Prioritize", "Prioritization"),
        ("Execute", "Execution"),
        ("Simplify", "Simplify"),
        ("Think big", "Think big"),
    ],
)
def test_skill_verbs_are_named_by_their_noun(verb: str, noun: str) -> None:
    assert nominalise(verb) == noun


def test_pitfalls_worded_differently_merge_by_shared_moments() -> None:
    front = "---\ntitle: {t}\nvideoId: ImSvm11GR0Y\n---\n\n## Pitfalls to Avoid\n\n"
    a = parse_note(
        "a.md",
        (
            front.format(t="A") + "* **Focusing on things you cannot control:** "
            "Seniors shift focus [00:28:45].\n"
        ).encode(),
    )
    b = parse_note(
        "b.md",
        (
            front.format(t="B") + "A common pitfall is focusing on things beyond "
            "one's control, such as strategy [00:28:02].\n"
        ).encode(),
    )
    entries = merge_occurrences([*note_occurrences(a), *note_occurrences(b)])
    assert [(e.kind, sorted(e.notes)) for e in entries] == [("pitfall", ["a.md", "b.md"])]


@pytest.mark.parametrize(
    ("video_b", "merged"),
    [("ImSvm11GR0Y", True), ("7gaPPrAd7nc", False)],  # same episode / another one
)
def test_a_name_said_in_more_words_is_one_pitfall_of_its_episode(
    video_b: str, merged: bool
) -> None:
    """One note names the mistake, another of the episode adds words to the
    name and cites a far-off moment: one entry, within the episode only."""
    note = "---\ntitle: {t}\nvideoId: {v}\n---\n\n## Pitfalls to Avoid\n\n* **{n}:** {s}\n"
    a = parse_note(
        "a.md",
        note.format(
            t="A",
            v="ImSvm11GR0Y",
            n="Hypothesizing jobs in a conference room",
            s="Without interviews the jobs you assume are wrong [00:45:32].",
        ).encode(),
    )
    b = parse_note(
        "b.md",
        note.format(
            t="B",
            v=video_b,
            n="Hypothesizing jobs in a conference room without talking to real people",
            s="The biggest mistake of all [01:14:54].",
        ).encode(),
    )
    entries = merge_occurrences([*note_occurrences(a), *note_occurrences(b)])
    assert (len(entries) == 1) is merged
    assert sorted(n for e in entries for n in e.notes) == ["a.md", "b.md"]


def test_siblings_of_one_list_stay_apart_however_alike_they_read() -> None:
    """Two notes of one video list the same skills; a third describes two of
    them alike near one moment. Named apart by a list, they stay apart."""
    front = "---\ntitle: {t}\nvideoId: ImSvm11GR0Y\n---\n\n## Key Skills\n\n"
    listed = (
        "* **Communicate:** Tell the story of the work [00:18:59].\n"
        "* **Execute:** Ship what you promised [00:19:31].\n"
    )
    a = parse_note("a.md", (front.format(t="A") + listed).encode())
    b = parse_note(
        "b.md",
        (
            front.format(t="B") + "* **Communication:** Ship the work and tell its story "
            "[00:19:10].\n* **Execution:** Ship the work and tell its story [00:19:20].\n"
        ).encode(),
    )
    entries = merge_occurrences([*note_occurrences(a), *note_occurrences(b)])
    assert sorted(e.name for e in entries if e.kind == "skill") == ["Communication", "Execution"]


# --- the seed site -------------------------------------------------------------------


def entries(site: BuiltSite, kind: str) -> dict[str, dict[str, object]]:
    return {e["slug"]: e for e in site.export()["entries"] if e["kind"] == kind}


def test_seed_frameworks(seed_site: BuiltSite) -> None:
    found = entries(seed_site, "framework")
    assert {"three-ws", "working-backwards"} <= set(found)
    assert sorted(found["three-ws"]["sources"]) == sorted([SEED_000, SEED_001, SEED_002])


def test_three_ws_page_shows_its_parts_in_order(seed_site: BuiltSite) -> None:
    body = article_html(seed_site.page("/frameworks/three-ws/"))
    parts = re.findall(r'<h3 id="part-\d">\d\. (.*?)<a', body)
    assert [p.lower() for p in parts][:3] == [
        "what you produce",
        "what you bring to the table",
        "what your operating model is",
    ]
    assert "watch?v=ImSvm11GR0Y&amp;t=" in body


def test_working_backwards_has_press_release_and_faq(seed_site: BuiltSite) -> None:
    body = article_html(seed_site.page("/frameworks/working-backwards/"))
    assert re.findall(r'<h3 id="part-\d">\d\. (.*?)<a', body) == ["Press Release", "FAQ"]


def test_seed_skills(seed_site: BuiltSite) -> None:
    """A five-note vault is too small for the model's spread evidence, so
    what the notes announce as skills stands (see test_catalog_quality for
    the corpus, where generic fields are left out)."""
    found = entries(seed_site, "skill")
    assert {"communication", "prioritization", "execution"} <= set(found)
    communication = found["communication"]
    assert {SEED_002, SEED_003} <= set(communication["sources"])
    cited = {(c["note"], s) for c in communication["claims"] for s in c["seconds"]}
    assert (SEED_002, 2440) in cited  # 00:40:40
    assert any(note == SEED_003 for note, _ in cited)
    body = article_html(seed_site.page("/skills/communication/"))
    assert "t=2440s" in body and "t=707s" in body  # 002's and 003's moments


def test_seed_mindset_pitfalls_each_once_citing_every_seed(seed_site: BuiltSite) -> None:
    found = entries(seed_site, "pitfall")
    expected = {
        "focusing-on-what-you-cannot-control": {SEED_000, SEED_001, SEED_002},
        "relationship-with-change": {SEED_000, SEED_001, SEED_002},
        "how-you-see-yourself": {SEED_000, SEED_001},
    }
    for slug, notes in expected.items():
        assert set(found[slug]["sources"]) == notes, slug
    names = [e["name"].lower() for e in found.values()]
    assert sum("control" in n for n in names) == 1
    assert sum("see yourself" in n for n in names) == 1


def test_pitfall_page_has_mistake_and_remedy(seed_site: BuiltSite) -> None:
    body = article_html(seed_site.page("/pitfalls/focusing-on-what-you-cannot-control/"))
    assert 'id="the-mistake"' in body
    assert 'id="what-to-do-instead"' in body
    assert body.count('<span id="source-') == 3


def test_no_junk_entries(seed_site: BuiltSite) -> None:
    names = {e["name"].lower() for e in seed_site.export()["entries"]}
    for junk in ("further reading", "contrarian views", "conclusion", "introduction", "overview"):
        assert junk not in names


def test_entries_link_to_related_entries_and_sources(seed_site: BuiltSite) -> None:
    body = article_html(seed_site.page("/pitfalls/focusing-on-what-you-cannot-control/"))
    related = body[body.index('id="related"') : body.index('id="sources"')]
    assert "../../frameworks/three-ws/" in related
    assert "../../skills/" in related
    sources = body[body.index('id="sources"') :]
    assert (
        "../../notes/lennyspodcast/importance-of-execution-and-output-in-product-management/"
        in sources
    )
    assert "../../sources/lennyspodcast/imsvm11gr0y/" in sources


def test_mentions_in_notes_link_to_entries_once_per_section(seed_site: BuiltSite) -> None:
    body = own_content(
        seed_site.page("/notes/lennyspodcast/career-growth-and-impact-for-product-managers/")
    )
    sections = re.split(r"<h[2-6]", body)
    link = 'href="../../../frameworks/working-backwards/"'
    for section in sections:
        assert section.count(link) <= 1
    assert sum(link in s for s in sections) >= 3
    headings = re.findall(r"<h[2-6][^>]*>.*?</h[2-6]>", body, re.S)
    assert not any("frameworks/" in h for h in headings)
    # A common word never links, even where an entry bears it as a name (the
    # local graph links the entries the note feeds, whatever their names).
    text = re.sub(r'<div class="hb-graph">.*?</div>', "", body, flags=re.S)
    assert 'href="../../../skills/communication' not in text


def test_mentions_count_as_backlinks(seed_site: BuiltSite) -> None:
    body = article_html(seed_site.page("/frameworks/three-ws/"))
    section = body[body.index('id="referenced-by"') :]
    assert "<mark>" in section
    assert "importance-of-execution-and-output-in-product-management" in section


def test_video_page(seed_site: BuiltSite) -> None:
    body = article_html(seed_site.page("/sources/lennyspodcast/imsvm11gr0y/"))
    assert "https://www.youtube.com/watch?v=ImSvm11GR0Y" in body
    assert "Guest: Vikrant Bhargava" in body
    assert "../../../frameworks/three-ws/" in body
    moments_section = body[body.index('id="moments"') :]
    # Wordings that restate a shown one are folded, with their moments.
    assert re.search(
        r'<details class="note callout-other-wordings">\s*<summary>Other wordings', moments_section
    )
    moments_section = re.sub(r"<details.*?</details>", "", moments_section, flags=re.S)
    # The episode's topics in time order, each with its moments in time order.
    topics = [
        [int(t) for t in re.findall(r'<li><a class="yt-timestamp" href="[^"]*t=(\d+)s', topic)]
        for topic in re.split(r"<h3 ", moments_section)[1:]
    ]
    assert len(topics) > 3
    assert all(moments == sorted(moments) for moments in topics)
    assert [moments[0] for moments in topics] == sorted(moments[0] for moments in topics)
    every = [second for moments in topics for second in moments]
    assert len(every) > 50
    assert len(every) == len(set(every))  # each moment once


def test_article_source_page(seed_site: BuiltSite) -> None:
    body = article_html(
        seed_site.page("/sources/articles/product-managers-guide-to-utilizing-leverage/")
    )
    assert "By Brandon Chu" in body
    assert "../../../notes/articles/product-managers-guide-to-utilizing-leverage/" in body


def test_home_has_three_doors_with_counts_and_top_entries(seed_site: BuiltSite) -> None:
    body = article_html(seed_site.page("/"))
    for kind in ("frameworks", "skills", "pitfalls"):
        assert f'<a href="{kind}/">' in body
        assert re.search(rf"\d+ {kind}\.", body)
    assert 'href="frameworks/three-ws/"' in body


def test_index_sorts_by_number_of_sources(seed_site: BuiltSite) -> None:
    body = article_html(seed_site.page("/pitfalls/"))
    groups = re.split(r"<h2 ", body)[1:]
    assert groups, "the index groups its entries"
    for group in groups:
        counts = [int(n) for n in re.findall(r"· (\d+) notes?", group)]
        assert counts == sorted(counts, reverse=True)
    assert "focusing-on-what-you-cannot-control" in body


def test_export_lists_every_entry(seed_site: BuiltSite) -> None:
    for entry in seed_site.export()["entries"]:
        assert {"kind", "name", "slug", "url", "aliases", "claims", "sources"} <= set(entry)
        assert entry["url"] == f"{entry['kind']}s/{entry['slug']}/"
        assert entry["sources"]


# --- curation --------------------------------------------------------------------------


def test_catalog_curation_renames_excludes_and_aliases(tmp_path: Path) -> None:
    import shutil

    from helpers import SEEDS, build_site

    vault = tmp_path / "notes"
    shutil.copytree(SEEDS, vault)
    rules = tmp_path / "handbook.yml"
    rules.write_text(
        "catalog:\n"
        "  exclude: [pitfalls/don-t-be-a-mini-ceo-too-early]\n"
        "  rename:\n    frameworks/three-ws: The three Ws\n"
        "  kind:\n    pitfalls/how-you-see-yourself: skill\n"
        "  aliases:\n    frameworks/working-backwards: [PR/FAQ]\n"
    )
    site = build_site(vault, tmp_path / "out", env={"HANDBOOK_CURATION": str(rules)})
    slugs = {(e["kind"], e["slug"]): e for e in site.export()["entries"]}
    assert ("pitfall", "don-t-be-a-mini-ceo-too-early") not in slugs
    assert slugs[("framework", "the-three-ws")]["name"] == "The three Ws"
    assert ("skill", "how-you-see-yourself") in slugs
    assert "PR/FAQ" in slugs[("framework", "working-backwards")]["aliases"]


# --- the corpus --------------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_entries_per_kind(corpus_site: BuiltSite) -> None:
    found = corpus_site.export()["entries"]
    counts = {k: sum(e["kind"] == k for e in found) for k in ("framework", "concept", "pitfall")}
    print("catalog entries per kind:", counts)
    assert counts["framework"] >= 20 and counts["pitfall"] >= 50 and counts["concept"] >= 100
    # Entries gather: most cite more than one note, many more than one video.
    several_notes = sum(len(e["sources"]) > 1 for e in found) / len(found)
    several_videos = sum(len(e["videos"]) > 1 for e in found) / len(found)
    print(f"entries citing several notes {several_notes:.0%}, several videos {several_videos:.0%}")
    assert several_notes >= 0.5 and several_videos >= 0.25
