"""Date an undated article by the past event its story's articles refer back to (issue #5).

Coverage of an event often recalls an earlier one ("follows on from Kim making a similar trip to
Russia last September"). When such a story has also taken in an undated article that is less
alike to the story than any two of its other members are to each other (TF-IDF cosine, mean over
the members), that article is most likely about the earlier event: it takes the month the story
refers back to (its 15th) as an inferred date, and the time penalty of a second clustering pass
keeps it apart. An article that itself refers back to that month was written after it and keeps
no date.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from statistics import median_low

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from chorus.records import Article
from chorus.settings import Settings
from chorus.stories.related import back_references

log = logging.getLogger(__name__)


def infer_past_dates(
    groups: Sequence[Sequence[str]],
    by_id: Mapping[str, Article],
    days: Mapping[str, int | None],
    settings: Settings,
    movable: set[str] | None = None,
) -> dict[str, int]:
    """Return inferred day ordinals for undated outliers of stories that refer to a past month.

    `days` maps article ids to their known day ordinal (None: undated); only ids in `movable`
    (all when None) may be given a date.
    """
    inferred: dict[str, int] = {}
    window = settings.story_max_gap_days + settings.story_gap_ramp_days
    for group in groups:
        members = list(group)
        dated = sorted(d for i in members if (d := days.get(i)) is not None)
        undated = [i for i in members if days.get(i) is None and (movable is None or i in movable)]
        if len(members) < settings.story_backdate_min_size or not dated or not undated:
            continue
        anchor = date.fromordinal(median_low(dated))
        period = _past_period(members, by_id, days, anchor, window)
        if period is None:
            continue
        sims = _similarities(members, by_id)
        for u in undated:
            k = members.index(u)
            if _refers_to(by_id[u], anchor, period):
                continue
            others = [j for j in range(len(members)) if j != k]
            pairs = sims[np.ix_(others, others)][np.triu_indices(len(others), 1)]
            if float(sims[k, others].mean()) < float(pairs.min()):
                inferred[u] = date(period[0], period[1], 15).toordinal()
                log.debug("dated %s to %d-%02d from its story's back-references", u, *period)
    return inferred


def _past_period(
    members: Sequence[str],
    by_id: Mapping[str, Article],
    days: Mapping[str, int | None],
    anchor: date,
    window: int,
) -> tuple[int, int] | None:
    # The month most often referred back to, the latest on a tie, when it lies beyond the time
    # window before the story (nearer months are the story's own span).
    counts: Counter[tuple[int, int]] = Counter()
    for i in members:
        own = days.get(i)
        refs, _ = back_references(by_id[i].text, date.fromordinal(own) if own else anchor)
        counts.update((y, m) for y, m in refs if m is not None)
    far = [
        (n, p)
        for p, n in counts.items()
        if date(p[0], p[1], 15).toordinal() < anchor.toordinal() - window
    ]
    return max(far)[1] if far else None


def _refers_to(article: Article, anchor: date, period: tuple[int, int]) -> bool:
    refs, _ = back_references(article.text, anchor)
    return period in refs


def _similarities(members: Sequence[str], by_id: Mapping[str, Article]) -> np.ndarray:
    texts = [f"{by_id[i].title or ''}\n{by_id[i].text}" for i in members]
    try:
        matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    except ValueError:
        return np.ones((len(members), len(members)))
    return (matrix @ matrix.T).toarray()
