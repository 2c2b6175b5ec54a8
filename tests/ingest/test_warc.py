"""WARC / WARC.GZ archives and gzipped JSON Lines: streamed, ids by URI or line, damage reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from chorus.errors import InputError
from chorus.ingest import read_inputs
from chorus.ingest.source import Source
from chorus.ingest.warc import iter_archive_articles, iter_warc
from chorus.records import Article, Rejection
from chorus.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "data" / "scale"
BRIDGE = "https://harbour-gazette.example/2024/06/19/bridge-opens"
PORTWELL = "https://coastal-times.example/news/portwell-bridge"


def _source(name: str) -> Source:
    return Source(DATA / name, str(DATA / name), name)


@pytest.mark.parametrize("name", ["two-pages.warc", "two-pages.warc.gz"])
def test_read_inputs_warc_articles_by_target_uri(name: str, settings: Settings) -> None:
    articles, errors = read_inputs([DATA / name], settings)
    assert [a.id for a in articles] == [BRIDGE, PORTWELL]
    assert errors == []
    first = articles[0]
    assert first.title == "Harbour bridge opens after six years of work"
    assert first.url == BRIDGE
    assert first.outlet == "harbour-gazette.example"
    assert "412 million euros" in first.text


@pytest.mark.parametrize("name", ["truncated.warc", "truncated.warc.gz"])
def test_iter_warc_truncated_keeps_records_before(name: str, settings: Settings) -> None:
    found = list(iter_warc(_source(name), settings))
    assert [type(f).__name__ for f in found] == ["Draft", "Rejection"]
    assert found[0].id == BRIDGE  # type: ignore[union-attr]
    assert found[1] == Rejection(str(DATA / name), "truncated or damaged WARC after 1 records")


@pytest.mark.parametrize("name", ["not-a-warc.warc", "rows.jsonl.gz"])
def test_iter_warc_not_a_warc_is_input_error(name: str, settings: Settings) -> None:
    with pytest.raises(InputError, match="not a WARC file"):
        list(iter_warc(_source(name), settings))


def test_read_inputs_jsonl_gz_rows_and_row_errors(settings: Settings) -> None:
    path = DATA / "rows.jsonl.gz"
    articles, errors = read_inputs([path], settings)
    assert [a.id for a in articles] == ["r1", "rows.jsonl.gz:4"]
    assert [(a.date, a.title) for a in articles] == [
        ("2024-06-19", "Bridge opens"),
        ("2024-06-20", "Ferry ends"),
    ]
    assert errors == [
        Rejection(f"{path}:2", "malformed JSON line (Expecting value)"),
        Rejection(f"{path}:3", "no article text"),
    ]


def test_iter_archive_articles_truncated_gzip_reports_damage(settings: Settings) -> None:
    path = DATA / "rows-truncated.jsonl.gz"
    found = list(iter_archive_articles(path, settings))
    assert [a.id for a in found if isinstance(a, Article)] == ["r1"]
    assert found[-1] == Rejection(str(path), "truncated or damaged gzip after line 3")


def test_iter_archive_articles_is_lazy(settings: Settings) -> None:
    stream = iter_archive_articles(DATA / "two-pages.warc.gz", settings)
    first = next(stream)
    assert isinstance(first, Article)
    assert first.id == BRIDGE
    stream.close()
