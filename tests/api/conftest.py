"""A real uvicorn server on 127.0.0.1 over a store filled with hand-made records."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from chorus.api import create_app
from chorus.records import Article, Removed
from chorus.settings import Settings
from chorus.store import SQLiteStore
from chorus.store.codec import story_from_dict

DATA = Path(__file__).resolve().parents[1] / "data" / "api" / "store.json"
TOKEN = "test-token"


def fill_store(path: Path) -> None:
    """Write the hand-made articles and stories of tests/data/api/store.json into a store."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    articles = [
        Article(
            **{
                **a,
                "removed": tuple(Removed(**r) for r in a["removed"]),
                "authors": tuple(a["authors"]),
                "warnings": tuple(a["warnings"]),
            }
        )
        for a in data["articles"]
    ]
    with SQLiteStore(path) as store, store.transaction():
        store.add_articles(articles)
        store.save_stories([story_from_dict(s) for s in data["stories"]])


@dataclass(frozen=True)
class Server:
    url: str
    db: Path
    token: str | None


@pytest.fixture(scope="session")
def records() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _serve(db: Path, token: str | None, settings: Settings | None = None) -> Iterator[Server]:
    app = create_app(str(db), token=token, settings=settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield Server(url=f"http://127.0.0.1:{port}", db=db, token=token)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A read-mostly server (token required for writes) over the hand-made store."""
    db = tmp_path_factory.mktemp("api") / "chorus.db"
    fill_store(db)
    yield from _serve(db, TOKEN)


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[Server]:
    """A server of its own, without a token, for tests that write."""
    db = tmp_path / "chorus.db"
    fill_store(db)
    yield from _serve(db, None)


@pytest.fixture
def small_server(tmp_path: Path) -> Iterator[Server]:
    """A server with tiny body and file limits, to hit 413 without sending megabytes."""
    db = tmp_path / "chorus.db"
    fill_store(db)
    yield from _serve(db, None, Settings(api_max_request_bytes=20_000, max_file_bytes=5_000))


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


@pytest.fixture(scope="session")
def records_json() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))
