"""Read URLs: RSS/Atom feeds, OPML lists of feeds, and sitemaps of article pages.

Every request sends `settings.user_agent`, honours the host's robots.txt, times out after
`settings.fetch_timeout` and retries timeouts, dropped connections, 429 and 5xx with doubling
backoff. A URL that cannot be read raises `InputError(url, reason)` with a plain reason ("timed
out after 2 s", "HTTP 500", "too many redirects", "feed is not XML: the server sent an HTML page").

    fetch ─ robots.txt ─ GET (conditional) ─┬─ feed    → one Draft per item (id: link, else guid)
                                            ├─ OPML    → each feed it lists
                                            └─ sitemap → each page (trafilatura), sub-sitemaps
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import feedparser
import httpx
from lxml import etree

from chorus.errors import InputError
from chorus.ingest.draft import Draft
from chorus.ingest.feeds import strip_html
from chorus.ingest.html import extract_page
from chorus.ingest.metadata import parse_date
from chorus.ingest.source import decode
from chorus.records import Rejection
from chorus.settings import Settings

log = logging.getLogger(__name__)

Kind = str
"""What a fetched document is: "feed", "opml", "sitemap", "sitemapindex", "html", "unknown"."""

_ROOT_RE = re.compile(rb"<(?!\?|!)([A-Za-z_][\w:.-]*)")
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched document, or `status` 304 with an empty body when it has not changed."""

    url: str
    """The final URL, after redirects."""
    status: int
    body: bytes
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """HTTP GETs that honour robots.txt, send a User-Agent, time out and back off on errors.

    >>> with Fetcher(Settings()) as fetcher:                           # doctest: +SKIP
    ...     drafts = read_url("https://example.org/feed.xml", Settings(), fetcher)
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": settings.user_agent},
            timeout=settings.fetch_timeout,
            follow_redirects=True,
            max_redirects=settings.fetch_max_redirects,
            transport=transport,
        )
        self._robots: dict[str, RobotFileParser] = {}
        self._agent = settings.user_agent.split("/")[0]

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Response:
        """GET `url` (conditionally when `etag`/`last_modified` are given).

        Raises:
            InputError: robots.txt forbids it, or it fails after the retries.
        """
        if not self.allowed(url):
            raise InputError(url, "robots.txt disallows fetching it")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        delay = self.settings.fetch_backoff
        for attempt in range(self.settings.fetch_retries + 1):
            last = attempt == self.settings.fetch_retries
            try:
                return self._get_once(url, headers)
            except _Retryable as exc:
                if last:
                    raise InputError(url, exc.reason) from exc
                log.info("%s: %s; retrying in %.1f s", url, exc.reason, delay)
                self._sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def _get_once(self, url: str, headers: dict[str, str]) -> Response:
        limit = self.settings.max_file_bytes
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                if r.status_code in _RETRY_STATUS:
                    raise _Retryable(f"HTTP {r.status_code}")
                if r.status_code == 304:
                    return Response(
                        str(r.url),
                        304,
                        b"",
                        etag=r.headers.get("ETag"),
                        last_modified=r.headers.get("Last-Modified"),
                    )
                if r.status_code >= 400:
                    raise InputError(url, f"HTTP {r.status_code}")
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise InputError(url, f"response is too large (over {limit} bytes)")
                    chunks.append(chunk)
                return Response(
                    url=str(r.url),
                    status=r.status_code,
                    body=b"".join(chunks),
                    content_type=r.headers.get("Content-Type", "").split(";")[0].strip().lower(),
                    etag=r.headers.get("ETag"),
                    last_modified=r.headers.get("Last-Modified"),
                )
        except httpx.TooManyRedirects as exc:
            raise InputError(
                url, f"too many redirects (more than {self.settings.fetch_max_redirects})"
            ) from exc
        except httpx.TimeoutException as exc:
            raise _Retryable(f"timed out after {self.settings.fetch_timeout:g} s") from exc
        except httpx.TransportError as exc:
            raise _Retryable(f"cannot connect: {exc}") from exc
        except httpx.InvalidURL as exc:
            raise InputError(url, f"invalid URL: {exc}") from exc

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets this User-Agent fetch `url`.

        As RFC 9309 says: a missing robots.txt (4xx) allows everything; one that cannot be
        fetched (5xx, timeout) forbids everything until it can be.
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise InputError(url, "not an http(s) URL")
        origin = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(origin)
        if robots is None:
            robots = self._load_robots(origin)
            self._robots[origin] = robots
        return robots.can_fetch(self._agent, url)

    def _load_robots(self, origin: str) -> RobotFileParser:
        robots = RobotFileParser(origin + "/robots.txt")
        try:
            r = self._client.get(origin + "/robots.txt")
        except httpx.HTTPError as exc:
            log.warning("%s/robots.txt unreachable (%s): not fetching from it", origin, exc)
            robots.disallow_all = True
            return robots
        if r.status_code >= 500:
            log.warning("%s/robots.txt answers %d: not fetching from it", origin, r.status_code)
            robots.disallow_all = True
        elif r.status_code >= 400:
            robots.allow_all = True
        else:
            robots.parse(r.text.splitlines())
        return robots


class _Retryable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def sniff(response: Response) -> Kind:
    """Tell a feed from an OPML list, a sitemap or an HTML page by its root element."""
    head = response.body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    match = _ROOT_RE.search(_skip_comments(head))
    root = match.group(1).decode("ascii", "replace").lower() if match else ""
    root = root.split(":")[-1] if root != "rdf:rdf" else root
    if root in ("rss", "feed", "rdf:rdf", "channel"):
        return "feed"
    if root == "opml":
        return "opml"
    if root in ("urlset", "sitemapindex"):
        return "sitemap" if root == "urlset" else "sitemapindex"
    if root in ("html", "head", "body") or "html" in response.content_type:
        return "html"
    return "unknown"


def _skip_comments(head: bytes) -> bytes:
    return re.sub(
        rb"<!--.*?-->", b"", re.sub(rb"<!DOCTYPE[^>]*>", b"", head, flags=re.I), flags=re.S
    )


def read_url(
    url: str, settings: Settings, fetcher: Fetcher | None = None
) -> list[Draft | Rejection]:
    """Read a feed, OPML list or sitemap URL into drafts (one bad item is one rejection).

    Raises:
        InputError: the URL cannot be fetched, or is not a feed, OPML list or sitemap.
    """
    if fetcher is None:
        with Fetcher(settings) as own:
            return read_url(url, settings, own)
    response = fetcher.get(url)
    return drafts_from_response(response, url, settings, fetcher)


def read_url_or_reject(url: str, settings: Settings) -> list[Draft | Rejection]:
    """`read_url` for a batch: a URL that cannot be read becomes one rejection."""
    try:
        return read_url(url, settings)
    except InputError as exc:
        return [Rejection(exc.path, exc.reason)]


def drafts_from_response(
    response: Response, url: str, settings: Settings, fetcher: Fetcher, depth: int = 0
) -> list[Draft | Rejection]:
    """Turn a fetched feed, OPML list or sitemap into drafts, fetching what it points to."""
    kind = sniff(response)
    if kind == "feed":
        return drafts_from_feed(response, settings, fetcher)
    if kind == "html":
        raise InputError(url, "feed is not XML: the server sent an HTML page")
    if kind == "unknown":
        raise InputError(url, "feed is not XML")
    if depth >= 2:
        raise InputError(url, f"{kind} nested too deep")
    links = _links(response, kind, url)
    if kind == "sitemap":
        links = links[: settings.sitemap_max_pages]
    out: list[Draft | Rejection] = []
    for link in links:
        try:
            if kind == "sitemap":
                out.append(_page_draft(fetcher.get(link), link))
            else:
                out.extend(
                    drafts_from_response(fetcher.get(link), link, settings, fetcher, depth + 1)
                )
        except InputError as exc:
            out.append(Rejection(exc.path, exc.reason))
    return out


def _links(response: Response, kind: Kind, url: str) -> list[str]:
    """Feed URLs of an OPML list, page or sitemap URLs of a sitemap (index)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(response.body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(url, f"{kind} is not well-formed XML") from exc
    if root is None:
        raise InputError(url, f"{kind} is not well-formed XML")
    if kind == "opml":
        found = [o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")]
    else:
        found = [(e.text or "").strip() for e in root.iter("{*}loc")]
    links = [urljoin(response.url, link) for link in found if link]
    if not links:
        raise InputError(url, f"{kind} lists no URLs")
    return list(dict.fromkeys(links))


def _page_draft(response: Response, url: str) -> Draft:
    text, warning = decode(response.body, url)
    page = extract_page(text, url)
    return Draft(
        id=url,
        path=url,
        raw_text=page.text,
        title=page.title,
        outlet=page.sitename,
        outlet_source="markup" if page.sitename else None,
        date=page.date,
        date_source="markup" if page.date else None,
        url=page.url or response.url,
        authors=page.authors,
        warnings=(warning,) if warning else (),
        origin=url,
    )


def drafts_from_feed(
    response: Response, settings: Settings, fetcher: Fetcher | None = None
) -> list[Draft | Rejection]:
    """One draft per feed item: id is the item's link, else its guid, else `url#n`.

    An item carrying less than `settings.min_article_chars` of text has its linked page
    fetched when `settings.fetch_item_pages` is on.
    """
    url = response.url
    feed = feedparser.parse(response.body)
    if not feed.entries:
        if feed.bozo:
            raise InputError(url, "feed is not XML")
        raise InputError(url, "feed has no items")
    outlet = (feed.feed.get("title") or "").strip() or None
    out: list[Draft | Rejection] = []
    for n, entry in enumerate(feed.entries, 1):
        link = entry.get("link") or None
        ident = link or entry.get("id") or f"{url}#{n}"
        body = strip_html(_entry_html(entry))
        warnings: tuple[str, ...] = ()
        if (
            len(body) < settings.min_article_chars
            and link
            and fetcher is not None
            and settings.fetch_item_pages
        ):
            try:
                page = _page_draft(fetcher.get(link), link)
                body = page.raw_text
            except InputError as exc:
                warnings = (f"linked page not read: {exc.reason}",)
        if not body:
            out.append(Rejection(ident, "no article text"))
            continue
        date = parse_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        authors = tuple(a.get("name", "") for a in entry.get("authors", []) if a.get("name"))
        out.append(
            Draft(
                id=ident,
                path=url,
                raw_text=body,
                title=(entry.get("title") or "").strip() or None,
                outlet=outlet,
                outlet_source="feed" if outlet else None,
                date=date,
                date_source="feed" if date else None,
                url=link,
                authors=authors,
                warnings=warnings,
                origin=ident,
            )
        )
    return out


def _entry_html(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary", "") or ""
    return best if len(best) >= len(summary) else summary


def is_url(value: object) -> bool:
    """Whether an input names a URL rather than a file."""
    return isinstance(value, str) and value.startswith(("http://", "https://"))
