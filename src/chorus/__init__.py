"""Chorus: turn a pile of news articles into stories with cited summaries.

>>> import chorus
>>> report = chorus.analyze(["examples/"])                      # doctest: +SKIP
>>> with chorus.open_store("chorus.db") as store:               # doctest: +SKIP
...     chorus.ingest(["more/"], store)

Names are imported on first use, so `import chorus.records` does not load spaCy and every stage.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_WHERE = {
    "analyze": "chorus.pipeline",
    "ingest": "chorus.pipeline",
    "summarize_inputs": "chorus.pipeline",
    "find_duplicates": "chorus.dedup",
    "cluster": "chorus.stories",
    "summarize": "chorus.summarize",
    "understand_story": "chorus.understand",
    "Settings": "chorus.settings",
    "load_settings": "chorus.settings",
    "Store": "chorus.store",
    "SQLiteStore": "chorus.store",
    "open_store": "chorus.store",
    **dict.fromkeys(["ChorusError", "ConfigError", "InputError", "StoreError"], "chorus.errors"),
    **dict.fromkeys(
        [
            "Article",
            "Citation",
            "DateMention",
            "Entity",
            "Fact",
            "FactValue",
            "Quote",
            "Rejection",
            "Removed",
            "Report",
            "SearchHit",
            "Story",
            "StoryEvent",
            "SummarySentence",
            "TimelineEntry",
        ],
        "chorus.records",
    ),
}

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


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'chorus' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:
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
    from chorus.store import SQLiteStore, Store, open_store
    from chorus.stories import cluster
    from chorus.summarize import summarize
    from chorus.understand import understand_story
