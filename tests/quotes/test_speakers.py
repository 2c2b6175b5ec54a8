from __future__ import annotations

import pytest

from chorus.nlp import parse
from chorus.quotes.find import find_attributions
from chorus.quotes.speakers import title_map
from chorus.records import Article
from chorus.settings import Settings


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "NATO Secretary General Jens Stoltenberg is touring the US. "
            "He said the alliance must expand its cooperation in the Pacific.",
            "Jens Stoltenberg",
        ),
        (
            "North Korean leader Kim Jong Un met Russian President Vladimir Putin. "
            "The North Korean leader said the two countries would stand together.",
            "Kim Jong Un",
        ),
        (
            "North Korean leader Kim Jong Un met Russian President Vladimir Putin. "
            "The Russian president said the partnership provides for mutual assistance.",
            "Vladimir Putin",
        ),
        (
            "Press secretary Karine Jean-Pierre spoke on Tuesday. "
            "The White House press secretary said the administration was deeply concerned.",
            "Karine Jean-Pierre",
        ),
        ("They said the deal was historic and would last for decades.", None),
    ],
)
def test_resolve_speaker_pronouns_and_titles(
    text: str, speaker: str | None, settings: Settings
) -> None:
    found = find_attributions(Article(id="a", path="a", text=text), settings)
    assert [a.speaker for a in found] == [speaker]


def test_title_map_reads_titles_before_names() -> None:
    titles = title_map(
        parse("North Korean leader Kim Jong Un met Russian President Vladimir Putin.")
    )
    assert [name for _, name, _ in titles["leader"]] == ["Kim Jong Un"]
    assert [name for _, name, _ in titles["president"]] == ["Vladimir Putin"]
