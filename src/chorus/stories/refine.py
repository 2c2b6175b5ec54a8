"""Split stories whose articles share a theme but not an event: complete-link over TF-IDF.

The single-pass clusterer (`cluster.py`) compares an article with a story's centroid, so a chain
of alike articles can pull related but distinct events into one story (DUC 2003: Turkey-Syria
tension, the Ocalan arrest and Turkey's government collapse). Words that are rare in the
collection (names, places, the things an event is about) tell events apart better than dense
embeddings do; complete linkage asks every pair of articles in a story to share them
(issue #5). IDF is fitted on the articles at hand: all of them in `cluster`, the stories an
`assign` call touches there, which in date order are nearly the same set.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from chorus.records import Article
from chorus.settings import Settings

log = logging.getLogger(__name__)


def refine_groups(
    groups: Sequence[Sequence[str]],
    by_id: Mapping[str, Article],
    settings: Settings,
    context: Sequence[str] = (),
    days: Mapping[str, int | None] | None = None,
) -> list[list[list[str]]]:
    """Return, per group of article ids, its parts after complete-link and burst splitting.

    `context`: more article ids that only count towards IDF (the untouched stories `assign`
    holds), so that a call sees about the collection a batch run sees. `days`: article day
    ordinals (None: undated); when given, a part whose dates fall into two runs that read apart
    is split there too (`_split_bursts`).

    A group is left whole when it has one article or more than `story_refine_max_size`; nothing
    is split when the groups hold fewer than `story_refine_min_articles` or more than
    `story_refine_max_articles` articles in all.
    """
    ids = list(dict.fromkeys([*(i for g in groups for i in g), *context]))
    if len(ids) > settings.story_refine_max_articles or settings.story_refine_distance >= 1.0:
        return [[list(g)] for g in groups]
    if len(ids) < settings.story_refine_min_articles:
        return [[list(g)] for g in groups]
    row = {i: k for k, i in enumerate(ids)}
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", max_df=0.5)
    texts = [f"{by_id[i].title or ''}\n{by_id[i].text}" for i in ids]
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:
        # Every word is a stop word or in over half the articles: nothing to split on.
        return [[list(g)] for g in groups]
    result: list[list[list[str]]] = []
    for group in groups:
        members = list(group)
        if len(members) < 2 or len(members) > settings.story_refine_max_size:
            result.append([members])
            continue
        sub = matrix[[row[i] for i in members]]
        distance = 1.0 - (sub @ sub.T).toarray()
        np.fill_diagonal(distance, 0.0)
        labels = (
            AgglomerativeClustering(
                n_clusters=None,
                metric="precomputed",
                linkage="complete",
                distance_threshold=settings.story_refine_distance,
            )
            .fit_predict(np.clip(distance, 0.0, None))
            .tolist()
        )
        parts: dict[int, list[str]] = {}
        for article_id, label in zip(members, labels, strict=True):
            parts.setdefault(label, []).append(article_id)
        # First-seen order: the part holding the story's first member comes first.
        found = list(parts.values())
        if days is not None:
            found = [
                burst
                for part in found
                for burst in _split_bursts(part, matrix[[row[i] for i in part]], days, settings)
            ]
        result.append(found)
        if len(found) > 1:
            log.debug("split a story of %d articles into %d", len(members), len(found))
    return result


def _split_bursts(
    members: list[str], matrix: Any, days: Mapping[str, int | None], settings: Settings
) -> list[list[str]]:
    """Split a story whose dated articles form two runs, at least `story_burst_gap_days` apart,
    whose articles are less alike across the gap than `story_burst_ratio` times as alike as
    within the less cohesive run (mean TF-IDF cosines); recurse into both runs.

    A centroid that drifts with its story takes in the next event of the same place and cast
    (DUC 2003: a Jerusalem market bombing, then the Gaza airport opening 17 days later); what
    the two bursts say differs more than any day-to-day course of one event does (issue #5).
    Undated articles go with the run they are more alike on average.
    """
    size = settings.story_burst_min_size
    dated = sorted((d, k) for k, i in enumerate(members) if (d := days.get(i)) is not None)
    if settings.story_burst_ratio <= 0 or len(dated) < 2 * size:
        return [members]
    order = [k for _, k in dated]
    when = np.array([d for d, _ in dated])
    sims = (matrix[order] @ matrix[order].T).toarray()
    # Block sums of the similarity matrix from its 2-D prefix sums: every cut in O(1).
    prefix = np.zeros((len(order) + 1, len(order) + 1))
    prefix[1:, 1:] = sims.cumsum(axis=0).cumsum(axis=1)
    n = len(order)
    best: tuple[float, int] | None = None
    for cut in range(size, n - size + 1):
        if when[cut] - when[cut - 1] < settings.story_burst_gap_days:
            continue
        before = prefix[cut, cut]
        total = prefix[n, n]
        cross = prefix[cut, n] - before
        after = total - before - 2 * cross
        a, b = cut, n - cut
        cohesion = min((before - a) / (a * a - a), (after - b) / (b * b - b))
        ratio = (cross / (a * b)) / cohesion if cohesion > 0 else np.inf
        if ratio < settings.story_burst_ratio and (best is None or ratio < best[0]):
            best = (ratio, cut)
    if best is None:
        return [members]
    cut = best[1]
    early = {order[k] for k in range(cut)}
    undated = [k for k in range(len(members)) if days.get(members[k]) is None]
    if undated:
        rest = (matrix[undated] @ matrix[order].T).toarray()
        for r, k in enumerate(undated):
            if rest[r, :cut].mean() >= rest[r, cut:].mean():
                early.add(k)
    runs = [sorted(early), [k for k in range(len(members)) if k not in early]]
    log.debug(
        "split %d articles at a %d-day gap (ratio %.2f)",
        len(members),
        when[cut] - when[cut - 1],
        best[0],
    )
    return [
        part
        for run in runs
        for part in _split_bursts([members[k] for k in run], matrix[run], days, settings)
    ]


def fold_groups(
    groups: Sequence[Sequence[str]],
    by_id: Mapping[str, Article],
    days: Mapping[str, int | None],
    settings: Settings,
    context: Sequence[str] = (),
) -> list[int | None]:
    """Return, per group, the index of the group it folds into (None: it stays).

    A group of at most `story_fold_max_size` articles folds into the larger group (at least
    three articles and more than any group that folds, so that no target folds in its turn;
    dates within `story_max_gap_days`) whose articles it is most alike on
    average (TF-IDF cosine), when that mean reaches `story_fold_ratio` times the larger group's
    own mean pairwise cosine: a relative bar, since how alike an event's articles are varies
    from event to event far more than the gap between events does (issue #5).
    """
    result: list[int | None] = [None] * len(groups)
    ids = list(dict.fromkeys([*(i for g in groups for i in g), *context]))
    if (
        settings.story_fold_ratio <= 0
        or not settings.story_refine_min_articles <= len(ids) <= settings.story_refine_max_articles
        or not any(0 < len(g) <= settings.story_fold_max_size for g in groups)
    ):
        return result
    matrix = _tfidf(ids, by_id)
    if matrix is None:
        return result
    row = {i: k for k, i in enumerate(ids)}
    # Sums of unit rows: a mean pairwise cosine between two groups is a dot of their sums.
    indicator = sparse.csr_matrix(
        (
            np.ones(sum(len(g) for g in groups)),
            ([k for k, g in enumerate(groups) for _ in g], [row[i] for g in groups for i in g]),
        ),
        shape=(len(groups), len(ids)),
    )
    sums = (indicator @ matrix).tocsr()
    sizes = np.array([len(g) for g in groups], dtype=np.float64)
    big = np.flatnonzero(sizes >= max(3, settings.story_fold_max_size + 1))
    small = np.flatnonzero((sizes > 0) & (sizes <= settings.story_fold_max_size))
    if not len(big) or not len(small):
        return result
    self_sim = np.asarray(sums[big].multiply(sums[big]).sum(axis=1)).ravel()
    cohesion = (self_sim - sizes[big]) / (sizes[big] ** 2 - sizes[big])
    mean = (sums[small] @ sums[big].T).toarray() / np.outer(sizes[small], sizes[big])
    lo, hi = _spans(groups, days)
    # Undated groups (nan) match at any time, as in the one-pass clusterer.
    gap = np.maximum(lo[big][None, :] - hi[small][:, None], lo[small][:, None] - hi[big][None, :])
    near = ~(gap > settings.story_max_gap_days)
    score = np.where(near, mean - settings.story_fold_ratio * cohesion[None, :], -np.inf)
    for r, k in enumerate(small):
        best = int(np.argmax(score[r]))
        if score[r, best] >= 0:
            result[int(k)] = int(big[best])
    return result


def _tfidf(ids: Sequence[str], by_id: Mapping[str, Article]) -> Any:
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", max_df=0.5)
    try:
        return vectorizer.fit_transform([f"{by_id[i].title or ''}\n{by_id[i].text}" for i in ids])
    except ValueError:
        return None


def _spans(
    groups: Sequence[Sequence[str]], days: Mapping[str, int | None]
) -> tuple[np.ndarray, np.ndarray]:
    lo = np.full(len(groups), np.nan)
    hi = np.full(len(groups), np.nan)
    for k, group in enumerate(groups):
        known = [d for i in group if (d := days.get(i)) is not None]
        if known:
            lo[k], hi[k] = min(known), max(known)
    return lo, hi
