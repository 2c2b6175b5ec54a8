"""--log-json: one JSON object per record, summaries with their figures as data."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from chorus.logs import configure_json_logging, log_summary


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (root.level, root.handlers[:])
    configure_json_logging(stream=stream)
    yield stream
    root.handlers[:] = saved[1]
    root.setLevel(saved[0])


@pytest.mark.parametrize("stats", [{"articles_in": 3, "rejected": 1, "seconds": 1.5}])
def test_log_summary_is_one_json_line_with_data(
    captured: io.StringIO, stats: dict[str, float]
) -> None:
    log_summary(logging.getLogger("chorus.cli"), "ingest", stats)
    lines = captured.getvalue().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["level"] == "info"
    assert record["logger"] == "chorus.cli"
    assert record["message"] == "ingest summary: articles_in 3, rejected 1, seconds 1.5"
    assert record["summary"] == "ingest"
    assert record["data"] == stats


def test_json_formatter_keeps_mapping_argument_as_data(captured: io.StringIO) -> None:
    logging.getLogger("chorus.pipeline").info("ingest done: %s", {"articles_new": 2})
    record = json.loads(captured.getvalue())
    assert record["message"] == "ingest done: {'articles_new': 2}"
    assert record["data"] == {"articles_new": 2}
