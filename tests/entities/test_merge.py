from __future__ import annotations

import pytest

from chorus.entities.merge import canonical_names, merge_entities
from chorus.records import Article
from chorus.settings import Settings


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (
            [("Kim Jong Un", "PERSON"), ("Kim", "PERSON"), ("Kim Yo Jong", "PERSON"),
             ("Kim Jong Un", "PERSON")],
            {"Kim Jong Un": "Kim Jong Un", "Kim": "Kim Jong Un", "Kim Yo Jong": "Kim Yo Jong"},
        ),
        ([("Putin", "PERSON")], {"Putin": "Putin"}),
        ([("NATO", "ORG"), ("Nato", "ORG"), ("NATO", "ORG")], {"NATO": "NATO", "Nato": "NATO"}),
    ],
)  # fmt: skip
def test_canonical_names_short_to_full(names: list, expected: dict) -> None:
    assert canonical_names(names) == expected


def test_merge_entities_names_and_roles(settings: Settings) -> None:
    text = (
        "North Korean leader Kim Jong Un welcomed Russian President Vladimir Putin. "
        "Kim hugged Putin at the airport. The North Korean leader then drove Putin to the city."
    )
    article = Article(id="a", path="a", text=text)
    entities = {e.name: e for e in merge_entities([article], settings)}
    kim = entities["Kim Jong Un"]
    assert kim.label == "PERSON"
    assert set(kim.aliases) == {"Kim", "The North Korean leader"}
    assert [text[c.start : c.end] for c in kim.mentions] == [
        "Kim Jong Un",
        "Kim",
        "The North Korean leader",
    ]
    assert set(entities["Vladimir Putin"].aliases) == {"Putin"}
    assert "Kim" not in entities


@pytest.mark.parametrize(
    ("names", "short", "expected"),
    [
        # A one-word name seen first with a label that never maps still joins its full name
        # when it also comes as ORG.
        ([("Fed", "GPE"), ("Fed Reserve", "PERSON"), ("Fed", "ORG")], "Fed", "Fed Reserve"),
        ([("Fed", "GPE"), ("Fed Reserve", "PERSON")], "Fed", "Fed"),
        # Last word matches too; ties go to the commoner, then shorter name.
        ([("Ann Lee", "PERSON"), ("Bo Lee", "PERSON"), ("Bo Lee", "PERSON"), ("Lee", "PERSON")],
         "Lee", "Bo Lee"),
    ],
)  # fmt: skip
def test_issue_8_canonical_names_label_and_ties(names: list, short: str, expected: str) -> None:
    assert canonical_names(names)[short] == expected
