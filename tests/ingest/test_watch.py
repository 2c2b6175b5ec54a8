"""The polling loop: conditional requests, backoff on errors, clean stops, nothing lost."""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import ModuleType

import pytest

from chorus.ingest.fetch import Fetcher, Response
from chorus.ingest.watch import WatchSummary, watch
from chorus.records import Article, Rejection, Report
from chorus.settings import Settings
from chorus.store.base import Store
from chorus.store.sqlite import SQLiteStore


def _load_fetch_tests() -> ModuleType:
    """The local feed server lives in test_fetch.py; load it by path (test dirs aren't packages)."""
    path = Path(__file__).with_name("test_fetch.py")
    spec = importlib.util.spec_from_file_location("chorus_tests_fetch", path)
    assert spec is not None
    assert spec.loader is not None
    module = sys.modules.get(spec.name) or importlib.util.module_from_spec(spec)
    if spec.name not in sys.modules:
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


_fetch = _load_fetch_tests()
PARAGRAPH, FeedServer, rss, static = _fetch.PARAGRAPH, _fetch.FeedServer, _fetch.rss, _fetch.static


class Recorder:
    """Stands in for pipeline.ingest: stores articles, remembers each batch."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def __call__(self, articles: Sequence[Article], store: Store, settings: Settings) -> Report:
        self.batches.append([a.id for a in articles])
        added = store.add_articles(articles)
        return Report((), (), stats={"articles_new": len(added)})


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    b = srv.base
    body = rss([("Bridge", f"{b}/n/1", PARAGRAPH), ("Ferry", f"{b}/n/2", PARAGRAPH.upper())])

    def conditional(h: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        if h.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"ETag": '"v1"', "Content-Type": "application/rss+xml"}, body

    srv.routes.update(
        {
            "/robots.txt": static(b"User-agent: *\nAllow: /\n", kind="text/plain"),
            "/feed.xml": conditional,
            "/broken.xml": static(b"no", status=500, kind="text/plain"),
            "/page.xml": static(b"<!DOCTYPE html><html><body>hi</body></html>", kind="text/html"),
        }
    )
    yield srv
    srv.stop()


@pytest.fixture
def fast() -> Settings:
    return replace(
        Settings(), watch_interval=0.0, fetch_timeout=1.0, fetch_retries=0, fetch_backoff=0.0
    )


def test_watch_second_round_is_304_and_ingests_once(
    server: FeedServer, fast: Settings, tmp_path: Path
) -> None:
    recorder = Recorder()
    with SQLiteStore(tmp_path / "w.db") as store:
        summary = watch([f"{server.base}/feed.xml"], store, fast, max_rounds=2, ingest=recorder)
        assert store.count_articles() == 2
    assert recorder.batches == [[f"{server.base}/n/1", f"{server.base}/n/2"]]
    assert (summary.rounds, summary.polls, summary.not_modified, summary.articles_new) == (
        2,
        2,
        1,
        2,
    )
    sent = [h.get("If-None-Match") for p, h in server.hits if p == "/feed.xml"]
    assert sent == [None, '"v1"']


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/broken.xml", "HTTP 500"),
        ("/page.xml", "feed is not XML: the server sent an HTML page"),
    ],
)
def test_watch_failing_feed_backs_off_doubling(
    server: FeedServer, fast: Settings, tmp_path: Path, path: str, reason: str
) -> None:
    now = [100.0]
    settings = replace(fast, watch_interval=10.0, watch_max_backoff=30.0)
    url = f"{server.base}{path}"
    waits: list[float] = []

    def advance(summary: WatchSummary) -> None:
        state = summary.feeds[url]
        waits.append(state.next_poll - now[0])
        now[0] = state.next_poll  # jump the clock to when the feed is due again

    with SQLiteStore(tmp_path / "w.db") as store:
        summary = watch(
            [url],
            store,
            settings,
            max_rounds=3,
            ingest=Recorder(),
            clock=lambda: now[0],
            on_round=advance,
            stop=_NoWait(),
        )
    assert waits == [20.0, 30.0, 30.0]
    assert summary.errors == [Rejection(url, reason)] * 3


class _NoWait(threading.Event):
    """A stop event whose wait returns at once (the fake clock does the waiting)."""

    def wait(self, timeout: float | None = None) -> bool:
        return self.is_set()


def test_watch_stop_event_ends_after_the_round(
    server: FeedServer, fast: Settings, tmp_path: Path
) -> None:
    stop = threading.Event()
    with SQLiteStore(tmp_path / "w.db") as store:
        summary = watch(
            [f"{server.base}/feed.xml"],
            store,
            fast,
            stop=stop,
            ingest=Recorder(),
            on_round=lambda _s: stop.set(),
        )
        assert store.count_articles() == 2
    assert (summary.rounds, summary.interrupted) == (1, False)


class _InterruptingFetcher(Fetcher):
    """Raises KeyboardInterrupt (Ctrl-C) when asked for the second feed."""

    def get(self, url: str, **kw: str | None) -> Response:
        if url.endswith("/second.xml"):
            raise KeyboardInterrupt
        return super().get(url, **kw)


def test_watch_ctrl_c_keeps_what_was_fetched(
    server: FeedServer, fast: Settings, tmp_path: Path
) -> None:
    urls = [f"{server.base}/feed.xml", f"{server.base}/second.xml"]
    with (
        SQLiteStore(tmp_path / "w.db") as store,
        _InterruptingFetcher(fast) as fetcher,
    ):
        summary = watch(urls, store, fast, fetcher=fetcher, ingest=Recorder())
        assert store.count_articles() == 2
    assert (summary.rounds, summary.interrupted, summary.articles_new) == (1, True, 2)


@pytest.mark.slow
def test_watch_real_pipeline_rerun_adds_nothing(
    server: FeedServer, fast: Settings, tmp_path: Path
) -> None:
    url = f"{server.base}/feed.xml"
    with SQLiteStore(tmp_path / "w.db") as store:
        first = watch([url], store, fast, max_rounds=1)
        again = watch([url], store, fast, max_rounds=1)
        assert store.count_articles() == 2
        assert store.count_stories() >= 1
    assert (first.articles_new, again.articles_new, again.articles_in) == (2, 0, 2)
