"""The Store protocol every backend (SQLite, PostgreSQL) implements, and `open_store`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol, runtime_checkable

from chorus.records import Article, SearchHit, Story, StoryEvent


@runtime_checkable
class Store(Protocol):
    """Articles, stories and their history, written one transaction per batch."""

    def transaction(self) -> AbstractContextManager[None]:
        """Group writes: all of them land, or none (nested calls join the outer one)."""
        ...

    def add_articles(self, articles: Iterable[Article]) -> list[str]:
        """Store articles not stored yet (by id and content hash); return the ids added."""
        ...

    def known_hashes(self, hashes: Iterable[str]) -> set[str]: ...

    def get_article(self, article_id: str) -> Article | None: ...

    def get_articles(self, ids: Iterable[str] | None = None) -> list[Article]: ...

    def iter_articles(self, batch: int = 1000) -> Iterator[Article]: ...

    def count_articles(self) -> int: ...

    def replace_stories(self, stories: Sequence[Story], events: Iterable[StoryEvent] = ()) -> None:
        """Make `stories` the whole set of stories (stories not in it are gone: merged or split)."""
        ...

    def remove_stories(self, story_ids: Iterable[str]) -> None:
        """Delete these stories (merged into others or split); their articles stay."""
        ...

    def save_stories(self, stories: Sequence[Story], events: Iterable[StoryEvent] = ()) -> None:
        """Insert or update these stories, leaving the others as they are."""
        ...

    def get_story(self, story_id: str) -> Story | None: ...

    def get_stories(
        self,
        limit: int | None = None,
        offset: int = 0,
        date_from: str | None = None,
        date_to: str | None = None,
        outlet: str | None = None,
    ) -> list[Story]: ...

    def count_stories(
        self, date_from: str | None = None, date_to: str | None = None, outlet: str | None = None
    ) -> int: ...

    def story_events(self, story_id: str | None = None) -> list[StoryEvent]: ...

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[SearchHit]: ...

    def put_vectors(self, kind: str, vectors: dict[str, bytes]) -> None: ...

    def get_vectors(self, kind: str, ids: Iterable[str] | None = None) -> dict[str, bytes]: ...

    def close(self) -> None: ...


def open_store(location: str | Path) -> Store:
    """Open a `postgresql://` URL, or else a SQLite file (created on first use)."""
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        from chorus.store.postgres import PostgresStore

        return PostgresStore(text)
    from chorus.store.sqlite import SQLiteStore

    return SQLiteStore(text)
