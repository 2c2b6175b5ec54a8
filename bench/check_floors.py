"""Compare the benchmarks' JSON in bench/out/ with the floors in bench/floors.json.

    python bench/check_floors.py      # exit 1 if a figure fell under its floor

A missing output file is reported and skipped: run the benchmark first.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent


def lookup(data: Any, dotted: str) -> Any:
    """Follow a dotted path; a dot inside a key is written `\\.`, a list index is a number."""
    for key in re.split(r"(?<!\\)\.", dotted):
        data = data[int(key)] if isinstance(data, list) else data[key.replace("\\.", ".")]
    return data


def main() -> int:
    floors = json.loads((BENCH / "floors.json").read_text(encoding="utf-8"))
    failed = 0
    for name, checks in floors.items():
        if name.startswith("_"):
            continue
        path = BENCH / "out" / name
        if not path.exists():
            print(f"skip  {name}: not found (run its benchmark first)")
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, floor in checks.items():
            try:
                value = float(lookup(data, key))
            except (KeyError, TypeError, ValueError):
                print(f"FAIL  {name} {key}: missing")
                failed += 1
                continue
            ok = value >= floor
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'}  {name} {key}: {value:.4f} (floor {floor})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
