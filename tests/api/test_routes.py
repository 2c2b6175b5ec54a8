"""The JSON API over real HTTP: stories, articles, search, errors, limits, auth, headers."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from chorus.api.app import CSP, DOCS_CSP
from chorus.api.routes import safe_filename, split_snippet

pytestmark = pytest.mark.slow


def _story(records: dict, story_id: str) -> dict:
    return next(s for s in records["stories"] if s["id"] == story_id)


def _error(response: httpx.Response, status: int) -> dict[str, Any]:
    """Check the one error shape and return it."""
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"ok", "status", "error", "detail"}
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["error"], str)
    assert body["error"]
    return body


def test_stories_lists_newest_first(client: httpx.Client) -> None:
    body = client.get("/api/v1/stories").json()
    assert body["total"] == 2
    assert [s["id"] for s in body["stories"]] == ["st-flood", "st-fair"]
    assert body["stories"][0] == {
        "id": "st-flood",
        "title": "Floods force hundreds from Marrowby homes",
        "date": "2024-06-18",
        "outlets": [
            "Harbour Gazette",
            "Valley Times",
            '<b onmouseover="window.__pwned=4">Evil Post</b>',
        ],
        "article_count": 3,
        "independent_sources": 3,
    }


@pytest.mark.parametrize(
    ("params", "ids", "total"),
    [
        ({"limit": 1}, ["st-flood"], 2),
        ({"limit": 1, "offset": 1}, ["st-fair"], 2),
        ({"date_from": "2024-06-01"}, ["st-flood"], 1),
        ({"date_to": "2024-05-31"}, ["st-fair"], 1),
        ({"outlet": "harbour gazette"}, ["st-flood"], 1),
        ({"outlet": "Valley Times"}, ["st-flood", "st-fair"], 2),
        ({"outlet": "Nobody"}, [], 0),
    ],
)
def test_stories_filters_and_pages(
    client: httpx.Client, params: dict, ids: list[str], total: int
) -> None:
    body = client.get("/api/v1/stories", params=params).json()
    assert [s["id"] for s in body["stories"]] == ids
    assert body["total"] == total


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"limit": 0}, "query.limit"),
        ({"limit": 101}, "query.limit"),
        ({"offset": -1}, "query.offset"),
        ({"date_from": "June 2024"}, "query.date_from"),
        ({"limit": "many"}, "query.limit"),
    ],
)
def test_stories_bad_parameters_are_422(client: httpx.Client, params: dict, where: str) -> None:
    body = _error(client.get("/api/v1/stories", params=params), 422)
    assert body["error"].startswith(f"invalid request: {where}: ")
    assert body["detail"][0]["loc"] == where.split(".")


def test_story_is_the_full_contract(client: httpx.Client, records: dict) -> None:
    response = client.get("/api/v1/stories/st-flood")
    assert response.status_code == 200
    assert response.json() == _story(records, "st-flood")


def test_article_has_text_metadata_and_removed(client: httpx.Client, records: dict) -> None:
    body = client.get("/api/v1/articles/gazette/flood.html").json()
    stored = next(a for a in records["articles"] if a["id"] == "gazette/flood.html")
    assert body["text"] == stored["text"]
    assert body["removed"] == stored["removed"]
    assert body["outlet"] == "Harbour Gazette"
    assert body["outlet_source"] == "markup"
    assert body["story_id"] == "st-flood"
    assert "raw_text" not in body


@pytest.mark.parametrize(
    "path", ["/api/v1/stories/nope", "/api/v1/articles/nope.txt", "/api/v1/nothing-here"]
)
def test_unknown_is_404_in_the_error_shape(client: httpx.Client, path: str) -> None:
    _error(client.get(path), 404)


def test_search_marks_matches_in_snippets(client: httpx.Client) -> None:
    body = client.get("/api/v1/search", params={"q": "blankets"}).json()
    assert [h["article_id"] for h in body["hits"]] == ["evil.json:1"]
    hit = body["hits"][0]
    assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == ["blankets"]
    assert "\ue000" not in hit["snippet"]
    assert hit["story_id"] == "st-flood"


@pytest.mark.parametrize("q", ['"', "AND OR NOT", "river)(", "*", "NEAR(a b)"])
def test_search_reads_syntax_as_words(client: httpx.Client, q: str) -> None:
    response = client.get("/api/v1/search", params={"q": q})
    assert response.status_code == 200
    assert response.json()["query"] == q


def test_search_without_words_is_422(client: httpx.Client) -> None:
    _error(client.get("/api/v1/search", params={"q": ""}), 422)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic dGVzdC10b2tlbg=="}],
)
def test_ingest_needs_the_token(client: httpx.Client, headers: dict) -> None:
    response = client.post(
        "/api/v1/ingest", json={"articles": [{"title": "t", "maintext": "x"}]}, headers=headers
    )
    _error(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"{not json", 400),
        (b'{"articles": [{"title": "t"', 400),
        (b'{"articles": []}', 422),
        (b'{"articles": "x"}', 422),
        (b"[]", 422),
    ],
)
def test_ingest_bad_json_is_rejected(
    client: httpx.Client, body: bytes, status: int, server: Any
) -> None:
    headers = {"Authorization": f"Bearer {server.token}", "Content-Type": "application/json"}
    _error(client.post("/api/v1/ingest", content=body, headers=headers), status)


def test_declared_body_over_limit_is_413(small_server: Any) -> None:
    response = httpx.post(
        small_server.url + "/api/v1/ingest",
        content=b"x" * 30_000,
        headers={"Content-Type": "application/json"},
    )
    assert _error(response, 413)["error"] == (
        "request body is larger than the limit of 20000 bytes"
    )


def test_streamed_body_over_limit_is_413(small_server: Any) -> None:
    def chunks() -> Any:
        for _ in range(30):
            yield b"x" * 1000

    response = httpx.post(
        small_server.url + "/api/v1/ingest",
        content=chunks(),
        headers={"Content-Type": "application/json"},
    )
    assert "content-length" not in response.request.headers
    _error(response, 413)


def test_uploaded_file_over_limit_is_413(small_server: Any) -> None:
    response = httpx.post(
        small_server.url + "/api/v1/ingest/files",
        files={"files": ("big.txt", b"word " * 2000, "text/plain")},
    )
    assert _error(response, 413)["error"] == "file big.txt is larger than the limit of 5000 bytes"


def test_upload_without_files_is_422(small_server: Any) -> None:
    _error(httpx.post(small_server.url + "/api/v1/ingest/files", data={"x": "1"}), 422)


@pytest.mark.parametrize(
    ("path", "policy"),
    [("/", CSP), ("/stories/st-flood", CSP), ("/api/v1/stories", CSP), ("/docs", DOCS_CSP)],
)
def test_security_headers_on_every_response(client: httpx.Client, path: str, policy: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_strict_policy_allows_no_inline_script() -> None:
    script = next(p for p in CSP.split("; ") if p.startswith("script-src"))
    assert script == "script-src 'self'"
    assert "unsafe-inline" not in CSP


def test_openapi_lists_every_endpoint(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert sorted(paths) == [
        "/api/v1/articles/{article_id}",
        "/api/v1/ingest",
        "/api/v1/ingest/files",
        "/api/v1/search",
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
    ]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/", "Floods force hundreds from Marrowby homes"),
        ("/?q=blankets", "blankets"),
        ("/stories/st-flood", "Who reports what"),
    ],
)
def test_pages_render_and_escape(client: httpx.Client, path: str, text: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert text in response.text
    assert "<script>window" not in response.text
    assert "<b onmouseover" not in response.text
    assert response.text.count("<script") == 1


def test_search_page_marks_matches_after_escaping(client: httpx.Client) -> None:
    html = client.get("/", params={"q": "blankets"}).text
    assert "<mark>blankets</mark>" in html
    assert "&lt;img src=x onerror=" in html


def test_unknown_page_is_html_404(client: httpx.Client) -> None:
    response = client.get("/stories/nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no story &#39;nope&#39;" in response.text


@pytest.mark.parametrize(
    ("snippet", "plain", "spans"),
    [
        ("no marks", "no marks", []),
        ("a \ue000river\ue001 b", "a river b", [(2, 7)]),
        ("[x] \ue000a\ue001 and \ue000b\ue001", "[x] a and b", [(4, 5), (10, 11)]),
        ("\ue001stray\ue000", "stray", []),
    ],
)
def test_split_snippet_gives_plain_text_and_spans(
    snippet: str, plain: str, spans: list[tuple[int, int]]
) -> None:
    assert split_snippet(snippet) == (plain, spans)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("report.html", "report.html"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("/abs/path/feed.xml", "feed.xml"),
        ("..", "upload-3.txt"),
        ("", "upload-3.txt"),
        (None, "upload-3.txt"),
        (".hidden.txt", "hidden.txt"),
        ("a b;$(rm -rf).txt", "a_b_rm_-rf_.txt"),
    ],
)
def test_safe_filename_never_leaves_the_folder(name: str | None, safe: str) -> None:
    assert safe_filename(name, 3) == safe
