"""Pydantic models of the HTTP API: the JSON contract of records.py, as OpenAPI describes it.

Each model mirrors one record field for field (tests/api/test_schemas.py keeps them in step), so
`dataclasses.asdict(story)` is exactly a `StoryOut`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CitationOut(_Out):
    article_id: str
    start: int
    end: int


class SummarySentenceOut(_Out):
    text: str
    citations: list[CitationOut]
    support: list[CitationOut] = []
    """Whole sentences of other articles that state the same thing in other words."""


class QuoteOut(_Out):
    speaker: str | None
    text: str
    cue: str | None
    direct: bool
    sources: list[CitationOut]
    channel: str | None = None


class DateMentionOut(_Out):
    text: str
    value: str | None
    granularity: str
    anchor: str | None
    article_id: str
    start: int
    end: int
    anchor_source: str | None = None


class TimelineEntryOut(_Out):
    date: str
    text: str
    citations: list[CitationOut]
    context: bool = False


class FactValueOut(_Out):
    value: str
    sources: list[CitationOut]


class FactOut(_Out):
    text: str
    status: str
    sources: list[CitationOut]
    values: list[FactValueOut] = []
    slot: str | None = None


class EntityOut(_Out):
    name: str
    label: str
    mentions: list[CitationOut] = []
    aliases: list[str] = []


class StoryOut(_Out):
    """A story with everything the pipeline found out about it (issues #3 and #6)."""

    id: str
    title: str
    date: str | None
    article_ids: list[str]
    independent_sources: int
    summary: list[SummarySentenceOut] = []
    outlets: list[str] = []
    related: list[str] = []
    quotes: list[QuoteOut] = []
    dates: list[DateMentionOut] = []
    timeline: list[TimelineEntryOut] = []
    facts: list[FactOut] = []
    entities: list[EntityOut] = []
    pending: bool = Field(
        False, description="True while the summary and understanding wait for a first read."
    )
    date_inferred: bool = Field(
        False, description="True when `date` is inferred from what the articles refer back to."
    )


class StoryBrief(_Out):
    """A story as the list shows it."""

    id: str
    title: str
    date: str | None
    outlets: list[str]
    article_count: int
    independent_sources: int


class StoryPage(_Out):
    total: int
    limit: int
    offset: int
    stories: list[StoryBrief]


class RemovedOut(_Out):
    start: int
    end: int
    reason: str
    text: str = ""


class ArticleOut(_Out):
    """An article: cleaned text, metadata with how it was found, and the furniture removed."""

    id: str
    path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    outlet_source: str | None = None
    date: str | None = None
    date_source: str | None = None
    language: str | None = None
    duplicate_of: str | None = None
    removed: list[RemovedOut] = []
    url: str | None = None
    authors: list[str] = []
    content_hash: str = ""
    warnings: list[str] = []
    story_id: str | None = None
    """The story the article belongs to, if it has joined one."""


class SearchHitOut(_Out):
    article_id: str
    title: str | None
    snippet: str
    """Plain text around the matches; `highlights` gives the matched spans' offsets into it."""
    highlights: list[tuple[int, int]]
    score: float
    story_id: str | None = None


class SearchPage(_Out):
    query: str
    limit: int
    offset: int
    hits: list[SearchHitOut]


class ArticleIn(BaseModel):
    """One article to ingest, with news-please field names (or news-tls `{id, time, text}`)."""

    model_config = ConfigDict(extra="allow")

    id: str | None = Field(default=None, max_length=500)
    title: str | None = None
    maintext: str | None = None
    text: str | None = None
    date_publish: str | None = None
    time: str | None = None
    authors: list[str] | None = None
    source_domain: str | None = None
    url: str | None = None
    language: str | None = None


class IngestIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=1000)


class RejectionOut(_Out):
    path: str
    reason: str


class IngestOut(_Out):
    """What an ingest did: the articles taken, the stories they joined, the inputs rejected."""

    article_ids: list[str]
    stories: list[StoryOut]
    errors: list[RejectionOut]
    stats: dict[str, Any]


class ErrorOut(_Out):
    """The one error shape every failing API request answers with."""

    ok: Literal[False] = False
    status: int
    error: str
    """A plain sentence saying what went wrong."""
    detail: list[dict[str, Any]] | None = None
    """Per-field problems for a 422, rejected inputs for a failed ingest."""
