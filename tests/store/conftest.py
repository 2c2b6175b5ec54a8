"""Store fixtures: `store_factory` makes fresh empty stores for every backend (SQLite, PostgreSQL).

The PostgreSQL backend runs against a throw-away cluster made with `initdb` in a temp dir (as the
`postgres` user when the tests run as root, since initdb refuses root), started on a free port of
127.0.0.1 and removed at the end of the session. Where no PostgreSQL binaries are installed the
PostgreSQL rows skip, saying so; `CHORUS_TEST_PG_URL` points the tests at an existing server.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chorus.store.base import Store
from chorus.store.sqlite import SQLiteStore

_names = itertools.count()


class PgUnavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def _pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)
    return versions[0].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """A throw-away PostgreSQL cluster on 127.0.0.1, or an existing server given by URL."""

    def __init__(self, url: str, data: Path | None = None, bin_dir: Path | None = None) -> None:
        self.url = url
        self.data = data
        self.bin_dir = bin_dir

    @classmethod
    def existing(cls, url: str) -> PgServer:
        return cls(url)

    @classmethod
    def start(cls) -> PgServer:
        bin_dir = _pg_bin()
        if bin_dir is None:
            raise PgUnavailable("no initdb on PATH or in /usr/lib/postgresql/*/bin")
        root = Path(tempfile.mkdtemp(prefix="chorus-pg-"))
        data = root / "data"
        port = _free_port()
        server = cls(f"postgresql://postgres@127.0.0.1:{port}/postgres", data, bin_dir)
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
        try:
            server._run(
                "initdb",
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            )
            opts = (
                f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off"
            )
            server._run(
                "pg_ctl",
                "-D",
                str(data),
                "-o",
                opts,
                "-l",
                str(root / "log"),
                "-w",
                "-t",
                "30",
                "start",
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            shutil.rmtree(root, ignore_errors=True)
            raise PgUnavailable(f"cannot start a throw-away cluster: {exc}") from exc
        return server

    def _run(self, tool: str, *args: str) -> None:
        assert self.bin_dir is not None
        cmd = [str(self.bin_dir / tool), *args]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)

    def restart(self) -> None:
        """Restart the server (fast shutdown: open connections are cut)."""
        assert self.data is not None, "cannot restart a server these tests did not start"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.data.parent / "log"),
            "-m",
            "fast",
            "-w",
            "-t",
            "30",
            "restart",
        )

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        if self.data is None:
            return
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.data.parent, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PgServer]:
    """A running PostgreSQL server for this session, or skip saying why none could start."""
    url = os.environ.get("CHORUS_TEST_PG_URL")
    if url:
        yield PgServer.existing(url)
        return
    try:
        server = PgServer.start()
    except PgUnavailable as exc:
        pytest.skip(f"PostgreSQL tests need a server: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL of a fresh, empty database on the session's server."""
    return pg_server.create_database(f"chorus_test_{os.getpid()}_{next(_names)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """A callable making a fresh, empty store of one backend each time it is called."""
    opened: list[Store] = []
    if request.param == "sqlite":

        def make() -> Store:
            store = SQLiteStore(tmp_path / f"chorus-{next(_names)}.db")
            opened.append(store)
            return store

    else:
        from chorus.store.postgres import PostgresStore

        server: PgServer = request.getfixturevalue("pg_server")

        def make() -> Store:
            store = PostgresStore(server.create_database(f"chorus_test_{next(_names)}"))
            opened.append(store)
            return store

    yield make
    for store in opened:
        store.close()
