"""The embedded store: one SQLite file, WAL mode, FTS5 over article text, versioned schema."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from chorus.errors import StoreError
from chorus.records import Article, Removed, SearchHit, Story, StoryEvent
from chorus.store.codec import story_from_dict, story_to_dict

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
_MIGRATIONS = {1: "sqlite_001.sql", 2: "sqlite_002.sql"}

_ARTICLE_COLUMNS = (
    "id, content_hash, path, title, outlet, outlet_source, date, date_source, language, "
    "duplicate_of, url, authors, text, raw_text, removed, warnings"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore:
    """A Chorus store in one SQLite file; safe to share between threads of one process."""

    def __init__(self, path: str | Path = "chorus.db") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA busy_timeout=30000")
            self._db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self._lock = threading.RLock()
        self._depth = 0
        self._migrate()

    # --- lifecycle -------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.transaction():
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = self._db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            current = int(row[0]) if row else 0
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"store {self.path} has schema version {current}; this Chorus knows "
                    f"{SCHEMA_VERSION}: upgrade Chorus"
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                sql = (
                    resources.files("chorus.store")
                    .joinpath("schema", _MIGRATIONS[version])
                    .read_text(encoding="utf-8")
                )
                log.info("migrating %s to schema version %d", self.path, version)
                for statement in _split_sql(sql):
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                    (str(version),),
                )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outer:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                try:
                    self._db.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._db.execute("ROLLBACK")
                    raise StoreError(f"cannot commit to {self.path}: {exc}") from exc

    # --- articles --------------------------------------------------------------------------
    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        found: set[str] = set()
        chunk: list[str] = []
        for h in hashes:
            chunk.append(h)
            if len(chunk) == 500:
                found |= self._hashes_in(chunk)
                chunk = []
        if chunk:
            found |= self._hashes_in(chunk)
        return found

    def _hashes_in(self, chunk: list[str]) -> set[str]:
        marks = ",".join("?" * len(chunk))
        with self._lock:
            rows = self._db.execute(
                f"SELECT content_hash FROM articles WHERE content_hash IN ({marks})", chunk
            ).fetchall()
        return {r[0] for r in rows}

    def add_articles(self, articles: Iterable[Article]) -> list[str]:
        added: list[str] = []
        first: int | None = None
        with self.transaction():
            for a in articles:
                exists = self._db.execute(
                    "SELECT 1 FROM articles WHERE id = ? OR content_hash = ?",
                    (a.id, a.content_hash),
                ).fetchone()
                if exists:
                    continue
                cursor = self._db.execute(
                    f"INSERT INTO articles ({_ARTICLE_COLUMNS}, added_at) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (*_article_row(a), _now()),
                )
                if first is None:
                    first = cursor.lastrowid
                added.append(a.id)
            if first is not None:
                # The transaction holds the write lock from its start (BEGIN IMMEDIATE), so the
                # rows from `first` on are this batch's: indexed in one statement (schema 2).
                self._db.execute(
                    "INSERT INTO articles_fts(rowid, title, text) "
                    "SELECT rowid, title, text FROM articles WHERE rowid >= ?",
                    (first,),
                )
        return added

    def update_articles(self, articles: Iterable[Article]) -> None:
        """Rewrite stored articles' metadata (an inferred date, a duplicate link)."""
        with self.transaction():
            for a in articles:
                row = _article_row(a)
                self._db.execute(
                    "UPDATE articles SET content_hash=?, path=?, title=?, outlet=?,"
                    " outlet_source=?, date=?, date_source=?, language=?, duplicate_of=?, url=?,"
                    " authors=?, text=?,"
                    " raw_text=?, removed=?, warnings=? WHERE id=?",
                    (*row[1:], row[0]),
                )

    def get_article(self, article_id: str) -> Article | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
        return _article_from_row(row) if row else None

    def get_articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        if ids is None:
            return list(self.iter_articles())
        wanted = list(ids)
        found: dict[str, Article] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
                ).fetchall()
            found.update((r["id"], _article_from_row(r)) for r in rows)
        return [found[i] for i in wanted if i in found]

    def iter_articles(self, batch: int = 1000) -> Iterator[Article]:
        last = 0
        while True:
            with self._lock:
                rows = self._db.execute(
                    f"SELECT rowid, {_ARTICLE_COLUMNS} FROM articles WHERE rowid > ? "
                    "ORDER BY rowid LIMIT ?",
                    (last, batch),
                ).fetchall()
            if not rows:
                return
            last = rows[-1]["rowid"]
            yield from (_article_from_row(r) for r in rows)

    def count_articles(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    # --- stories ---------------------------------------------------------------------------
    def replace_stories(self, stories: Sequence[Story], events: Iterable[StoryEvent] = ()) -> None:
        with self.transaction():
            keep = {s.id for s in stories}
            old = [r[0] for r in self._db.execute("SELECT id FROM stories").fetchall()]
            for story_id in old:
                if story_id not in keep:
                    self._db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
            self.save_stories(stories, events)

    def remove_stories(self, story_ids: Iterable[str]) -> None:
        with self.transaction():
            self._db.executemany("DELETE FROM stories WHERE id = ?", [(i,) for i in story_ids])

    def save_stories(self, stories: Sequence[Story], events: Iterable[StoryEvent] = ()) -> None:
        now = _now()
        with self.transaction():
            for s in stories:
                self._db.execute(
                    "INSERT INTO stories(id, date, title, independent_sources, data, updated_at) "
                    "VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET date=excluded.date, "
                    "title=excluded.title, independent_sources=excluded.independent_sources, "
                    "data=excluded.data, updated_at=excluded.updated_at",
                    (
                        s.id,
                        s.date,
                        s.title,
                        s.independent_sources,
                        json.dumps(story_to_dict(s), ensure_ascii=False),
                        now,
                    ),
                )
                self._db.execute("DELETE FROM story_articles WHERE story_id = ?", (s.id,))
                self._db.executemany(
                    "INSERT INTO story_articles(article_id, story_id) VALUES (?, ?) "
                    "ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id",
                    [(a, s.id) for a in s.article_ids],
                )
            for e in events:
                self._db.execute(
                    "INSERT INTO story_events(at, kind, story_id, detail) VALUES (?,?,?,?)",
                    (e.at or now, e.kind, e.story_id, json.dumps(e.detail, ensure_ascii=False)),
                )

    def get_story(self, story_id: str) -> Story | None:
        with self._lock:
            row = self._db.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return story_from_dict(json.loads(row[0])) if row else None

    def _story_filter(
        self, date_from: str | None, date_to: str | None, outlet: str | None
    ) -> tuple[str, list[Any]]:
        where, args = [], []
        if date_from:
            where.append("s.date >= ?")
            args.append(date_from)
        if date_to:
            where.append("s.date <= ?")
            args.append(date_to)
        if outlet:
            where.append(
                "EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                "WHERE sa.story_id = s.id AND lower(a.outlet) = lower(?))"
            )
            args.append(outlet)
        return (" WHERE " + " AND ".join(where) if where else ""), args

    def get_stories(
        self,
        limit: int | None = None,
        offset: int = 0,
        date_from: str | None = None,
        date_to: str | None = None,
        outlet: str | None = None,
    ) -> list[Story]:
        where, args = self._story_filter(date_from, date_to, outlet)
        # Sort the ids alone, then fetch the page's data: sorting rows that carry each story's
        # whole JSON made the list 4x slower on 4k stories (bench/serve.py).
        sql = (
            f"SELECT s.id FROM stories s{where} "
            "ORDER BY s.date IS NULL, s.date DESC, s.independent_sources DESC, s.id "
            "LIMIT ? OFFSET ?"
        )
        with self._lock:
            ids = [
                r[0]
                for r in self._db.execute(
                    sql, [*args, -1 if limit is None else limit, offset]
                ).fetchall()
            ]
            data: dict[str, str] = {}
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                data.update(
                    self._db.execute(
                        f"SELECT id, data FROM stories WHERE id IN ({marks})", chunk
                    ).fetchall()
                )
        return [story_from_dict(json.loads(data[i])) for i in ids]

    def count_stories(
        self, date_from: str | None = None, date_to: str | None = None, outlet: str | None = None
    ) -> int:
        where, args = self._story_filter(date_from, date_to, outlet)
        with self._lock:
            return int(
                self._db.execute(f"SELECT count(*) FROM stories s{where}", args).fetchone()[0]
            )

    def story_of(self, article_id: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
            ).fetchone()
        return row[0] if row else None

    def story_events(self, story_id: str | None = None) -> list[StoryEvent]:
        sql = "SELECT at, kind, story_id, detail FROM story_events"
        args: list[Any] = []
        if story_id is not None:
            sql += " WHERE story_id = ?"
            args.append(story_id)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY seq", args).fetchall()
        return [
            StoryEvent(
                kind=r["kind"], story_id=r["story_id"], detail=json.loads(r["detail"]), at=r["at"]
            )
            for r in rows
        ]

    # --- search ----------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        match = _fts_query(query)
        if not match:
            return []
        # Rank first, then cut snippets for the page of hits only: snippet() in the ranked query
        # ran over every match (3,000 for "bank" in Reuters-21578) and tripled the time
        # (bench/serve.py).
        ranked = (
            "SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ? "
            "ORDER BY rank LIMIT ? OFFSET ?"
        )
        with self._lock:
            order = self._db.execute(ranked, (match, limit, offset)).fetchall()
            if not order:
                return []
            marks = ",".join("?" * len(order))
            # Matches are marked with private-use U+E000/U+E001, which article text does not use
            # the way it uses brackets; the API and page turn them into spans/<mark> after escaping.
            rows = self._db.execute(
                "SELECT a.rowid, a.id, a.title, sa.story_id, "
                "snippet(articles_fts, 1, char(57344), char(57345), '…', 12) AS snip "
                "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                "LEFT JOIN story_articles sa ON sa.article_id = a.id "
                f"WHERE articles_fts MATCH ? AND articles_fts.rowid IN ({marks})",
                (match, *(r[0] for r in order)),
            ).fetchall()
        by_rowid = {r["rowid"]: r for r in rows}
        return [
            SearchHit(
                article_id=by_rowid[rowid]["id"],
                title=by_rowid[rowid]["title"],
                snippet=by_rowid[rowid]["snip"],
                score=-float(rank),
                story_id=by_rowid[rowid]["story_id"],
            )
            for rowid, rank in order
            if rowid in by_rowid
        ]

    # --- vectors ---------------------------------------------------------------------------
    def put_vectors(self, kind: str, vectors: dict[str, bytes]) -> None:
        with self.transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors(article_id, kind, vector) VALUES (?,?,?)",
                [(k, kind, v) for k, v in vectors.items()],
            )

    def get_vectors(self, kind: str, ids: Iterable[str] | None = None) -> dict[str, bytes]:
        with self._lock:
            rows = self._db.execute(
                "SELECT article_id, vector FROM vectors WHERE kind = ?", (kind,)
            ).fetchall()
        wanted = None if ids is None else set(ids)
        return {r[0]: r[1] for r in rows if wanted is None or r[0] in wanted}


