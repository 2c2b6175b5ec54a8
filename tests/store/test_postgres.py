"""PostgreSQL store: the behaviour it shares with SQLite, and what only a server can do to it."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable

import psycopg
import pytest

from chorus.errors import StoreError
from chorus.records import Article, Removed, Story, StoryEvent
from chorus.store.base import Store

pytestmark = pytest.mark.slow


def _article(n: int, text: str | None = None, **kw: object) -> Article:
    body = text or f"Article number {n} tells of the harbour bridge opening in town {n}."
    return Article(
        id=f"a{n}",
        path=f"in/{n}.txt",
        text=body,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        removed=(Removed(0, 5, "photo credit", "Photo"),),
        authors=("Ann Lee",),
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("n", [3])
def test_store_add_articles_roundtrip_and_idempotent(
    store_factory: Callable[[], Store], n: int
) -> None:
    store = store_factory()
    batch = [_article(i, title=f"T{i}", date="2024-06-19") for i in range(n)]
    assert store.add_articles(batch) == ["a0", "a1", "a2"]
    assert store.add_articles(batch) == []
    copy = _article(9, text=batch[0].text)
    assert store.add_articles([copy]) == []
    assert store.count_articles() == n
    assert store.get_article("a1") == batch[1]
    assert [a.id for a in store.get_articles(["a2", "a0", "zz"])] == ["a2", "a0"]
    assert [a.id for a in store.iter_articles(batch=2)] == ["a0", "a1", "a2"]
    assert store.known_hashes([batch[0].content_hash, "nope"]) == {batch[0].content_hash}


@pytest.mark.parametrize("query", ["harbour bridges"])
def test_store_search_finds_stemmed_words(store_factory: Callable[[], Store], query: str) -> None:
    store = store_factory()
    store.add_articles([_article(1), _article(2, text="Nothing about it here at all today.")])
    hits = store.search(query)
    assert [h.article_id for h in hits] == ["a1"]
    assert "\ue000harbour\ue001" in hits[0].snippet
    assert store.search("   ") == []


def test_store_stories_history_and_order(store_factory: Callable[[], Store]) -> None:
    store = store_factory()
    store.add_articles([_article(i) for i in range(4)])
    s1 = Story("s1", "One", "2024-06-19", ("a0", "a1"), 2)
    s2 = Story("s2", "Two", "2024-06-20", ("a2",), 1)
    s3 = Story("S3", "Three", None, ("a3",), 1)
    store.replace_stories([s1, s2, s3], [StoryEvent("created", "s1", {"articles": ["a0"]})])
    assert [s.id for s in store.get_stories()] == ["s2", "s1", "S3"]
    assert store.count_stories(date_from="2024-06-20") == 1
    store.replace_stories([Story("s1", "One", "2024-06-19", ("a0", "a1", "a2"), 3)])
    assert store.get_story("s2") is None
    assert store.get_story("s1").article_ids == ("a0", "a1", "a2")  # type: ignore[union-attr]
    assert [(e.kind, e.story_id, e.detail) for e in store.story_events()] == [
        ("created", "s1", {"articles": ["a0"]})
    ]


def test_postgres_migration_sets_schema_version_once(pg_url: str) -> None:
    from chorus.store.postgres import SCHEMA_VERSION, PostgresStore

    with PostgresStore(pg_url) as first, PostgresStore(pg_url) as second:
        assert first.schema_version() == SCHEMA_VERSION
        assert second.schema_version() == SCHEMA_VERSION


def test_postgres_newer_schema_is_refused(pg_url: str) -> None:
    from chorus.store.postgres import PostgresStore

    PostgresStore(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99"):
        PostgresStore(pg_url)


def test_postgres_concurrent_writers_store_each_text_once(pg_url: str) -> None:
    from chorus.store.postgres import PostgresStore

    batch = [_article(i) for i in range(200)]
    added: list[list[str]] = []

    def write() -> None:
        with PostgresStore(pg_url) as store:
            added.append(store.add_articles(batch))

    threads = [threading.Thread(target=write) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(a) for a in added) == [0, 0, 0, 200]
    with PostgresStore(pg_url) as store:
        assert store.count_articles() == 200


def test_postgres_unreachable_server_is_store_error() -> None:
    from chorus.store import postgres

    with pytest.raises(StoreError, match="cannot connect"):
        postgres.PostgresStore(
            "postgresql://nobody@127.0.0.1:1/none", connect_timeout=1, connect_tries=1
        )
