from __future__ import annotations

import pytest

from chorus.summarize.sentences import is_headline, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Kim met Putin. They talked.", ["Mr. Kim met Putin.", "They talked."]),
        (
            "Gen. Augusto Pinochet, 82, was held. Chile protested.",
            ["Gen. Augusto Pinochet, 82, was held.", "Chile protested."],
        ),
        (
            "President George W. Bush signed it. Aid followed.",
            ["President George W. Bush signed it.", "Aid followed."],
        ),
        (
            "The U.S. House voted. The Senate agreed.",
            ["The U.S. House voted.", "The Senate agreed."],
        ),
        ('"We will win," he said. "Soon."', ['"We will win," he said.', '"Soon."']),
        ("cited Kim as\nsaying. Next one.", ["cited Kim as\nsaying.", "Next one."]),
        (
            "Putin arrives in Pyongyang\nThe plane landed at night.",
            ["Putin arrives in Pyongyang", "The plane landed at night."],
        ),
        (
            "a future arms arrangement.Russian President Putin agreed.",
            ["a future arms arrangement.", "Russian President Putin agreed."],
        ),
        (
            "First paragraph ends.\n\n  Second one starts.",
            ["First paragraph ends.", "Second one starts."],
        ),
        ("", []),
    ],
)
def test_split_sentences_boundaries(text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text)] == expected


def test_split_sentences_offsets_slice_exactly(seed_articles) -> None:
    for article in seed_articles:
        spans = split_sentences(article.text)
        assert spans
        for span in spans:
            assert article.text[span.start : span.end] == span.text
            assert span.text == span.text.strip()


def test_split_sentences_paragraphs_count_blocks() -> None:
    spans = split_sentences("One here. Two here.\n\nThree here.")
    assert [s.paragraph for s in spans] == [0, 0, 1]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Putin thankful for 'unwavering support'", True),
        ("Follow Radio Larkin for more", True),
        ("The bridge reopened on Tuesday.", False),
        ('He called it "historic."', False),
        ("Is it safe?", False),
    ],
)
def test_is_headline_final_punctuation(sentence: str, expected: bool) -> None:
    assert is_headline(sentence) is expected