def _fts_query(text: str) -> str:
    """Turn user words into an FTS5 query of quoted terms, so no input is read as FTS syntax."""
    terms = [t.replace('"', '""') for t in text.split() if t.strip('"')]
    return " ".join(f'"{t}"' for t in terms)


def _split_sql(sql: str) -> list[str]:
    """Split a migration file into statements, keeping trigger bodies whole."""
    statements, current = [], []
    for line in sql.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        current.append(line)
        joined = "\n".join(current)
        if sqlite3.complete_statement(joined):
            statements.append(joined)
            current = []
    return statements


def _article_row(a: Article) -> tuple[Any, ...]:
    return (
        a.id,
        a.content_hash,
        a.path,
        a.title,
        a.outlet,
        a.outlet_source,
        a.date,
        a.date_source,
        a.language,
        a.duplicate_of,
        a.url,
        json.dumps(list(a.authors), ensure_ascii=False),
        a.text,
        a.raw_text,
        json.dumps([asdict(r) for r in a.removed], ensure_ascii=False),
        json.dumps(list(a.warnings), ensure_ascii=False),
    )


def _article_from_row(r: sqlite3.Row) -> Article:
    return Article(
        id=r["id"],
        path=r["path"],
        text=r["text"],
        title=r["title"],
        outlet=r["outlet"],
        outlet_source=r["outlet_source"],
        date=r["date"],
        date_source=r["date_source"],
        language=r["language"],
        duplicate_of=r["duplicate_of"],
        removed=tuple(Removed(**x) for x in json.loads(r["removed"])),
        url=r["url"],
        authors=tuple(json.loads(r["authors"])),
        raw_text=r["raw_text"],
        content_hash=r["content_hash"],
        warnings=tuple(json.loads(r["warnings"])),
    )
