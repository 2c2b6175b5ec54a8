"""Chorus: turn a pile of news articles into stories with cited summaries."""

from __future__ import annotations
