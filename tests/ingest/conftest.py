"""Fixtures for ingest tests: the hand-made files in tests/data/ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


@pytest.fixture(scope="session")
def ingest_data() -> Path:
    return DATA
