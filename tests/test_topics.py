"""Topic hubs: one page per subject, and none where an entry is the subject."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from handbook.model import Options
from handbook.pipeline import build_handbook
from handbook.render.topics import fold_topics

ENTRIES = [
    ("concepts/network-effects.md", ["Network effects", "Network effect"]),
    ("frameworks/dora.md", ["DORA"]),
]


@pytest.mark.parametrize(
    ("spellings", "pages", "into_topic", "into_entry"),
    [
        # a hub whose subject is an entry has no page: its links land on the entry
        (
            {"network effects": Counter({"network_effects": 3})},
            {},
            {},
            {"network effects": "concepts/network-effects.md"},
        ),
        # an entry's name and a naming word: the entry's subject
        (
            {"dora metrics": Counter({"DORA metrics": 2, "dora_metrics": 1})},
            {},
            {},
            {"dora metrics": "frameworks/dora.md"},
        ),
        # ... but not another word after it
        (
            {"dora team": Counter({"DORA team": 2})},
            {"dora team": "DORA team"},
            {},
            {},
        ),
        # plural, case and separators: one subject, the spelling linked most keeps the page
        (
            {
                "growth loop": Counter({"growth_loop": 1}),
                "growth loops": Counter({"growth_loops": 4, "Growth Loops": 1}),
            },
            {"growth loops": "Growth loops"},
            {"growth loop": "growth loops"},
            {},
        ),
        # a person's name spelled two ways
        (
            {
                "sean ellis test": Counter({"Sean Ellis test": 5}),
                "shaun ellis test": Counter({"Shaun Ellis test": 2}),
            },
            {"sean ellis test": "Sean Ellis test"},
            {"shaun ellis test": "sean ellis test"},
            {},
        ),
        # a rare word spelled two ways
        (
            {
                "impostor syndrome": Counter({"impostor_syndrome": 3}),
                "imposter syndrome": Counter({"imposter_syndrome": 1}),
            },
            {"impostor syndrome": "Impostor syndrome"},
            {"imposter syndrome": "impostor syndrome"},
            {},
        ),
        # different subjects stay apart
        (
            {"pricing": Counter({"pricing": 2}), "packaging": Counter({"packaging": 2})},
            {"packaging": "Packaging", "pricing": "Pricing"},
            {},
            {},
        ),
    ],
)
def test_fold_topics(
    spellings: dict[str, Counter[str]],
    pages: dict[str, str],
    into_topic: dict[str, str],
    into_entry: dict[str, str],
) -> None:
    folds = fold_topics(spellings, ENTRIES)
    assert folds.titles == pages
    assert folds.into_topic == into_topic
    assert folds.into_entry == into_entry
    # every link is counted on the page it lands on
    landed = sum(folds.counts.values()) + sum(sum(spellings[k].values()) for k in folds.into_entry)
    assert landed == sum(sum(c.values()) for c in spellings.values())


def test_fold_topics_does_not_depend_on_order() -> None:
    spellings = {
        "growth loop": Counter({"growth_loop": 2}),
        "growth loops": Counter({"growth_loops": 2}),
    }
    reordered = dict(reversed(list(spellings.items())))
    assert fold_topics(spellings, ENTRIES) == fold_topics(reordered, list(reversed(ENTRIES)))


HUB = """---
title: mychannel
---

### [A video](https://www.youtube.com/watch?v=ImSvm11GR0Y)
- [[pricing_tiers | Pricing tiers]]
- [[a_note_this_vault_lacks | A note this vault lacks]]
"""
NOTE = """---
title: Pricing tiers
videoId: ImSvm11GR0Y
---
From: [[mychannel]]

Three tiers work best, as [[Anchoring]] explains
<a class="yt-timestamp" data-t="00:01:00">[00:01:00]</a>.
"""


def test_a_target_only_a_channel_hub_lists_gets_no_page(tmp_path: Path) -> None:
    """A hub lists every note of its videos; one the vault lacks is no topic:
    the hub's page shows its title as text.  Targets notes write keep a page."""
    (tmp_path / "mychannel").mkdir()
    (tmp_path / "mychannel" / "mychannel.md").write_text(HUB, encoding="utf-8")
    (tmp_path / "mychannel" / "pricing_tiers.md").write_text(NOTE, encoding="utf-8")
    handbook = build_handbook(tmp_path, Options())
    pages = {p.src_uri: p for p in handbook.pages}
    assert "topics/anchoring.md" in pages
    assert not any("lacks" in uri for uri in pages)
    hub = pages["sources/mychannel/index.md"]
    assert "A note this vault lacks" in hub.markdown
    assert "a-note-this-vault-lacks" not in hub.markdown
