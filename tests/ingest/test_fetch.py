"""Reading feeds, OPML lists and sitemaps over HTTP, against a local server on 127.0.0.1 only."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from chorus.errors import InputError
from chorus.ingest.draft import Draft
from chorus.ingest.fetch import Fetcher, read_url, sniff
from chorus.records import Rejection
from chorus.settings import Settings

PARAGRAPH = (
    "The harbour authority in Portwell said on Tuesday that the new bridge will open to traffic "
    "next week after six years of construction, two funding disputes and a redesign of its "
    "cable towers, which engineers say will let container ships reach the inner docks."
)


def rss(items: list[tuple[str, str, str]], title: str = "Harbour Gazette") -> bytes:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Wed, 19 Jun 2024 10:00:00 GMT</pubDate><description>{d}</description></item>"
        for t, link, d in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://x/</link><description>d</description>{body}</channel></rss>"
    ).encode()


def html_page(title: str, text: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{text}</p><p>{text.upper()}</p></article></body></html>"
    ).encode()


Route = Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]


class FeedServer:
    """A tiny HTTP server on 127.0.0.1 with a route table the test can change."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.hits.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    status, headers, body = 404, {}, b"not found"
                else:
                    status, headers, body = route(self)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client timed out and went away

            def log_message(self, *args: Any) -> None:
                return None

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def hits_of(self, path: str) -> int:
        return sum(1 for p, _ in self.hits if p == path)

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def static(body: bytes, status: int = 200, kind: str = "application/rss+xml") -> Route:
    return lambda _h: (status, {"Content-Type": kind}, body)


def standard_routes(server: FeedServer) -> None:
    b = server.base
    items = [
        ("Bridge opens", f"{b}/news/bridge", PARAGRAPH),
        ("Ferry ends", f"{b}/news/ferry", PARAGRAPH.replace("bridge", "ferry")),
    ]
    server.routes.update(
        {
            "/robots.txt": static(b"User-agent: *\nDisallow: /private/\n", kind="text/plain"),
            "/feed.xml": static(rss(items)),
            "/private/feed.xml": static(rss(items)),
            "/error.xml": static(b"oops", status=500, kind="text/plain"),
            "/page.xml": static(html_page("A page", PARAGRAPH), kind="text/html"),
            "/loop": lambda _h: (302, {"Location": "/loop2"}, b""),
            "/loop2": lambda _h: (302, {"Location": "/loop"}, b""),
            "/slow.xml": _slow(rss(items)),
            "/feeds.opml": static(
                (
                    f'<opml version="2.0"><body><outline text="g" xmlUrl="{b}/feed.xml"/>'
                    f'<outline text="e" xmlUrl="{b}/error.xml"/></body></opml>'
                ).encode(),
                kind="text/x-opml",
            ),
            "/sitemap.xml": static(
                (
                    '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                    f'sitemap/0.9"><url><loc>{b}/a.html</loc></url>'
                    f"<url><loc>{b}/b.html</loc></url></urlset>"
                ).encode(),
                kind="application/xml",
            ),
            "/a.html": static(html_page("Bridge opens", PARAGRAPH), kind="text/html"),
        }
    )


def _slow(body: bytes) -> Route:
    def route(_h: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        time.sleep(1.5)
        return 200, {"Content-Type": "application/rss+xml"}, body

    return route


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    standard_routes(server)
    yield server
    server.stop()


@pytest.fixture
def net_settings() -> Settings:
    return replace(Settings(), fetch_timeout=0.5, fetch_retries=2, fetch_backoff=0.01)


def _ids(found: list[Draft | Rejection]) -> list[str]:
    return [f.id if isinstance(f, Draft) else f"rejected {f.path}: {f.reason}" for f in found]


def test_read_url_feed_items_by_link_with_user_agent(
    feed_server: FeedServer, net_settings: Settings
) -> None:
    found = read_url(f"{feed_server.base}/feed.xml", net_settings)
    b = feed_server.base
    assert _ids(found) == [f"{b}/news/bridge", f"{b}/news/ferry"]
    first = found[0]
    assert isinstance(first, Draft)
    assert (first.title, first.outlet, first.date) == (
        "Bridge opens",
        "Harbour Gazette",
        "2024-06-19",
    )
    assert first.raw_text == PARAGRAPH
    agents = {h.get("User-Agent") for _, h in feed_server.hits}
    assert agents == {net_settings.user_agent}
    assert feed_server.hits_of("/robots.txt") == 1


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/error.xml", "HTTP 500"),
        ("/loop", "too many redirects (more than 5)"),
        ("/page.xml", "feed is not XML: the server sent an HTML page"),
        ("/slow.xml", "timed out after 0.5 s"),
        ("/private/feed.xml", "robots.txt disallows fetching it"),
        ("/missing.xml", "HTTP 404"),
    ],
)
def test_read_url_bad_feed_is_input_error(
    feed_server: FeedServer, net_settings: Settings, path: str, reason: str
) -> None:
    url = f"{feed_server.base}{path}"
    with pytest.raises(InputError) as caught:
        read_url(url, replace(net_settings, fetch_retries=0))
    assert (caught.value.path, caught.value.reason) == (url, reason)


