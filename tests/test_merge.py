"""Merging duplicate topics: each idea once, every source cited, nothing lost."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from rapidfuzz import fuzz

from handbook.analyse.claims import Claim, normalise, note_claims, same_claim
from handbook.ingest.notes import parse_note
from handbook.model import Stamp, Text, Timestamp
from handbook.text.sentences import split_sentences
from helpers import (
    CORPUS,
    FIXTURES,
    SEEDS,
    BuiltSite,
    article_html,
    build_site,
    note_url,
    own_content,
)

SEED_000 = "lennyspodcast/balancing_output_and_impact_in_product_management_roles.md"
SEED_001 = "lennyspodcast/importance_of_execution_and_output_in_product_management.md"
SEED_002 = "lennyspodcast/importance_of_output_and_execution_in_early_pm_careers.md"
SEED_003 = "lennyspodcast/career_growth_and_impact_for_product_managers.md"
SEED_004 = "articles/product_managers_guide_to_utilizing_leverage.txt"


def claim(text: str, *seconds: int) -> Claim:
    return Claim("n.md", (0,), (), normalise(text), seconds)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param(
            claim("Launching a product", 458),
            claim("Launching a product.", 458),
            True,
            id="identical",
        ),
        pytest.param(
            claim("Contributing to a go-to-market strategy", 468),
            claim("Contributing to a go-to-market strategy", 466),
            True,
            id="two-seconds-apart",
        ),
        pytest.param(
            claim("The goal is to be useful to the team", 858),
            claim("The goal is to be useful to the team, the manager and the company", 856),
            True,
            id="shorter-wording-contained",
        ),
        pytest.param(
            claim(
                "Even at senior levels, it's crucial to maintain your IC (individual contributor) "
                "roots and be willing to pull up your sleeves and go back and keep working on "
                "those",
                541,
            ),
            claim(
                "Even at senior levels, it's crucial not to forget individual contributor (IC) "
                "roots and be willing to pull up your sleeves to work on outputs",
                549,
            ),
            True,
            id="paraphrase-same-moment",
        ),
        pytest.param(
            claim("This aspect focuses on the tangible outputs of a product manager", 470),
            claim("This aspect focuses on outputs especially early in a career", 470),
            False,
            id="different-details-same-moment",
        ),
        pytest.param(
            claim("Launching a product", 458),
            claim("Launching a product", 900),
            False,
            id="other-moment",
        ),
        pytest.param(
            claim("Data", 2971),
            claim("Data and metrics skills", 2971),
            False,
            id="short-claims-whole",
        ),
        pytest.param(
            claim("Examples of valuable outputs include the following ones"),
            claim("Examples of valuable outputs include the following ones"),
            True,
            id="unstamped-identical",
        ),
        pytest.param(
            claim("Examples of outputs include:"),
            claim("This includes:"),
            False,
            id="unstamped-differ",
        ),
        pytest.param(
            claim("Launching a product", 458),
            claim("Launching a product"),
            False,
            id="stamp-vs-none",
        ),
    ],
)
def test_same_claim(a: Claim, b: Claim, same: bool) -> None:
    assert same_claim(a, b) is same
    assert same_claim(b, a) is same


@pytest.mark.parametrize(
    ("segments", "count"),
    [
        pytest.param((Text("One. Two. Three."),), 3, id="plain"),
        pytest.param((Text("See e.g. the note. Then more."),), 2, id="abbreviation"),
        pytest.param((Text("**Bold. Still bold.** After."),), 2, id="inside-bold"),
        pytest.param(
            (Text("Ends "), Stamp(Timestamp(5)), Text(". Next one.")), 2, id="stamp-then-stop"
        ),
        pytest.param(
            (Text('Ends?" '), Stamp(Timestamp(5)), Text(". Next one.")), 2, id="stamp-after-stop"
        ),
    ],
)
def test_split_sentences(segments: tuple[object, ...], count: int) -> None:
    sentences = split_sentences(segments)  # type: ignore[arg-type]
    assert len(sentences) == count
    assert sum(sentences, ()) == segments or "".join(
        getattr(s, "text", "") for part in sentences for s in part
    ) == "".join(getattr(s, "text", "") for s in segments)
    stamped = [i for i, part in enumerate(sentences) if any(isinstance(s, Stamp) for s in part)]
    assert stamped in ([], [0])


# --- the seed site ----------------------------------------------------------------


def merged_page(site: BuiltSite) -> dict[str, object]:
    pages = [p for p in site.export()["pages"] if p["kind"] == "merged"]
    assert len(pages) == 1
    return pages[0]


def test_three_ws_notes_become_one_page(seed_site: BuiltSite) -> None:
    page = merged_page(seed_site)
    assert page["sources"] == sorted([SEED_000, SEED_001, SEED_002])
    kinds = {p["url"]: p["kind"] for p in seed_site.export()["pages"]}
    assert kinds[note_url(SEED_003).lstrip("/")] == "note"
    assert kinds[note_url(SEED_004).lstrip("/")] == "article"


def test_each_w_is_one_section(seed_site: BuiltSite) -> None:
    body = own_content(seed_site.page("/" + merged_page(seed_site)["url"]))
    headings = [
        re.sub(r"<[^>]+>", "", h).lower() for h in re.findall(r"<h[2-4][^>]*>(.*?)</h[2-4]>", body)
    ]
    for w in ("what you produce", "what you bring to the table", "operating model"):
        assert sum(w in h for h in headings) == 1, (w, headings)


def test_merged_page_lists_its_sources_with_files_and_video(seed_site: BuiltSite) -> None:
    url = "/" + merged_page(seed_site)["url"]
    body = article_html(seed_site.page(url))
    box = body[
        body.index("Merged from 3 notes") : body.index("</div>", body.index("Merged from 3 notes"))
    ]
    titles = re.findall(r'<span id="source-\d"></span>.*?<a href="([^"]+)">([^<]+)</a>', box)
    assert [t for _, t in titles] == [
        "Importance of Execution and Output in Product Management",
        "Balancing output and impact in product management roles",
        "Importance of output and execution in early PM careers",
    ]
    for href, _ in titles:
        source = (seed_site.root / url.strip("/") / href).resolve()
        assert source.is_file()
        assert source.read_bytes() in {
            (SEEDS / p).read_bytes() for p in (SEED_000, SEED_001, SEED_002)
        }
    assert "watch?v=ImSvm11GR0Y" in box


@pytest.mark.parametrize(("path", "number"), [(SEED_000, 2), (SEED_002, 3), (SEED_001, 0)])
def test_old_urls_lead_to_the_merged_page(seed_site: BuiltSite, path: str, number: int) -> None:
    url, anchor, html = seed_site.follow(note_url(path))
    assert url == "/" + merged_page(seed_site)["url"]
    assert anchor == (f"source-{number}" if number else "")
    if anchor:
        assert f'id="{anchor}"' in html


def test_old_heading_anchors_still_land(seed_site: BuiltSite) -> None:
    html = seed_site.page("/" + merged_page(seed_site)["url"])
    old_anchors = (
        "what-you-produce-focusing-on-output-and-execution",
        "pitfalls-to-avoid",
        "three-ws-framework-for-career-growth",
        "common-pitfalls-and-growth-strategies",
    )
    for anchor in old_anchors:
        assert f'id="{anchor}"' in html


def rendered_claims(body: str) -> list[str]:
    text = re.sub(r"<a class=\"yt-timestamp\"[^>]*>[^<]*</a>", " ", body)
    pieces = re.split(r'<sup class="hb-src"[^>]*>.*?</sup>|</?(?:p|li|ul|ol|h\d)[^>]*>', text)
    return [
        normalise(re.sub(r"<[^>]+>", " ", p))
        for p in pieces
        if normalise(re.sub(r"<[^>]+>", " ", p))
    ]


def test_nothing_is_lost(seed_site: BuiltSite) -> None:
    """Every claim of every merged seed is on the page: as written, or as a
    fuller wording of the same claim."""
    shown = rendered_claims(own_content(seed_site.page("/" + merged_page(seed_site)["url"])))
    missing = []
    for path in (SEED_000, SEED_001, SEED_002):
        for item in note_claims(parse_note(path, (SEEDS / path).read_bytes())):
            if not any(item.text in s or fuzz.token_set_ratio(item.text, s) >= 80 for s in shown):
                missing.append((path, item.text[:80]))
    assert missing == []


def test_repeated_claims_appear_once_citing_every_note(seed_site: BuiltSite) -> None:
    body = own_content(seed_site.page("/" + merged_page(seed_site)["url"]))
    assert body.count("Raise difficult issues without being difficult to work with") == 1
    marker = re.search(
        r"Raise difficult issues without being difficult to work with.*?<sup[^>]*>(.*?)</sup>", body
    )
    assert marker is not None
    assert re.findall(r">(\d)<", marker.group(1)) == ["1", "2"]


def test_merge_report_in_export_and_log(seed_site: BuiltSite) -> None:
    (merge,) = seed_site.export()["merges"]
    assert merge["reason"] == "score"
    assert len(merge["pairs"]) == 3
    assert all(0 <= p["score"] <= 1 for p in merge["pairs"])
    assert "merges: notes/lennyspodcast/importance-of-execution" in seed_site.log


# --- curation: handbook.yml ----------------------------------------------------------


def _vault(tmp_path: Path, curation: str) -> tuple[Path, Path]:
    vault = tmp_path / "notes"
    shutil.copytree(SEEDS, vault)
    rules = tmp_path / "handbook.yml"
    rules.write_text(curation)
    return vault, rules


def _merges(site: BuiltSite) -> list[list[str]]:
    return [sorted(m["notes"]) for m in site.export()["merges"]]


def test_apart_keeps_notes_apart_and_titles_pin(tmp_path: Path) -> None:
    vault, rules = _vault(
        tmp_path,
        f"merge:\n  apart:\n    - [{SEED_000}, {SEED_001}]\n"
        f"  titles:\n    {SEED_002}: Pinned title\n",
    )
    site = build_site(vault, tmp_path / "out", env={"HANDBOOK_CURATION": str(rules)})
    groups = _merges(site)
    assert not any(SEED_000 in g and SEED_001 in g for g in groups)
    titles = {p["title"] for p in site.export()["pages"]}
    assert "Pinned title" in titles


def test_together_forces_a_merge(tmp_path: Path) -> None:
    vault = tmp_path / "notes"
    vault.mkdir()
    for name, body in (
        ("a.md", "Apples are red [00:00:10]."),
        ("b.md", "Quantum tunnelling [00:30:00]."),
    ):
        (vault / name).write_text(f"---\ntitle: {name}\nvideoId: ImSvm11GR0Y\n---\n\n{body}\n")
    plain = build_site(vault, tmp_path / "plain", env={"HANDBOOK_CURATION": ""})
    assert _merges(plain) == []
    rules = tmp_path / "handbook.yml"
    rules.write_text("merge:\n  together:\n    - [a.md, b.md]\n")
    forced = build_site(vault, tmp_path / "forced", env={"HANDBOOK_CURATION": str(rules)})
    assert _merges(forced) == [["a.md", "b.md"]]
    assert forced.export()["merges"][0]["reason"] == "handbook.yml"


def test_bad_rules_are_reported_with_line(tmp_path: Path) -> None:
    vault, rules = _vault(
        tmp_path,
        "merge:\n  together:\n    - [lennyspodcast/nope.md, "
        + SEED_000
        + "]\n  sideways: []\nflavour: 1\n",
    )
    site = build_site(vault, tmp_path / "out", env={"HANDBOOK_CURATION": str(rules)})
    warnings = site.warnings("curation/invalid")
    assert any("handbook.yml:3" in w and "nope.md" in w for w in warnings)
    assert any("handbook.yml:4" in w and "sideways" in w for w in warnings)
    assert any("handbook.yml:5" in w and "flavour" in w for w in warnings)


# --- determinism ---------------------------------------------------------------------


def test_output_does_not_depend_on_file_order(tmp_path: Path) -> None:
    """Two copies of the seeds, written in opposite orders (so directory
    listings differ), built under different hash seeds, give identical files."""
    files = sorted(p for p in SEEDS.rglob("*") if p.is_file())
    sites = []
    for name, order, seed in (("forward", files, "1"), ("reversed", files[::-1], "12345")):
        vault = tmp_path / name / "notes"
        for path in order:
            target = vault / path.relative_to(SEEDS)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        sites.append(build_site(vault, tmp_path / name / "site", env={"PYTHONHASHSEED": seed}))
    one, two = sites
    assert one.export_files() == two.export_files()
    for page in one.html_files():
        relative = page.relative_to(one.root)
        if relative.parts[0] != "search":
            assert (two.root / relative).read_bytes() == page.read_bytes(), relative


# --- the labelled gold set -------------------------------------------------------------

GOLD = FIXTURES / "merge_gold.json"
TRAINING = Path(__file__).resolve().parent.parent / "bench" / "train_merge.py"
TRAINED = TRAINING.with_suffix(".json")
# The issue's targets for held-out pairs; the shipped model does not reach
# them yet (test_heldout_meets_the_issue_targets records the gap).
TARGET_PRECISION, TARGET_RECALL = 0.90, 0.85
# What the shipped model measures on the held-out videos (P 0.804, R 0.788).
PRECISION_FLOOR, RECALL_FLOOR = 0.80, 0.78


def _training() -> Any:
    """bench/train_merge.py as a module: the labels, the baseline, the counts."""
    spec = importlib.util.spec_from_file_location("train_merge", TRAINING)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_merge", module)
    spec.loader.exec_module(module)
    return module


def test_gold_set_is_well_formed() -> None:
    """Each video's groups split its notes exactly; a third is held out."""
    videos = json.loads(GOLD.read_text())["videos"]
    assert len(videos) >= 60
    for video in videos:
        grouped = sorted(p for g in video["groups"] for p in g)
        assert grouped == sorted(video["notes"]), video["video"]
        assert video["split"] in {"train", "heldout"}
        assert video["rationale"]
    held = [v for v in videos if v["split"] == "heldout"]
    assert len(held) == len(videos) // 3
    # Hard cases: episodes whose notes are on several sub-topics.
    assert sum(len(v["groups"]) >= 3 for v in videos) >= 50
    assert sum(len(v["groups"]) >= 3 for v in held) >= 15


