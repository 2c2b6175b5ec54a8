"""Turn what a reader found (`Draft`) into an `Article`: clean, infer metadata, detect language."""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace

from chorus.errors import InputError
from chorus.ingest.clean import clean_text
from chorus.ingest.draft import Draft
from chorus.ingest.language import detect_languages
from chorus.ingest.metadata import infer_authors, infer_date, infer_outlet, infer_title
from chorus.records import Article, Rejection
from chorus.settings import Settings

log = logging.getLogger(__name__)

EXPECTED_LANGUAGE = "en"
"""The pipeline's models (spaCy's English pipeline, the English embedder) are English-only."""

CHUNK = 256
"""Drafts built before their languages are detected together (see `language.py`): enough for the
batched detector to pay off, few enough that a streamed WARC stays in constant memory."""


def build_articles(
    items: Iterable[Draft | Rejection], settings: Settings
) -> Iterator[Article | Rejection]:
    """Build each draft into an article (see `build_article`), passing rejections through in order.

    A draft that `build_article` would refuse becomes a `Rejection(path, reason)`.
    """
    it = iter(items)
    while chunk := list(itertools.islice(it, CHUNK)):
        built: list[Article | Rejection] = []
        for item in chunk:
            if isinstance(item, Rejection):
                built.append(item)
                continue
            try:
                built.append(_build_unlabelled(item, settings))
            except InputError as exc:
                built.append(Rejection(exc.path, exc.reason))
        labels = iter(detect_languages([a.text for a in built if isinstance(a, Article)]))
        for draft, item in zip(chunk, built, strict=True):
            if isinstance(item, Article):
                assert isinstance(draft, Draft)
                yield _with_language(item, next(labels), draft.language)
            else:
                yield item


def build_article(draft: Draft, settings: Settings) -> Article:
    """Clean `draft`'s text and fill in its metadata.

    Raises:
        InputError: the cleaned text is shorter than `settings.min_article_chars`.
    """
    article = _build_unlabelled(draft, settings)
    return _with_language(article, detect_languages([article.text])[0], draft.language)


def _with_language(article: Article, language: str | None, declared: str | None) -> Article:
    if not language:
        return article
    if declared and declared.lower()[:2] != language:
        log.debug("%s declares %s, text reads as %s", article.path, declared, language)
    warnings = article.warnings
    if language != EXPECTED_LANGUAGE:
        warning = f"language is {language}, not English: stories and summaries may be poor"
        warnings = (*warnings, warning)
    return replace(article, language=language, warnings=warnings)


def _build_unlabelled(draft: Draft, settings: Settings) -> Article:
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

    return Article(
        id=draft.id,
        path=draft.path,
        text=text,
        title=draft.title or infer_title(removed),
        outlet=outlet,
        outlet_source=outlet_source if outlet else None,
        date=date,
        date_source=date_source if date else None,
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
