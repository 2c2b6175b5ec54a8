"""The exceptions Chorus raises.

ChorusError
 ├── InputError(path, reason)   one input could not be read; the batch goes on
 ├── StoreError                 the store cannot be opened, migrated or written
 └── ConfigError                an unknown or invalid setting
"""

from __future__ import annotations


class ChorusError(Exception):
    """Base of every error Chorus raises on purpose."""


class InputError(ChorusError):
    """An input (file, row, feed item) that cannot be turned into an article."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(ChorusError):
    """The store cannot be opened, migrated or written."""


class ConfigError(ChorusError):
    """A setting that does not exist or has an invalid value."""
