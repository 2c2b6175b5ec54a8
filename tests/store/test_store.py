"""One contract over every store backend (the `store_factory` fixture yields each)."""

from __future__ import annotations

import pytest

from chorus.records import (
    Article,
    Citation,
    Fact,
    FactValue,
    Quote,
    Removed,
    Story,
    StoryEvent,
    SummarySentence,
)


def _article(n: int, text: str | None = None, **kw: object) -> Article:
    body = text or f"Article number {n} says the council met on Tuesday in Riverton."
    return Article(
        id=f"a{n}",
        path=f"in/{n}.txt",
        text=body,
        raw_text="Cookie notice. " + body,
        title=f"Title {n}",
        outlet=kw.pop("outlet", "Example News"),  # type: ignore[arg-type]
        outlet_source="markup",
        date=kw.pop("date", "2024-06-19"),  # type: ignore[arg-type]
        date_source="header",
        removed=(Removed(0, 15, "cookie notice", "Cookie notice. "),),
        authors=("A. Writer",),
        content_hash=f"h{n}",
        warnings=("w",),
    )


def _story(sid: str, ids: tuple[str, ...], date: str = "2024-06-19") -> Story:
    return Story(
        id=sid,
        title=f"Story {sid}",
        date=date,
        article_ids=ids,
        independent_sources=len(ids),
        summary=(
            SummarySentence(
                "The council met.", (Citation(ids[0], 0, 16),), (Citation(ids[-1], 2, 9),)
            ),
        ),
        outlets=("Example News",),
        quotes=(Quote("Ann Lee", "We met.", "said", True, (Citation(ids[0], 1, 8),), "TASS"),),
        facts=(
            Fact(
                "visit length",
                "conflict",
                (Citation(ids[0], 0, 4),),
                (FactValue("two days", (Citation(ids[0], 0, 4),)),),
                "duration",
            ),
        ),
    )


def test_store_add_articles_is_idempotent(store_factory):
    store = store_factory()
    assert store.add_articles([_article(1), _article(2)]) == ["a1", "a2"]
    assert store.add_articles([_article(1), _article(2)]) == []
    assert store.count_articles() == 2


def test_store_same_content_under_other_id_is_stored_once(store_factory):
    store = store_factory()
    store.add_articles([_article(1)])
    copy = _article(9)
    copy = Article(**{**{f: getattr(copy, f) for f in copy.__slots__}, "content_hash": "h1"})
    assert store.add_articles([copy]) == []
    assert store.known_hashes(["h1", "h9"]) == {"h1"}


def test_store_article_round_trip_keeps_every_field(store_factory):
    store = store_factory()
    a = _article(1)
    store.add_articles([a])
    assert store.get_article("a1") == a
    assert store.get_articles(["a1", "missing"]) == [a]
    assert store.get_article("missing") is None


def test_store_story_round_trip_keeps_nested_records(store_factory):
    store = store_factory()
    store.add_articles([_article(1), _article(2)])
    s = _story("s1", ("a1", "a2"))
    store.save_stories([s], [StoryEvent("created", "s1", {"articles": ["a1", "a2"]})])
    assert store.get_story("s1") == s
    events = store.story_events("s1")
    assert [(e.kind, e.detail) for e in events] == [("created", {"articles": ["a1", "a2"]})]


def test_store_replace_stories_drops_the_missing(store_factory):
    store = store_factory()
    store.add_articles([_article(1), _article(2)])
    store.save_stories([_story("s1", ("a1",)), _story("s2", ("a2",))])
    store.replace_stories([_story("s1", ("a1", "a2"))])
    assert [s.id for s in store.get_stories()] == ["s1"]
    assert store.story_of("a2") == "s1"


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({}, ["s2", "s1"]),
        ({"date_from": "2024-01-01"}, ["s2"]),
        ({"date_to": "2024-01-01"}, ["s1"]),
        ({"outlet": "other wire"}, ["s1"]),
        ({"limit": 1, "offset": 1}, ["s1"]),
    ],
)
def test_store_get_stories_filters_and_pages(store_factory, kw, expected):
    store = store_factory()
    store.add_articles([_article(1, outlet="Other Wire", date="2023-09-13"), _article(2)])
    store.save_stories([_story("s1", ("a1",), "2023-09-13"), _story("s2", ("a2",))])
    assert [s.id for s in store.get_stories(**kw)] == expected
    if "limit" not in kw:
        assert store.count_stories(**kw) == len(expected)


def test_store_search_finds_words_and_ignores_query_syntax(store_factory):
    store = store_factory()
    store.add_articles(
        [_article(1, "The treaty was signed in Pyongyang."), _article(2, "Floods hit Riverton.")]
    )
    store.save_stories([_story("s1", ("a1",))])
    hits = store.search("treaty pyongyang")
    assert [h.article_id for h in hits] == ["a1"]
    assert hits[0].story_id == "s1"
    assert "treaty" in hits[0].snippet.lower()
    assert store.search('" OR 1=1; DROP TABLE articles; --') == []
    assert store.count_articles() == 2


def test_store_search_indexes_each_batch_once(store_factory):
    store = store_factory()
    store.add_articles([_article(1, "The treaty was signed."), _article(2, "Floods hit Riverton.")])
    store.add_articles([_article(1, "The treaty was signed."), _article(3, "A treaty on floods.")])
    assert sorted(h.article_id for h in store.search("treaty")) == ["a1", "a3"]
    assert sorted(h.article_id for h in store.search("floods")) == ["a2", "a3"]
    assert [h.article_id for h in store.search("riverton")] == ["a2"]


def test_store_failed_transaction_leaves_nothing(store_factory):
    store = store_factory()

    def interrupted() -> None:
        with store.transaction():
            store.add_articles([_article(1)])
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError, match="interrupted"):
        interrupted()
    assert store.count_articles() == 0
    assert store.add_articles([_article(1)]) == ["a1"]


def test_store_vectors_round_trip(store_factory):
    store = store_factory()
    store.add_articles([_article(1), _article(2)])
    store.put_vectors("wordllama", {"a1": b"\x00\x01", "a2": b"\x02"})
    assert store.get_vectors("wordllama") == {"a1": b"\x00\x01", "a2": b"\x02"}
    assert store.get_vectors("wordllama", ["a2"]) == {"a2": b"\x02"}
    assert store.get_vectors("other") == {}


def test_store_remove_stories_keeps_the_others_and_the_articles(store_factory):
    store = store_factory()
    store.add_articles([_article(1), _article(2)])
    store.save_stories([_story("s1", ("a1",)), _story("s2", ("a2",))])
    store.remove_stories(["s1", "missing"])
    assert [s.id for s in store.get_stories()] == ["s2"]
    assert store.story_of("a1") is None
    assert store.count_articles() == 2
