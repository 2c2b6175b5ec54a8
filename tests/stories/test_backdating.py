"""Dating an undated outlier to the past event its story refers back to."""

from __future__ import annotations

from datetime import date

import pytest

from chorus.records import Article
from chorus.settings import Settings
from chorus.stories.backdating import infer_past_dates

JUNE = date(2024, 6, 19).toordinal()
TEXTS = {
    "summit-1": "Leaders signed a harbour treaty in Lisbon, a summit that follows their meeting "
    "in Oslo last September. The harbour treaty covers shipping.",
    "summit-2": "The harbour treaty signed in Lisbon covers shipping and fishing; the leaders "
    "praised the Lisbon summit and its treaty.",
    "summit-3": "Crowds in Lisbon cheered as the harbour treaty was signed at the summit.",
    "oslo": "The two leaders met in Oslo for five hours at a fjord research station, discussing "
    "research ships.",
}


@pytest.fixture(scope="module")
def by_id() -> dict[str, Article]:
    return {k: Article(id=k, path="test", text=v) for k, v in TEXTS.items()}


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        # The outlier is undated and the story recalls September 2023: dated to its 15th.
        ({"summit-1": JUNE}, {"oslo": date(2023, 9, 15).toordinal()}),
        # Nothing dated: no anchor for "last September".
        ({}, {}),
        # The outlier has its own date: nothing to infer.
        ({"summit-1": JUNE, "oslo": JUNE}, {}),
    ],
)
def test_infer_past_dates_dates_the_outlier(
    by_id: dict[str, Article], days: dict[str, int], expected: dict[str, int]
) -> None:
    day_of = {i: days.get(i) for i in TEXTS}
    assert infer_past_dates([list(TEXTS)], by_id, day_of, Settings()) == expected


def test_infer_past_dates_keeps_an_article_that_refers_back_itself(
    by_id: dict[str, Article],
) -> None:
    # summit-1 recalls September itself, so it was written after it even when undated.
    day_of = {i: (JUNE if i == "summit-2" else None) for i in TEXTS}
    result = infer_past_dates([list(TEXTS)], by_id, day_of, Settings())
    assert "summit-1" not in result
    assert result == {"oslo": date(2023, 9, 15).toordinal()}
