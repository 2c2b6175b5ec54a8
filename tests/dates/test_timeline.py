from __future__ import annotations

from pathlib import Path

import pytest

from chorus.dates.timeline import build_timeline, period_of
from chorus.records import Article
from chorus.settings import Settings
from chorus.understand import story_dates

STORY_DATE = "2024-06-19"


@pytest.fixture
def seed_articles(seeds_dir: Path) -> list[Article]:
    return [
        Article(id=p.name, path=str(p), text=p.read_text(encoding="utf-8"), date=STORY_DATE)
        for p in sorted(seeds_dir.glob("*.txt"))
        if not p.name.startswith("001")
    ]


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2024-06-19", "2024-06-19", "2024-06-19"),
        ("2023-09", "2023-09-01", "2023-09-30"),
        ("2023-12", "2023-12-01", "2023-12-31"),
        ("2024-W25", "2024-06-17", "2024-06-23"),
        ("2019", "2019-01-01", "2019-12-31"),
        ("199", "1990-01-01", "1999-12-31"),
    ],
)
def test_period_of_bounds(value: str, first: str, last: str) -> None:
    start, end = period_of(value)
    assert (start.isoformat(), end.isoformat()) == (first, last)


def test_build_timeline_orders_and_marks_context(
    seed_articles: list[Article], settings: Settings
) -> None:
    dates = story_dates(seed_articles, STORY_DATE, settings)
    timeline = build_timeline(dates, seed_articles, STORY_DATE, settings)
    starts = [period_of(e.date)[0] for e in timeline]
    assert starts == sorted(starts)
    by_date = {}
    for entry in timeline:
        by_date.setdefault(entry.date, []).append(entry)
    assert all(e.context for e in by_date["2000-07"])
    assert all(e.context for e in by_date["2023-09"])
    assert not any(e.context for e in by_date["2024-06-19"])
    july = by_date["2000-07"][0]
    assert "Putin last visited Pyongyang" in july.text


def test_build_timeline_cites_exact_sentences(
    seed_articles: list[Article], settings: Settings
) -> None:
    dates = story_dates(seed_articles, STORY_DATE, settings)
    timeline = build_timeline(dates, seed_articles, STORY_DATE, settings)
    texts = {a.id: a.text for a in seed_articles}
    for entry in timeline:
        first = entry.citations[0]
        assert texts[first.article_id][first.start : first.end] == entry.text
        assert "\n" not in entry.text


def test_build_timeline_skips_unresolved(settings: Settings) -> None:
    article = Article(id="a", path="a", text="The ministers met on Wednesday to talk.")
    dates = story_dates([article], None, settings)
    assert [d.value for d in dates] == [None]
    assert build_timeline(dates, [article], None, settings) == ()
