-- Chorus store, schema version 1 (PostgreSQL): the same tables as sqlite_001.sql.
-- Ids and dates use the "C" collation so ordering matches SQLite's byte order on every server.
CREATE TABLE IF NOT EXISTS articles (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    content_hash TEXT COLLATE "C" NOT NULL UNIQUE,
    path TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    outlet_source TEXT,
    date TEXT COLLATE "C",
    date_source TEXT,
    language TEXT,
    duplicate_of TEXT,
    url TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    text TEXT NOT NULL,
    raw_text TEXT NOT NULL DEFAULT '',
    removed TEXT NOT NULL DEFAULT '[]',
    warnings TEXT NOT NULL DEFAULT '[]',
    added_at TEXT NOT NULL,
    -- PostgreSQL's own full-text search: English stemming, like FTS5's porter tokenizer.
    fts TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', text), 'B')
    ) STORED
);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE INDEX IF NOT EXISTS articles_fts ON articles USING GIN (fts);

CREATE TABLE IF NOT EXISTS vectors (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    vector BYTEA NOT NULL
);

CREATE TABLE IF NOT EXISTS stories (
    id TEXT COLLATE "C" PRIMARY KEY,
    date TEXT COLLATE "C",
    title TEXT NOT NULL,
    independent_sources INTEGER NOT NULL,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_date ON stories(date);

CREATE TABLE IF NOT EXISTS story_articles (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id TEXT COLLATE "C" NOT NULL REFERENCES stories(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id);

CREATE TABLE IF NOT EXISTS story_events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    story_id TEXT COLLATE "C" NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS story_events_story ON story_events(story_id);
