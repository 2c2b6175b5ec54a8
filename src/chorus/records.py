"""Every record that flows through the pipeline.

Field names are the public JSON contract (issue #3 and the issues that extend it): add fields, never
rename them. Records are frozen; a stage returns new records with `dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

DateSource = Literal["markup", "header", "dateline", "text", "story", "feed", "json", "none"]
FactStatus = Literal["agreed", "single", "conflict"]
Granularity = Literal["day", "month", "year", "week", "decade", "duration", "unresolved"]


@dataclass(frozen=True, slots=True)
class Removed:
    """A span of page furniture cut from an article's text."""

    start: int
    """Offset into the raw text the reader produced (before cleaning)."""
    end: int
    reason: str
    """Plain words: "cookie notice", "wire sign-off", "photo credit"…"""
    text: str = ""
    """What was cut, so a user can see why without the raw file."""


@dataclass(frozen=True, slots=True)
class Article:
    """One news article after ingest: cleaned text plus where each metadata field came from."""

    id: str
    path: str
    text: str
    """Cleaned article text; every citation's offsets point into it."""
    title: str | None = None
    outlet: str | None = None
    outlet_source: str | None = None
    """How `outlet` was found: "markup", "json", "sign-off", "self-mention", "follow-link",
    "agency-credit", "url", or None when unknown."""
    date: str | None = None
    """Publication date as ISO `YYYY-MM-DD`."""
    date_source: str | None = None
    """How `date` was found: "markup", "json", "feed", "header", "dateline", "story" (inferred from
    the story it joined)."""
    language: str | None = None
    duplicate_of: str | None = None
    """Id of the article this one copies (wire copy or near-duplicate), else None."""
    removed: tuple[Removed, ...] = ()
    url: str | None = None
    authors: tuple[str, ...] = ()
    raw_text: str = ""
    """Text as read, before cleaning; `removed` offsets point into it."""
    content_hash: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Citation:
    """A span of an article's cleaned text: `article.text[start:end]` is the cited passage."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    citations: tuple[Citation, ...]
    support: tuple[Citation, ...] = ()
    """Whole sentences of other articles stating the same thing in other words (issue #4)."""


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or indirect quote with its speaker (issue #6)."""

    speaker: str | None
    text: str
    cue: str | None
    direct: bool
    sources: tuple[Citation, ...]
    channel: str | None = None
    """Who relayed it: "TASS cited Kim as saying" has speaker Kim, channel TASS."""


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in an article resolved to the calendar (issue #6)."""

    text: str
    value: str | None
    """ISO value at its granularity ("2024-06-19", "2023-09", "2024"), None when unresolved."""
    granularity: str
    anchor: str | None
    """The date it was resolved against, and so whose: see `anchor_source`."""
    article_id: str
    start: int
    end: int
    anchor_source: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str
    text: str
    citations: tuple[Citation, ...]
    context: bool = False
    """True for past context (an earlier visit) rather than the story's own days."""


@dataclass(frozen=True, slots=True)
class FactValue:
    value: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class Fact:
    text: str
    status: str
    """One of "agreed", "single", "conflict"."""
    sources: tuple[Citation, ...]
    values: tuple[FactValue, ...] = ()
    """For a conflict: each value with the sources that give it."""
    slot: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    label: str
    """spaCy label: PERSON, ORG, GPE, NORP, LOC, …"""
    mentions: tuple[Citation, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """A group of articles about one event."""

    id: str
    title: str
    date: str | None
    article_ids: tuple[str, ...]
    independent_sources: int
    summary: tuple[SummarySentence, ...] = ()
    outlets: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    """Ids of earlier stories this one's articles refer to (issue #5)."""
    quotes: tuple[Quote, ...] = ()
    dates: tuple[DateMention, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    facts: tuple[Fact, ...] = ()
    entities: tuple[Entity, ...] = ()
    pending: bool = False
    """True while the summary and understanding are left to the first read: a bulk ingest defers
    them (`Settings.explain`), and `chorus explain` or any read of the story fills them in."""
    date_inferred: bool = False
    """True when no article states `date`: it is the past month the story's articles refer back
    to, inferred for an undated outlier (stories/backdating.py, issue #5)."""


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """A change to the set of stories, as the store records it: created, updated, merged, split."""

    kind: str
    story_id: str
    detail: dict[str, Any] = field(default_factory=dict)
    at: str = ""


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result."""

    article_id: str
    title: str | None
    snippet: str
    score: float
    story_id: str | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be read: its path and a plain reason."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Report:
    """What `analyze` returns; `to_dict()` is the JSON contract of issue #3."""

    articles: tuple[Article, ...]
    stories: tuple[Story, ...]
    errors: tuple[Rejection, ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": [article_to_dict(a) for a in self.articles],
            "stories": [asdict(s) for s in self.stories],
            "errors": [asdict(e) for e in self.errors],
        }


def article_to_dict(article: Article) -> dict[str, Any]:
    """Render an article for JSON; the raw text stays out of reports to keep them readable."""
    data = asdict(article)
    data.pop("raw_text")
    return data
