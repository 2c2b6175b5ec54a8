"""Article vectors for event clustering: text meaning plus the names an article is about.

One unit vector per article, two parts concatenated, each unit length and scaled by the square
root of its weight, so that a dot product is the weighted sum of two cosines:
- text: a wordllama embedding (static token embeddings, ~1k articles/s/core) of the title and lead;
- names: signed feature hashing of capitalised words and runs of them ("Kim Jong Un",
  "Vostochny Cosmodrome"), the cue that keeps two alike events with different places apart.
The store can persist `article_vectors` (float32, `vector_dim(settings)` values) per article and
hand them back with `remember_vectors`, so `assign` at 100k articles never re-embeds the past.
"""

from __future__ import annotations

import logging
import math
import re
import zlib
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from threading import Lock
from typing import Protocol

import numpy as np

from chorus.errors import ConfigError
from chorus.records import Article
from chorus.settings import Settings

log = logging.getLogger(__name__)

_WORD = r"[A-Z](?:[\w’'-]|\.(?=\w))*"
_NAME_RUN = re.compile(rf"{_WORD}(?:[ \t]+(?:(?:of|de|al|bin)[ \t]+)?{_WORD})*")
_POSSESSIVES = ("'s", "’s")
_LOWER_WORD = re.compile(r"\b[a-z][\w'’-]*")
# Capitalised words that are not names of anything an event is about: function words that start
# sentences, calendar words (time is scored apart), and the agencies whose credit lines appear in
# every wire story regardless of event.
_NOT_NAMES = frozenset(
    """a an the this that these those he she it we they i you his her its our their there here
    but and or if when while as at in on of for to from by with after before since until during
    mr mrs ms dr sen rep gov gen president minister officials official said says
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    ap afp reuters upi associated press nyt new york times agence france-presse
    photo file image video editor note copyright all rights reserved""".split()  # noqa: SIM905 -- a word list reads better as prose
)


class Embedder(Protocol):
    """Turns texts into one row each of a float matrix."""

    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class _WordLlamaEmbedder:
    """wordllama's bundled l2_supercat model, loaded from the installed package only."""

    def __init__(self, dim: int) -> None:
        import wordllama
        from wordllama import WordLlama

        self.dim = dim
        self._model = WordLlama.load(
            cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=dim
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.embed(list(texts), norm=True), dtype=np.float32)


@lru_cache(maxsize=2)
def load_embedder(name: str) -> Embedder:
    """Return the embedder registered under a versioned name ("wordllama.v1")."""
    if name == "wordllama.v1":
        return _WordLlamaEmbedder(256)
    raise ConfigError(f"unknown embedder {name!r}; known: wordllama.v1")


def vector_dim(settings: Settings) -> int:
    """Return the length of an article vector under `settings`."""
    return load_embedder(settings.embedder).dim + settings.story_name_dims


def lead(article: Article, chars: int) -> str:
    """Return the title and the first `chars` characters of the text, cut at a word boundary."""
    text = article.text[:chars]
    if len(article.text) > chars:
        text = text.rsplit(" ", 1)[0]
    return f"{article.title}\n{text}" if article.title else text


def name_counts(text: str) -> Counter[str]:
    """Count the capitalised names in `text`, lower-cased: single words and whole runs."""
    lowered = set(_LOWER_WORD.findall(text))
    counts: Counter[str] = Counter()
    for run in _NAME_RUN.findall(text):
        words = []
        for word in run.split():
            if word.endswith(_POSSESSIVES):
                word = word[:-2]
            word = word.strip("'’-")
            low = word.lower()
            # A capitalised word that also appears in lower case is a sentence start, not a name.
            if len(word) > 1 and low not in _NOT_NAMES and low not in lowered:
                words.append(low)
        for low in words:
            counts[low] += 1
        if len(words) > 1:
            counts[" ".join(words)] += 1
    return counts


def _name_vector(text: str, dims: int) -> np.ndarray:
    vec = np.zeros(dims, dtype=np.float32)
    for name, count in name_counts(text).items():
        h = zlib.crc32(name.encode("utf-8"))
        vec[h % dims] += (1.0 if (h >> 31) & 1 else -1.0) * (1.0 + math.log(count))
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else vec


_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_cache_lock = Lock()
_CACHE_SIZE = 200_000
"""Vectors kept in memory (3 kB each at 768 dims: 600 MB at most; 1.75 GB peak RSS for a
100k-article run, bench/cluster.py)."""


def vector_kind(settings: Settings) -> str:
    """Return a name for the vectors `settings` produce; persist vectors under it, and drop them
    when it changes (another embedder, weight, or lead length makes other vectors)."""
    return (
        f"{settings.embedder}:{settings.story_name_weight}:{settings.story_lead_chars}:"
        f"{settings.story_name_chars}:{settings.story_name_dims}"
    )


def _cache_key(article: Article, settings: Settings) -> str:
    # Python caches a str's hash, so re-keying a 6,000-article story costs microseconds, where a
    # sha1 of every text took most of assign()'s time at 100k articles (bench/cluster.py).
    digest = article.content_hash or f"{article.id}:{hash(article.title)}:{hash(article.text)}"
    return f"{vector_kind(settings)}:{digest}"


def remember_vectors(articles: Iterable[Article], vectors: np.ndarray, settings: Settings) -> None:
    """Put vectors persisted by the store back into the process cache, keyed by content."""
    with _cache_lock:
        for article, vec in zip(articles, vectors, strict=True):
            _cache[_cache_key(article, settings)] = np.asarray(vec, dtype=np.float32)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)


def article_vectors(articles: Sequence[Article], settings: Settings) -> np.ndarray:
    """Return one unit float32 row per article (see the module docstring), cached by content."""
    keys = [_cache_key(a, settings) for a in articles]
    with _cache_lock:
        missing = sorted({i for i, k in enumerate(keys) if k not in _cache})
    if missing:
        embedder = load_embedder(settings.embedder)
        texts = [lead(articles[i], settings.story_lead_chars) for i in missing]
        text_part = embedder.embed(texts)
        names = np.stack(
            [
                _name_vector(lead(articles[i], settings.story_name_chars), settings.story_name_dims)
                for i in missing
            ]
        )
        w = settings.story_name_weight
        fresh = np.hstack([math.sqrt(1.0 - w) * text_part, math.sqrt(w) * names])
        norms = np.linalg.norm(fresh, axis=1, keepdims=True)
        fresh = fresh / np.where(norms > 0, norms, 1.0)
        remember_vectors([articles[i] for i in missing], fresh, settings)
        found = dict(zip(missing, fresh, strict=True))
    else:
        found = {}
    dim = vector_dim(settings)
    out = np.zeros((len(articles), dim), dtype=np.float32)
    with _cache_lock:
        for i, key in enumerate(keys):
            out[i] = found[i] if i in found else _cache[key]
    return out


def article_vector(article: Article, settings: Settings) -> np.ndarray:
    """Return the vector of one article (see `article_vectors`)."""
    return article_vectors([article], settings)[0]