def test_shipped_weights_are_the_fitted_ones() -> None:
    from handbook.analyse import duplicates

    fitted = json.loads(TRAINED.read_text())["model"]
    assert fitted == {
        "features": list(duplicates.FEATURES),
        "mean": list(duplicates.MEAN),
        "scale": list(duplicates.SCALE),
        "coef": list(duplicates.COEF),
        "intercept": duplicates.INTERCEPT,
        "threshold": duplicates.THRESHOLD,
    }


@pytest.mark.corpus
def test_heldout_pairs_beat_the_tfidf_baseline(corpus_dir: Path) -> None:
    """The build's own merging (no scikit-learn), on videos never fitted on:
    the numbers bench/train_merge.py reported, and above plain TF-IDF cosine."""
    from handbook.analyse.duplicates import find_duplicates

    train = _training()
    videos = train.read_gold()
    held = [v for v in videos if v.split == "heldout"]
    tp = fp = fn = 0
    for video in held:
        notes = [parse_note(p, (CORPUS / p).read_bytes()) for p in video.notes]
        merged = {p for g in find_duplicates(notes).groups for p in itertools.combinations(g, 2)}
        tp, fp, fn = (
            tp + len(merged & video.same),
            fp + len(merged - video.same),
            fn + len(video.same - merged),
        )
    measured = train.report((tp, fp, fn))
    reported = json.loads(TRAINED.read_text())["report"]["heldout"]
    print(f"held out: {measured}, baseline {reported['tfidf_baseline']}")
    assert measured == reported["model"]
    assert measured["precision"] >= PRECISION_FLOOR
    assert measured["recall"] >= RECALL_FLOOR
    cosines = train.tfidf_cosines(videos)
    baseline = train.report(
        train.counts(held, cosines, reported["tfidf_baseline_threshold"], clustered=False)
    )
    assert baseline == reported["tfidf_baseline"]
    assert measured["precision"] > baseline["precision"]
    assert measured["f1"] > baseline["f1"]


