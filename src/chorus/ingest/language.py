"""Detect an article's language offline with py3langid (its model ships in the wheel)."""

from __future__ import annotations

import logging
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

log = logging.getLogger(__name__)

SAMPLE_CHARS = 1000
"""Classify only the start of a text: py3langid's decision is stable after a few sentences. On
28,868 Reuters, BBC and AG News texts 1,000 chars label exactly as 2,000 did, at 1.1 ms instead of
2.5 ms per long article (5,000 Reuters financial and 2,225 BBC articles of shared/eval/scale)."""

_EXCLUDED = frozenset({"la", "eo", "vo"})
"""Of the model's two-letter languages, ones no news article is written in."""


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    # Only ISO 639-1 (two-letter) languages: the model's three-letter extras (pcm, bcl…) took
    # English briefs on Reuters-21578. With this and lower-casing capitals, non-English labels there
    # fell from 8 to 6 of 15,632, all tables of Brazilian place names.
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(
        [c for c in identifier.nb_classes if len(c) == 2 and c not in _EXCLUDED]
    )
    return identifier


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of `text`'s language, None for a text with no letters.

    >>> detect_language("The council met on Tuesday and agreed to rebuild the harbour wall.")
    'en'
    """
    sample = text[:SAMPLE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    # Wire copy in capitals ("THE BANK OF KOREA SAID …") reads as noise to character n-grams.
    if sum(ch.isupper() for ch in letters) > len(letters) / 2:
        sample = sample.lower()
    code, _score = _identifier().classify(sample)
    return str(code)
