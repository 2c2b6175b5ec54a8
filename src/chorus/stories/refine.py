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

import numpy as np
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
) -> list[list[list[str]]]:
    """Return, per group of article ids, its parts after complete-link splitting.

    `context`: more article ids that only count towards IDF (the untouched stories `assign`
    holds), so that a call sees about the collection a batch run sees.

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
        result.append(list(parts.values()))
        if len(parts) > 1:
            log.debug("split a story of %d articles into %d", len(members), len(parts))
    return result
