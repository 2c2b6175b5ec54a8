"""Ingest on a real dask.distributed LocalCluster: same results as one process, survives a kill."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")

from chorus import pipeline  # noqa: E402 - after the importorskip
from chorus.ingest import read_inputs  # noqa: E402
from chorus.records import Rejection  # noqa: E402
from chorus.scale.dask_runner import (  # noqa: E402
    analyze_distributed,
    plan_partitions,
    read_distributed,
)
from chorus.settings import Settings  # noqa: E402

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data"
INPUTS = [str(DATA / "scale"), str(DATA / "ingest"), "no-such-folder"]


@pytest.fixture(scope="module")
def thread_client() -> Iterator[Any]:
    """Two single-threaded workers in this process: enough to exercise partitioning."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture
def small_parts() -> Settings:
    return replace(Settings(), partition_size=2)


def test_plan_partitions_slices_jsonl_gz_rows(small_parts: Settings) -> None:
    rejections: list[Rejection] = []
    parts = list(plan_partitions([str(DATA / "scale" / "rows.jsonl.gz")], small_parts, rejections))
    assert [(p.kind, [n for n, _ in p.rows]) for p in parts] == [("rows", [1, 2]), ("rows", [3, 4])]
    assert rejections == []


def test_read_distributed_equals_read_inputs(thread_client: Any, small_parts: Settings) -> None:
    expected = read_inputs(INPUTS, small_parts)
    assert expected[0], "the test data should give some articles"
    assert read_distributed(INPUTS, small_parts, thread_client) == expected


def test_analyze_distributed_equals_single_process(
    thread_client: Any, small_parts: Settings
) -> None:
    inputs = [str(DATA / "scale")]
    single = pipeline.analyze(inputs, small_parts)
    spread = analyze_distributed(inputs, small_parts, None, thread_client)
    assert spread.to_dict() == single.to_dict()
    keys = ("articles_in", "articles_new", "rejected", "duplicates", "stories_new")
    assert {k: spread.stats[k] for k in keys} == {k: single.stats[k] for k in keys}


KILL_SCRIPT = """
import os, sys
from dataclasses import replace
import distributed
from chorus.ingest import read_inputs
from chorus.scale.dask_runner import read_distributed, read_partition
from chorus.settings import Settings

MARKER = sys.argv[2]


def kill_once(part, settings):
    # The first worker to get a slice of rows takes its whole process down (os._exit).
    if part.kind == "rows":
        try:
            fd = os.open(MARKER, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return read_partition(part, settings)
        os.close(fd)
        os._exit(1)
    return read_partition(part, settings)


if __name__ == "__main__":
    settings = replace(Settings(), partition_size=2)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster, distributed.Client(cluster) as client:
        got = read_distributed([sys.argv[1]], settings, client, partition_reader=kill_once)
    expected = read_inputs([sys.argv[1]], settings)
    print("identical" if got == expected else "different", len(got[0]), len(got[1]))
"""


def test_read_distributed_survives_killed_worker(tmp_path: Path) -> None:
    # Run in a fresh interpreter: its __main__ functions travel to worker processes by value,
    # and a worker killed there cannot disturb pytest's own process.
    script = tmp_path / "kill_worker.py"
    script.write_text(KILL_SCRIPT, encoding="utf-8")
    marker = tmp_path / "killed"
    done = subprocess.run(
        [sys.executable, str(script), str(DATA / "scale"), str(marker)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert marker.exists(), done.stderr[-2000:]
    assert "Restarting worker" in done.stderr or "Remove worker" in done.stderr
    assert done.stdout.split() == ["identical", "9", "8"], done.stderr[-2000:]
