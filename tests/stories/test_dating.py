"""Event dates from article metadata or the lead."""

from __future__ import annotations

from datetime import date

import pytest

from chorus.stories.dating import event_date, text_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2024-06-19 There were flags", date(2024, 6, 19)),
        ("WASHINGTON, June 19, 2024 - The Senate", date(2024, 6, 19)),
        ("LONDON, 3 Sept. 2023 (Reuters) - Shares", date(2023, 9, 3)),
        ("The leaders met on Wednesday.", None),
        ("Sales rose 25% to 2,019 units.", None),
    ],
)
def test_text_date_reads_lead(text: str, expected: date | None) -> None:
    assert text_date(text) == expected


def test_event_date_prefers_article_date() -> None:
    assert event_date("2025-03-10T09:00:00", "June 19, 2024") == date(2025, 3, 10)
