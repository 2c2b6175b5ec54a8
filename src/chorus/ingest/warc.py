"""Read bulk archives: WARC/WARC.GZ web archives (warcio, streamed) and gzipped JSON Lines.

Both are read record by record, so memory does not grow with the file: `iter_warc` and
`iter_jsonl_gz` are generators, and a damaged or truncated file ends the stream with one
`Rejection` after every record read before the damage.
"""

from __future__ import annotations

import gzip
import json
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from chorus.errors import InputError
from chorus.ingest.build import build_articles
from chorus.ingest.draft import Draft
from chorus.ingest.html import extract_page
from chorus.ingest.jsonl import draft_from_record
from chorus.ingest.source import Source, decode
from chorus.records import Article, Rejection
from chorus.settings import Settings

log = logging.getLogger(__name__)

_PAGE_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_STREAM_ERRORS = (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError)
"""What warcio and gzip raise on a truncated or corrupt archive (OSError covers BadGzipFile)."""


def iter_warc(source: Source, settings: Settings) -> Iterator[Draft | Rejection]:
    """Yield one draft per HTML (or plain-text) page archived in a WARC, streaming the file.

    The article id is the record's WARC-Target-URI (else `path#n` for the n-th record). Requests,
    metadata, revisits and non-200 responses are skipped; a page without article text is one
    rejection; a truncated archive ends with a rejection naming how many records were read.

    >>> source = Source(Path("crawl.warc.gz"), "crawl.warc.gz", "crawl")  # doctest: +SKIP
    >>> drafts = list(iter_warc(source, Settings()))                     # doctest: +SKIP
    """
    n = 0
    try:
        size = source.path.stat().st_size
        if not _starts_as_warc(source.path):
            raise InputError(source.shown, "not a WARC file")
        with source.path.open("rb") as stream:
            records = _CheckedIterator(stream)
            for record in records:
                if record.rec_type not in ("response", "resource"):
                    continue
                n += 1
                item = _draft_from_record(record, source, n, settings)
                if item is not None:
                    yield item
        if records.end is not None and size - records.end > _TRAILER_BYTES:
            log.warning(
                "%s: archive ends mid-record at byte %d of %d", source.shown, records.end, size
            )
            yield Rejection(source.shown, f"truncated or damaged WARC after {n} records")
    except FileNotFoundError as exc:
        raise InputError(source.shown, "no such file or folder") from exc
    except _STREAM_ERRORS as exc:
        log.warning("%s: archive damaged after %d records: %s", source.shown, n, exc)
        if n == 0 and isinstance(exc, ArchiveLoadFailed):
            raise InputError(source.shown, "not a WARC file") from exc
        yield Rejection(source.shown, f"truncated or damaged WARC after {n} records")


def _starts_as_warc(path: Path) -> bool:
    """A WARC (plain or gzipped) begins "WARC/1.x"; warcio would read other text as an ARC."""
    with path.open("rb") as raw:
        head = raw.read(2)
    opener = gzip.open if head == b"\x1f\x8b" else open
    try:
        with opener(path, "rb") as stream:
            return stream.read(5) == b"WARC/"
    except (OSError, EOFError, zlib.error):
        return False


_TRAILER_BYTES = 4
"""An uncompressed WARC ends with the CRLF CRLF after its last record, outside that record."""