@pytest.mark.corpus
@pytest.mark.xfail(strict=True, reason="held out P 0.804 R 0.788: not reached yet")
def test_heldout_meets_the_issue_targets(corpus_dir: Path) -> None:
    reported = json.loads(TRAINED.read_text())["report"]["heldout"]["model"]
    assert reported["precision"] >= TARGET_PRECISION
    assert reported["recall"] >= TARGET_RECALL


@pytest.mark.corpus
def test_training_reproduces_the_shipped_model(corpus_dir: Path) -> None:
    """Re-fitting from the fixture gives the committed weights, and the
    cross-validated model (grouped by video) beats TF-IDF cosine, most
    clearly in precision (P 0.849 R 0.811 against 0.789 / 0.814)."""
    weights, report = _training().train(corpus_dir)
    trained = json.loads(TRAINED.read_text())
    assert weights == trained["model"]
    assert report == trained["report"]
    cv = report["cross_validated"]
    assert cv["model"]["f1"] >= cv["tfidf_baseline"]["f1"] + 0.02
    assert cv["model"]["precision"] >= cv["tfidf_baseline"]["precision"] + 0.05


def _pages_of(video: str) -> dict[str, str]:
    """Each note of ``video`` (by file name) -> the first note of its page."""
    from handbook.analyse.duplicates import find_duplicates

    (entry,) = [v for v in json.loads(GOLD.read_text())["videos"] if v["video"] == video]
    notes = [parse_note(p, (CORPUS / p).read_bytes()) for p in entry["notes"]]
    page = {n.path: n.path for n in notes}
    for group in find_duplicates(notes).groups:
        page.update(dict.fromkeys(group, group[0]))
    return {p.rsplit("/", 1)[1]: q for p, q in page.items()}


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("video", "a", "b", "same"),
    [
        pytest.param(
            "etVCBDRXUH8",
            "overcoming_impostor_syndrome_and_selflimiting_beliefs.md",
            "overcoming_impostor_syndrome_for_career_success.md",
            True,
            id="two-write-ups-of-one-rule",
        ),
        pytest.param(
            "etVCBDRXUH8",
            "building_a_personal_brand.md",
            "networking_strategies_and_importance.md",
            False,
            id="two-rules-of-one-book",
        ),
        pytest.param(
            "etVCBDRXUH8",
            "building_a_personal_brand.md",
            "the_seven_rules_of_power.md",
            False,
            id="one-rule-vs-the-overview",
        ),
        pytest.param(
            "0igjSRZyX-w",
            "game_design_in_business_software.md",
            "game_design_vs_gamification_in_business_software.md",
            True,
            id="game-design-twice",
        ),
        pytest.param(
            "0igjSRZyX-w",
            "contrarian_pricing_strategies_in_saas.md",
            "product_market_fit_techniques.md",
            False,
            id="pricing-vs-pmf-engine",
        ),
        pytest.param(
            "0igjSRZyX-w",
            "role_of_ai_in_enhancing_productivity_tools.md",
            "game_design_principles_in_business_software.md",
            False,
            id="ai-feature-vs-game-design",
        ),
        pytest.param(
            "EgBOVDzUUAA",
            "delta_4_framework_for_product_efficiency.md",
            "delta_4_framework_for_product_success.md",
            True,
            id="one-framework-twice",
        ),
        pytest.param(
            "EgBOVDzUUAA",
            "delta_4_framework_for_product_success.md",
            "secondorder_thinking_and_its_relevance_in_decision_making.md",
            False,
            id="framework-vs-thinking-habit",
        ),
        pytest.param(
            "xzebbzIntFc",
            "approach_and_benefits_of_pivoting_in_startups.md",
            "building_companies_with_values_aligned_with_human_flourishing.md",
            False,
            id="pivots-vs-governance",
        ),
        pytest.param(
            "F0_IKKY3HCk",
            "stripes_implementation_and_impact_of_ai_and_machine_learning.md",
            "building_a_culture_of_excellence.md",
            False,
            id="ai-product-vs-culture",
        ),
    ],
)
def test_sub_topics_of_one_episode(
    corpus_dir: Path, video: str, a: str, b: str, same: bool
) -> None:
    """Real notes a reader would (or would not) want on one page."""
    pages = _pages_of(video)
    assert (pages[a] == pages[b]) is same


