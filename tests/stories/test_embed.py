"""Article vectors: unit length, names counted, persisted vectors reused."""

from __future__ import annotations

import numpy as np
import pytest

from chorus.records import Article
from chorus.settings import Settings
from chorus.stories import article_vector, article_vectors, remember_vectors, vector_dim
from chorus.stories.embed import name_counts


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings()


def _article(article_id: str, text: str) -> Article:
    return Article(id=article_id, path=f"{article_id}.txt", text=text)


def test_article_vectors_are_unit_rows(settings: Settings) -> None:
    arts = [_article("a", "Mayor Ilse Brandt opened the new bridge in Valmora on Monday.")]
    vectors = article_vectors(arts, settings)
    assert vectors.shape == (1, vector_dim(settings))
    assert vectors.dtype == np.float32
    assert float(np.linalg.norm(vectors[0])) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kim Jong Un met Putin. Russia's leader said the talks went well.",
            {"kim": 1, "jong": 1, "un": 1, "kim jong un": 1, "putin": 1, "russia": 1},
        ),
        ("The river rose. The mayor spoke.", {}),
    ],
)
def test_name_counts_keeps_names_not_sentence_starts(text: str, expected: dict) -> None:
    assert dict(name_counts(text)) == expected


def test_remember_vectors_is_used_instead_of_embedding(settings: Settings) -> None:
    article = _article("stored-1", "A stored article whose vector comes from the store.")
    stored = np.zeros(vector_dim(settings), dtype=np.float32)
    stored[0] = 1.0
    remember_vectors([article], stored[None, :], settings)
    assert np.array_equal(article_vector(article, settings), stored)
