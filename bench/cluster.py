"""Story clustering benchmark: B-cubed on labelled events (batch and streaming) and scale figures.

    python bench/cluster.py                 # DUC 2003 + MultiLing 2011 + seeds + a 10k scale run
    python bench/cluster.py --scale 100000  # also 100k (Reuters financial news), + 1,000 into it
    python bench/cluster.py --max 0         # quality only

Prints a table and writes bench/out/cluster.json. Each scale size runs in a child process so its
peak RSS is its own.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from chorus.dedup import copy_groups, find_duplicates
from chorus.records import Article
from chorus.settings import Settings
from chorus.stories import assign, cluster

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
EVAL = SHARED / "eval"
OUT = ROOT / "bench" / "out" / "cluster.json"


def load_labelled(path: Path) -> tuple[list[Article], dict[str, str]]:
    """Read a clusters.jsonl; a document listed under two events is kept once (first event)."""
    articles, labels = [], {}
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        if row["id"] in labels:
            continue
        labels[row["id"]] = row["event"]
        articles.append(
            Article(
                id=row["id"],
                path=str(path),
                text=row["text"],
                title=row.get("title") or None,
                outlet=row.get("outlet"),
                date=row.get("date"),
            )
        )
    return articles, labels


def bcubed(stories: list[tuple[str, ...]], labels: dict[str, str]) -> dict[str, float]:
    """B-cubed precision/recall/F1 of a clustering against event labels, plus split/merged."""
    cluster_of = {a: k for k, members in enumerate(stories) for a in members}
    by_event: dict[str, set[str]] = defaultdict(set)
    for a, e in labels.items():
        by_event[e].add(a)
    p = r = 0.0
    for a, e in labels.items():
        members = set(stories[cluster_of[a]])
        same = sum(1 for b in members if labels.get(b) == e)
        p += same / len(members)
        r += same / len(by_event[e])
    n = len(labels)
    p, r = p / n, r / n
    split = sum(1 for e, m in by_event.items() if len({cluster_of[a] for a in m}) > 1)
    merged = sum(1 for members in stories if len({labels[a] for a in members}) > 1)
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "events": len(by_event),
        "stories": len(stories),
        "events_split": split,
        "stories_merged": merged,
    }


def streaming(articles: list[Article], settings: Settings, batch: int) -> list[tuple[str, ...]]:
    """Feed articles in date order, `batch` at a time, through `assign`."""
    ordered = sorted(articles, key=lambda a: (a.date or "", a.id))
    stories: list = []
    known: dict[str, Article] = {}
    for start in range(0, len(ordered), batch):
        chunk = ordered[start : start + batch]
        stories = assign(chunk, stories, known, settings)
        known.update({a.id: a for a in chunk})
    return [s.article_ids for s in stories]


def quality(name: str, path: Path, settings: Settings, batch: int) -> dict[str, object]:
    articles, labels = load_labelled(path)
    t = time.perf_counter()
    batch_result = bcubed([s.article_ids for s in cluster(articles, settings)], labels)
    batch_result["seconds"] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    stream_result = bcubed(streaming(articles, settings, batch), labels)
    stream_result["seconds"] = round(time.perf_counter() - t, 2)
    return {"set": name, "batch": batch_result, "streaming": stream_result, "stream_batch": batch}


def undated(name: str, path: Path, settings: Settings, share: float) -> dict[str, object]:
    """Batch B-cubed with a seeded share of dates removed, backdating on and off."""
    import random
    from dataclasses import replace

    articles, labels = load_labelled(path)
    rng = random.Random(settings.seed)
    articles = [replace(a, date=None) if rng.random() < share else a for a in articles]
    off = replace(settings, story_backdate_min_size=1 << 30)
    return {
        "set": name,
        "undated_share": share,
        "backdating": bcubed([s.article_ids for s in cluster(articles, settings)], labels),
        "no_backdating": bcubed([s.article_ids for s in cluster(articles, off)], labels),
    }


def seeds(settings: Settings) -> dict[str, object]:
    folder = SHARED / "seeds"
    articles = [
        Article(id=p.stem, path=str(p), text=p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.txt"))
    ]
    stories = cluster(articles, settings)
    return {
        "stories": [list(s.article_ids) for s in stories],
        "related": {s.id: list(s.related) for s in stories},
    }


def read_scale(n: int) -> list[Article]:
    articles: list[Article] = []
    for path in sorted((EVAL / "scale").glob("reuters_fin-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                articles.append(
                    Article(
                        id=row["id"],
                        path=path.name,
                        text=row["text"],
                        title=row["title"],
                        outlet=row["outlet"],
                        date=row["date"][:10],
                    )
                )
                if len(articles) >= n:
                    return articles
    return articles


def scale_child(n: int, add: int, dedup: bool) -> dict[str, object]:
    """Run in a child: cluster n articles, add `add` more incrementally, time copy detection."""
    settings = Settings()
    rows = read_scale(n + add)
    base, extra = rows[:n], rows[n:]
    t = time.perf_counter()
    stories = cluster(base, settings)
    seconds = time.perf_counter() - t
    result: dict[str, object] = {
        "articles": len(base),
        "seconds": round(seconds, 1),
        "articles_per_s": round(len(base) / seconds, 1),
        "stories": len(stories),
        "largest_story": max(len(s.article_ids) for s in stories),
    }
    if extra:
        known = {a.id: a for a in base}
        # As a fresh ingest process would be: vectors restored from the store, nothing else.
        sys.modules["chorus.stories.related"]._cache.clear()
        t = time.perf_counter()
        extra = find_duplicates(extra, settings, existing=base)
        result["add_dedup_seconds"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        after = assign(extra, stories, known, settings)
        result["add_articles"] = len(extra)
        result["add_seconds"] = round(time.perf_counter() - t, 2)
        result["stories_after_add"] = len(after)
    if dedup:
        t = time.perf_counter()
        groups = copy_groups(base, settings)
        result["dedup_seconds"] = round(time.perf_counter() - t, 1)
        result["copy_groups"] = len(groups)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="*", default=[10_000], help="scale sizes")
    parser.add_argument("--max", type=int, default=100_000, help="largest scale size to run")
    parser.add_argument("--add", type=int, default=1_000, help="articles added after a scale run")
    parser.add_argument("--stream-batch", type=int, default=20)
    parser.add_argument("--dedup-max", type=int, default=20_000, help="largest size to dedup")
    parser.add_argument(
        "--undated", type=float, default=0.3, help="share of dates removed for the backdating check"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(scale_child(args.child, args.add, args.child <= args.dedup_max)))
        return
    settings = Settings()
    report: dict[str, object] = {"quality": [], "scale": []}
    for name, path in [
        ("duc2003", EVAL / "duc2003-task2" / "clusters.jsonl"),
        ("multiling2011", EVAL / "multiling2011-english" / "clusters.jsonl"),
    ]:
        if not path.exists():
            print(f"skip {name}: {path} is absent")
            continue
        q = quality(name, path, settings, args.stream_batch)
        report["quality"].append(q)
        for mode in ("batch", "streaming"):
            r = q[mode]
            print(
                f"{name:14} {mode:9} P {r['precision']:.4f} R {r['recall']:.4f} "
                f"F1 {r['f1']:.4f}  events {r['events']} stories {r['stories']} "
                f"split {r['events_split']} merged {r['stories_merged']}  {r['seconds']}s"
            )
    report["undated"] = []
    for name, path in [
        ("duc2003", EVAL / "duc2003-task2" / "clusters.jsonl"),
        ("multiling2011", EVAL / "multiling2011-english" / "clusters.jsonl"),
    ]:
        if not path.exists() or args.undated <= 0:
            continue
        u = undated(name, path, settings, args.undated)
        report["undated"].append(u)
        on, off = u["backdating"], u["no_backdating"]
        print(
            f"{name:14} {args.undated:.0%} undated: F1 {on['f1']:.4f} with backdating, "
            f"{off['f1']:.4f} without"
        )
    if (SHARED / "seeds").exists():
        report["seeds"] = seeds(settings)
        print("seeds", report["seeds"])
    for n in [n for n in args.scale if 0 < n <= args.max]:
        if not (EVAL / "scale").exists():
            print("skip scale: ../shared/eval/scale is absent")
            break
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                *("--child", str(n), "--add", str(args.add), "--dedup-max", str(args.dedup_max)),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        report["scale"].append(r)
        print(
            f"scale {r['articles']:>7} articles {r['seconds']:>7}s {r['articles_per_s']:>8}/s "
            f"stories {r['stories']}  +{r.get('add_articles', 0)} in {r.get('add_seconds')}s "
            f"(dedup {r.get('add_dedup_seconds')}s)  "
            f"peak RSS {r['peak_rss_mb']} MB  dedup {r.get('dedup_seconds', '-')}s"
        )
    if len(report["scale"]) > 1:
        small, large = report["scale"][0], report["scale"][-1]
        growth = (large["seconds"] / small["seconds"]) / (large["articles"] / small["articles"])
        report["time_growth_per_article"] = round(growth, 2)
        print(f"time per article grows {growth:.2f}x from the smallest to the largest run")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
