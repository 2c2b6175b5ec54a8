"""The shared store: PostgreSQL (psycopg 3) with the SQLite store's tables and behaviour.

Full-text search uses PostgreSQL's own `tsvector` and `websearch_to_tsquery`; writers in several
processes are safe because ids and content hashes are unique keys and every insert is
`ON CONFLICT DO NOTHING`. A lost connection (a server restart) is reported as `StoreError`; the next
call outside a transaction reconnects, so a rerun completes the job without duplicates.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from chorus.errors import StoreError
from chorus.records import Article, Removed, SearchHit, Story, StoryEvent
from chorus.store.codec import story_from_dict, story_to_dict

try:
    import psycopg
    from psycopg.rows import dict_row
except ImportError as exc:  # pragma: no cover - the extra is not installed
    raise StoreError("PostgreSQL stores need psycopg: pip install 'chorus-news[postgres]'") from exc

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_MIGRATIONS = {1: "postgres_001.sql"}
_MIGRATION_LOCK = 0x63686F72  # "chor": advisory lock id that serialises concurrent migrations

_ARTICLE_COLUMNS = (
    "id, content_hash, path, title, outlet, outlet_source, date, date_source, language, "
    "duplicate_of, url, authors, text, raw_text, removed, warnings"
)

_HEADLINE = (
    "StartSel=\ue000, StopSel=\ue001, MaxWords=12, MinWords=4, MaxFragments=1, FragmentDelimiter=…"
)
"""ts_headline options mirroring the SQLite store's snippet(…, U+E000, U+E001, '…', 12): matches
marked with private-use characters that the API and page turn into <mark> after escaping."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PostgresStore:
    """A Chorus store in a PostgreSQL database; one connection, safe to share between threads.

    `connect_tries` attempts reach the server, 0.5 s apart and doubling: the default 5 waits
    ~7.5 s in all, longer than a `pg_ctl restart` takes here (~1–2 s).

    >>> store = PostgresStore("postgresql://localhost/chorus")  # doctest: +SKIP
    """

    def __init__(self, url: str, *, connect_timeout: int = 10, connect_tries: int = 5) -> None:
        self.url = url
        self._connect_timeout = connect_timeout
        self._connect_tries = connect_tries
        self._lock = threading.RLock()
        self._depth = 0
        self._db: psycopg.Connection[Any] | None = None
        self._connect()
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    # --- lifecycle -------------------------------------------------------------------------
    def _connect(self) -> psycopg.Connection[Any]:
        delay = 0.5
        for attempt in range(1, self._connect_tries + 1):
            try:
                self._db = psycopg.connect(
                    self.url,
                    autocommit=True,
                    row_factory=dict_row,
                    connect_timeout=self._connect_timeout,
                )
                return self._db
            except psycopg.OperationalError as exc:
                if attempt >= self._connect_tries:
                    raise StoreError(f"cannot connect to {_safe(self.url)}: {exc}") from exc
                log.warning("cannot connect to %s (attempt %d): %s", _safe(self.url), attempt, exc)
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def _conn(self) -> psycopg.Connection[Any]:
        """The live connection, reconnecting first when the old one broke outside a transaction."""
        db = self._db
        if db is None or db.closed or db.broken:
            if self._depth:
                raise StoreError(f"lost the connection to {_safe(self.url)} mid-transaction")
            log.info("reconnecting to %s", _safe(self.url))
            db = self._connect()
        return db

    def _migrate(self) -> None:
        with self.transaction():
            db = self._conn()
            db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            current = int(row["value"]) if row else 0
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"store {_safe(self.url)} has schema version {current}; this Chorus knows "
                    f"{SCHEMA_VERSION}: upgrade Chorus"
                )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                sql = (
                    resources.files("chorus.store")
                    .joinpath("schema", _MIGRATIONS[version])
                    .read_text(encoding="utf-8")
                )
                log.info("migrating %s to schema version %d", _safe(self.url), version)
                db.execute(sql)  # type: ignore[arg-type]  # a trusted file, several statements
                db.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema_version', %s) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (str(version),),
                )

    def schema_version(self) -> int:
        """Return the schema version the database is at."""
        row = self._query_one("SELECT value FROM meta WHERE key='schema_version'")
        return int(row["value"]) if row else 0

    def close(self) -> None:
        with self._lock:
            if self._db is not None and not self._db.closed:
                self._db.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            outer = self._depth == 0
            if outer:
                db = self._conn()
                try:
                    db.execute("BEGIN")
                except psycopg.Error as exc:
                    raise StoreError(f"cannot write to {_safe(self.url)}: {exc}") from exc
            self._depth += 1
            try:
                yield
            except BaseException as exc:
                self._depth -= 1
                if outer:
                    self._rollback()
                    if isinstance(exc, psycopg.Error):
                        raise StoreError(f"cannot write to {_safe(self.url)}: {exc}") from exc
                raise
            self._depth -= 1
            if outer:
                try:
                    self._conn().execute("COMMIT")
                except psycopg.Error as exc:
                    self._rollback()
                    raise StoreError(f"cannot commit to {_safe(self.url)}: {exc}") from exc

    def _rollback(self) -> None:
        db = self._db
        if db is None or db.closed or db.broken:
            return
        try:
            db.execute("ROLLBACK")
        except psycopg.Error as exc:
            log.warning("rollback on %s failed: %s", _safe(self.url), exc)

    def _query(self, sql: str, args: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            try:
                return self._conn().execute(sql, args).fetchall()  # type: ignore[arg-type]
            except psycopg.Error as exc:
                raise StoreError(f"cannot read {_safe(self.url)}: {exc}") from exc

    def _query_one(self, sql: str, args: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self._query(sql, args)
        return rows[0] if rows else None

    # --- articles --------------------------------------------------------------------------
    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        wanted = list(hashes)
        found: set[str] = set()
        for i in range(0, len(wanted), 5000):
            rows = self._query(
                "SELECT content_hash FROM articles WHERE content_hash = ANY(%s)",
                (wanted[i : i + 5000],),
            )
            found.update(r["content_hash"] for r in rows)
        return found

    def add_articles(self, articles: Iterable[Article]) -> list[str]:
        batch = list(articles)
        if not batch:
            return []
        now = _now()
        with self.transaction():
            db = self._conn()
            # COPY into a scratch table, then one INSERT … ON CONFLICT DO NOTHING: a copy already
            # there (same id or same content hash, from this or another writer) is skipped.
            db.execute(
                "CREATE TEMP TABLE IF NOT EXISTS incoming (ord INTEGER, id TEXT, "
                "content_hash TEXT, path TEXT, title TEXT, outlet TEXT, outlet_source TEXT, "
                "date TEXT, date_source TEXT, language TEXT, duplicate_of TEXT, url TEXT, "
                "authors TEXT, text TEXT, raw_text TEXT, removed TEXT, warnings TEXT) "
                "ON COMMIT DELETE ROWS"
            )
            db.execute("TRUNCATE incoming")
            with db.cursor().copy(f"COPY incoming (ord, {_ARTICLE_COLUMNS}) FROM STDIN") as copy:
                for n, a in enumerate(batch):
                    copy.write_row((n, *_article_row(a)))
            rows = db.execute(
                f"INSERT INTO articles ({_ARTICLE_COLUMNS}, added_at) "
                f"SELECT {_ARTICLE_COLUMNS}, %s FROM incoming ORDER BY ord "
                "ON CONFLICT DO NOTHING RETURNING id",
                (now,),
            ).fetchall()
        added = {r["id"] for r in rows}
        return [a.id for a in batch if a.id in added]

    def update_articles(self, articles: Iterable[Article]) -> None:
        """Rewrite stored articles' metadata (an inferred date, a duplicate link)."""
        with self.transaction(), self._conn().cursor() as cur:
            cur.executemany(
                "UPDATE articles SET content_hash=%s, path=%s, title=%s, outlet=%s, "
                "outlet_source=%s, date=%s, date_source=%s, language=%s, duplicate_of=%s, "
                "url=%s, authors=%s, text=%s, raw_text=%s, removed=%s, warnings=%s "
                "WHERE id=%s",
                [(*row[1:], row[0]) for row in map(_article_row, articles)],
            )

    def get_article(self, article_id: str) -> Article | None:
        row = self._query_one(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,)
        )
        return _article_from_row(row) if row else None

    def get_articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        if ids is None:
            return list(self.iter_articles())
        wanted = list(ids)
        found: dict[str, Article] = {}
        for i in range(0, len(wanted), 1000):
            rows = self._query(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ANY(%s)",
                (wanted[i : i + 1000],),
            )
            found.update((r["id"], _article_from_row(r)) for r in rows)
        return [found[i] for i in wanted if i in found]

    def iter_articles(self, batch: int = 1000) -> Iterator[Article]:
        last = 0
        while True:
            rows = self._query(
                f"SELECT rowid, {_ARTICLE_COLUMNS} FROM articles WHERE rowid > %s "
                "ORDER BY rowid LIMIT %s",
                (last, batch),
            )
            if not rows:
                return
            last = rows[-1]["rowid"]
            yield from (_article_from_row(r) for r in rows)

    def count_articles(self) -> int:
        row = self._query_one("SELECT count(*) AS n FROM articles")
        return int(row["n"]) if row else 0

    # --- stories ---------------------------------------------------------------------------
    def replace_stories(self, stories: Sequence[Story], events: Iterable[StoryEvent] = ()) -> None:
        with self.transaction():
            keep = [s.id for s in stories]
            self._conn().execute("DELETE FROM stories WHERE NOT (id = ANY(%s))", (keep,))
            self.save_stories(stories, events)

    def remove_stories(self, story_ids: Iterable[str]) -> None:
        gone = list(story_ids)
        if gone:
            with self.transaction():
                self._conn().execute("DELETE FROM stories WHERE id = ANY(%s)", (gone,))

    def save_stories(self, stories: Sequence[Story], events: Iterable[StoryEvent] = ()) -> None:
        now = _now()
        with self.transaction(), self._conn().cursor() as cur:
            cur.executemany(
                "INSERT INTO stories(id, date, title, independent_sources, data, updated_at) "
                "VALUES (%s,%s,%s,%s,%s,%s) ON CONFLICT(id) DO UPDATE SET date=excluded.date, "
                "title=excluded.title, independent_sources=excluded.independent_sources, "
                "data=excluded.data, updated_at=excluded.updated_at",
                [
                    (
                        s.id,
                        s.date,
                        s.title,
                        s.independent_sources,
                        json.dumps(story_to_dict(s), ensure_ascii=False),
                        now,
                    )
                    for s in stories
                ],
            )
            ids = [s.id for s in stories]
            cur.execute("DELETE FROM story_articles WHERE story_id = ANY(%s)", (ids,))
            members = [(a, s.id) for s in stories for a in s.article_ids]
            if members:
                cur.executemany(
                    "INSERT INTO story_articles(article_id, story_id) VALUES (%s, %s) "
                    "ON CONFLICT(article_id) DO UPDATE SET story_id = excluded.story_id",
                    members,
                )
            rows = [
                (e.at or now, e.kind, e.story_id, json.dumps(e.detail, ensure_ascii=False))
                for e in events
            ]
            if rows:
                cur.executemany(
                    "INSERT INTO story_events(at, kind, story_id, detail) VALUES (%s,%s,%s,%s)",
                    rows,
                )

    def get_story(self, story_id: str) -> Story | None:
        row = self._query_one("SELECT data FROM stories WHERE id = %s", (story_id,))
        return story_from_dict(json.loads(row["data"])) if row else None

    def _story_filter(
        self, date_from: str | None, date_to: str | None, outlet: str | None
    ) -> tuple[str, list[Any]]:
        where: list[str] = []
        args: list[Any] = []
        if date_from:
            where.append("s.date >= %s")
            args.append(date_from)
        if date_to:
            where.append("s.date <= %s")
            args.append(date_to)
        if outlet:
            where.append(
                "EXISTS (SELECT 1 FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                "WHERE sa.story_id = s.id AND lower(a.outlet) = lower(%s))"
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
        sql = (
            f"SELECT s.data FROM stories s{where} "
            "ORDER BY s.date IS NULL, s.date DESC, s.independent_sources DESC, s.id "
            "LIMIT %s OFFSET %s"
        )
        rows = self._query(sql, [*args, limit, offset])
        return [story_from_dict(json.loads(r["data"])) for r in rows]

    def count_stories(
        self, date_from: str | None = None, date_to: str | None = None, outlet: str | None = None
    ) -> int:
        where, args = self._story_filter(date_from, date_to, outlet)
        row = self._query_one(f"SELECT count(*) AS n FROM stories s{where}", args)
        return int(row["n"]) if row else 0

    def story_of(self, article_id: str) -> str | None:
        row = self._query_one(
            "SELECT story_id FROM story_articles WHERE article_id = %s", (article_id,)
        )
        return row["story_id"] if row else None

    def story_events(self, story_id: str | None = None) -> list[StoryEvent]:
        sql = "SELECT at, kind, story_id, detail FROM story_events"
        args: list[Any] = []
        if story_id is not None:
            sql += " WHERE story_id = %s"
            args.append(story_id)
        rows = self._query(sql + " ORDER BY seq", args)
        return [
            StoryEvent(
                kind=r["kind"], story_id=r["story_id"], detail=json.loads(r["detail"]), at=r["at"]
            )
            for r in rows
        ]

    # --- search ----------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        if not query.strip():
            return []
        sql = (
            "WITH q AS (SELECT websearch_to_tsquery('english', %s) AS tsq) "
            "SELECT a.id, a.title, ts_rank_cd(a.fts, q.tsq) AS score, sa.story_id, "
            "ts_headline('english', a.text, q.tsq, %s) AS snip "
            "FROM articles a CROSS JOIN q "
            "LEFT JOIN story_articles sa ON sa.article_id = a.id "
            "WHERE a.fts @@ q.tsq ORDER BY score DESC, a.rowid LIMIT %s OFFSET %s"
        )
        rows = self._query(sql, (query, _HEADLINE, limit, offset))
        return [
            SearchHit(
                article_id=r["id"],
                title=r["title"],
                snippet=r["snip"],
                score=float(r["score"]),
                story_id=r["story_id"],
            )
            for r in rows
        ]

    # --- vectors ---------------------------------------------------------------------------
    def put_vectors(self, kind: str, vectors: dict[str, bytes]) -> None:
        if not vectors:
            return
        with self.transaction(), self._conn().cursor() as cur:
            cur.executemany(
                "INSERT INTO vectors(article_id, kind, vector) VALUES (%s,%s,%s) "
                "ON CONFLICT(article_id) DO UPDATE SET kind=excluded.kind, vector=excluded.vector",
                [(k, kind, v) for k, v in vectors.items()],
            )

    def get_vectors(self, kind: str, ids: Iterable[str] | None = None) -> dict[str, bytes]:
        if ids is None:
            rows = self._query("SELECT article_id, vector FROM vectors WHERE kind = %s", (kind,))
        else:
            rows = self._query(
                "SELECT article_id, vector FROM vectors WHERE kind = %s AND article_id = ANY(%s)",
                (kind, list(ids)),
            )
        return {r["article_id"]: bytes(r["vector"]) for r in rows}


def _safe(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        parts = conninfo_to_dict(url)
    except psycopg.Error:
        return "the PostgreSQL server"
    host = parts.get("host", "localhost")
    port = parts.get("port", "5432")
    return f"postgresql://{host}:{port}/{parts.get('dbname', '')}"


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


def _article_from_row(r: dict[str, Any]) -> Article:
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