@pytest.mark.corpus
def test_notes_of_one_episode_not_merged_link_each_other(corpus_dir: Path, tmp_path: Path) -> None:
    """Two write-ups of one rule become one page; the note on another rule of
    the same episode stays apart, and each page lists the other."""
    from handbook.model import Options
    from handbook.pipeline import build_handbook

    folder = tmp_path / "notes" / "lennyspodcast"
    folder.mkdir(parents=True)
    names = (
        "overcoming_impostor_syndrome_and_selflimiting_beliefs.md",
        "overcoming_impostor_syndrome_for_career_success.md",
        "building_a_personal_brand.md",
    )
    for name in names:
        shutil.copyfile(CORPUS / "lennyspodcast" / name, folder / name)
    handbook = build_handbook(tmp_path / "notes", Options())
    (merged,) = [p for p in handbook.pages if p.kind == "merged"]
    (single,) = [p for p in handbook.pages if p.kind == "note"]
    assert single.src_uri.endswith("building-a-personal-brand.md")

    def episode_links(markdown: str) -> list[str]:
        section = markdown.split("## Other notes of this episode", 1)[1].split("\n## ", 1)[0]
        return re.findall(r"\]\(([^)]+)\)", section)

    assert episode_links(single.markdown) == [merged.src_uri.rsplit("/", 1)[1]]
    assert episode_links(merged.markdown) == [single.src_uri.rsplit("/", 1)[1]]
