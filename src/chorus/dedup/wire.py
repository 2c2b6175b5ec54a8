"""Wire copies and near-duplicates: which articles copy which, and who the origin is.

A pair is a copy when its exact shingle sets agree enough: Jaccard at least
`settings.duplicate_threshold` (a re-post with light edits), or the shorter text at least
`settings.wire_containment` contained in the longer (an agency story trimmed or topped with a
local paragraph). Copies form groups (union-find); the group's origin is its earliest article
(date, then id) and every other member's `duplicate_of` names it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from chorus.dedup.minhash import candidate_pairs, overlap, unique_sets
from chorus.records import Article
from chorus.settings import Settings

log = logging.getLogger(__name__)


def _origin_key(article: Article) -> tuple[str, str]:
    # Undated articles sort after dated ones: a dated copy is the better-known origin.
    return (article.date or "9999-99-99", article.id)


def copy_groups(
    articles: Sequence[Article], settings: Settings, existing: Sequence[Article] = ()
) -> list[tuple[str, ...]]:
    """Return groups of article ids that copy one another, origin first, then by (date, id).

    Articles (from `existing` or `articles`) that copy nothing are left out.

    >>> copy_groups([a, b, c], Settings())  # doctest: +SKIP
    [("apw-1", "nyt-7")]
    """
    pool = _pool(articles, existing, settings.duplicate_window_days)
    sets = unique_sets((a.text for a in pool), settings.shingle_words)
    parent = list(range(len(pool)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = candidate_pairs(
        sets, settings.duplicate_candidate_threshold, settings.minhash_perm, settings.seed
    )
    for i, j in pairs:
        jaccard, contained = overlap(sets[i], sets[j])
        small = min(len(sets[i]), len(sets[j]))
        if jaccard >= settings.duplicate_threshold or (
            contained >= settings.wire_containment and small >= settings.wire_min_shingles
        ):
            parent[find(i)] = find(j)
    members: dict[int, list[Article]] = {}
    for i, article in enumerate(pool):
        members.setdefault(find(i), []).append(article)
    groups = [
        tuple(a.id for a in sorted(group, key=_origin_key))
        for group in members.values()
        if len(group) > 1
    ]
    return sorted(groups)


def find_duplicates(
    articles: Sequence[Article],
    settings: Settings | None = None,
    existing: Sequence[Article] = (),
) -> list[Article]:
    """Return `articles` in order, each copy's `duplicate_of` set to its group's origin.

    The origin is the earliest article of the group (date, then id), whether it is in
    `existing` or in `articles`; an existing article that already copies another passes its
    origin on. Articles that copy nothing keep `duplicate_of=None`.

    >>> [a.duplicate_of for a in find_duplicates([ap, copy_of_ap], Settings())]  # doctest: +SKIP
    [None, 'ap-1']
    """
    settings = settings or Settings()
    earlier = {a.id: a.duplicate_of for a in existing if a.duplicate_of}
    origin_of: dict[str, str] = {}
    for group in copy_groups(articles, settings, existing):
        origin = group[0]
        origin = earlier.get(origin, origin)
        for article_id in group[1:]:
            origin_of[article_id] = origin
    result = []
    for article in articles:
        origin = origin_of.get(article.id)
        if origin is not None and origin != article.id:
            result.append(replace(article, duplicate_of=origin))
        elif article.duplicate_of is not None and article.id not in origin_of:
            result.append(article)
        else:
            result.append(replace(article, duplicate_of=None) if article.duplicate_of else article)
    n = sum(a.duplicate_of is not None for a in result)
    log.debug("%d of %d articles are copies", n, len(result))
    return result


def _pool(
    articles: Sequence[Article], existing: Sequence[Article], window_days: int
) -> list[Article]:
    # Copies appear within days of their origin, so stored articles dated far from every new
    # one are left out: adding 1,000 articles to a 100k store must not re-read the whole store.
    days = [_day(a.date) for a in articles]
    if existing and days and window_days > 0 and None not in days:
        lo = min(d for d in days if d is not None) - window_days
        hi = max(d for d in days if d is not None) + window_days
        existing = [e for e in existing if (d := _day(e.date)) is None or lo <= d <= hi]
    seen: set[str] = set()
    pool = []
    for article in [*existing, *articles]:
        if article.id not in seen:
            seen.add(article.id)
            pool.append(article)
    return pool


def _day(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None
