from __future__ import annotations

import pytest

from chorus.ingest import language
from chorus.ingest.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The council met on Tuesday and agreed to rebuild the harbour wall.", "en"),
        ("Der Stadtrat hat am Dienstag beschlossen, die Hafenmauer neu zu bauen.", "de"),
        ("Le conseil municipal a décidé mardi de reconstruire le mur du port.", "fr"),
        ("2024 — 19/06", None),
        ("THE BANK OF KOREA SAID IT FIXED THE MIDRATE OF THE WON AT 844.30 TO THE DOLLAR.", "en"),
    ],
)
def test_detect_language_names_language(text: str, code: str | None):
    assert detect_language(text) == code


_MIXED = [
    "The council met on Tuesday and agreed to rebuild the harbour wall. " * 30,
    "Der Stadtrat hat am Dienstag beschlossen, die Hafenmauer neu zu bauen.",
    "",
    "Москва, 19 июня. Президент России прибыл в Пхеньян с государственным визитом.",
    "日本銀行は金曜日に金利を据え置いた。",
    "中国 ABC 公司",
    "El gobierno anunció el martes nuevas medidas económicas para el país.",
    "THE BANK OF KOREA SAID IT FIXED THE MIDRATE OF THE WON AT 844.30 TO THE DOLLAR.",
    "2024 — 19/06",
    "Ok.",
    "Le conseil municipal a décidé mardi de reconstruire le mur du port. " * 40,
]


def _py3langid(text: str) -> str | None:
    """py3langid's own per-text decision on the sample `detect_languages` classifies."""
    sample = text[: language.SAMPLE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    if sum(ch.isupper() for ch in letters) > len(letters) / 2:
        sample = sample.lower()
    return str(language._identifier().classify(sample)[0])


def test_detect_languages_equals_py3langid_per_text(seeds_dir):
    texts = [*_MIXED, *(p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt")))]
    expected = [_py3langid(t) for t in texts]
    assert language.detect_languages(texts) == expected
    assert [language.detect_language(t) for t in texts] == expected
    assert expected[:4] == ["en", "de", None, "ru"]


def test_detect_languages_spans_batches(monkeypatch):
    monkeypatch.setattr(language, "BATCH", 3)
    expected = [_py3langid(t) for t in _MIXED]
    assert language.detect_languages(_MIXED) == expected
    assert language.detect_languages([]) == []
