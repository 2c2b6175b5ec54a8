"""Read RSS/Atom feed files (.xml/.rss/.atom) with feedparser: one article per item."""

from __future__ import annotations

import html
import logging
import re
from typing import Any

import feedparser

from chorus.errors import InputError
from chorus.ingest.draft import Draft
from chorus.ingest.metadata import parse_date
from chorus.ingest.source import Source, read_text
from chorus.records import Rejection
from chorus.settings import Settings

log = logging.getLogger(__name__)

_BLOCK_END_RE = re.compile(r"<(?:br\s*/?|/p|/div|/li|/h[1-6]|/blockquote|/tr)\s*>", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]+>")
_SPACES_RE = re.compile(r"[ \t\r\f\v]+")


def read_feed_file(source: Source, settings: Settings) -> list[Draft | Rejection]:
    """Return one article per feed item; an item without text is rejected as `path#n`.

    Raises:
        InputError: the file is not XML or holds no items.
    """
    text, warning = read_text(source, settings)
    if not text.lstrip("\ufeff \t\r\n").startswith("<"):
        raise InputError(source.shown, "feed is not XML")
    feed = feedparser.parse(text)
    if not feed.entries:
        if feed.bozo:
            raise InputError(source.shown, "feed is not XML")
        raise InputError(source.shown, "feed has no items")
    outlet = (feed.feed.get("title") or "").strip() or None
    warnings = tuple(w for w in (warning,) if w)
    if feed.bozo:
        # A truncated or damaged feed still yields the items before the damage: keep them, say so.
        log.debug("%s: %s", source.shown, feed.bozo_exception)
        warnings += ("feed is truncated or not well-formed XML; kept the items before the damage",)
    out: list[Draft | Rejection] = []
    for n, entry in enumerate(feed.entries, 1):
        origin = f"{source.shown}#{n}"
        body = strip_html(_entry_html(entry))
        if not body:
            out.append(Rejection(origin, "no article text"))
            continue
        date = parse_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        authors = tuple(a.get("name", "") for a in entry.get("authors", []) if a.get("name"))
        out.append(
            Draft(
                id=f"{source.ident}#{n}",
                path=source.shown,
                raw_text=body,
                title=(entry.get("title") or "").strip() or None,
                outlet=outlet,
                outlet_source="feed" if outlet else None,
                date=date,
                date_source="feed" if date else None,
                url=entry.get("link") or None,
                authors=authors,
                warnings=warnings,
                origin=origin,
            )
        )
    return out


def strip_html(fragment: str) -> str:
    """Return the text of an HTML fragment, one line per block element."""
    text = _TAG_RE.sub("", _BLOCK_END_RE.sub("\n", fragment))
    lines = (_SPACES_RE.sub(" ", html.unescape(line)).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _entry_html(entry: Any) -> str:
    """The fullest text an item carries: `content:encoded`/Atom content, else its summary."""
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    return best if len(best) >= len(summary) else summary