def test_fetcher_retries_server_errors_with_backoff(
    feed_server: FeedServer, net_settings: Settings
) -> None:
    waits: list[float] = []
    with (
        Fetcher(net_settings, sleep=waits.append) as fetcher,
        pytest.raises(InputError, match="HTTP 500"),
    ):
        fetcher.get(f"{feed_server.base}/error.xml")
    assert feed_server.hits_of("/error.xml") == 3
    assert waits == [0.01, 0.02]


def test_fetcher_does_not_retry_client_errors(
    feed_server: FeedServer, net_settings: Settings
) -> None:
    with Fetcher(net_settings) as fetcher, pytest.raises(InputError, match="HTTP 404"):
        fetcher.get(f"{feed_server.base}/nothing")
    assert feed_server.hits_of("/nothing") == 1


def test_fetcher_conditional_request_gets_304(
    feed_server: FeedServer, net_settings: Settings
) -> None:
    def conditional(h: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        if h.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"ETag": '"v1"', "Last-Modified": "Wed, 19 Jun 2024 10:00:00 GMT"}, b"<rss/>"

    feed_server.routes["/cond.xml"] = conditional
    with Fetcher(net_settings) as fetcher:
        first = fetcher.get(f"{feed_server.base}/cond.xml")
        second = fetcher.get(f"{feed_server.base}/cond.xml", etag=first.etag)
    assert (first.status, first.etag, first.last_modified) == (
        200,
        '"v1"',
        "Wed, 19 Jun 2024 10:00:00 GMT",
    )
    assert (second.status, second.not_modified, second.body) == (304, True, b"")


def test_read_url_opml_reads_each_feed_and_reports_bad_ones(
    feed_server: FeedServer, net_settings: Settings
) -> None:
    found = read_url(f"{feed_server.base}/feeds.opml", replace(net_settings, fetch_retries=0))
    b = feed_server.base
    assert _ids(found) == [
        f"{b}/news/bridge",
        f"{b}/news/ferry",
        f"rejected {b}/error.xml: HTTP 500",
    ]


def test_read_url_sitemap_reads_pages(feed_server: FeedServer, net_settings: Settings) -> None:
    found = read_url(f"{feed_server.base}/sitemap.xml", net_settings)
    b = feed_server.base
    assert _ids(found) == [f"{b}/a.html", f"rejected {b}/b.html: HTTP 404"]
    assert found[0].title == "Bridge opens"  # type: ignore[union-attr]


def test_read_url_short_item_fetches_linked_page(
    feed_server: FeedServer, net_settings: Settings
) -> None:
    b = feed_server.base
    feed_server.routes["/teasers.xml"] = static(rss([("Bridge opens", f"{b}/a.html", "Teaser.")]))
    found = read_url(f"{b}/teasers.xml", net_settings)
    assert _ids(found) == [f"{b}/a.html"]
    assert found[0].raw_text.split("\n")[:2] == ["Bridge opens", PARAGRAPH]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b'<?xml version="1.0"?><rss version="2.0"></rss>', "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
        (b"<!-- c --><opml version='2.0'></opml>", "opml"),
        (b"<sitemapindex></sitemapindex>", "sitemapindex"),
        (b"<!DOCTYPE html><html></html>", "html"),
        (b"plain words", "unknown"),
    ],
)
def test_sniff_tells_document_kinds(body: bytes, kind: str) -> None:
    from chorus.ingest.fetch import Response

    assert sniff(Response("http://x/", 200, body)) == kind


def test_read_inputs_takes_urls_beside_files(
    feed_server: FeedServer, net_settings: Settings
) -> None:
    from chorus.ingest import read_inputs

    b = feed_server.base
    articles, errors = read_inputs(
        [f"{b}/feed.xml", f"{b}/error.xml"], replace(net_settings, fetch_retries=0)
    )
    assert [a.id for a in articles] == [f"{b}/news/bridge", f"{b}/news/ferry"]
    assert [(e.path, e.reason) for e in errors] == [(f"{b}/error.xml", "HTTP 500")]
