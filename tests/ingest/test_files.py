from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from chorus.ingest import READERS, read_inputs, register_reader
from chorus.ingest.draft import Draft
from chorus.records import Rejection
from chorus.settings import Settings

BAD_INPUTS = [
    ("empty.txt", "empty file"),
    ("binary.txt", "binary file, not text"),
    ("noise.txt", "not valid UTF-8 and no other text encoding fits"),
    ("no_article.html", "no article found in HTML"),
    ("malformed.json", "malformed JSON (line 2: Expecting ',' delimiter)"),
    ("not_a_feed.xml", "feed is not XML"),
    ("short.txt", "no article text"),
]


@pytest.mark.parametrize(("name", "reason"), BAD_INPUTS)
def test_read_inputs_rejects_bad_file(
    ingest_data: Path, settings: Settings, name: str, reason: str
):
    path = ingest_data / "bad" / name
    articles, errors = read_inputs([path], settings)
    assert articles == []
    assert errors == [Rejection(str(path), reason)]


def test_read_inputs_rejects_file_over_size_limit(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_text("The river rose again. " * 100, encoding="utf-8")
    articles, errors = read_inputs([big], Settings(max_file_bytes=1000))
    assert articles == []
    assert errors == [Rejection(str(big), "file is too large (2200 bytes; max_file_bytes is 1000)")]


def test_read_inputs_rejects_bad_jsonl_row_only(ingest_data: Path, settings: Settings):
    path = ingest_data / "good" / "rows.jsonl"
    articles, errors = read_inputs([path], settings)
    assert [a.id for a in articles] == ["rows.jsonl:1", "nt-7"]
    assert errors == [
        Rejection(f"{path}:2", "malformed JSON line (Unterminated string starting at)")
    ]


def test_read_inputs_decodes_non_utf8_with_warning(ingest_data: Path, settings: Settings):
    articles, errors = read_inputs([ingest_data / "bad" / "latin1.txt"], settings)
    assert errors == []
    assert articles[0].text.startswith("Café owners on the seafront")
    assert "the décor of two cafés" in articles[0].text
    assert len(articles[0].warnings) == 1
    assert articles[0].warnings[0].startswith("not UTF-8; decoded as ")


def test_read_inputs_keeps_non_english_with_warning(ingest_data: Path, settings: Settings):
    articles, errors = read_inputs([ingest_data / "bad" / "german.txt"], settings)
    assert errors == []
    assert articles[0].language == "de"
    assert articles[0].warnings == (
        "language is de, not English: stories and summaries may be poor",
    )


def test_read_inputs_reports_missing_path(tmp_path: Path, settings: Settings):
    missing = tmp_path / "nowhere"
    assert read_inputs([missing], settings) == (
        [],
        [Rejection(str(missing), "no such file or folder")],
    )


def test_read_inputs_rejects_unknown_suffix_given_directly(tmp_path: Path, settings: Settings):
    notes = tmp_path / "notes.md"
    notes.write_text("# notes", encoding="utf-8")
    assert read_inputs([notes], settings) == (
        [],
        [Rejection(str(notes), "unsupported file type '.md'")],
    )


def test_read_inputs_folder_ids_and_order(ingest_data: Path, settings: Settings):
    folder = ingest_data / "good"
    articles, errors = read_inputs([folder], settings)
    assert [a.id for a in articles] == [
        "article.txt",
        "feed.xml#1",
        "feed.xml#2",
        "page.html",
        "rec-1",
        "rows.jsonl:1",
        "nt-7",
    ]
    assert [a.path for a in articles] == [
        str(folder / name)
        for name in ("article.txt", "feed.xml", "feed.xml", "page.html", "record.json")
    ] + [str(folder / "rows.jsonl")] * 2
    assert [e.path for e in errors] == [f"{folder}/feed.xml#3", f"{folder}/rows.jsonl:2"]


def test_read_inputs_text_article_fields(ingest_data: Path, settings: Settings):
    articles, _ = read_inputs([ingest_data / "good" / "article.txt"], settings)
    a = articles[0]
    assert a.text.startswith("Workers in the harbour town of Lowmere began clearing mud")
    assert '"By noon the water was at the counter."' in a.text
    assert "Clean-up begins" not in a.text
    assert "Credit: Lowmere Courier" not in a.text
    assert (a.date, a.date_source) == ("2025-03-04", "header")
    assert (a.outlet, a.outlet_source) == ("Lowmere Courier", "follow-link")
    assert a.language == "en"
    assert a.content_hash == hashlib.sha256(" ".join(a.text.split()).encode()).hexdigest()
    for r in a.removed:
        assert a.raw_text[r.start : r.end] == r.text


def test_read_inputs_html_markup_metadata(ingest_data: Path, settings: Settings):
    articles, errors = read_inputs([ingest_data / "good" / "page.html"], settings)
    assert errors == []
    a = articles[0]
    assert a.title == "Sea wall holds as Lowmere counts the cost"
    assert (a.outlet, a.outlet_source) == ("Coastline Herald", "markup")
    assert (a.date, a.date_source) == ("2025-03-05", "markup")
    assert a.authors == ("Ines Varga",)
    assert a.url == "https://www.coastline-herald.example/news/lowmere-sea-wall"
    assert a.text.startswith("Engineers inspecting the sea wall at Lowmere said on Wednesday")
    for furniture in ("cookie", "Storm warning issued", "All rights reserved", "Weather"):
        assert furniture not in a.text


def test_read_inputs_feed_items(ingest_data: Path, settings: Settings):
    articles, _ = read_inputs([ingest_data / "good" / "feed.xml"], settings)
    first = articles[0]
    assert first.title == "Footbridge to reopen next month"
    assert (first.outlet, first.outlet_source) == ("Tarn Valley Radio", "feed")
    assert (first.date, first.date_source) == ("2025-03-06", "feed")
    assert first.url == "https://tarnvalley-radio.example/news/footbridge"
    assert first.text == (
        "The footbridge over the river Tarn in Lowmere will reopen next month, the council said on "
        "Thursday, once new railings have been fitted.\n\nCouncil leader Agnes Holm said the "
        "repairs would cost about £80,000 and would be paid from the emergency fund."
    )
    assert "<p>" not in articles[1].text


def test_register_reader_adds_suffix(tmp_path: Path, settings: Settings):
    def read_upper(source, settings):
        return [Draft(id=source.ident, path=source.shown, raw_text="THE RIVER ROSE. " * 20)]

    (tmp_path / "a.shout").write_text("x", encoding="utf-8")
    (tmp_path / "b.shout.gz").write_bytes(b"x")
    (tmp_path / "c.gz").write_bytes(b"x")
    register_reader(".shout", read_upper)
    register_reader(".SHOUT.gz", read_upper)
    try:
        articles, errors = read_inputs([tmp_path], settings)
    finally:
        del READERS[".shout"], READERS[".shout.gz"]
    assert errors == []
    assert [a.id for a in articles] == ["a.shout", "b.shout.gz"]


def test_read_inputs_uses_declared_html_charset(tmp_path: Path, settings: Settings):
    body = (
        "<p>Café owners on the seafront said on Tuesday that the flood had ruined their stock.</p>"
        "<p>The council promised grants for small businesses whose premises were under water.</p>"
        "<p>Insurers said they would send assessors to the harbour district by Friday morning.</p>"
    )
    page = (
        '<html><head><meta charset="windows-1252"><title>Cafés flooded</title></head>'
        f"<body><article>{body}</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1252"))
    articles, errors = read_inputs([path], settings)
    assert errors == []
    assert articles[0].text.startswith("Café owners on the seafront")
    assert articles[0].warnings == ("not UTF-8; decoded as declared cp1252",)


