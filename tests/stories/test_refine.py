"""Splitting a story whose articles share a theme but not an event (complete link over TF-IDF)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from chorus.records import Article
from chorus.settings import Settings
from chorus.stories.refine import fold_groups, refine_groups

TEXTS = {
    "quake-1": "An earthquake struck Anatolia on Monday, collapsing apartment blocks in Malatya.",
    "quake-2": "Rescuers in Malatya dug through collapsed apartment blocks after the earthquake.",
    "vote-1": "Parliament in Ankara held a confidence vote that toppled the coalition cabinet.",
    "vote-2": "The coalition cabinet fell after the confidence vote in parliament in Ankara.",
}


@pytest.fixture(scope="module")
def by_id() -> dict[str, Article]:
    return {k: Article(id=k, path="test", text=v) for k, v in TEXTS.items()}


@pytest.mark.parametrize(
    ("distance", "minimum", "expected"),
    [
        (0.95, 0, [["quake-1", "quake-2"], ["vote-1", "vote-2"]]),
        (1.0, 0, [["quake-1", "quake-2", "vote-1", "vote-2"]]),
        (0.95, 50, [["quake-1", "quake-2", "vote-1", "vote-2"]]),
    ],
)
def test_refine_groups_splits_distinct_events(
    by_id: dict[str, Article], distance: float, minimum: int, expected: list[list[str]]
) -> None:
    settings = replace(
        Settings(), story_refine_distance=distance, story_refine_min_articles=minimum
    )
    (parts,) = refine_groups([list(TEXTS)], by_id, settings)
    assert sorted(parts) == expected


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        # Alone, every shared word is in over half the articles and is dropped.
        ([], [["quake-1"], ["quake-2"]]),
        (["vote-1", "vote-2"], [["quake-1", "quake-2"]]),
    ],
)
def test_refine_groups_context_counts_only_for_idf(
    by_id: dict[str, Article], context: list[str], expected: list[list[str]]
) -> None:
    settings = replace(Settings(), story_refine_min_articles=0)
    result = refine_groups([["quake-1", "quake-2"]], by_id, settings, context=context)
    assert result == [expected]


FOLD_TEXTS = {
    **TEXTS,
    "quake-3": "Aftershocks shook Malatya as rescuers searched collapsed apartment blocks.",
    "quake-4": "The earthquake death toll in Malatya rose as apartment blocks were cleared.",
    "vote-3": "After the confidence vote, Ankara's coalition cabinet resigned in parliament.",
    "sat-1": "Norbit launched its first weather satellite from the Kiruna pad on Tuesday.",
    "sat-2": "The Norbit weather satellite reached orbit and sent its first images.",
    "sat-3": "Engineers at Kiruna said the Norbit satellite unfolded its solar panels.",
}


@pytest.mark.parametrize(
    ("ratio", "days", "expected"),
    [
        (0.6, {}, [None, None, None, 0]),
        (0.0, {}, [None, None, None, None]),
        (2.0, {}, [None, None, None, None]),
        # A month and more apart, alike words do not make one event.
        (0.6, {"quake-1": 739000, "quake-2": 739000, "quake-3": 739001, "quake-4": 739100}, None),
    ],
)
def test_fold_groups_folds_a_small_piece_into_its_event(
    ratio: float, days: dict[str, int], expected: list[int | None] | None
) -> None:
    by_id = {k: Article(id=k, path="test", text=v) for k, v in FOLD_TEXTS.items()}
    settings = replace(Settings(), story_fold_ratio=ratio, story_refine_min_articles=0)
    groups = [
        ["quake-1", "quake-2", "quake-3"],
        ["vote-1", "vote-2", "vote-3"],
        ["sat-1", "sat-2", "sat-3"],
        ["quake-4"],
    ]
    into = fold_groups(groups, by_id, days, settings)
    assert into == (expected if expected is not None else [None, None, None, None])


BURSTS = Path(__file__).parents[1] / "data" / "stories" / "bursts.jsonl"


@pytest.mark.parametrize(
    ("gap", "ratio", "expected"),
    [
        (17, 0.5, [["air-1", "air-2", "air-3"], ["bomb-1", "bomb-2", "bomb-3"]]),
        # Days apart the runs may be one event's course; the ratio 0 turns splitting off.
        (2, 0.5, [["air-1", "air-2", "air-3", "bomb-1", "bomb-2", "bomb-3"]]),
        (17, 0.0, [["air-1", "air-2", "air-3", "bomb-1", "bomb-2", "bomb-3"]]),
    ],
)
def test_refine_groups_splits_bursts_that_read_apart(
    gap: int, ratio: float, expected: list[list[str]]
) -> None:
    rows = [json.loads(line) for line in BURSTS.read_text(encoding="utf-8").splitlines()]
    burst = [r["id"] for r in rows if r["id"].startswith(("bomb", "air"))]
    texts = {**FOLD_TEXTS, **{r["id"]: r["text"] for r in rows if r["id"] in burst}}
    articles = {k: Article(id=k, path="test", text=v) for k, v in texts.items()}
    days = {k: 739000 + i + (gap if k.startswith("air") else 0) for i, k in enumerate(burst)}
    # At 0.9999 complete link splits only articles that share no word: the burst test acts.
    settings = replace(
        Settings(),
        story_refine_min_articles=0,
        story_refine_distance=0.9999,
        story_burst_ratio=ratio,
    )
    (parts,) = refine_groups([burst], articles, settings, context=list(FOLD_TEXTS), days=days)
    assert sorted(sorted(p) for p in parts) == expected


@pytest.mark.parametrize("max_size", [2, 3, 4])
def test_fold_groups_never_folds_a_target(max_size: int) -> None:
    # A group that may fold is never a target: at story_fold_max_size 3 two alike groups of
    # three folded into each other and cluster() lost both.
    texts = {
        **FOLD_TEXTS,
        "quake-5": "Malatya rescuers pulled survivors from collapsed apartment blocks.",
        "quake-6": "The earthquake in Malatya left apartment blocks collapsed; rescuers dug on.",
    }
    by_id = {k: Article(id=k, path="test", text=v) for k, v in texts.items()}
    settings = replace(Settings(), story_fold_max_size=max_size, story_refine_min_articles=0)
    groups = [
        ["quake-1", "quake-2", "quake-3"],
        ["quake-4", "quake-5", "quake-6"],
        ["vote-1", "vote-2", "vote-3"],
        ["sat-1", "sat-2", "sat-3"],
    ]
    into = fold_groups(groups, by_id, {}, settings)
    targets = {t for t in into if t is not None}
    assert all(into[t] is None for t in targets)
    assert all(len(groups[t]) > max_size for t in targets)
