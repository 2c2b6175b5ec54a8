from __future__ import annotations

import pytest

from chorus.ingest import articles_from_records
from chorus.records import Rejection
from chorus.settings import Settings

BODY = (
    "The harbour master of Lowmere said on Friday that the port would reopen to cargo ships on "
    "Monday. Divers had found no damage to the quay walls, he said, and the channel had been "
    "dredged to its usual depth."
)


def test_articles_from_records_maps_news_please_fields(settings: Settings):
    row = {
        "title": "Port reopens",
        "maintext": BODY,
        "date_publish": "2025-03-07 10:00:00",
        "authors": ["Ola Strand", "Bo Lin"],
        "source_domain": "www.port-news.example",
        "url": "https://www.port-news.example/reopen",
        "language": "en",
    }
    articles, errors = articles_from_records([row], "api", settings)
    assert errors == []
    a = articles[0]
    assert (a.id, a.path, a.title) == ("api#1", "api", "Port reopens")
    assert (a.outlet, a.outlet_source) == ("port-news.example", "json")
    assert (a.date, a.date_source) == ("2025-03-07", "json")
    assert a.authors == ("Ola Strand", "Bo Lin")
    assert a.url == "https://www.port-news.example/reopen"
    assert a.text == BODY


def test_articles_from_records_maps_news_tls_fields(settings: Settings):
    articles, errors = articles_from_records(
        [{"id": 42, "time": "2025-03-07", "title": "Port reopens", "text": BODY}], "api", settings
    )
    assert errors == []
    assert (articles[0].id, articles[0].date, articles[0].date_source) == (
        "42",
        "2025-03-07",
        "json",
    )


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["not", "an", "object"], "row is not a JSON object"),
        ({"title": "No body"}, "no article text"),
        ({"maintext": "Too short to be a story."}, "no article text"),
    ],
)
def test_articles_from_records_rejects_bad_row(settings: Settings, row: object, reason: str):
    good = {"maintext": BODY}
    articles, errors = articles_from_records([good, row], "api", settings)
    assert [a.id for a in articles] == ["api#1"]
    assert errors == [Rejection("api#2", reason)]


def test_articles_from_records_warns_on_unreadable_date(settings: Settings):
    articles, _ = articles_from_records(
        [{"maintext": BODY, "date_publish": "soon"}], "api", settings
    )
    assert articles[0].date is None
    assert articles[0].warnings == ("unreadable date 'soon'",)
