"""Fact statuses on the invented gold story in tests/data/facts/ (issue #6).

Run: python bench/facts.py  → table, JSON in bench/out/facts.json.
Every sentence, count, length and quoted name of the gold story is annotated with its status.
A predicted fact matches a gold fact when it is of the same kind (statement, slot, name) and one
of its sources overlaps the gold quote. Precision of status S: predicted S facts that match a gold
S fact / predicted S facts; recall: gold S facts matched by a predicted S fact / gold S facts.
Also checks the seed story: the treaty agreed by several outlets, the visit length a conflict.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from chorus.facts.align import align_facts
from chorus.records import Article, Fact
from chorus.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "facts" / "bridge.json"
SEEDS = ROOT / ".." / "shared" / "seeds"
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


def main() -> int:
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
    for f in facts:
        print(f"  {f.status:<9}{(f.slot or '-'):<18}{f.text[:70]!r}")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps({**result, "seeds": seeds, "seconds": elapsed,
                               "fact_min_overlap": settings.fact_min_overlap}, indent=2),
                   encoding="utf-8")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
