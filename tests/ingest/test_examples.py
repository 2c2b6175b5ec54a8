from __future__ import annotations

from pathlib import Path

from chorus.ingest import read_inputs
from chorus.settings import Settings


def test_read_inputs_reads_bundled_examples(examples_dir: Path, settings: Settings):
    articles, errors = read_inputs([examples_dir], settings)
    assert errors == []
    found = {a.id: (a.outlet, a.outlet_source, a.date, a.date_source) for a in articles}
    assert found == {
        "brennholm-gazette.html": ("Brennholm Gazette", "markup", "2025-10-13", "markup"),
        "harbour-daily-reprint.txt": ("Harbour Daily", "follow-link", "2025-10-13", "header"),
        "kessvik-coast-courier.txt": ("Coast Courier", "self-mention", "2026-02-16", "header"),
        "news.jsonl:1": ("norland-times.example", "json", "2025-10-14", "json"),
        "norland-times-kessvik": ("norland-times.example", "json", "2026-02-17", "json"),
        "north-sea-radio.xml#1": ("North Sea Radio", "feed", "2025-10-13", "feed"),
        "north-sea-radio.xml#2": ("North Sea Radio", "feed", "2025-10-15", "feed"),
        "wire/nws-storm-surge.txt": ("NWS", "agency-credit", "2025-10-13", "header"),
    }
    assert all(a.language == "en" and a.warnings == () for a in articles)
    authors = {a.id: a.authors for a in articles}
    assert authors["kessvik-coast-courier.txt"] == ("Nora Vik",)
    assert authors["brennholm-gazette.html"] == ("Lise Dahl",)
