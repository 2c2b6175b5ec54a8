"""Bulk ingests may leave summaries and understanding to the first read (Settings.explain)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chorus.errors import ConfigError
from chorus.pipeline import analyze, explain_pending, ingest, read_story
from chorus.store import SQLiteStore


def _check_explained(story, articles) -> None:
    texts = {a.id: a.text for a in articles}
    assert not story.pending
    assert story.summary
    for sentence in story.summary:
        for c in sentence.citations:
            assert sentence.text in texts[c.article_id][c.start : c.end]


def test_pipeline_on_read_leaves_stories_pending_until_read(examples_dir, tmp_path, settings):
    with SQLiteStore(tmp_path / "c.db") as store:
        report = ingest([examples_dir], store, replace(settings, explain="on-read"))
        assert report.stories
        assert all(s.pending for s in report.stories)
        assert all(s.summary == () and s.quotes == () for s in report.stories)
        first = report.stories[0]

        story = read_story(store, first.id, settings)

        _check_explained(story, store.get_articles(story.article_ids))
        # The explanation is stored: the next read does not explain again.
        assert store.get_story(first.id) == story
        others = [s for s in store.get_stories() if s.id != first.id]
        assert others
        assert all(s.pending for s in others)


def test_pipeline_auto_defers_only_above_the_article_limit(examples_dir, tmp_path, settings):
    with SQLiteStore(tmp_path / "a.db") as store:
        small = ingest([examples_dir], store, replace(settings, explain="auto"))
    with SQLiteStore(tmp_path / "b.db") as store:
        big = ingest(
            [examples_dir], store, replace(settings, explain="auto", explain_batch_articles=1)
        )
    assert not any(s.pending for s in small.stories)
    assert all(s.pending for s in big.stories)


def test_pipeline_explain_pending_fills_every_pending_story_once(examples_dir, tmp_path, settings):
    with SQLiteStore(tmp_path / "c.db") as store:
        ingest([examples_dir], store, replace(settings, explain="on-read"))
        done = explain_pending(store, None, settings)
        again = explain_pending(store, None, settings)
        stored = store.get_stories()
        articles = store.get_articles()
    assert len(done) == len(stored)
    assert again == []
    for story in stored:
        _check_explained(story, articles)


def test_pipeline_pending_story_is_explained_when_it_grows(examples_dir, tmp_path, settings):
    files = sorted(p for p in examples_dir.iterdir() if p.suffix in {".txt", ".html", ".xml"})
    with SQLiteStore(tmp_path / "c.db") as store:
        ingest(files[:-1], store, replace(settings, explain="on-read"))
        before = {s.id for s in store.get_stories()}
        report = ingest(files[-1:], store, settings)
        new_ids = {a.id for a in report.articles}
        grown = [s for s in store.get_stories() if set(s.article_ids) & new_ids]
    assert [s.id for s in grown if s.id in before], "the last file should join a stored story"
    assert all(not s.pending and s.summary for s in grown)


def test_pipeline_without_store_always_explains(examples_dir, settings):
    report = analyze([examples_dir], replace(settings, explain="on-read"))
    assert report.stories
    assert not any(s.pending for s in report.stories)


def test_pipeline_unknown_explain_mode_is_a_config_error(examples_dir, tmp_path, settings):
    with SQLiteStore(tmp_path / "c.db") as store, pytest.raises(ConfigError, match="explain"):
        ingest([examples_dir], store, replace(settings, explain="sometimes"))
