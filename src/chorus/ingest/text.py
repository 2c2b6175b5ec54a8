"""Read plain-text articles (.txt): the whole file is the article's raw text."""

from __future__ import annotations

from chorus.ingest.draft import Draft
from chorus.ingest.source import Source, read_text
from chorus.records import Rejection
from chorus.settings import Settings


def read_text_file(source: Source, settings: Settings) -> list[Draft | Rejection]:
    """Return the one article of a .txt file; metadata comes later from its text."""
    text, warning = read_text(source, settings)
    return [
        Draft(
            id=source.ident,
            path=source.shown,
            raw_text=text,
            warnings=(warning,) if warning else (),
        )
    ]
