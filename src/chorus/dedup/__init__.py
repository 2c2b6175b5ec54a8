"""Near-duplicates and wire copies (issue #3 part 5, issue #5)."""

from __future__ import annotations

from chorus.dedup.wire import copy_groups, find_duplicates

__all__ = ["copy_groups", "find_duplicates"]
