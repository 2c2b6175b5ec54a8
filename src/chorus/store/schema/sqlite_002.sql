-- Chorus store, schema version 2 (SQLite): new articles are indexed for full-text search by
-- add_articles in one INSERT ... SELECT per batch, not by a trigger per row. At 100k articles the
-- per-row trigger took 55 s of a 64 s insert; one statement for the batch takes 30 s
-- (bench/scale.py). The update and delete triggers stay.
DROP TRIGGER IF EXISTS articles_ai;
