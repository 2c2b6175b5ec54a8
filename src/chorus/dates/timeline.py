"""Order a story's dated events into a timeline (issue #6).

Each resolved date mention brings the sentence it sits in; sentences on one date that say the same
thing (shared content lemmas) are one entry citing every article. Dates well before the story's
own days (an earlier visit, an invasion) are marked as context.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from chorus.nlp import parse_many
from chorus.records import Article, Citation, DateMention, TimelineEntry
from chorus.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["build_timeline", "period_of"]

_DATED = frozenset({"time", "day", "week", "month", "season", "quarter", "year", "decade"})
_STORY_DAYS = 7
"""Days before the story's date still counted as the story's own (a news week); older is context."""


def build_timeline(
    dates: Iterable[DateMention],
    articles: Sequence[Article],
    story_date: str | None,
    settings: Settings,
) -> tuple[TimelineEntry, ...]:
    """Timeline entries ordered by date, each citing the sentences that narrate it.

    >>> build_timeline(story.dates, articles, story.date, Settings())  # doctest: +SKIP
    (TimelineEntry(date='2000-07', text='Putin last visited Pyongyang…', context=True), ...)
    """
    by_id = {a.id: a for a in articles}
    mentions = [m for m in dates if m.value and m.granularity in _DATED and m.article_id in by_id]
    docs = dict(
        zip(
            [a.id for a in articles],
            parse_many([a.text for a in articles], settings.spacy_model),
            strict=True,
        )
    )
    story_day = _day(story_date)
    groups: dict[str, list[tuple[frozenset[str], str, Citation]]] = {}
    seen: set[tuple[str, str, int]] = set()
    sentences = {i: list(doc.sents) for i, doc in docs.items()}
    for m in mentions:
        sent = next(
            (s for s in sentences[m.article_id] if s.start_char <= m.start < s.end_char), None
        )
        if sent is None:
            continue
        article_text = by_id[m.article_id].text
        start, end = _line_part(article_text, sent.start_char, sent.end_char, m.start)
        text = article_text[start:end]
        key = (m.value or "", m.article_id, start)
        if key in seen:
            continue
        seen.add(key)
        lemmas = frozenset(
            t.lemma_.lower()
            for t in sent
            if t.pos_ in {"NOUN", "PROPN", "VERB", "NUM"} and not t.is_stop
        )
        groups.setdefault(m.value or "", []).append(
            (lemmas, text, Citation(m.article_id, start, start + len(text)))
        )
    weight = _idf([lemmas for items in groups.values() for lemmas, _, _ in items])
    entries = []
    for value, items in groups.items():
        for cluster in _clusters(items, weight, settings.fact_min_overlap):
            entries.append(
                TimelineEntry(
                    date=value,
                    text=cluster[0][1],
                    citations=tuple(c for _, _, c in cluster),
                    context=_is_context(value, story_day),
                )
            )
    entries.sort(key=lambda e: (period_of(e.date)[0], period_of(e.date)[1], -len(e.citations)))
    return tuple(entries)


def period_of(value: str) -> tuple[date, date]:
    """First and last day of an ISO value at its granularity ("2023-09" → Sept 1-30 2023)."""
    try:
        if len(value) == 3 and value.isdigit():  # decade "199"
            return date(int(value) * 10, 1, 1), date(int(value) * 10 + 9, 12, 31)
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if m := re.fullmatch(r"(\d{4})-([QH])([1-4])", value):
            year, months = int(m.group(1)), 3 if m.group(2) == "Q" else 6
            first_month = (int(m.group(3)) - 1) * months + 1
            last = _month_end(year, first_month + months - 1)
            return date(year, first_month, 1), last
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            year, start = int(m.group(1)), {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[m.group(2)]
            end_year, end_month = (year + 1, 2) if start == 12 else (year, start + 2)
            return date(year, start, 1), _month_end(end_year, end_month)
        if "-W" in value:
            year, week = value.removesuffix("-WE").split("-W")
            first = date.fromisocalendar(int(year), int(week), 1)
            return first, first + timedelta(days=6)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            nxt = date(year + month // 12, month % 12 + 1, 1)
            return date(year, month, 1), nxt - timedelta(days=1)
        day = date.fromisoformat(value[:10])
        return day, day
    except ValueError:
        return date.max, date.max


def _month_end(year: int, month: int) -> date:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _is_context(value: str, story_day: date | None) -> bool:
    if story_day is None:
        return False
    _, last = period_of(value)
    return last < story_day - timedelta(days=_STORY_DAYS)


def _line_part(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The part of a sentence on the line holding `at`: spaCy runs headings into sentences."""
    lo = max(start, text.rfind("\n", 0, at) + 1)
    nl = text.find("\n", at)
    hi = min(end, nl) if nl >= 0 else end
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def _idf(lemma_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    df: dict[str, int] = {}
    for lemmas in lemma_sets:
        for lemma in lemmas:
            df[lemma] = df.get(lemma, 0) + 1
    n = len(lemma_sets) + 1
    return {lemma: math.log(n / count) for lemma, count in df.items()}


def _clusters(
    items: Sequence[tuple[frozenset[str], str, Citation]],
    weight: dict[str, float],
    threshold: float,
) -> list[list[tuple[frozenset[str], str, Citation]]]:
    """Sentences on one date that tell one event, compared as the fact map compares them:
    shared content lemmas weighted by rarity in the story, over the pair's mean weight."""
    clusters: list[list[tuple[frozenset[str], str, Citation]]] = []
    for item in items:
        for cluster in clusters:
            lemmas = cluster[0][0]
            if any(c.article_id == item[2].article_id for _, _, c in cluster):
                continue
            shared = item[0] & lemmas
            mean = (sum(weight[w] for w in item[0]) + sum(weight[w] for w in lemmas)) / 2
            if len(shared) >= 3 and mean and sum(weight[w] for w in shared) / mean >= threshold:
                cluster.append(item)
                break
        else:
            clusters.append([item])
    return clusters
