"""Ingest through the API and the page end to end, on the repo's examples/ (needs the pipeline)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def pipeline() -> Any:
    try:
        return importlib.import_module("chorus.pipeline")
    except ImportError as exc:
        pytest.skip(f"the pipeline cannot import yet ({exc}); its stages are still being written")


@pytest.fixture(scope="module")
def example_files() -> list[Path]:
    files = sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and p.name != "README.md")
    if not files:
        pytest.skip(f"no example articles in {EXAMPLES}")
    return files


@pytest.fixture(scope="module")
def examples_site(
    pipeline: Any, example_files: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """A server over a store filled by pipeline.ingest from examples/."""
    from chorus.settings import Settings
    from chorus.store import SQLiteStore

    conftest = sys.modules[_serve_module()]
    db = tmp_path_factory.mktemp("examples") / "chorus.db"
    with SQLiteStore(db) as store:
        report = pipeline.ingest([EXAMPLES], store, Settings())
    assert report.stories
    yield from conftest._serve(db, None)


def _serve_module() -> str:
    """The name pytest gave tests/api/conftest.py (it holds `_serve`)."""
    for name, module in list(sys.modules.items()):
        if getattr(module, "__file__", None) == str(Path(__file__).with_name("conftest.py")):
            return name
    raise LookupError("tests/api/conftest.py is not loaded")


def _check_citations(client: httpx.Client, story: dict[str, Any]) -> int:
    texts: dict[str, str] = {}
    checked = 0
    for sentence in story["summary"]:
        for c in sentence["citations"]:
            if c["article_id"] not in texts:
                article = client.get(f"/api/v1/articles/{c['article_id']}")
                assert article.status_code == 200
                texts[c["article_id"]] = article.json()["text"]
            cited = texts[c["article_id"]][c["start"] : c["end"]]
            assert cited
            assert cited.strip() == cited
            checked += 1
    return checked


def test_examples_stories_browse_with_exact_citations(examples_site: Any) -> None:
    with httpx.Client(base_url=examples_site.url, timeout=30) as client:
        listing = client.get("/api/v1/stories").json()
        assert listing["total"] >= 2
        checked = 0
        for brief in listing["stories"]:
            story = client.get(f"/api/v1/stories/{brief['id']}").json()
            assert story["id"] == brief["id"]
            checked += _check_citations(client, story)
            page = client.get(f"/stories/{brief['id']}")
            assert page.status_code == 200
            assert page.text.count('class="source"') == len(story["article_ids"])
        assert checked > 0
        home = client.get("/")
        assert home.text.count('class="story-card"') == listing["total"]


def test_upload_examples_answers_with_joined_stories(
    pipeline: Any, example_files: list[Path], fresh_server: Any
) -> None:
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in example_files]
    response = httpx.post(fresh_server.url + "/api/v1/ingest/files", files=files, timeout=300)
    assert response.status_code == 200
    body = response.json()
    assert body["article_ids"]
    assert body["stories"]
    joined = {a for s in body["stories"] for a in s["article_ids"]}
    assert set(body["article_ids"]) <= joined


def test_upload_names_cannot_escape_the_temp_folder(pipeline: Any, fresh_server: Any) -> None:
    text = (
        "The harbour authority in Kessvik closed the northern pier on Monday after storm damage. "
        "Engineers will inspect the pilings this week, the authority said in a statement, and "
        "ferries will use the southern berth until repairs are finished later this month."
    )
    response = httpx.post(
        fresh_server.url + "/api/v1/ingest/files",
        files={"files": ("../../../tmp/escape.txt", text.encode(), "text/plain")},
        timeout=300,
    )
    assert response.status_code == 200
    assert response.json()["article_ids"] == ["escape.txt"]
    assert not Path("/tmp/escape.txt").exists()


def test_ingest_json_articles(pipeline: Any, fresh_server: Any) -> None:
    article = {
        "id": "api-1",
        "title": "Kessvik pier closed after storm",
        "maintext": (
            "The harbour authority in Kessvik closed the northern pier on Monday after storm "
            "damage. Engineers will inspect the pilings this week, the authority said, and "
            "ferries will use the southern berth until repairs are finished later this month."
        ),
        "date_publish": "2024-03-04",
        "source_domain": "kessvik-courier.example",
    }
    response = httpx.post(
        fresh_server.url + "/api/v1/ingest", json={"articles": [article]}, timeout=300
    )
    assert response.status_code == 200
    body = response.json()
    assert body["article_ids"] == ["api-1"]
    assert any("api-1" in s["article_ids"] for s in body["stories"])
    stored = httpx.get(fresh_server.url + "/api/v1/articles/api-1").json()
    assert stored["date"] == "2024-03-04"


def test_ingest_all_rejected_is_422_with_reasons(pipeline: Any, fresh_server: Any) -> None:
    response = httpx.post(
        fresh_server.url + "/api/v1/ingest/files",
        files={"files": ("empty.txt", b"", "text/plain")},
        timeout=60,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "no article could be read (1 rejected)"
    assert [d["path"].rsplit("/", 1)[-1] for d in body["detail"]] == ["empty.txt"]


def test_pending_stories_are_explained_on_first_read(
    pipeline: Any, tmp_path: Path, example_files: list[Path]
) -> None:
    from chorus.settings import Settings
    from chorus.store import SQLiteStore

    conftest = sys.modules[_serve_module()]
    db = tmp_path / "chorus.db"
    with SQLiteStore(db) as store:
        report = pipeline.ingest([EXAMPLES], store, Settings(explain="on-read"))
    assert all(s.pending for s in report.stories)
    first, second = report.stories[0].id, report.stories[1].id
    for site in conftest._serve(db, None):
        with httpx.Client(base_url=site.url, timeout=60) as client:
            story = client.get(f"/api/v1/stories/{first}").json()
            assert story["pending"] is False
            assert _check_citations(client, story) > 0
            page = client.get(f"/stories/{second}")
            assert page.status_code == 200
            assert 'class="summary' in page.text
    with SQLiteStore(db) as store:
        assert not store.get_story(first).pending
        assert not store.get_story(second).pending