class _CheckedIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, remembering where the last whole record ended.

    warcio ends quietly at a record cut off mid-way (it reads the EOF as "no more records"), so a
    truncated file is recognised by the last whole record ending before the file does.
    """

    end: int | None = None

    def close(self) -> None:
        if self.reader is not None and self.record is not None:
            self.end = self.get_record_offset() + self.get_record_length()
        super().close()


def _draft_from_record(
    record: object, source: Source, n: int, settings: Settings
) -> Draft | Rejection | None:
    headers = record.rec_headers  # type: ignore[attr-defined]
    uri = headers.get_header("WARC-Target-URI") or None
    origin = uri or f"{source.shown}#{n}"
    http = record.http_headers  # type: ignore[attr-defined]
    if http is not None:
        status = http.get_statuscode()
        if status != "200":
            log.debug("%s: skipping HTTP %s", origin, status)
            return None
        kind = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    else:
        kind = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if kind not in _PAGE_TYPES + _TEXT_TYPES:
        return None
    # Read at most one byte over the limit: a huge record is refused without holding it whole.
    body = record.content_stream().read(settings.max_file_bytes + 1)  # type: ignore[attr-defined]
    if len(body) > settings.max_file_bytes:
        return Rejection(origin, f"record is too large (over {settings.max_file_bytes} bytes)")
    try:
        text, warning = decode(body, origin)
        if kind in _TEXT_TYPES:
            return Draft(
                id=uri or f"{source.ident}#{n}",
                path=source.shown,
                raw_text=text,
                url=uri,
                warnings=(warning,) if warning else (),
                origin=origin,
            )
        page = extract_page(text, origin)
    except InputError as exc:
        return Rejection(exc.path, exc.reason)
    return Draft(
        id=uri or f"{source.ident}#{n}",
        path=source.shown,
        raw_text=page.text,
        title=page.title,
        outlet=page.sitename,
        outlet_source="markup" if page.sitename else None,
        date=page.date,
        date_source="markup" if page.date else None,
        url=page.url or uri,
        authors=page.authors,
        warnings=(warning,) if warning else (),
        origin=origin,
    )


def iter_jsonl_gz(source: Source, settings: Settings) -> Iterator[Draft | Rejection]:
    """Yield one draft per row of a gzipped JSON Lines file, streaming it (ids as in .jsonl)."""
    for item in iter_gz_lines(source):
        if isinstance(item, Rejection):
            yield item
            continue
        found = row_item(source, *item)
        if found is not None:
            yield found


def iter_gz_lines(source: Source) -> Iterator[tuple[int, str] | Rejection]:
    """Yield `(line number, line)` of a gzipped text file, then a rejection if it is damaged."""
    lineno = 0
    try:
        with gzip.open(source.path, "rt", encoding="utf-8", errors="replace") as lines:
            for lineno, line in enumerate(lines, 1):
                yield lineno, line
    except FileNotFoundError as exc:
        raise InputError(source.shown, "no such file or folder") from exc
    except (EOFError, OSError, zlib.error) as exc:
        if lineno == 0:
            raise InputError(source.shown, "not a gzip file") from exc
        yield Rejection(source.shown, f"truncated or damaged gzip after line {lineno}")


def row_item(source: Source, lineno: int, line: str) -> Draft | Rejection | None:
    """The draft of one JSON Lines row (`path:line` when it has no id), None for a blank line."""
    if not line.strip():
        return None
    origin = f"{source.shown}:{lineno}"
    try:
        row = json.loads(line)
        return draft_from_record(row, f"{source.ident}:{lineno}", source.shown, origin)
    except json.JSONDecodeError as exc:
        return Rejection(origin, f"malformed JSON line ({exc.msg})")
    except InputError as exc:
        return Rejection(exc.path, exc.reason)


def read_warc_file(source: Source, settings: Settings) -> list[Draft | Rejection]:
    """Reader for `.warc` and `.warc.gz` files (the `files.READERS` interface)."""
    return list(iter_warc(source, settings))


def read_jsonl_gz_file(source: Source, settings: Settings) -> list[Draft | Rejection]:
    """Reader for `.jsonl.gz` and `.ndjson.gz` files (the `files.READERS` interface)."""
    return list(iter_jsonl_gz(source, settings))


def iter_archive_articles(path: str | Path, settings: Settings) -> Iterator[Article | Rejection]:
    """Stream the articles of a WARC or .jsonl.gz file, built in small chunks (constant memory).

    >>> for item in iter_archive_articles("crawl.warc.gz", Settings()): ...  # doctest: +SKIP
    """
    path = Path(path)
    source = Source(path, str(path), path.name)
    name = path.name.lower()
    items = (
        iter_jsonl_gz(source, settings)
        if name.endswith((".jsonl.gz", ".ndjson.gz"))
        else (iter_warc(source, settings))
    )
    yield from build_articles(items, settings)