def test_read_inputs_keeps_items_of_truncated_feed(ingest_data: Path, settings: Settings):
    path = ingest_data / "bad" / "truncated.xml"
    articles, errors = read_inputs([path], settings)
    assert [a.id for a in articles] == ["truncated.xml#1"]
    assert articles[0].warnings == (
        "feed is truncated or not well-formed XML; kept the items before the damage",
    )
    assert errors == [Rejection(f"{path}#2", "no article text")]


def test_read_inputs_html_without_date_or_site_markup(
    ingest_data: Path, settings: Settings, tmp_path: Path
):
    html = (ingest_data / "good" / "page.html").read_text(encoding="utf-8")
    for tag in ("article:published_time", "og:site_name"):
        html = "\n".join(line for line in html.splitlines() if tag not in line)
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    articles, errors = read_inputs([path], settings)
    assert errors == []
    # the footer's "Copyright 2025" must not become 2025-01-01
    assert (articles[0].date, articles[0].date_source) == (None, None)
    assert (articles[0].outlet, articles[0].outlet_source) == ("coastline-herald.example", "url")


def test_read_inputs_keeps_ids_unique_for_files_named_alike(
    ingest_data: Path, settings: Settings, tmp_path: Path
):
    text = (ingest_data / "good" / "article.txt").read_text(encoding="utf-8")
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(text.replace("Tuesday", folder), encoding="utf-8")
    first, second = tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"
    articles, _ = read_inputs([first, second], settings)
    assert [a.id for a in articles] == ["x.txt", str(second)]


def test_read_inputs_atom_entry(ingest_data: Path, settings: Settings):
    articles, errors = read_inputs([ingest_data / "atom"], settings)
    assert errors == []
    a = articles[0]
    assert (a.id, a.title) == ("updates.atom#1", "Sea wall inspection finished")
    assert (a.outlet, a.outlet_source, a.date, a.date_source) == (
        "Lowmere Council Updates",
        "feed",
        "2025-03-08",
        "feed",
    )
    assert a.authors == ("Council Press Office",)
    assert a.text.startswith("Engineers finished their inspection of the Lowmere sea wall")
    assert "\n\nThe council said the repairs" in a.text


def test_read_inputs_json_list(ingest_data: Path, settings: Settings, tmp_path: Path):
    row = (ingest_data / "good" / "record.json").read_text(encoding="utf-8")
    path = tmp_path / "rows.json"
    path.write_text(f'[{row}, {{"title": "empty"}}, {row.replace("rec-1", "")}]', encoding="utf-8")
    articles, errors = read_inputs([path], settings)
    assert [a.id for a in articles] == ["rec-1", "rows.json#3"]
    assert errors == [Rejection(f"{path}#2", "no article text")]
