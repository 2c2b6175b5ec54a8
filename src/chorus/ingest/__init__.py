"""Ingest: read files, folders and records into cleaned `Article`s with inferred metadata.

files.read_inputs ─┬─ text / html / jsonl / feeds readers (by suffix)  → Draft
                   └─ build.build_articles: clean.clean_text → metadata → language (a chunk
                      at a time) → Article
"""

from __future__ import annotations

from chorus.ingest.clean import clean_text
from chorus.ingest.files import READERS, articles_from_records, read_inputs, register_reader

__all__ = ["READERS", "articles_from_records", "clean_text", "read_inputs", "register_reader"]
