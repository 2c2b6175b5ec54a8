"""The story page's view helpers: text cut at citations, snippets, the timeline axis."""

from __future__ import annotations

import pytest

from chorus.records import Article, Citation, Fact, FactValue, Story, SummarySentence
from chorus.web.routes import segments, snippet_parts, story_view, timeline_svg


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], [("abcdef", "")]),
        ([(0, 6, "x")], [("abcdef", "x")]),
        ([(1, 3, "x"), (2, 5, "y")], [("a", ""), ("b", "x"), ("c", "x y"), ("de", "y"), ("f", "")]),
        ([(1, 3, "x"), (1, 3, "y")], [("a", ""), ("bc", "x y"), ("def", "")]),
        ([(2, 4, "x"), (4, 6, "y")], [("ab", ""), ("cd", "x"), ("ef", "y")]),
    ],
)
def test_segments_cut_at_every_citation_boundary(
    spans: list[tuple[int, int, str]], expected: list[tuple[str, str]]
) -> None:
    got = segments("abcdef", spans)
    assert [(s.text, s.cites) for s in got] == expected
    assert "".join(s.text for s in got) == "abcdef"


def test_snippet_parts_mark_highlights() -> None:
    assert snippet_parts("a river b", [(2, 7)]) == [("a ", False), ("river", True), (" b", False)]


@pytest.mark.parametrize(
    ("dates", "xs", "labels"),
    [
        (["2024-01-01", "2024-01-11"], [40, 960], ["2024-01-01", "2024-01-11"]),
        (["2024-01-11", "2024", "2024-01-06"], [960, 40, 500], ["2024", "2024-01-11"]),
        (["2024-06-18"], [500], ["2024-06-18"]),
        (["someday", "2024-06-18"], [500], ["2024-06-18"]),
        ([], [], []),
    ],
)
def test_timeline_svg_places_dates_on_the_axis(
    dates: list[str], xs: list[float], labels: list[str]
) -> None:
    svg = timeline_svg(dates)
    assert [d["x"] for d in svg["dots"]] == xs
    assert [t["label"] for t in svg["ticks"]] == labels


def test_timeline_svg_shares_a_marker_for_close_dates() -> None:
    dots = timeline_svg(["2000-07", "2019", "2024-06-18", "2024-06-19", "2024-06-21"])["dots"]
    assert [(d["label"], d["numbers"]) for d in dots] == [
        ("1", [1]),
        ("2", [2]),
        ("3–5", [3, 4, 5]),
    ]
    assert dots[2]["date"] == "2024-06-18 – 2024-06-21"


def test_timeline_svg_lifts_overlapping_markers() -> None:
    dots = timeline_svg(["2024-01-01", "2024-01-12", "2024-12-31"])["dots"]
    assert [d["level"] for d in dots] == [0, 1, 0]
    assert dots[1]["y"] < dots[0]["y"]


def test_story_view_builds_the_coverage_matrix() -> None:
    a = Article(id="a", path="a", text="Six died in the fire.", outlet="A News")
    b = Article(id="b", path="b", text="Seven died in the fire.", outlet="B Times")
    c = Article(id="c", path="c", text="Seven died, it said.", outlet=None)
    fact = Fact(
        "deaths",
        "conflict",
        (Citation("a", 0, 8), Citation("b", 0, 10)),
        values=(
            FactValue("6", (Citation("a", 0, 8),)),
            FactValue("7", (Citation("b", 0, 10), Citation("c", 0, 10))),
        ),
    )
    story = Story(
        id="s",
        title="Fire",
        date=None,
        article_ids=("a", "b", "c"),
        independent_sources=3,
        summary=(SummarySentence("Six died.", (Citation("a", 0, 8), Citation("a", 5, 99))),),
        facts=(fact,),
    )
    view = story_view(story, [c, b, a])
    assert view.outlets == ["A News", "B Times", "unknown outlet"]
    row = view.matrix[0]["cells"]
    assert [(c["outlet"], c["has"], c["given"]) for c in row] == [
        ("A News", True, ["6"]),
        ("B Times", True, ["7"]),
        ("unknown outlet", True, ["7"]),
    ]
    # The out-of-range citation is dropped, the good one kept.
    assert view.summary[0].cites == "s0-0"
    assert [s.article.id for s in view.sources] == ["a", "b", "c"]
    first = view.sources[0].segments[0]
    assert (first.text, first.cites) == ("Six died", "s0-0 f0-0")
