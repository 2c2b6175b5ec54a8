"""Extractive multi-document summaries whose every sentence cites the articles that carry it.

Summarizers are interchangeable behind the `Summarizer` protocol and chosen by a versioned name in
`Settings.summarizer` (STYLE.md): "ilp.v1" (default) and the baselines "lead.v1", "centroid.v1",
"lexrank.v1", "textrank.v1" that bench/summarize.py compares it with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from chorus.errors import ConfigError
from chorus.records import Article, SummarySentence
from chorus.settings import Settings
from chorus.summarize.support import add_support

__all__ = ["SUMMARIZERS", "Summarizer", "get_summarizer", "summarize"]


class Summarizer(Protocol):
    """Choose sentences of a story's articles, at most `words` words, each with its citations."""

    name: str

    def __call__(
        self,
        articles: Sequence[Article],
        words: int,
        settings: Settings,
        query: str | None = None,
    ) -> tuple[SummarySentence, ...]: ...


def _ilp() -> Summarizer:
    from chorus.summarize.select import IlpSummarizer

    return IlpSummarizer()


def _baseline(name: str) -> Callable[[], Summarizer]:
    def make() -> Summarizer:
        from chorus.summarize import baselines

        return baselines.BASELINES[name]()

    return make


SUMMARIZERS: dict[str, Callable[[], Summarizer]] = {
    "ilp.v1": _ilp,
    "lead.v1": _baseline("lead.v1"),
    "centroid.v1": _baseline("centroid.v1"),
    "lexrank.v1": _baseline("lexrank.v1"),
    "textrank.v1": _baseline("textrank.v1"),
}
"""Registered summarizers by versioned name."""


def get_summarizer(name: str) -> Summarizer:
    """Return the summarizer registered as `name`.

    Raises:
        ConfigError: no summarizer has that name.
    """
    try:
        return SUMMARIZERS[name]()
    except KeyError:
        known = ", ".join(sorted(SUMMARIZERS))
        raise ConfigError(f"unknown summarizer {name!r} (known: {known})") from None


def summarize(
    articles: Sequence[Article],
    words: int = 100,
    settings: Settings | None = None,
    query: str | None = None,
) -> tuple[SummarySentence, ...]:
    """Summarize one story's articles in at most `words` words, every sentence cited.

    Each `SummarySentence` cites every article whose cleaned text holds that exact sentence:
    `article.text[c.start:c.end] == sentence.text` for each citation `c`. Its `support` cites,
    in other articles, one whole sentence each that states the same thing in other words.

    >>> summarize([])
    ()
    """
    if not articles or words <= 0:
        return ()
    settings = settings or Settings()
    summary = get_summarizer(settings.summarizer)(articles, words, settings, query)
    return add_support(articles, summary, settings)
