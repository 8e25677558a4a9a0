"""The merge report: which notes became one page, and why.

One row per merged page (its URI, title, video, notes, whether a score or
``handbook.yml`` joined them, claims kept and the pair scores inside the
group), exported in ``handbook.json`` and printed by the build, one line
per page (:func:`merge_log_lines`), so a contributor can see why two notes
merged without reading the scorer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations

from ..analyse.duplicates import Clustering
from ..analyse.units import Unit
from ..plan.sitemap import SiteMap


def merge_report(
    units: Iterable[Unit], clustering: Clustering, site: SiteMap
) -> list[dict[str, object]]:
    """What merged with what, and why: the pair scores inside each group."""
    rows: list[dict[str, object]] = []
    for unit in units:
        if unit.merged is None:
            continue
        paths = sorted(unit.paths)
        pairs = [
            clustering.scores[(a, b)].as_dict()
            for a, b in combinations(paths, 2)
            if (a, b) in clustering.scores
        ]
        forced = any(rule <= set(paths) for rule in clustering.forced)
        rows.append(
            {
                "page": site.notes[unit.owner],
                "title": unit.title,
                "video": unit.notes[0].video_id,
                "notes": list(unit.paths),
                "reason": "handbook.yml" if forced else "score",
                "pinned_title": unit.pinned,
                "claims": unit.merged.claims,
                "shown": unit.merged.shown,
                "pairs": pairs,
            }
        )
    return rows


def merge_log_lines(report: Iterable[Mapping[str, object]]) -> list[str]:
    lines: list[str] = []
    for row in report:
        pairs = row["pairs"]
        assert isinstance(pairs, list)
        scores = ", ".join(f"{p['score']:.2f}" for p in pairs)
        notes = row["notes"]
        assert isinstance(notes, list)
        lines.append(
            f"{row['page']} <- {len(notes)} notes ({', '.join(notes)}); "
            f"{row['shown']}/{row['claims']} claims kept; pair scores {scores} ({row['reason']})"
        )
    return lines
