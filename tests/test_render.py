from __future__ import annotations

import json

from chorus.records import Article, Citation, Fact, Quote, Report, Story, SummarySentence
from chorus.render import report_json, report_markdown, story_markdown


def _story(facts: tuple[Fact, ...] = ()) -> Story:
    return Story(
        id="s-1",
        title="Council meets",
        date="2024-06-19",
        article_ids=("a", "b"),
        independent_sources=2,
        summary=(
            SummarySentence("The council met.", (Citation("a", 0, 16),), (Citation("b", 0, 9),)),
        ),
        quotes=(Quote("Ann Lee", "We met", "said", True, (Citation("b", 3, 9),), "TASS"),),
        facts=facts,
    )


def test_render_markdown_numbers_sources_and_support():
    articles = {
        "a": Article(id="a", path="a.txt", text="The council met.", outlet="One", title="A"),
        "b": Article(id="b", path="b.txt", text="Council met.", outlet="Two", duplicate_of="a"),
    }
    text = story_markdown(_story(), articles)
    assert text.startswith("# Council meets\n")
    assert "The council met. [1] (+[2] say the same)" in text
    assert "- **Ann Lee** (via TASS): “We met” [2]" in text
    assert "2. Two: b (undated) `b` — copy of `a`" in text


def test_render_markdown_shortens_single_outlet_facts():
    c = (Citation("a", 0, 3),)
    facts = (
        Fact("agreed one", "agreed", c),
        *(Fact(f"single {i}", "single", c) for i in range(10)),
    )
    text = story_markdown(_story(facts), {})
    assert "- **agreed** agreed one [1]" in text
    assert "single 7" in text
    assert "single 8" not in text
    assert "- … and 2 more facts that one outlet alone reports" in text


def test_render_report_json_and_rejections():
    report = Report(articles=(), stories=(_story(),), errors=())
    data = json.loads(report_json(report))
    assert data["stories"][0]["summary"][0]["citations"] == [
        {"article_id": "a", "start": 0, "end": 16}
    ]
    assert report_markdown(report).count("# Council meets") == 1
