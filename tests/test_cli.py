"""The `chorus` command: exit codes, outputs, and that every command is documented."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chorus.cli import app

REPO = Path(__file__).resolve().parents[1]

runner = CliRunner()


def test_cli_analyze_json_follows_the_contract(seeds_dir):
    result = runner.invoke(app, ["analyze", str(seeds_dir), "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"articles", "stories", "errors"}
    article_keys = {
        "id", "path", "title", "outlet", "outlet_source", "date", "date_source",
        "language", "duplicate_of", "text", "removed",
    }  # fmt: skip
    assert article_keys <= set(data["articles"][0])
    story = data["stories"][0]
    assert {"id", "title", "date", "article_ids", "independent_sources", "summary"} <= set(story)
    cite = story["summary"][0]["citations"][0]
    assert set(cite) >= {"article_id", "start", "end"}
    assert len(data["stories"]) == 2


def test_cli_ingest_stories_show_round_trip(seeds_dir, tmp_path):
    db = str(tmp_path / "c.db")
    first = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db])
    assert again.exit_code == 0
    assert "0 new articles, 5 already stored" in again.stderr
    listed = runner.invoke(app, ["stories", "--db", db, "--format", "json"])
    rows = json.loads(listed.stdout)
    assert sorted(r["articles"] for r in rows) == [1, 4]
    shown = runner.invoke(app, ["show", rows[0]["id"], "--db", db])
    assert shown.exit_code == 0
    assert shown.stdout.startswith(f"# {rows[0]['title']}")
    assert "## Summary" in shown.stdout


def test_cli_deferred_ingest_then_explain_and_show(seeds_dir, tmp_path):
    db = str(tmp_path / "c.db")
    first = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db, "--explain", "on-read"])
    assert first.exit_code == 0, first.output
    rows = json.loads(runner.invoke(app, ["stories", "--db", db, "--format", "json"]).stdout)
    small = min(rows, key=lambda r: r["articles"])["id"]
    shown = runner.invoke(app, ["show", small, "--db", db, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["summary"]
    explained = runner.invoke(app, ["explain", "--db", db])
    assert explained.exit_code == 0, explained.output
    assert "1 stories explained" in explained.stderr
    unknown = runner.invoke(app, ["explain", "no-such-story", "--db", db])
    assert unknown.exit_code == 2
    assert "no-such-story" in unknown.stderr


def test_cli_rejected_input_exits_1_and_names_the_file(seeds_dir, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    (folder / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["analyze", str(folder), "--quiet", "--format", "json"])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr
    assert len(json.loads(result.stdout)["errors"]) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["analyze"],
        ["show", "no-such-story"],
        ["analyze", "x", "--format", "yaml"],
        ["analyze", "x", "--words", "0"],
    ],
)
def test_cli_usage_errors_exit_2(tmp_path, args):
    result = runner.invoke(
        app, [*args, *(["--db", str(tmp_path / "c.db")] if "show" in args else [])]
    )
    assert result.exit_code == 2


def test_cli_every_command_has_help_and_a_readme_mention():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert names
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert re.search(rf"chorus {name}\b", readme), f"README does not mention `chorus {name}`"


def test_cli_installed_command_runs():
    exe = shutil.which("chorus")
    assert exe, "the `chorus` script is not on PATH: install the package (pip install -e .)"
    result = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "analyze" in result.stdout


def test_cli_module_runs_as_python_dash_m():
    result = subprocess.run(
        [sys.executable, "-m", "chorus", "--help"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0
    assert "ingest" in result.stdout
