from __future__ import annotations

from pathlib import Path

import pytest

from chorus.dates.resolve import find_dates, resolve_date
from chorus.records import Article
from chorus.settings import Settings

ANCHOR = "2024-06-19"  # a Wednesday


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("Wednesday", ANCHOR, ("2024-06-19", "day")),
        ("on Wednesday", ANCHOR, ("2024-06-19", "day")),
        ("Tuesday", ANCHOR, ("2024-06-18", "day")),
        ("last Wednesday", ANCHOR, ("2024-06-12", "day")),
        ("Wednesday night", ANCHOR, ("2024-06-19", "day")),
        ("the early hours of Wednesday morning", ANCHOR, ("2024-06-19", "day")),
        ("last September", ANCHOR, ("2023-09", "month")),
        ("September last year", ANCHOR, ("2023-09", "month")),
        ("July 2000", ANCHOR, ("2000-07", "month")),
        ("February 2022", ANCHOR, ("2022-02", "month")),
        ("earlier this year", ANCHOR, ("2024", "year")),
        ("last week", ANCHOR, ("2024-W24", "week")),
        ("3 weeks ago", ANCHOR, ("2024-W22", "week")),
        ("2019", ANCHOR, ("2019", "year")),
        ("the 1990s", ANCHOR, ("199", "decade")),
        ("March 21", ANCHOR, ("2024-03-21", "day")),
        ("June 19, 2024", None, ("2024-06-19", "day")),
        ("two-day", ANCHOR, ("P2D", "duration")),
        ("day-long", ANCHOR, ("P1D", "duration")),
        ("about five hours", ANCHOR, ("PT5H", "duration")),
        ("four months after", ANCHOR, ("P4M", "duration")),
        ("recent weeks", ANCHOR, ("PXW", "duration")),
        ("a couple of decades", ANCHOR, ("PXDE", "duration")),
    ],
)
def test_resolve_date_values(text: str, anchor: str | None, expected: tuple[str, str]) -> None:
    assert resolve_date(text, anchor) == expected


def test_resolve_date_future_weekday_is_the_next_one() -> None:
    assert resolve_date("Friday", ANCHOR, future=True) == ("2024-06-21", "day")


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("25%", ANCHOR),
        ("2019-nCoV", ANCHOR),
        ("February 30, 2024", ANCHOR),
        ("Wednesday", None),
        ("last September", None),
        ("this year", None),
        ("", ANCHOR),
    ],
)
def test_resolve_date_bad_or_unanchored_input_is_unresolved(text: str, anchor: str | None) -> None:
    assert resolve_date(text, anchor) == (None, "unresolved")


def test_find_dates_seed_003_resolves_against_its_date(seeds_dir: Path, settings: Settings) -> None:
    path = seeds_dir / "003_f1b71006f705685a.txt"
    article = Article(id=path.name, path=str(path), text=path.read_text(encoding="utf-8"))
    mentions = find_dates(article, ANCHOR, settings)
    found = {(m.text, m.value, m.granularity) for m in mentions}
    assert ("last September", "2023-09", "month") in found
    assert ("February 2022", "2022-02", "month") in found
    assert ("two-day", "P2D", "duration") in found
    assert ("Wednesday", "2024-06-19", "day") in found
    for m in mentions:
        assert article.text[m.start : m.end] == m.text
        assert m.anchor == ANCHOR
        assert m.anchor_source == "article"


def test_find_dates_without_anchor_keeps_relative_dates_unresolved(settings: Settings) -> None:
    text = "The talks ended on Wednesday. The two leaders last met in July 2000."
    article = Article(id="a", path="a", text=text)
    found = {
        (m.text, m.value, m.granularity, m.anchor_source)
        for m in find_dates(article, None, settings)
    }
    assert found == {
        ("Wednesday", None, "unresolved", None),
        ("July 2000", "2000-07", "month", None),
    }


@pytest.mark.parametrize(
    "text",
    [
        "Turnout rose 25% in the capital, officials said on Friday.",
        "The 2019-nCoV virus spread quickly, officials said on Friday.",
        "The deadline of February 30, 2024 was impossible, officials said on Friday.",
    ],
)
def test_find_dates_bad_input_invents_nothing(text: str, settings: Settings) -> None:
    article = Article(id="a", path="a", text=text)
    mentions = find_dates(article, ANCHOR, settings)
    resolved = {(m.text, m.value) for m in mentions if m.value is not None}
    assert resolved == {("Friday", "2024-06-14")}
