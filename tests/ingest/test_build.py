from __future__ import annotations

import pytest

from chorus.ingest import build
from chorus.ingest.build import build_article, build_articles
from chorus.ingest.draft import Draft
from chorus.records import Article, Rejection

_EN = "The council met on Tuesday and agreed to rebuild the harbour wall after the storm. " * 3
_DE = "Der Stadtrat hat am Dienstag beschlossen, die Hafenmauer nach dem Sturm neu zu bauen. " * 3


def _items() -> list[Draft | Rejection]:
    return [
        Draft(id="a", path="a.txt", raw_text=_EN),
        Rejection("b.xml", "feed is not XML"),
        Draft(id="c", path="c.txt", raw_text="Too short."),
        Draft(id="d", path="d.txt", raw_text=_DE),
        Draft(id="e", path="e.txt", raw_text=_EN.upper()),
    ]


@pytest.mark.parametrize("chunk", [1, 2, 256])
def test_build_articles_keeps_order_and_labels_each_chunk(settings, monkeypatch, chunk):
    monkeypatch.setattr(build, "CHUNK", chunk)
    out = list(build_articles(_items(), settings))
    assert [type(x).__name__ for x in out] == [
        "Article",
        "Rejection",
        "Rejection",
        "Article",
        "Article",
    ]
    a, b, c, d, e = out
    assert b == Rejection("b.xml", "feed is not XML")
    assert c == Rejection("c.txt", "no article text")
    assert all(isinstance(x, Article) for x in (a, d, e))
    assert (a.language, d.language, e.language) == ("en", "de", "en")
    assert (a.warnings, e.warnings) == ((), ())
    assert d.warnings == ("language is de, not English: stories and summaries may be poor",)


def test_build_articles_equals_build_article(settings):
    drafts = [x for x in _items() if isinstance(x, Draft) and x.id != "c"]
    assert list(build_articles(drafts, settings)) == [build_article(x, settings) for x in drafts]
