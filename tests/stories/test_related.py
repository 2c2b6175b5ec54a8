"""Back-references that link a story to earlier ones."""

from __future__ import annotations

from datetime import date

import pytest

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
