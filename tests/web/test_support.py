"""Summary support on the story page and in Markdown: evidence count, lighter highlight (#4)."""

from __future__ import annotations

from typing import Any

import pytest

from chorus.records import Article, Citation, Story, SummarySentence
from chorus.render import story_markdown
from chorus.web.routes import story_view

FLOOD = "Floodwaters forced 300 residents from Marrowby on Tuesday."
LEFT = "Around 250 people left their homes in Marrowby on Tuesday."
ARTICLES = [
    Article(id="a", path="a", text=FLOOD),
    Article(id="b", path="b", text=f"Rain fell. {LEFT}"),
    Article(id="c", path="c", text=f"{LEFT} More rain is due."),
]


def _story(support: tuple[Any, ...]) -> Story:
    sentence = SummarySentence(FLOOD, (Citation("a", 0, len(FLOOD)),), support)
    return Story(
        id="st",
        title="Flood",
        date="2024-06-18",
        article_ids=("a", "b", "c"),
        independent_sources=3,
        summary=(sentence,),
    )


@pytest.mark.parametrize(
    "support",
    [
        (Citation("b", 11, 11 + len(LEFT)), Citation("c", 0, len(LEFT))),
        # As read back from the store: JSON rows, not Citation records.
        (
            {"article_id": "b", "start": 11, "end": 11 + len(LEFT)},
            {"article_id": "c", "start": 0, "end": len(LEFT)},
        ),
    ],
)
def test_story_view_counts_support_as_evidence(support: tuple[Any, ...]) -> None:
    view = story_view(_story(support), ARTICLES)
    s = view.summary[0]
    assert (s.cites, s.support) == ("s0-0", "s0-also-0 s0-also-1")
    assert s.refs == [(1, "art-1")]
    assert s.support_refs == [(2, "art-2"), (3, "art-3")]
    assert s.evidence == 3
    marked = [(src.n, seg.text, seg.cites) for src in view.sources for seg in src.segments]
    assert marked == [
        (1, FLOOD, "s0-0"),
        (2, "Rain fell. ", ""),
        (2, LEFT, "s0-also-0"),
        (3, LEFT, "s0-also-1"),
        (3, " More rain is due.", ""),
    ]


def test_story_markdown_lists_support_after_citations() -> None:
    story = _story((Citation("c", 0, len(LEFT)),))
    text = story_markdown(story, {a.id: a for a in ARTICLES})
    assert f"{FLOOD} [1] (+[3] say the same)" in text.splitlines()


def test_story_markdown_without_support_is_unchanged() -> None:
    text = story_markdown(_story(()), {a.id: a for a in ARTICLES})
    assert f"{FLOOD} [1]" in text.splitlines()


@pytest.mark.slow
def test_summary_click_shades_support_lighter(page: Any, site: Any, records: dict) -> None:
    page.goto(site.url + "/stories/st-flood")
    sentence = page.locator(".summary .sentence").nth(0)
    sentence.click()
    story = next(s for s in records["stories"] if s["id"] == "st-flood")
    c = story["summary"][0]["support"][0]
    text = next(a["text"] for a in records["articles"] if a["id"] == c["article_id"])
    shaded = page.locator(".hl-support")
    assert "".join(shaded.all_inner_texts()) == text[c["start"] : c["end"]]
    assert page.locator(".hl.hl-support").count() == 0
    assert page.locator(".summary .evidence").all_inner_texts() == ["2", "2", "1"]
    assert page.locator(".summary .also").all_inner_texts() == ["(+2 say the same)"]
    page.locator(".summary .sentence").nth(2).hover()
    assert page.locator(".hl-support").count() == 0
    assert page.problems == []
