"""Read article records from .json (one object or a list) and .jsonl files, or from memory.

Field names: news-please (`title`, `maintext`, `date_publish`, `authors`, `source_domain`, `url`,
`language`) and news-tls (`id`, `time`, `text`, `title`). An `id` field is kept as the article id.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from chorus.errors import InputError
from chorus.ingest.draft import Draft
from chorus.ingest.metadata import outlet_from_url, parse_date
from chorus.ingest.source import Source, read_text
from chorus.records import Rejection
from chorus.settings import Settings

log = logging.getLogger(__name__)

TEXT_FIELDS = ("maintext", "text", "content", "body", "articleBody", "description")
"""First non-empty one is the article text; news-please's `description` (the lead) is the last
resort for rows whose `maintext` extraction failed."""
DATE_FIELDS = ("date_publish", "time", "date", "published", "datePublished")
OUTLET_FIELDS = ("outlet", "source_domain", "sitename", "source")


def draft_from_record(row: object, ident: str, path: str, origin: str) -> Draft:
    """Map one JSON record to a `Draft`.

    Raises:
        InputError: the row is not an object or has no article text (at `origin`).
    """
    if not isinstance(row, Mapping):
        raise InputError(origin, "row is not a JSON object")
    text = _first_str(row, TEXT_FIELDS)
    if not text:
        raise InputError(origin, "no article text")
    raw_id = row.get("id")
    date_value = next((row[k] for k in DATE_FIELDS if row.get(k)), None)
    date = parse_date(date_value)
    warnings = ()
    if date_value is not None and date is None:
        warnings = (f"unreadable date {str(date_value)[:40]!r}",)
    outlet = _first_str(row, OUTLET_FIELDS)
    if outlet and row.get("source_domain") == outlet:
        outlet = outlet_from_url(outlet)
    authors = row.get("authors", row.get("author"))
    if isinstance(authors, str):
        authors = [authors]
    return Draft(
        id=str(raw_id) if raw_id not in (None, "") else ident,
        path=path,
        raw_text=text,
        title=_first_str(row, ("title",)),
        outlet=outlet,
        outlet_source="json" if outlet else None,
        date=date,
        date_source="json" if date else None,
        url=_first_str(row, ("url",)),
        authors=tuple(str(a) for a in authors or () if a),
        language=_first_str(row, ("language",)),
        warnings=warnings,
        origin=origin,
    )


def read_json_file(source: Source, settings: Settings) -> list[Draft | Rejection]:
    """Return the articles of a .json file holding one record or a list of records."""
    text, warning = read_text(source, settings)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source.shown, f"malformed JSON (line {exc.lineno}: {exc.msg})") from exc
    if isinstance(data, list):
        rows = [
            (f"{source.ident}#{n}", f"{source.shown}#{n}", row) for n, row in enumerate(data, 1)
        ]
    else:
        rows = [(source.ident, source.shown, data)]
    return _drafts(rows, source.shown, warning)


def read_jsonl_file(source: Source, settings: Settings) -> list[Draft | Rejection]:
    """Return the articles of a .jsonl file; a malformed line rejects only that row (path:line)."""
    text, warning = read_text(source, settings)
    out: list[Draft | Rejection] = []
    rows = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        origin = f"{source.shown}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append(Rejection(origin, f"malformed JSON line ({exc.msg})"))
            continue
        rows.append((f"{source.ident}:{lineno}", origin, row))
    out.extend(_drafts(rows, source.shown, warning))
    return out


def records_to_drafts(rows: Iterable[object], source: str) -> list[Draft | Rejection]:
    """Map in-memory records (API posts) to drafts; the n-th row without an id is `source#n`."""
    return _drafts([(f"{source}#{n}", f"{source}#{n}", r) for n, r in enumerate(rows, 1)], source)


def _drafts(
    rows: list[tuple[str, str, object]], path: str, warning: str | None = None
) -> list[Draft | Rejection]:
    out: list[Draft | Rejection] = []
    for ident, origin, row in rows:
        try:
            draft = draft_from_record(row, ident, path, origin)
        except InputError as exc:
            out.append(Rejection(exc.path, exc.reason))
            continue
        if warning:
            draft = replace(draft, warnings=(*draft.warnings, warning))
        out.append(draft)
    return out


def _first_str(row: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = row.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
