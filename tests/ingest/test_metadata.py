from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import pytest

from chorus.ingest import read_inputs
from chorus.ingest.clean import clean_text
from chorus.ingest.metadata import (
    infer_authors,
    infer_date,
    infer_outlet,
    outlet_from_url,
    parse_date,
)
from chorus.settings import Settings


@pytest.mark.parametrize(
    ("seed", "outlet", "source"),
    [
        ("000_4fe5f290a6112ba5.txt", "AP, Reuters", "agency-credit"),
        ("001_c775f7104469f15f.txt", "Al Jazeera English", "follow-link"),
        ("002_6b80a7081952d1ed.txt", None, None),
        ("003_f1b71006f705685a.txt", "ITV News", "self-mention"),
        ("004_ae5764e530dd321a.txt", "USA TODAY", "sign-off"),
    ],
)
def test_read_inputs_finds_seed_outlet(
    seeds_dir: Path, settings: Settings, seed: str, outlet: str | None, source: str | None
):
    articles, errors = read_inputs([seeds_dir / seed], settings)
    assert errors == []
    assert (articles[0].outlet, articles[0].outlet_source) == (outlet, source)


def test_read_inputs_finds_seed_header_date(seeds_dir: Path, settings: Settings):
    articles, _ = read_inputs([seeds_dir], settings)
    dates = {a.id: (a.date, a.date_source) for a in articles}
    assert dates["003_f1b71006f705685a.txt"] == ("2024-06-19", "header")
    assert dates["000_4fe5f290a6112ba5.txt"] == (None, None)


def test_read_inputs_finds_seed_titles(seeds_dir: Path, settings: Settings):
    articles, _ = read_inputs([seeds_dir], settings)
    titles = {a.id: a.title for a in articles}
    assert titles["002_6b80a7081952d1ed.txt"] == "Vladimir Putin and Kim Jong Un meet in Pyongyang"
    assert titles["000_4fe5f290a6112ba5.txt"] is None


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("MOSCOW, June 19, 2024 (Reuters) - Putin landed.", ("2024-06-19", "dateline", None)),
        (
            "MOSCOW, June 19 (Reuters) - Putin landed.",
            (None, None, "dateline date June 19 has no year"),
        ),
        ("WASHINGTON (AP) — Putin landed.", (None, None, None)),
    ],
)
def test_infer_date_reads_dateline(first_line: str, expected: tuple):
    assert infer_date(first_line, ()) == expected


@pytest.mark.parametrize(
    ("raw", "url", "expected"),
    [
        ("WASHINGTON (AP) — The council met.", None, ("AP", "agency-credit")),
        ("GROZNY, Russia (AP) _ The council met.", None, ("AP", "agency-credit")),
        ("WASHINGTON (AP) — The council met.", "https://www.dw.com/en/x", ("dw.com", "url")),
        ("The council met.\nkb/jl (dpa, AFP)", None, ("dpa, AFP", "agency-credit")),
        ("The council met.\nkb/jl (AFP)", None, ("AFP", "agency-credit")),
        ("The council met.\n(vls/sv/me)", None, (None, None)),
        (
            "Here, the Lowmere Courier explains what happened next.",
            None,
            ("Lowmere Courier", "self-mention"),
        ),
        (
            "The council met.\nThis article first appeared on Harbour Times.",
            None,
            ("Harbour Times", "sign-off"),
        ),
        ("The council met on Tuesday.", None, (None, None)),
        (
            "The council met.\nFollow Harbour News on Instagram and Twitter.",
            None,
            ("Harbour News", "follow-link"),
        ),
        ("The council met.\nFollow us on Instagram and Twitter.", None, (None, None)),
        ("The council met.\nFollow Ana Lind on Twitter @analind.", None, (None, None)),
    ],
)
def test_infer_outlet_ranks_evidence(raw: str, url: str | None, expected: tuple):
    text, removed = clean_text(raw)
    assert infer_outlet(text, removed, url) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-19T08:00:00Z", "2024-06-19"),
        ("2024-06-19 11:02:00", "2024-06-19"),
        ("Wed, 19 Jun 2024 08:00:00 GMT", "2024-06-19"),
        ("June 19, 2024", "2024-06-19"),
        ("19 June 2024", "2024-06-19"),
        (date(2024, 6, 19), "2024-06-19"),
        (datetime(2024, 6, 19, 8, 0), "2024-06-19"),
        (time.strptime("2024-06-19", "%Y-%m-%d"), "2024-06-19"),
        ("2024-02-30", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_date_reads_common_forms(value: object, expected: str | None):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.dw.com/en/article", "dw.com"),
        ("www.money-desk.example", "money-desk.example"),
        ("", None),
        (None, None),
    ],
)
def test_outlet_from_url_strips_www(url: str | None, expected: str | None):
    assert outlet_from_url(url) == expected


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Lise Dahl", ("Lise Dahl",)),
        ("By Ana Lind, Bo Strand and Eva de Wit", ("Ana Lind", "Bo Strand", "Eva de Wit")),
        ("By Ana Lind | Harbour News", ("Ana Lind",)),
    ],
)
def test_infer_authors_reads_byline(byline: str, authors: tuple[str, ...]):
    _, removed = clean_text(f"{byline}\nThe river fell by a metre overnight, the council said.")
    assert infer_authors(removed) == authors
