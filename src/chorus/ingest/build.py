"""Turn what a reader found (`Draft`) into an `Article`: clean, infer metadata, detect language."""

from __future__ import annotations

import hashlib
import logging

from chorus.errors import InputError
from chorus.ingest.clean import clean_text
from chorus.ingest.draft import Draft
from chorus.ingest.language import detect_language
from chorus.ingest.metadata import infer_authors, infer_date, infer_outlet, infer_title
from chorus.records import Article
from chorus.settings import Settings

log = logging.getLogger(__name__)

EXPECTED_LANGUAGE = "en"
"""The pipeline's models (spaCy's English pipeline, the English embedder) are English-only."""


def build_article(draft: Draft, settings: Settings) -> Article:
    """Clean `draft`'s text and fill in its metadata.

    Raises:
        InputError: the cleaned text is shorter than `settings.min_article_chars`.
    """
    text, removed = clean_text(draft.raw_text)
    if len(text) < settings.min_article_chars:
        raise InputError(draft.origin or draft.path, "no article text")
    warnings = list(draft.warnings)

    date, date_source = draft.date, draft.date_source
    inferred_date, inferred_source, date_warning = infer_date(text, removed)
    if date is None:
        date, date_source = inferred_date, inferred_source
        if date_warning:
            warnings.append(date_warning)

    outlet, outlet_source = draft.outlet, draft.outlet_source
    if not outlet:
        outlet, outlet_source = infer_outlet(text, removed, draft.url)

    language = detect_language(text)
    if draft.language and language and draft.language.lower()[:2] != language:
        log.debug("%s declares %s, text reads as %s", draft.path, draft.language, language)
    if language and language != EXPECTED_LANGUAGE:
        warnings.append(f"language is {language}, not English: stories and summaries may be poor")

    return Article(
        id=draft.id,
        path=draft.path,
        text=text,
        title=draft.title or infer_title(removed),
        outlet=outlet,
        outlet_source=outlet_source if outlet else None,
        date=date,
        date_source=date_source if date else None,
        language=language,
        removed=removed,
        url=draft.url,
        authors=draft.authors or infer_authors(removed),
        raw_text=draft.raw_text,
        content_hash=content_hash(text),
        warnings=tuple(warnings),
    )


def content_hash(text: str) -> str:
    """Return the sha256 of `text` with whitespace runs collapsed, so layout changes don't count."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
