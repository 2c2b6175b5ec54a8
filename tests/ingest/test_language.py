from __future__ import annotations

import pytest

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
