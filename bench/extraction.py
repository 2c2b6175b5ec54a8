"""Article-extraction quality of chorus's HTML reader next to plain trafilatura, same run.

Data: ../shared/eval/article-extraction (Zyte benchmark: html/*.html.gz, ground-truth.json).
Metric: the benchmark's evaluate.py — word 4-gram shingle multisets, per-page tp/fp/fn normalised,
precision and recall averaged over pages, F1 of the two averages; accuracy = exact token match.

    python bench/extraction.py [--limit N]

Prints a table and writes bench/out/extraction.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from chorus.errors import InputError
from chorus.ingest.clean import clean_text
from chorus.ingest.html import extract_page

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "eval" / "article-extraction"
OUT = ROOT / "bench" / "out" / "extraction.json"
TARGET_F1 = 0.96

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def match(true: str, pred: str) -> tuple[float, float, float]:
    """Return normalised (tp, fp, fn) over word 4-gram shingles, as evaluate.py does."""
    t, p = _shingles(true), _shingles(pred)
    tp = fp = fn = 0.0
    for key in set(t) | set(p):
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (tp, fp, fn)


def score(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Return F1, precision, recall and exact-match accuracy over (truth, prediction) pairs."""
    counts = [match(t, p) for t, p in pairs]
    precision = statistics.mean(
        1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))
        for tp, fp, fn in counts
        if tp + fp > 0
    )
    recall = statistics.mean(
        1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))
        for tp, fp, fn in counts
        if tp + fn > 0
    )
    accuracy = statistics.mean(
        float(_TOKEN_RE.findall(t) == _TOKEN_RE.findall(p)) for t, p in pairs
    )
    f1 = 2 * precision * recall / (precision + recall)
    return {"f1": f1, "precision": precision, "recall": recall, "accuracy": accuracy}


def _chorus_reader(html: str) -> str:
    try:
        return extract_page(html).text
    except InputError:
        return ""


def _chorus_cleaned(html: str) -> str:
    return clean_text(_chorus_reader(html))[0]


SYSTEMS: dict[str, Callable[[str], str]] = {
    "trafilatura.extract (defaults)": lambda html: trafilatura.extract(html) or "",
    "chorus HTML reader (raw_text)": _chorus_reader,
    "chorus article text (cleaned)": _chorus_cleaned,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pages")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"no benchmark data at {DATA} (../shared/eval is absent)")
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[: args.limit or None]
    pages = {
        i: gzip.decompress((DATA / "html" / f"{i}.html.gz").read_bytes()).decode() for i in ids
    }
    results = {}
    ref_path = DATA / "reference-outputs" / "trafilatura.json"
    if ref_path.exists():
        ref = json.loads(ref_path.read_text(encoding="utf-8"))
        ref = ref.get("output", ref)
        pairs = [(truth[i]["articleBody"], ref[i].get("articleBody", "")) for i in ids]
        results["published trafilatura 2.0.0 output (scorer check)"] = score(pairs)
    for name, system in SYSTEMS.items():
        started = time.perf_counter()
        predictions = {i: system(pages[i]) for i in ids}
        elapsed = time.perf_counter() - started
        pairs = [(truth[i]["articleBody"], predictions[i]) for i in ids]
        results[name] = {**score(pairs), "pages_per_s": len(ids) / elapsed}

    print(f"article extraction, {len(ids)} pages (target F1 >= {TARGET_F1})")
    print(f"{'system':<52} {'F1':>6} {'P':>6} {'R':>6} {'acc':>6} {'pages/s':>8}")
    for name, r in results.items():
        speed = f"{r['pages_per_s']:8.1f}" if "pages_per_s" in r else f"{'-':>8}"
        print(
            f"{name:<52} {r['f1']:6.3f} {r['precision']:6.3f} {r['recall']:6.3f} "
            f"{r['accuracy']:6.3f} {speed}"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "pages": len(ids),
                "target_f1": TARGET_F1,
                "trafilatura": trafilatura.__version__,
                "results": results,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
