"""Stories: events from articles, incremental placement, related earlier stories (issue #5)."""

from __future__ import annotations

from chorus.stories.cluster import assign, assign_with_events, cluster
from chorus.stories.embed import (
    article_vector,
    article_vectors,
    remember_vectors,
    vector_dim,
    vector_kind,
)

__all__ = [
    "article_vector",
    "article_vectors",
    "assign",
    "assign_with_events",
    "cluster",
    "remember_vectors",
    "vector_dim",
    "vector_kind",
]
