"""What a reader hands on before cleaning: raw text plus the metadata its format gave.

Internal to ingest (not a pipeline record): `build.build_article` turns a `Draft` into an `Article`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Draft:
    """One article as a reader found it."""

    id: str
    path: str
    raw_text: str
    title: str | None = None
    outlet: str | None = None
    outlet_source: str | None = None
    date: str | None = None
    """ISO `YYYY-MM-DD` when the format gave a date."""
    date_source: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    """Language the source declared (news-please `language`), checked against detection."""
    warnings: tuple[str, ...] = ()
    origin: str = ""
    """Where a rejection of this article points: "feed.xml#3", "rows.jsonl:7"; `path` when empty."""
