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
        # Words longer than the window looked at before a stop: not read as "gen." or "st."
        (
            "It was " + "x" * 40 + "gen. Then it rained.",
            ["It was " + "x" * 40 + "gen.", "Then it rained."],
        ),
        (
            "Paid in " + "A" * 35 + "St. Then it rained.",
            ["Paid in " + "A" * 35 + "St.", "Then it rained."],
        ),
        ("Rain fell... Then it stopped.", ["Rain fell...", "Then it stopped."]),
        ('He met Sen. "Ted" Cruz. They ate.', ['He met Sen. "Ted" Cruz.', "They ate."]),
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


def test_issue_8_split_sentences_long_paragraph() -> None:
    # One 2,000-sentence paragraph: cut at every stop, with offsets slicing the text.
    text = " ".join(f"Sentence {i} ends here." for i in range(2000))
    spans = split_sentences(text)
    assert len(spans) == 2000
    assert spans[1234].text == "Sentence 1234 ends here."
    assert text[spans[-1].start : spans[-1].end] == "Sentence 1999 ends here."
