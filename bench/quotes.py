"""Quote attribution on PolNeAR dev (issue #6): content spans and speakers.

Run: python bench/quotes.py [--split dev|train] [--limit N]  → table, JSON in bench/out/quotes.json.
Content F1: exact (same start and end) and overlap (any shared character), precision over
predicted attributions, recall over gold ones. Speaker accuracy: among predicted attributions whose
content overlaps a gold one that has a source, the share whose speaker mention overlaps the gold
source span. The baseline keeps our contents but names the nearest PERSON/ORG entity to the cue.
Targets (issue #6): speaker accuracy >= 0.85, overlap F1 >= 0.75.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from chorus.nlp import parse_many
from chorus.quotes.find import Attribution, find_attributions
from chorus.records import Article
from chorus.settings import Settings

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "polnear"
OUT = Path(__file__).resolve().parent / "out" / "quotes.json"


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _span(d: dict | None) -> tuple[int, int] | None:
    return (d["start"], d["end"]) if d else None


def _nearest_name(doc, att: Attribution) -> tuple[int, int] | None:
    if att.cue_span is None:
        return None
    cue = att.cue_span[0]
    sent = next((s for s in doc.sents if s.start_char <= cue < s.end_char), None)
    if sent is None:
        return None
    names = [e for e in sent.ents if e.label_ in {"PERSON", "ORG"}]
    names = [
        e for e in names if not any(_overlap((e.start_char, e.end_char), f) for f in att.fragments)
    ]
    if not names:
        return None
    best = min(names, key=lambda e: min(abs(e.start_char - cue), abs(e.end_char - cue)))
    return best.start_char, best.end_char


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    path = EVAL / f"{args.split}.jsonl"
    if not path.exists():
        print(f"skipped: {path} not found")
        return 0
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if args.limit:
        rows = rows[: args.limit]
    settings = Settings()
    started = time.perf_counter()
    docs = parse_many([r["text"] for r in rows], settings.spacy_model)
    parsed = time.perf_counter() - started
    c = dict.fromkeys(
        ["pred", "gold", "p_overlap", "r_overlap", "p_exact", "r_exact", "spk_n", "spk_ok",
         "base_ok", "gold_direct", "r_direct", "pred_direct", "p_direct"], 0)  # fmt: skip
    started = time.perf_counter()
    for row, doc in zip(rows, docs, strict=True):
        article = Article(id=row["id"], path=row["id"], text=row["text"])
        pred = find_attributions(article, settings)
        gold = row["attributions"]
        spans = [(p.start, p.end) for p in pred]
        gspans = [_span(g["content"]) for g in gold]
        c["pred"] += len(pred)
        c["gold"] += len(gold)
        for p, ps in zip(pred, spans, strict=True):
            hits = [g for g, gs in zip(gold, gspans, strict=True) if _overlap(ps, gs)]
            c["p_overlap"] += bool(hits)
            c["p_exact"] += ps in gspans
            if p.direct:
                c["pred_direct"] += 1
                c["p_direct"] += any(g["direct"] for g in hits)
            with_source = [g for g in hits if g["source"]]
            if with_source:
                g = max(
                    with_source,
                    key=lambda g: (
                        min(ps[1], g["content"]["end"]) - max(ps[0], g["content"]["start"])
                    ),
                )
                gsrc = _span(g["source"])
                c["spk_n"] += 1
                c["spk_ok"] += bool(p.speaker_span and _overlap(p.speaker_span, gsrc))
                base = _nearest_name(doc, p)
                c["base_ok"] += bool(base and _overlap(base, gsrc))
        for g, gs in zip(gold, gspans, strict=True):
            hit = any(_overlap(gs, ps) for ps in spans)
            c["r_overlap"] += hit
            c["r_exact"] += gs in spans
            if g["direct"]:
                c["gold_direct"] += 1
                c["r_direct"] += hit
    elapsed = time.perf_counter() - started
    po, ro = c["p_overlap"] / c["pred"], c["r_overlap"] / c["gold"]
    pe, re_ = c["p_exact"] / c["pred"], c["r_exact"] / c["gold"]
    pd, rd = c["p_direct"] / max(c["pred_direct"], 1), c["r_direct"] / max(c["gold_direct"], 1)
    spk = c["spk_ok"] / max(c["spk_n"], 1)
    base = c["base_ok"] / max(c["spk_n"], 1)
    result = {
        "split": args.split, "articles": len(rows), **c,
        "overlap": {"p": po, "r": ro, "f1": _f1(po, ro)},
        "exact": {"p": pe, "r": re_, "f1": _f1(pe, re_)},
        "direct_overlap": {"p": pd, "r": rd, "f1": _f1(pd, rd)},
        "speaker_accuracy": spk, "baseline_nearest_name_speaker_accuracy": base,
        "targets": {"speaker_accuracy": 0.85, "overlap_f1": 0.75},
        "parse_seconds": parsed, "attribution_seconds": elapsed,
    }  # fmt: skip
    print(f"PolNeAR {args.split}: {len(rows)} articles, {c['gold']} gold, {c['pred']} predicted")
    print(f"{'measure':<34}{'P':>7}{'R':>7}{'F1':>7}")
    for name, key in [
        ("content overlap", "overlap"),
        ("content exact", "exact"),
        ("direct quotes (overlap)", "direct_overlap"),
    ]:
        m = result[key]
        print(f"{name:<34}{m['p']:>7.3f}{m['r']:>7.3f}{m['f1']:>7.3f}")
    print(f"{'speaker accuracy (chorus)':<34}{spk:>21.3f}   n={c['spk_n']}")
    print(f"{'speaker accuracy (nearest name)':<34}{base:>21.3f}")
    print(f"parse {parsed:.1f} s, attribution {elapsed:.2f} s")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
