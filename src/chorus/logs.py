"""Structured logs for `--log-json`: one JSON object per line, for collectors (Loki, ELK, jq).

Every record has `time` (UTC ISO 8601), `level`, `logger` and `message`. A record logged with one
mapping argument (`log.info("ingest done: %s", stats)`) also carries that mapping as `data`, so
a run's summary line (articles in, rejected, duplicates, stories new/updated, seconds) can be
read without parsing the message.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TextIO

_STANDARD = frozenset(vars(logging.makeLogRecord({})))


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if isinstance(record.args, Mapping):
            out["data"] = dict(record.args)
        extra = {k: v for k, v in vars(record).items() if k not in _STANDARD and k != "message"}
        if extra:
            out.update(extra)
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_json_logging(level: int = logging.INFO, stream: TextIO | None = None) -> None:
    """Send every log record to `stream` (stderr) as JSON lines; the CLI's `--log-json`."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # Dask and httpx chat at INFO about every connection; keep their warnings only.
    for noisy in ("distributed", "httpx", "httpcore", "asyncio"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


def log_summary(logger: logging.Logger, command: str, stats: Mapping[str, Any]) -> None:
    """Log the one summary line of a run, with its figures as `data`."""
    text = ", ".join(f"{key} {value}" for key, value in stats.items())
    logger.info("%s summary: %s", command, text, extra={"summary": command, "data": dict(stats)})
