"""Chorus: turn a pile of news articles into stories with cited summaries.

>>> import chorus
>>> report = chorus.analyze(["examples/"])                      # doctest: +SKIP
>>> with chorus.open_store("chorus.db") as store:               # doctest: +SKIP
...     chorus.ingest(["more/"], store)
"""

from __future__ import annotations

from chorus.dedup import find_duplicates
from chorus.errors import ChorusError, ConfigError, InputError, StoreError
from chorus.pipeline import analyze, ingest, summarize_inputs
from chorus.records import (
    Article,
    Citation,
    DateMention,
    Entity,
    Fact,
    FactValue,
    Quote,
    Rejection,
    Removed,
    Report,
    SearchHit,
    Story,
    StoryEvent,
    SummarySentence,
    TimelineEntry,
)
from chorus.settings import Settings, load_settings
from chorus.stories import cluster
from chorus.store import SQLiteStore, Store, open_store
from chorus.summarize import summarize
from chorus.understand import understand_story

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ChorusError",
    "Citation",
    "ConfigError",
    "DateMention",
    "Entity",
    "Fact",
    "FactValue",
    "InputError",
    "Quote",
    "Rejection",
    "Removed",
    "Report",
    "SQLiteStore",
    "SearchHit",
    "Settings",
    "Store",
    "StoreError",
    "Story",
    "StoryEvent",
    "SummarySentence",
    "TimelineEntry",
    "analyze",
    "cluster",
    "find_duplicates",
    "ingest",
    "load_settings",
    "open_store",
    "summarize",
    "summarize_inputs",
    "understand_story",
]
