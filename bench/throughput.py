"""End-to-end throughput and peak memory of `chorus.analyze` on shared news sets (issue #3).

    python bench/throughput.py [--max N] [--set duc2003|bbc|reuters]

Prints articles/second and peak RSS and writes bench/out/throughput.json. Target (issue #3):
≥ 20 articles/s end to end for short news articles, peak memory < 1.5 GB, on a 2-core machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
SETS = {
    "duc2003": EVAL / "duc2003-task2" / "clusters.jsonl",
    "bbc": EVAL / "scale" / "bbc.jsonl.gz",
    "reuters": EVAL / "scale" / "reuters21578.jsonl.gz",
}


def load(name: str, limit: int) -> list[dict]:
    path = SETS[name]
    opener = gzip.open if path.suffix == ".gz" else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            rows.append(
                {
                    "id": str(r["id"]),
                    "title": r.get("title"),
                    "maintext": r["text"],
                    "date_publish": r.get("date"),
                    "source_domain": r.get("outlet"),
                }
            )
            if len(rows) >= limit:
                break
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="duc2003")
    parser.add_argument("--max", type=int, default=300, help="articles to read (default 300)")
    args = parser.parse_args()
    if not SETS[args.set].exists():
        print(f"skipped: {SETS[args.set]} not found (the shared eval sets live beside the repo)")
        return 0

    from chorus import analyze, load_settings
    from chorus.nlp import load_nlp

    settings = load_settings()
    rows = load(args.set, args.max)
    t0 = time.perf_counter()
    load_nlp(settings.spacy_model)
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    report = analyze(rows, settings)
    seconds = time.perf_counter() - t1
    # spaCy's worker processes count too: report the larger of this process and its children.
    peak_mb = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    words = sum(len(a.text.split()) for a in report.articles)
    result = {
        "set": args.set,
        "articles_in": len(rows),
        "articles": len(report.articles),
        "rejected": len(report.errors),
        "stories": len(report.stories),
        "mean_words": round(words / max(1, len(report.articles)), 1),
        "model_load_s": round(load_s, 2),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(rows) / seconds, 2),
        "peak_rss_mb": round(peak_mb, 1),
        "stage_stats": report.stats,
    }
    print(
        f"{'set':10} {'in':>6} {'articles':>8} {'stories':>7} {'words/art':>9}"
        f" {'s':>7} {'art/s':>7}"
        f" {'peak MB':>8}"
    )
    print(
        f"{args.set:10} {result['articles_in']:>6} {result['articles']:>8}"
        f" {result['stories']:>7} {result['mean_words']:>9}"
        f" {result['seconds']:>7} {result['articles_per_s']:>7} {result['peak_rss_mb']:>8}"
    )
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "throughput.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
