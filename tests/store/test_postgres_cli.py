"""The same commands on PostgreSQL: `chorus ingest --db postgresql://…`, rerun, stories, search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chorus.cli import app
from chorus.store.postgres import PostgresStore

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data" / "scale"


def test_cli_ingest_postgres_twice_stores_once(pg_url: str) -> None:
    runner = CliRunner()
    args = ["ingest", str(DATA / "two-pages.warc.gz"), "--db", pg_url, "--quiet"]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, args).exit_code == 0
    listed = runner.invoke(app, ["stories", "--db", pg_url, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    stories = json.loads(listed.stdout)
    assert sum(s["articles"] for s in stories) == 2
    with PostgresStore(pg_url) as store:
        assert store.count_articles() == 2
        hits = store.search("bridge Portwell")
        assert sorted(h.article_id for h in hits) == [
            "https://coastal-times.example/news/portwell-bridge",
            "https://harbour-gazette.example/2024/06/19/bridge-opens",
        ]
        assert {h.story_id for h in hits} == {s["id"] for s in stories}
