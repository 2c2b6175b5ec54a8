"""Back-references that link a story to earlier ones."""

from __future__ import annotations

import re
from datetime import date

import pytest

from chorus.stories import related
from chorus.stories.related import back_references


@pytest.mark.parametrize(
    ("text", "anchor", "refs"),
    [
        ("a similar trip to Russia last September", date(2024, 6, 19), [(2023, 9)]),
        ("the talks last March", date(2024, 6, 19), [(2024, 3)]),
        ("Putin last visited in July 2000", date(2024, 6, 19), [(2000, 7)]),
        ("ties deepened last year", date(2024, 6, 19), [(2023, None)]),
    ],
)
def test_back_references_resolve_against_anchor(
    text: str, anchor: date, refs: list[tuple[int, int | None]]
) -> None:
    assert back_references(text, anchor) == (refs, True)


def test_back_references_none_in_plain_text() -> None:
    assert back_references("The river flooded on Monday.", date(2025, 3, 10)) == ([], False)


_NAMES = related._MONTH_NAMES
_LAST_MONTH = re.compile(rf"\blast ({_NAMES})\b")
_MONTH_YEAR = re.compile(rf"\b({_NAMES}),? ((?:19|20)\d\d)\b")
_LAST_UNIT = re.compile(r"\b(last|previous|past) (year|month)\b")
_EARLIER = re.compile(
    r"\b(?:previous|last|earlier|prior|first) (?:visit|meeting|summit|trip|talks|round)\b"
)


def _by_patterns(text: str, anchor: date | None) -> tuple[list, bool]:
    """`back_references` written directly with the four patterns it is defined by."""
    text = text.lower()
    refs: list = []
    found = bool(_EARLIER.search(text))
    for m in _LAST_MONTH.finditer(text):
        found = True
        if anchor is not None:
            month = related._MONTHS[m.group(1)]
            refs.append((anchor.year if month < anchor.month else anchor.year - 1, month))
    for m in _MONTH_YEAR.finditer(text):
        year, month = int(m.group(2)), related._MONTHS[m.group(1)]
        if anchor is None or (year, month) < (anchor.year, anchor.month):
            found = True
            refs.append((year, month))
    for m in _LAST_UNIT.finditer(text):
        found = True
        if anchor is not None:
            if m.group(2) == "year":
                refs.append((anchor.year - 1, None))
            else:
                d = date.fromordinal(anchor.replace(day=1).toordinal() - 1)
                refs.append((d.year, d.month))
    return refs, found


_TRICKY = [
    "Kim's visit to Russia last September, and their previous meeting in April 2019.",
    "In dismay 2019 may\n2020 may 2021, March, 1999 september, 2001 x2019 120190",
    "last first meeting; the previous year's summit; past month2; last may's; blast year",
    "LAST MARCH the Previous Visit, the Prior Talks, first round, earlier trip_s",
    "_last year, élast month, 3last year, (last year), past-month, last  year",
    "September 2001. September, 2001 and september,2001 and May 19 2001",
]


@pytest.mark.parametrize("anchor", [None, date(2024, 6, 19), date(2001, 9, 1)])
def test_back_references_match_their_patterns(seeds_dir, anchor):
    texts = [*_TRICKY, *(p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt")))]
    for text in texts:
        assert back_references(text, anchor) == _by_patterns(text, anchor), text
    assert back_references(_TRICKY[0], date(2024, 6, 19)) == ([(2023, 9), (2019, 4)], True)
