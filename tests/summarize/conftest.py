"""Fixtures for the summarizer tests: the real seed articles and three hand-made ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from chorus.records import Article

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / ".." / "shared" / "seeds"
DATA = REPO / "tests" / "data" / "summarize"

# The seed about the September 2023 meeting at Vostochny; the other four cover June 2024.
SEPTEMBER_2023 = "001_c775f7104469f15f.txt"


def _articles(paths: list[Path]) -> list[Article]:
    return [Article(id=p.name, path=str(p), text=p.read_text(encoding="utf-8")) for p in paths]


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    """All five seed articles, as plain text (cleaning is another stage's work)."""
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        pytest.skip(
            f"seed articles not found in {SEEDS.resolve()} (../shared/seeds beside the repo)"
        )
    return _articles(paths)


@pytest.fixture(scope="session")
def june_2024(seed_articles: list[Article]) -> list[Article]:
    """The four seed articles about Putin's June 2024 visit to Pyongyang."""
    return [a for a in seed_articles if a.id != SEPTEMBER_2023]


@pytest.fixture(scope="session")
def bridge() -> list[Article]:
    """Three hand-made articles on one invented event, sharing one sentence word for word."""
    return _articles(sorted(DATA.glob("*.txt")))
