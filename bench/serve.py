"""Serving speed: story page and search endpoint under 16 concurrent clients (issue #7).

Run: python bench/serve.py [--seconds 20] [--clients 16] [--workers 1]
     → table on stdout, JSON in bench/out/serve.json.

The store holds all 19,043 Reuters-21578 stories from ../shared/eval/scale, inserted as Article and
Story records directly through the store (not the pipeline, which needs minutes for 19k articles):
stories are the day's articles sharing a first topic (or place), at most 8 each, with a 3-sentence
summary citing each sentence's offsets, one `single` fact per article, "said" sentences as
quotes and a timeline per story: a story page carries the kind of evidence the pipeline makes.
The server runs in its own process (uvicorn on 127.0.0.1), the clients (httpx async) in this one.
Targets: story page p95 < 100 ms, search p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

from chorus.records import Article, Citation, Fact, Quote, Story, SummarySentence, TimelineEntry
from chorus.store import SQLiteStore

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / ".." / "shared" / "eval" / "scale" / "reuters21578.jsonl.gz"
OUT = REPO / "bench" / "out" / "serve.json"
DB = REPO / "bench" / "out" / "serve.db"
TARGETS_MS = {"story page": 100.0, "search": 50.0}
# Words a reader of 1987 business news might type: common (oil, bank) to rare (cocoa, yen).
QUERIES = [
    "oil", "bank", "cocoa", "interest rates", "yen dollar", "wheat exports", "merger",
    "shares offer", "crude prices", "trade deficit", "coffee", "gold", "takeover bid",
    "federal reserve", "opec output", "sugar", "japan", "dividend", "grain", "strike",
]  # fmt: skip
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _SENTENCE.finditer(text):
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        if m.end() - start > 20:
            spans.append((start, m.end()))
    return spans


def build_store(path: Path) -> tuple[int, int]:
    """Fill `path` with every Reuters story as an Article and day/topic groups as Stories."""
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    articles: list[Article] = []
    groups: dict[tuple[str, str], list[Article]] = defaultdict(list)
    seen: set[str] = set()
    for r in rows:
        text = r["text"].strip()
        digest = hashlib.sha256(text.encode()).hexdigest()
        # The store keeps one copy of a text; a story must not point at the copy it dropped.
        if not text or digest in seen:
            continue
        seen.add(digest)
        day = r["date"][:10]
        a = Article(
            id=r["id"],
            path=f"reuters21578.jsonl.gz:{r['id']}",
            text=text,
            title=r["title"] or None,
            outlet="Reuters",
            outlet_source="json",
            date=day,
            date_source="json",
            language="en",
            content_hash=digest,
        )
        articles.append(a)
        key = (r["topics"] or r["places"] or ["misc"])[0]
        groups[(day, key)].append(a)
    stories: list[Story] = []
    for (day, key), members in sorted(groups.items()):
        for i in range(0, len(members), 8):
            stories.append(_story(f"{day}-{key}-{i // 8}", day, members[i : i + 8]))
    path.unlink(missing_ok=True)
    with SQLiteStore(path) as store, store.transaction():
        store.add_articles(articles)
        store.save_stories(stories)
    return len(articles), len(stories)


def _story(story_id: str, day: str, members: list[Article]) -> Story:
    summary, facts, quotes = [], [], []
    for a in members:
        spans = _sentences(a.text)
        if not spans:
            continue
        s, e = spans[0]
        if len(summary) < 3:
            summary.append(SummarySentence(a.text[s:e], (Citation(a.id, s, e),)))
        facts.append(Fact(a.text[s:e][:120], "single", (Citation(a.id, s, e),)))
        for s, e in spans[1:]:
            if " said " in a.text[s:e] and len(quotes) < 6:
                quotes.append(Quote(None, a.text[s:e], "said", False, (Citation(a.id, s, e),)))
    timeline = tuple(
        TimelineEntry(day, s.text[:100], s.citations, context=False) for s in summary[:2]
    )
    return Story(
        id=story_id,
        title=members[0].title or members[0].id,
        date=day,
        article_ids=tuple(a.id for a in members),
        independent_sources=1,
        summary=tuple(summary),
        outlets=("Reuters",),
        quotes=tuple(quotes),
        timeline=timeline,
        facts=tuple(facts),
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def app_from_env() -> Any:
    """The app over $CHORUS_SERVE_DB: what each uvicorn worker process builds."""
    import os

    from chorus.api import create_app

    return create_app(os.environ["CHORUS_SERVE_DB"])


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    """uvicorn in its own process (`workers` processes when > 1) on 127.0.0.1."""
    code = (
        "import uvicorn; "
        "uvicorn.run('serve:app_from_env', factory=True, host='127.0.0.1', "
        f"port={port}, workers={workers}, log_level='warning', access_log=False, "
        f"app_dir={str(REPO / 'bench')!r})"
    )
    env = {**os.environ, "CHORUS_SERVE_DB": str(db)}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/v1/stories/none", timeout=2)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


async def load(
    base: str, paths: list[str], clients: int, seconds: float
) -> tuple[list[float], int, float]:
    """`clients` tasks request random `paths` for `seconds`; return latencies (ms), errors, span."""
    latencies: list[float] = []
    errors = 0
    rng = random.Random(0)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        stop = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                path = rng.choice(paths)
                t0 = time.perf_counter()
                response = await client.get(path)
                await response.aread()
                latencies.append((time.perf_counter() - t0) * 1000)
                if response.status_code != 200:
                    errors += 1

        started = time.perf_counter()
        cpu = time.process_time()
        await asyncio.gather(*(worker() for _ in range(clients)))
        span = time.perf_counter() - started
        cpu = time.process_time() - cpu
    load.client_cpu_share = cpu / span  # type: ignore[attr-defined]
    return latencies, errors, span


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} not found")
        return 0
    DB.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if not args.rebuild and DB.exists():
        with SQLiteStore(DB) as store:
            args.rebuild = store.count_articles() < 10_000
    if args.rebuild or not DB.exists():
        build_store(DB)
    with SQLiteStore(DB) as store:
        n_articles, n_stories = store.count_articles(), store.count_stories()
        story_ids = [s.id for s in store.get_stories(limit=2000)]
    build_s = time.perf_counter() - t0
    print(f"store: {n_articles} articles, {n_stories} stories ({build_s:.1f} s)")

    load_before = os.getloadavg()[0]
    port = _free_port()
    server = start_server(DB, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    scenarios = {
        "story page": [f"/stories/{sid}" for sid in story_ids],
        "search": [f"/api/v1/search?q={q}" for q in QUERIES],
        "story json": [f"/api/v1/stories/{sid}" for sid in story_ids],
        "story list": [f"/?page={n}" for n in range(1, 51)],
    }
    results: dict[str, dict[str, Any]] = {}
    try:
        for name, paths in scenarios.items():
            asyncio.run(load(base, paths[:50], args.clients, 2.0))  # warm caches
            lat, errors, span = asyncio.run(load(base, paths, args.clients, args.seconds))
            results[name] = {
                "requests": len(lat),
                "errors": errors,
                "req_per_s": round(len(lat) / span, 1),
                "p50_ms": round(statistics.median(lat), 1),
                "p95_ms": round(_pct(lat, 0.95), 1),
                "p99_ms": round(_pct(lat, 0.99), 1),
                "target_p95_ms": TARGETS_MS.get(name),
                "client_cpu_share": round(load.client_cpu_share, 2),  # type: ignore[attr-defined]
            }
    finally:
        server.terminate()
        server.wait(timeout=20)

    load_after = os.getloadavg()[0]
    # Other work on this 2-core machine competes with server and clients: the 1-minute load
    # average says how much, so figures from a busy moment can be told apart.
    print(
        f"{args.clients} clients, {args.seconds:.0f} s each, server workers: {args.workers}, "
        f"load average {load_before:.1f} before, {load_after:.1f} after"
    )
    print(f"{'scenario':<12} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  target p95")
    for name, r in results.items():
        target = r["target_p95_ms"]
        verdict = (
            ""
            if target is None
            else f"< {target:.0f}  {'met' if r['p95_ms'] < target else 'MISSED'}"
        )
        print(
            f"{name:<12} {r['req_per_s']:>8.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
            f"{r['p99_ms']:>8.1f}  {verdict}"
        )
    OUT.write_text(
        json.dumps(
            {
                "store": {
                    "articles": n_articles,
                    "stories": n_stories,
                    "source": "reuters21578, records inserted directly (not the pipeline)",
                },
                "clients": args.clients,
                "seconds": args.seconds,
                "workers": args.workers,
                "load_average": {"before": round(load_before, 2), "after": round(load_after, 2)},
                "cores": os.cpu_count(),
                "results": results,
            },
            indent=2,
        )
    )
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
