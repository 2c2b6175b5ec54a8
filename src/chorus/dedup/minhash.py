"""Near-duplicate candidates: MinHash over word shingles, banded with datasketch's LSH.

MinHash only proposes pairs; `wire.py` confirms each with the exact shingle sets, so the LSH
threshold can sit low (catching a trimmed wire copy, whose Jaccard is low but containment high)
without letting false pairs through.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)
_ASCII_NON_WORD = (
    bytes(c if chr(c).isalnum() or c == ord("_") else ord(" ") for c in range(128)) + b" " * 128
)
"""A `bytes.translate` table that blanks what `\\w` does not match in ASCII text."""
_MIX = np.uint64(0x9E3779B97F4A7C15)
"""Fibonacci hashing's odd multiplier (2^64 / golden ratio), to combine word hashes."""


def _words(text: str) -> list[bytes]:
    """The lower-cased `\\w+` runs of `text`, UTF-8 encoded."""
    lowered = text.lower()
    if lowered.isascii():
        # Ten times faster than the regex, and the same runs: \w in ASCII is [a-z0-9_].
        return lowered.encode("ascii").translate(_ASCII_NON_WORD).split()
    return [w.encode("utf-8") for w in _WORD.findall(lowered)]


def shingles(text: str, size: int) -> np.ndarray:
    """Return the sorted, unique 32-bit hashes of the `size`-word shingles of `text`.

    Words are lower-cased runs of letters and digits, so punctuation and spacing edits (the usual
    "light edits" of a re-published wire story) do not change the set. Each word is hashed once
    (crc32) and a shingle's hash mixes its words' hashes in order, so no shingle string is built.
    """
    words = _words(text)
    if not words:
        return np.zeros(0, dtype=np.uint32)
    hashed = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))
    n = max(len(words) - size + 1, 1)  # a text shorter than one shingle is one shingle
    mixed = hashed[:n].copy()
    for k in range(1, min(size, len(words))):
        mixed = mixed * _MIX + hashed[k : k + n]  # wraps modulo 2^64, as a hash should
    mixed ^= mixed >> np.uint64(29)
    mixed *= _MIX
    return np.unique((mixed >> np.uint64(32)).astype(np.uint32))


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[Any, str]:
    # datasketch draws these from the seed for every new MinHash: a third of dedup's time.
    mh = MinHash(num_perm=num_perm, seed=seed)
    return mh.permutations, mh.scheme


def signature(hashes: np.ndarray, num_perm: int, seed: int) -> MinHash:
    """Return the MinHash of a shingle-hash set (deterministic for a given seed)."""
    # The shingles are already crc32 values: `int` is the hash function.
    permutations, scheme = _permutations(num_perm, seed)
    mh = MinHash(
        num_perm=num_perm, seed=seed, hashfunc=int, permutations=permutations, scheme=scheme
    )
    if len(hashes):
        mh.update_batch(hashes.tolist())
    return mh


def candidate_pairs(
    sets: Sequence[np.ndarray], threshold: float, num_perm: int, seed: int
) -> list[tuple[int, int]]:
    """Return index pairs (i < j) whose estimated Jaccard may reach `threshold`."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    pairs: set[tuple[int, int]] = set()
    for j, hashes in enumerate(sets):
        if not len(hashes):
            continue
        mh = signature(hashes, num_perm, seed)
        for i in lsh.query(mh):
            pairs.add((int(i), j))
        lsh.insert(j, mh)
    log.debug("%d candidate pairs among %d texts", len(pairs), len(sets))
    return sorted(pairs)


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Return (Jaccard, containment of the smaller set in the larger) of two shingle sets."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common), common / min(len(a), len(b))


def unique_sets(texts: Iterable[str], size: int) -> list[np.ndarray]:
    """Shingle every text."""
    return [shingles(t, size) for t in texts]
