"""The whole path on real inputs: seeds and the bundled examples, through a real SQLite store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chorus.pipeline import analyze, ingest
from chorus.store import SQLiteStore


def _check_citations(report) -> None:
    texts = {a.id: a.text for a in report.articles}
    for story in report.stories:
        assert story.summary, f"story {story.id} has no summary"
        for sentence in story.summary:
            assert sentence.citations
            for c in sentence.citations:
                cited = texts[c.article_id][c.start : c.end]
                assert cited == sentence.text or sentence.text in cited


def test_pipeline_seeds_make_two_stories_with_verbatim_citations(seeds_dir, settings):
    report = analyze([seeds_dir], settings)
    assert report.errors == ()
    assert len(report.articles) == 5
    assert len(report.stories) == 2
    by_size = sorted(report.stories, key=lambda s: len(s.article_ids))
    assert [len(s.article_ids) for s in by_size] == [1, 4]
    (lone,) = by_size[0].article_ids
    assert lone.startswith("001_")
    assert by_size[1].date == "2024-06-19"
    _check_citations(report)


def test_pipeline_seeds_undated_articles_take_their_story_date(seeds_dir, settings):
    report = analyze([seeds_dir], settings)
    june = next(s for s in report.stories if len(s.article_ids) == 4)
    dated = {a.id: (a.date, a.date_source) for a in report.articles if a.id in june.article_ids}
    assert all(date == "2024-06-19" for date, _ in dated.values()), dated
    assert any(source == "story" for _, source in dated.values())


def test_pipeline_ingest_twice_adds_nothing(seeds_dir, tmp_path, settings):
    with SQLiteStore(tmp_path / "c.db") as store:
        first = ingest([seeds_dir], store, settings)
        stories = store.get_stories()
        second = ingest([seeds_dir], store, settings)
        assert first.stats["articles_new"] == 5
        assert second.stats["articles_new"] == 0
        assert second.stats["already_stored"] == 5
        assert store.count_articles() == 5
        assert store.get_stories() == stories
        assert {s.id for s in second.stories} == {s.id for s in stories}


def test_pipeline_new_articles_join_existing_stories(seeds_dir, tmp_path, settings):
    first, rest = tmp_path / "first", tmp_path / "rest"
    first.mkdir()
    rest.mkdir()
    for i, path in enumerate(sorted(seeds_dir.glob("*.txt"))):
        shutil.copy(path, (first if i in (0, 1) else rest) / path.name)
    with SQLiteStore(tmp_path / "c.db") as store:
        ingest([first], store, settings)
        before = {s.id for s in store.get_stories()}
        report = ingest([rest], store, settings)
        after = store.get_stories()
    assert len(after) == 2
    june = next(s for s in after if len(s.article_ids) == 4)
    assert june.id in before, "the June story existed after the first batch and must keep its id"
    assert {s.id for s in report.stories} == {june.id}


def test_pipeline_examples_have_stories_and_no_errors(examples_dir, settings):
    if not any(examples_dir.iterdir()):
        pytest.skip("examples/ is empty")
    report = analyze([examples_dir], settings)
    assert report.errors == ()
    assert len(report.stories) >= 2
    assert any(a.duplicate_of for a in report.articles), "the examples hold one wire copy"
    _check_citations(report)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("binary.txt", bytes(range(256)) * 8),
    ],
)
def test_pipeline_bad_file_is_reported_and_the_rest_goes_on(
    seeds_dir, tmp_path, settings, name, content
):
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    (folder / name).write_bytes(content)
    with SQLiteStore(tmp_path / "c.db") as store:
        report = ingest([folder], store, settings)
        assert [Path(e.path).name for e in report.errors] == [name]
        assert report.errors[0].reason
        assert store.count_articles() == 5
