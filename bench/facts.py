"""Fact statuses on the invented gold story in tests/data/facts/ (issue #6).

Run: python bench/facts.py  → table, JSON in bench/out/facts.json. With `--big 300`, also the
time of understand_story + summarize on one 300-article Reuters story (and its quarter and half).
Every sentence, count, length and quoted name of the gold story is annotated with its status.
A predicted fact matches a gold fact when it is of the same kind (statement, slot, name) and one
of its sources overlaps the gold quote. Precision of status S: predicted S facts that match a gold
S fact / predicted S facts; recall: gold S facts matched by a predicted S fact / gold S facts.
Also checks the seed story: the treaty agreed by several outlets, the visit length a conflict.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import time
from pathlib import Path

from chorus.facts.align import align_facts
from chorus.nlp import load_nlp, parse_many
from chorus.quotes.find import find_quotes
from chorus.records import Article, Fact, Story
from chorus.settings import Settings
from chorus.summarize import summarize
from chorus.understand import story_dates, understand_story

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "facts" / "bridge.json"
SEEDS = ROOT / ".." / "shared" / "seeds"
DUC = ROOT / ".." / "shared" / "eval" / "duc2003-task2" / "data.jsonl"
REUTERS = ROOT / ".." / "shared" / "eval" / "scale" / "reuters_fin-000.jsonl.gz"
OUT = Path(__file__).resolve().parent / "out" / "facts.json"
STATUSES = ("agreed", "single", "conflict")


def _kind(fact: Fact) -> str:
    if fact.slot is None:
        return "statement"
    return "name" if fact.slot == "name" else "slot"


def _matches(fact: Fact, gold: dict, texts: dict[str, str]) -> bool:
    if _kind(fact) != gold["kind"]:
        return False
    start = texts[gold["article"]].index(gold["quote"])
    end = start + len(gold["quote"])
    return any(
        c.article_id == gold["article"] and c.start < end and start < c.end for c in fact.sources
    )


def score(facts: tuple[Fact, ...], gold: list[dict], texts: dict[str, str]) -> dict:
    result = {}
    for status in STATUSES:
        pred = [f for f in facts if f.status == status]
        gold_s = [g for g in gold if g["status"] == status]
        tp_p = sum(any(_matches(f, g, texts) for g in gold_s) for f in pred)
        tp_r = sum(any(_matches(f, g, texts) for f in pred) for g in gold_s)
        p = tp_p / len(pred) if pred else 0.0
        r = tp_r / len(gold_s) if gold_s else 0.0
        result[status] = {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                          "predicted": len(pred), "gold": len(gold_s)}  # fmt: skip
    result["macro_f1"] = sum(result[s]["f1"] for s in STATUSES) / len(STATUSES)
    return result


def seed_checks(settings: Settings) -> dict:
    if not SEEDS.exists():
        return {"skipped": f"{SEEDS} not found"}
    articles = [
        Article(id=p.name, path=str(p), text=p.read_text(encoding="utf-8"), date="2024-06-19")
        for p in sorted(SEEDS.glob("*.txt"))
        if not p.name.startswith("001")
    ]
    facts = align_facts(articles, settings)
    treaty = [f for f in facts if "strategic partnership" in f.text.lower() and f.slot == "name"]
    visit = [f for f in facts if f.slot == "visit:length"]
    return {
        "treaty": [(f.status, sorted({c.article_id for c in f.sources})) for f in treaty],
        "visit_length": [(f.status, [v.value for v in f.values]) for f in visit],
    }


def speed(settings: Settings, clusters: int = 3) -> dict:
    """Seconds for quotes + dates + facts of real 10-article stories (DUC 2003 clusters), after
    the model is loaded: with parsing (a new story) and with the parse cached (a re-run)."""
    if not DUC.exists():
        return {"skipped": f"{DUC} not found"}
    load_nlp(settings.spacy_model)
    rows = [json.loads(line) for line in DUC.read_text(encoding="utf-8").splitlines()][:clusters]
    runs = []
    for row in rows:
        articles = [
            Article(id=d["id"], path=d["id"], text=d["text"], date=d["date"], outlet=d["outlet"])
            for d in row["documents"]
        ]
        words = sum(len(a.text.split()) for a in articles)
        timings = []
        for _ in range(2):
            started = time.perf_counter()
            parse_many([a.text for a in articles], settings.spacy_model)
            parsed = time.perf_counter() - started
            find_quotes(articles, settings)
            story_dates(articles, articles[0].date, settings)
            align_facts(articles, settings)
            timings.append((parsed, time.perf_counter() - started))
        runs.append({"cluster": row["cluster_id"], "articles": len(articles), "words": words,
                     "parse_s": timings[0][0], "total_s": timings[0][1],
                     "cached_total_s": timings[1][1]})  # fmt: skip
    return {
        "runs": runs,
        "max_total_s": max(r["total_s"] for r in runs),
        "max_cached_total_s": max(r["cached_total_s"] for r in runs),
        "target_s": 2.0,
    }


def big_story(settings: Settings, size: int) -> dict:
    """Seconds for understand_story + summarize on one synthetic story of `size` Reuters articles
    (those naming the Federal Reserve, seven invented outlets) and on its first quarter and half,
    the parse cached: per-story cost should grow about linearly (issue #8)."""
    if not REUTERS.exists():
        return {"skipped": f"{REUTERS} not found"}
    articles: list[Article] = []
    with gzip.open(REUTERS, "rt", encoding="utf-8") as rows:
        for line in itertools.islice(rows, 20000):
            row = json.loads(line)
            if "Federal Reserve" in row["text"] and len(row["text"]) < 6000:
                articles.append(
                    Article(id=row["id"], path=row["id"], text=row["text"], title=row["title"],
                            outlet=f"o{len(articles) % 7}", date=row["day"])
                )  # fmt: skip
            if len(articles) >= size:
                break
    started = time.perf_counter()
    parse_many([a.text for a in articles], settings.spacy_model)
    parsed = time.perf_counter() - started
    runs = []
    for n in sorted({max(1, size // 4), max(1, size // 2), len(articles)}):
        members = articles[:n]
        story = Story(id="big", title=None, date=members[0].date, independent_sources=7,
                      article_ids=tuple(a.id for a in members))  # fmt: skip
        started = time.perf_counter()
        understood = understand_story(story, members, settings)
        middle = time.perf_counter()
        summary = summarize(members, settings.summary_words, settings)
        ended = time.perf_counter()
        runs.append({"articles": n, "understand_s": middle - started,
                     "summarize_s": ended - middle, "facts": len(understood.facts),
                     "quotes": len(understood.quotes), "entities": len(understood.entities),
                     "summary_sentences": len(summary)})  # fmt: skip
    return {"parse_s": parsed, "runs": runs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--big", type=int, default=0, metavar="N",
        help="also time understand_story + summarize on an N-article Reuters story",
    )  # fmt: skip
    args = parser.parse_args()
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    articles = [
        Article(id=a["id"], path=a["id"], text=a["text"], outlet=a["outlet"], date=a["date"],
                duplicate_of=a["duplicate_of"])
        for a in data["articles"]
    ]  # fmt: skip
    texts = {a.id: a.text for a in articles}
    settings = Settings()
    started = time.perf_counter()
    facts = align_facts(articles, settings)
    elapsed = time.perf_counter() - started
    result = score(facts, data["facts"], texts)
    print(f"facts gold set {GOLD.name}: {len(data['facts'])} gold, {len(facts)} predicted")
    print(f"{'status':<10}{'P':>7}{'R':>7}{'F1':>7}{'pred':>6}{'gold':>6}")
    for s in STATUSES:
        m = result[s]
        print(
            f"{s:<10}{m['p']:>7.3f}{m['r']:>7.3f}{m['f1']:>7.3f}{m['predicted']:>6}{m['gold']:>6}"
        )
    print(f"macro F1 {result['macro_f1']:.3f}; {elapsed:.2f} s")
    seeds = seed_checks(settings)
    print(f"seeds: {seeds}")
    timing = speed(settings)
    for r in timing.get("runs", []):
        print(
            f"speed {r['cluster']}: {r['articles']} articles, {r['words']} words: quotes+dates+"
            f"facts {r['total_s']:.2f} s with parsing ({r['parse_s']:.2f} s parse), "
            f"{r['cached_total_s']:.2f} s with the parse cached"
        )
    big = big_story(settings, args.big) if args.big else {"skipped": "run with --big N"}
    if "parse_s" in big:
        print(f"big story: {args.big} articles parsed in {big['parse_s']:.1f} s (not counted)")
    for r in big.get("runs", []):
        print(
            f"big story {r['articles']:>4} articles: understand_story {r['understand_s']:.2f} s, "
            f"summarize {r['summarize_s']:.2f} s ({r['facts']} facts, {r['quotes']} quotes, "
            f"{r['entities']} entities)"
        )
    for f in facts:
        print(f"  {f.status:<9}{(f.slot or '-'):<18}{f.text[:70]!r}")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps({**result, "seeds": seeds, "seconds": elapsed, "speed": timing,
                               "big_story": big, "fact_min_overlap": settings.fact_min_overlap},
                              indent=2),
                   encoding="utf-8")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
