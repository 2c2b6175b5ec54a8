"""Fixtures shared by every test: settings, a fresh store, the shared seed articles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chorus.settings import Settings
from chorus.store import SQLiteStore, Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = REPO / "examples"


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(tmp_path / "chorus.db") as s:
        yield s


@pytest.fixture
def store_factory(tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """Make fresh empty stores; tests/store/conftest.py widens this to every backend."""
    made: list[Store] = []

    def make() -> Store:
        s = SQLiteStore(tmp_path / f"store{len(made)}.db")
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five real seed articles beside the repo (../shared/seeds), or skip saying why."""
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"shared seed articles not found at {SEEDS} (they live beside the repo)")
    return SEEDS


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
