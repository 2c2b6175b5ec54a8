"""Wire copies and near-duplicates."""

from __future__ import annotations

import pytest

from chorus.dedup import copy_groups, find_duplicates
from chorus.records import Article
from chorus.settings import Settings

WIRE = (
    "The central bank of Norland raised its main interest rate by half a point on Thursday, "
    "the third increase this year, saying inflation had stayed above its target for too long. "
    "Governor Ada Lind told reporters the bank was ready to act again if prices kept rising, "
    "while exporters warned that a stronger krona would hurt orders from abroad. Markets had "
    "expected a smaller step, and the currency jumped one percent against the euro within "
    "minutes of the decision, its biggest daily gain since the spring."
)
OTHER = (
    "Heavy snow closed the main mountain pass between Erlby and Sund on Thursday, stranding "
    "hundreds of lorries, and the road authority said it could stay shut until the weekend. "
    "Drivers were told to use the coastal route, which adds three hours to the journey."
)


@pytest.fixture
def settings() -> Settings:
    return Settings()


def _article(article_id: str, text: str, date: str | None = "2025-02-06") -> Article:
    return Article(id=article_id, path=f"{article_id}.txt", text=text, date=date)


@pytest.mark.parametrize(
    "copy_text",
    [
        WIRE.replace("Thursday", "Thursday (AP)").replace("told reporters", "said"),
        "NORLAND CITY - " + WIRE.rsplit(" Markets", 1)[0],
        WIRE + " Local exporters in our region said they would wait and see. " * 2,
    ],
    ids=["light-edit", "trimmed", "topped"],
)
def test_find_duplicates_marks_wire_copy(settings: Settings, copy_text: str) -> None:
    articles = [_article("ap-1", WIRE), _article("paper-7", copy_text), _article("x", OTHER)]
    result = find_duplicates(articles, settings)
    assert [a.duplicate_of for a in result] == [None, "ap-1", None]
    assert [a.id for a in result] == ["ap-1", "paper-7", "x"]


def test_find_duplicates_origin_is_earliest(settings: Settings) -> None:
    articles = [_article("b", WIRE, "2025-02-07"), _article("a", WIRE, "2025-02-06")]
    assert [a.duplicate_of for a in find_duplicates(articles, settings)] == ["a", None]


def test_find_duplicates_points_to_existing(settings: Settings) -> None:
    existing = [_article("old", WIRE, "2025-02-05")]
    result = find_duplicates([_article("new", WIRE)], settings, existing=existing)
    assert result[0].duplicate_of == "old"


def test_copy_groups_lists_copies_origin_first(settings: Settings) -> None:
    articles = [
        _article("c", WIRE, "2025-02-08"),
        _article("x", OTHER),
        _article("a", WIRE, "2025-02-06"),
    ]
    assert copy_groups(articles, settings) == [("a", "c")]


def test_find_duplicates_keeps_distinct_articles(settings: Settings) -> None:
    result = find_duplicates([_article("a", WIRE), _article("b", OTHER)], settings)
    assert [a.duplicate_of for a in result] == [None, None]


@pytest.mark.parametrize(
    ("stored_date", "expected"),
    [("2025-02-01", "old"), ("2024-02-01", None)],
    ids=["within-window", "a-year-earlier"],
)
def test_find_duplicates_compares_stored_articles_near_in_time(
    settings: Settings, stored_date: str, expected: str | None
) -> None:
    existing = [_article("old", WIRE, stored_date)]
    result = find_duplicates([_article("new", WIRE)], settings, existing=existing)
    assert result[0].duplicate_of == expected
