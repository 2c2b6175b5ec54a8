"""Where articles and stories are kept: SQLite by default, PostgreSQL for shared deployments."""

from __future__ import annotations

from chorus.store.base import Store, open_store
from chorus.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "Store", "open_store"]
