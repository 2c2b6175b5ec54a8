"""What only the SQLite store has: its file's schema migrations."""

from __future__ import annotations

import sqlite3
from importlib import resources

from chorus.records import Article
from chorus.store import sqlite as sqlite_store
from chorus.store.sqlite import SQLiteStore


def _article(n: int, text: str) -> Article:
    return Article(id=f"a{n}", path=f"{n}.txt", text=text, content_hash=f"h{n}")


def _version_1_store(path: str) -> None:
    """Write a store as Chorus with schema version 1 made it, with one article in it."""
    sql = resources.files("chorus.store").joinpath("schema", "sqlite_001.sql").read_text()
    db = sqlite3.connect(path)
    db.executescript(sql)
    db.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '1')")
    db.execute(
        "INSERT INTO articles(id, content_hash, path, text, added_at) "
        "VALUES ('old', 'h-old', 'old.txt', 'An old treaty story.', '2024-06-19')"
    )
    db.commit()
    db.close()


def test_sqlite_store_migrates_version_1_and_keeps_its_index(tmp_path):
    path = str(tmp_path / "v1.db")
    _version_1_store(path)
    with SQLiteStore(path) as store:
        store.add_articles([_article(1, "A new treaty story.")])
        assert sorted(h.article_id for h in store.search("treaty")) == ["a1", "old"]
        triggers = {
            r[0] for r in store._db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        version = store._db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    assert triggers == {"articles_ad", "articles_au"}
    assert int(version[0]) == sqlite_store.SCHEMA_VERSION == 2


def test_sqlite_store_update_and_delete_keep_the_index(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as store:
        store.add_articles([_article(1, "A treaty story."), _article(2, "A flood story.")])
        store.update_articles([_article(1, "A summit story.")])
        assert [h.article_id for h in store.search("summit")] == ["a1"]
        assert store.search("treaty") == []
        with store.transaction():
            store._db.execute("DELETE FROM articles WHERE id = 'a2'")
        assert store.search("flood") == []


def test_sqlite_store_indexes_each_new_row_once(tmp_path):
    with SQLiteStore(tmp_path / "s.db") as store:
        store.add_articles([_article(1, "A treaty story."), _article(2, "A flood story.")])
        store.add_articles([_article(2, "A flood story."), _article(3, "Treaty floods.")])
        # FTS5 checks its index against the articles table: a row indexed twice, or not at
        # all, fails the check.
        store._db.execute(
            "INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)"
        )
        assert sorted(h.article_id for h in store.search("treaty")) == ["a1", "a3"]
