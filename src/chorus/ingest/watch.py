"""Follow feeds: poll them on an interval and ingest what is new, until told to stop.

Each poll is a conditional request (ETag / Last-Modified), so an unchanged feed costs a 304. A
feed that fails waits `watch_interval × 2^failures` (at most `watch_max_backoff`) before its next
try. Every round's articles are committed before the loop sleeps, and Ctrl-C (KeyboardInterrupt)
or the `stop` event ends the loop after committing what was already fetched.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from chorus.errors import InputError
from chorus.ingest.build import build_article
from chorus.ingest.fetch import Fetcher, drafts_from_feed, sniff
from chorus.records import Article, Rejection, Report
from chorus.settings import Settings
from chorus.store.base import Store

log = logging.getLogger(__name__)

Ingest = Callable[[Sequence[Article], Store, Settings], Report]


@dataclass(slots=True)
class FeedState:
    """What the watcher remembers about one feed between polls."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    """Consecutive failed polls; the wait before the next one doubles with each."""
    next_poll: float = 0.0
    """Clock time (`time.monotonic`) at which the feed is due again."""
    last_error: str | None = None
    seen: set[str] = field(default_factory=set)
    """Item ids already ingested: not built again while the feed keeps listing them."""


@dataclass(slots=True)
class WatchSummary:
    """What a watch run did, for the summary line."""

    rounds: int = 0
    polls: int = 0
    not_modified: int = 0
    articles_in: int = 0
    articles_new: int = 0
    stories_new: int = 0
    stories_updated: int = 0
    errors: list[Rejection] = field(default_factory=list)
    interrupted: bool = False
    feeds: dict[str, FeedState] = field(default_factory=dict)

    def as_stats(self) -> dict[str, Any]:
        return {
            "rounds": self.rounds,
            "polls": self.polls,
            "not_modified": self.not_modified,
            "articles_in": self.articles_in,
            "articles_new": self.articles_new,
            "rejected": len(self.errors),
            "stories_new": self.stories_new,
            "stories_updated": self.stories_updated,
            "interrupted": self.interrupted,
        }


def watch(
    feeds: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    max_rounds: int | None = None,
    stop: threading.Event | None = None,
    fetcher: Fetcher | None = None,
    ingest: Ingest | None = None,
    on_round: Callable[[WatchSummary], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> WatchSummary:
    """Poll `feeds` until `stop` is set, `max_rounds` rounds ran, or Ctrl-C; return the tally.

    >>> watch(["https://example.org/rss"], store, Settings(), max_rounds=1)  # doctest: +SKIP
    """
    stop = stop or threading.Event()
    if ingest is None:
        from chorus import pipeline

        def ingest(articles: Sequence[Article], store: Store, settings: Settings) -> Report:
            return pipeline.ingest(articles, store, settings)

    summary = WatchSummary(feeds={url: FeedState(url) for url in dict.fromkeys(feeds)})
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    try:
        while not stop.is_set() and (max_rounds is None or summary.rounds < max_rounds):
            fetched: list[Article] = []
            try:
                for state in summary.feeds.values():
                    if stop.is_set():
                        break
                    if state.next_poll <= clock():
                        fetched += _poll(state, fetcher, settings, summary, clock)
            except KeyboardInterrupt:
                summary.interrupted = True
                stop.set()
            _commit(fetched, store, settings, ingest, summary)
            summary.rounds += 1
            if on_round is not None:
                on_round(summary)
            if stop.is_set() or (max_rounds is not None and summary.rounds >= max_rounds):
                break
            due = min(s.next_poll for s in summary.feeds.values())
            try:
                stop.wait(max(0.0, due - clock()))
            except KeyboardInterrupt:
                summary.interrupted = True
                break
    finally:
        if own_fetcher:
            fetcher.close()
    log.info("watch done: %s", summary.as_stats())
    return summary


def _poll(
    state: FeedState,
    fetcher: Fetcher,
    settings: Settings,
    summary: WatchSummary,
    clock: Callable[[], float],
) -> list[Article]:
    """Fetch one feed conditionally; return the articles of items not seen before."""
    summary.polls += 1
    try:
        response = fetcher.get(state.url, etag=state.etag, last_modified=state.last_modified)
        if response.not_modified:
            summary.not_modified += 1
            found = []
        elif sniff(response) != "feed":
            kind = sniff(response)
            raise InputError(
                state.url,
                "feed is not XML: the server sent an HTML page"
                if kind == "html"
                else f"not a feed ({kind})",
            )
        else:
            found = drafts_from_feed(response, settings, fetcher)
    except InputError as exc:
        state.failures += 1
        state.last_error = exc.reason
        wait = min(settings.watch_interval * 2**state.failures, settings.watch_max_backoff)
        state.next_poll = clock() + wait
        summary.errors.append(Rejection(exc.path, exc.reason))
        log.warning("%s: %s; next try in %.0f s", state.url, exc.reason, wait)
        return []
    state.failures, state.last_error = 0, None
    state.etag = response.etag or state.etag
    state.last_modified = response.last_modified or state.last_modified
    state.next_poll = clock() + settings.watch_interval
    articles: list[Article] = []
    for item in found:
        if isinstance(item, Rejection):
            if item.path not in state.seen:
                summary.errors.append(item)
                state.seen.add(item.path)
            continue
        if item.id in state.seen:
            continue
        state.seen.add(item.id)
        try:
            articles.append(build_article(item, settings))
        except InputError as exc:
            summary.errors.append(Rejection(exc.path, exc.reason))
    return articles


def _commit(
    articles: list[Article],
    store: Store,
    settings: Settings,
    ingest: Ingest,
    summary: WatchSummary,
) -> None:
    if not articles:
        return
    report = ingest(articles, store, settings)
    stats = report.stats
    summary.articles_in += len(articles)
    summary.articles_new += int(stats.get("articles_new", 0))
    summary.stories_new += int(stats.get("stories_new", 0))
    summary.stories_updated += int(stats.get("stories_updated", 0))
    summary.errors.extend(report.errors)
