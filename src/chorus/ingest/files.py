"""Read files and folders into articles: find the files, pick a reader by suffix, collect errors.

A reader is `reader(source, settings) -> list[Draft | Rejection]`; it raises `InputError` for a file
it cannot read at all and returns a `Rejection` for one bad row or item. Register a new file type
with one line in `READERS` (or `register_reader(".warc", read_warc_file)` from its module).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from chorus.errors import InputError
from chorus.ingest.build import build_articles
from chorus.ingest.draft import Draft
from chorus.ingest.feeds import read_feed_file
from chorus.ingest.html import read_html_file
from chorus.ingest.jsonl import read_json_file, read_jsonl_file, records_to_drafts
from chorus.ingest.source import Source
from chorus.ingest.text import read_text_file
from chorus.ingest.warc import read_jsonl_gz_file, read_warc_file
from chorus.records import Article, Rejection
from chorus.settings import Settings

log = logging.getLogger(__name__)

Reader = Callable[[Source, Settings], list[Draft | Rejection]]

READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".json": read_json_file,
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".xml": read_feed_file,
    ".rss": read_feed_file,
    ".atom": read_feed_file,
    ".warc": read_warc_file,
    ".warc.gz": read_warc_file,
    ".jsonl.gz": read_jsonl_gz_file,
    ".ndjson.gz": read_jsonl_gz_file,
}
"""Reader per lower-case file suffix; files in a folder with other suffixes are skipped. A double
suffix (".warc.gz", ".jsonl.gz") is looked up before the last one."""


def register_reader(suffix: str, reader: Reader) -> None:
    """Read files ending in `suffix` (".warc") with `reader`."""
    READERS[suffix.lower()] = reader


def reader_for(path: Path) -> Reader | None:
    """Return the reader registered for `path`'s double suffix, else its last suffix."""
    suffixes = [s.lower() for s in path.suffixes]
    for key in ("".join(suffixes[-2:]), "".join(suffixes[-1:])):
        if key and key in READERS:
            return READERS[key]
    return None


def read_inputs(
    paths: Iterable[str | Path], settings: Settings
) -> tuple[list[Article], list[Rejection]]:
    """Read files and folders (recursively, in sorted order) into articles and rejections.

    A file that cannot be read becomes one `Rejection(path, reason)`; a bad JSONL row or feed item
    becomes one for `path:line` or `path#n`; the batch goes on. Ids are relative to the folder
    given (a file given directly has its name as id).

    >>> articles, errors = read_inputs(["examples/"], Settings())   # doctest: +SKIP
    >>> articles[0].id, articles[0].outlet, articles[0].outlet_source   # doctest: +SKIP
    ('brennholm-gazette.html', 'Brennholm Gazette', 'markup')
    """
    articles: list[Article] = []
    rejections: list[Rejection] = []
    seen: set[str] = set()
    for given in paths:
        if isinstance(given, str) and given.startswith(("http://", "https://")):
            from chorus.ingest.fetch import read_url_or_reject  # the network stack only for URLs

            _build_all(read_url_or_reject(given, settings), settings, articles, rejections)
            continue
        for source, reader in _sources(Path(given), str(given), rejections):
            try:
                found = reader(source, settings)
            except InputError as exc:
                rejections.append(Rejection(exc.path, exc.reason))
                continue
            start = len(articles)
            _build_all(found, settings, articles, rejections)
            for i in range(start, len(articles)):
                articles[i] = _unique_id(articles[i], source, seen)
    log.debug("read %d articles, rejected %d inputs", len(articles), len(rejections))
    return articles, rejections


def articles_from_records(
    rows: Iterable[dict], source: str, settings: Settings
) -> tuple[list[Article], list[Rejection]]:
    """Turn JSON records (news-please or news-tls fields) into articles, as files are.

    >>> rows = [{"id": "a1", "title": "Flood", "maintext": "..."}]
    >>> articles, errors = articles_from_records(rows, "api", Settings())  # doctest: +SKIP
    """
    articles: list[Article] = []
    rejections: list[Rejection] = []
    _build_all(records_to_drafts(rows, source), settings, articles, rejections)
    return articles, rejections


def _unique_id(article: Article, source: Source, seen: set[str]) -> Article:
    """Keep ids unique in one read: two inputs named alike ("a/x.txt", "b/x.txt" given as files)
    take the path as given instead; a repeated `id` field from the data gets a warning."""
    if article.id in seen:
        if article.id.startswith(source.ident):
            article = replace(article, id=source.shown + article.id[len(source.ident) :])
        if article.id in seen:
            warning = f"id {article.id!r} is used by another article"
            article = replace(article, warnings=(*article.warnings, warning))
    seen.add(article.id)
    return article


def _build_all(
    found: Iterable[Draft | Rejection],
    settings: Settings,
    articles: list[Article],
    rejections: list[Rejection],
) -> None:
    for item in build_articles(found, settings):
        if isinstance(item, Rejection):
            rejections.append(item)
        else:
            articles.append(item)


def _sources(
    path: Path, shown: str, rejections: list[Rejection]
) -> Iterator[tuple[Source, Reader]]:
    """Yield the readable files under `path` with their readers; ids are relative to the root."""
    if path.is_dir():
        found = []
        for child in path.rglob("*"):
            rel = child.relative_to(path)
            if any(part.startswith(".") for part in rel.parts) or not child.is_file():
                continue
            reader = reader_for(child)
            if reader is None:
                log.debug("skipping %s: no reader for %r", child, child.suffix)
                continue
            found.append((rel.as_posix(), reader))
        for rel, reader in sorted(found, key=lambda pair: pair[0]):
            yield Source(path / rel, str(path / rel), rel), reader
    elif path.is_file():
        reader = reader_for(path)
        if reader is None:
            rejections.append(
                Rejection(shown, f"unsupported file type {path.suffix or '(none)'!r}")
            )
            return
        yield Source(path, shown, path.name), reader
    else:
        rejections.append(Rejection(shown, "no such file or folder"))
