"""The scale options of the CLI: --log-json summaries, --workers, and the watch command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chorus.cli import app

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parents[1] / "data" / "scale"


def _json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_cli_ingest_log_json_summary_then_rerun_adds_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    args = ["--log-json", "ingest", str(DATA / "two-pages.warc.gz"), "--db", db, "--quiet"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    done = [r for r in _json_lines(first.stderr) if r["message"].startswith("ingest done")]
    assert len(done) == 1
    assert done[0]["data"]["articles_new"] == 2  # type: ignore[index]
    again = runner.invoke(app, args)
    done = [r for r in _json_lines(again.stderr) if r["message"].startswith("ingest done")]
    assert (done[0]["data"]["articles_new"], done[0]["data"]["already_stored"]) == (0, 2)  # type: ignore[index]


def test_cli_ingest_workers_matches_single_process(tmp_path: Path) -> None:
    runner = CliRunner()
    inputs = [str(DATA / "rows.jsonl.gz"), str(DATA / "two-pages.warc")]
    single = runner.invoke(app, ["analyze", *inputs, "--format", "json", "--quiet"])
    spread = runner.invoke(
        app, ["analyze", *inputs, "--format", "json", "--quiet", "--workers", "2"]
    )
    assert (single.exit_code, spread.exit_code) == (1, 1)  # rows.jsonl.gz has two bad rows
    assert json.loads(spread.stdout) == json.loads(single.stdout)


@pytest.mark.parametrize("command", ["watch", "ingest", "analyze"])
def test_cli_scale_options_have_help(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    wanted = ["--max-rounds", "--interval"] if command == "watch" else ["--workers", "--scheduler"]
    for option in wanted:
        assert option in result.stdout
