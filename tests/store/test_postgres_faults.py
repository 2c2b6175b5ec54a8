"""PostgreSQL restarted in the middle of an ingest: reported, and a rerun completes it once."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from chorus.errors import StoreError
from chorus.records import Article

pytestmark = pytest.mark.slow


def _batches(n_batches: int, size: int) -> list[list[Article]]:
    out = []
    for b in range(n_batches):
        batch = []
        for i in range(size):
            text = f"Batch {b} item {i}: the council voted on the new harbour budget."
            batch.append(
                Article(
                    id=f"b{b}-{i}",
                    path="x",
                    text=text,
                    content_hash=hashlib.sha256(text.encode()).hexdigest(),
                )
            )
        out.append(batch)
    return out


def test_postgres_restart_mid_ingest_rerun_adds_rest_once(pg_server: Any, pg_url: str) -> None:
    from chorus.store.postgres import PostgresStore

    if pg_server.data is None:
        pytest.skip("CHORUS_TEST_PG_URL server: these tests cannot restart it")
    batches = _batches(4, 50)
    added_first: list[str] = []

    def ingest_with_restart(store: PostgresStore) -> None:
        for n, batch in enumerate(batches):
            if n == 2:
                pg_server.restart()
            added_first.extend(store.add_articles(batch))

    with PostgresStore(pg_url) as store:
        with pytest.raises(StoreError, match="cannot write"):
            ingest_with_restart(store)
        assert len(added_first) == 100
        # The same store object reconnects on its next call; the rerun adds only what is missing.
        added_again = [i for batch in batches for i in store.add_articles(batch)]
        assert len(added_again) == 100
        assert set(added_first).isdisjoint(added_again)
        assert store.count_articles() == 200
