from __future__ import annotations

from pathlib import Path

import pytest

from chorus.records import Article, Story
from chorus.settings import Settings
from chorus.understand import understand_story

STORY_DATE = "2024-06-19"


@pytest.fixture
def seed_story(seeds_dir: Path) -> tuple[Story, list[Article]]:
    articles = [
        Article(
            id=p.name,
            path=str(p),
            text=p.read_text(encoding="utf-8"),
            # 002 has no date of its own: its dates must be anchored on the story's.
            date=None if p.name.startswith("002") else STORY_DATE,
        )
        for p in sorted(seeds_dir.glob("*.txt"))
        if not p.name.startswith("001")
    ]
    story = Story(
        id="s1",
        title="Putin visits Pyongyang",
        date=STORY_DATE,
        article_ids=tuple(a.id for a in articles),
        independent_sources=len(articles),
    )
    return story, articles


def test_understand_story_citations_slice_exactly(seed_story, settings: Settings) -> None:
    story, articles = seed_story
    out = understand_story(story, articles, settings)
    texts = {a.id: a.text for a in articles}
    for part in (out.quotes, out.dates, out.timeline, out.facts, out.entities):
        assert part
    for m in out.dates:
        assert texts[m.article_id][m.start : m.end] == m.text
    for q in out.quotes:
        # The text is the first outlet's wording; other outlets may word it differently.
        first = q.sources[0]
        assert texts[first.article_id][first.start : first.end] in q.text
        for c in q.sources:
            assert texts[c.article_id][c.start : c.end].strip()
    for f in out.facts:
        for c in f.sources:
            assert 0 <= c.start < c.end <= len(texts[c.article_id])
    for e in out.entities:
        for c in e.mentions:
            assert texts[c.article_id][c.start : c.end] in {e.name, *e.aliases}


def test_understand_story_anchors_undated_article_on_story(seed_story, settings: Settings) -> None:
    story, articles = seed_story
    out = understand_story(story, articles, settings)
    wednesday = [m for m in out.dates if m.article_id.startswith("002") and m.text == "Wednesday"]
    assert [(m.value, m.anchor, m.anchor_source) for m in wednesday] == [
        ("2024-06-19", STORY_DATE, "story")
    ]
    dated = [m for m in out.dates if m.article_id.startswith("003") and m.value]
    assert {m.anchor_source for m in dated} == {"article"}


def test_understand_story_seed_quotes(seed_story, settings: Settings) -> None:
    story, articles = seed_story
    out = understand_story(story, articles, settings)
    tass = next(q for q in out.quotes if q.channel == "TASS")
    assert tass.speaker == "Kim Jong Un"
    assert tass.text == (
        "The situation in the world is becoming more complicated and changing rapidly"
    )
    jean_pierre = [q for q in out.quotes if q.speaker == "Karine Jean-Pierre"]
    assert [q.cue for q in jean_pierre] == ["said"]
    treaty = next(f for f in out.facts if f.slot == "name" and "Partnership" in f.text)
    assert treaty.status == "agreed"
    assert any(f.status == "conflict" and f.slot == "visit:length" for f in out.facts)


def test_understand_story_without_any_date_leaves_relative_dates_unresolved(
    settings: Settings,
) -> None:
    article = Article(
        id="x", path="x", text='The summit ended on Wednesday. "It went well," Ann Lee said.'
    )
    story = Story(id="s", title="t", date=None, article_ids=("x",), independent_sources=1)
    out = understand_story(story, [article], settings)
    assert [(m.text, m.value, m.granularity, m.anchor) for m in out.dates] == [
        ("Wednesday", None, "unresolved", None)
    ]
    assert out.timeline == ()
    assert [(q.speaker, q.text) for q in out.quotes] == [("Ann Lee", "It went well")]
