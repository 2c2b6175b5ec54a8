"""Scale benchmark (issue #8): throughput and peak memory on ../shared/eval/scale/.

    python bench/scale.py [--sizes 10000,30000,100000] [--e2e-sizes 1000] [--max N]
                          [--workers 2] [--store-size 10000] [--warc-gb 1.0] [--add 1000]
                          [--skip ...]

Parts, each run in a child process whose whole process tree (Dask workers included) is sampled
for peak RSS, and written to bench/out/scale.json after every step:
- read: read + clean + metadata (`read_inputs`) vs the same on a local Dask cluster
  (`read_distributed`, --workers), on the first N Reuters financial articles (reuters_fin-*);
- e2e: the whole `pipeline.ingest` into SQLite (stories, summaries…), single vs --workers;
- add: --add more articles (the next ones in time) ingested by a fresh process into the store the
  largest single e2e run left, as a `chorus ingest` of new articles into a big store would be;
- store: `add_articles` rate into SQLite vs PostgreSQL (a throw-away initdb cluster, or --pg-url);
- warc: a generated WARC of --warc-gb GB in /tmp, streamed through `iter_archive_articles`
  into a SQLite store in batches, with RSS sampled along the way.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import itertools
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
SCALE = REPO.parent / "shared" / "eval" / "scale"
OUT = REPO / "bench" / "out" / "scale.json"
TMP = Path(tempfile.gettempdir()) / "chorus-bench-scale"


# --- parent: run children, sample memory ------------------------------------------------------
def run_child(args: list[str], timeout: float) -> dict[str, Any]:
    """Run `bench/scale.py --child …`; return its JSON plus the tree's peak RSS in MB."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                procs = [proc, *proc.children(recursive=True)]
                rss = 0
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        rss += p.memory_info().rss
                peak = max(peak, rss)
            except psutil.Error:
                pass
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        for child in proc.children(recursive=True):
            child.kill()
        proc.kill()
        proc.communicate()
        stop.set()
        return {"status": f"timed out after {timeout:.0f} s", "peak_rss_mb": round(peak / 2**20)}
    stop.set()
    sampler.join()
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"status": f"failed ({proc.returncode})", "stderr": err[-1500:]}
    result = json.loads(lines[-1])
    result["peak_rss_mb"] = round(peak / 2**20)
    result["status"] = "ok"
    return result


def _rows() -> Iterator[str]:
    """Lines of the Reuters financial shards, in time order, one shard open at a time."""
    for shard in sorted(SCALE.glob("reuters_fin-*.jsonl.gz")):
        with gzip.open(shard, "rt", encoding="utf-8") as lines:
            yield from lines


def next_file(n: int, k: int) -> Path:
    """The k Reuters financial articles after the first n (time order) as one .jsonl.gz."""
    TMP.mkdir(parents=True, exist_ok=True)
    path = TMP / f"reuters_fin-after-{n}-{k}.jsonl.gz"
    if not path.exists():
        part = path.with_suffix(".part")
        with gzip.open(part, "wt", encoding="utf-8", compresslevel=1) as out:
            for line in itertools.islice(_rows(), n, n + k):
                out.write(line)
        part.rename(path)
    return path


def sample_file(n: int) -> Path:
    """The first n Reuters financial articles (time order) as one .jsonl.gz in /tmp."""
    TMP.mkdir(parents=True, exist_ok=True)
    path = TMP / f"reuters_fin-first-{n}.jsonl.gz"
    if path.exists():
        return path
    rows = _rows()
    part = path.with_suffix(".part")
    with gzip.open(part, "wt", encoding="utf-8", compresslevel=1) as out:
        for line in itertools.islice(rows, n):
            out.write(line)
    part.rename(path)
    return path


# --- children ----------------------------------------------------------------------------------
def child_read(path: str, workers: int) -> dict[str, Any]:
    from chorus.ingest import read_inputs
    from chorus.settings import Settings

    settings = Settings()
    start = time.perf_counter()
    if workers:
        from chorus.scale.dask_runner import dask_client, read_distributed

        with dask_client(workers=workers) as client:
            ready = time.perf_counter()
            articles, errors = read_distributed([path], settings, client)
            seconds = time.perf_counter() - ready
    else:
        articles, errors = read_inputs([path], settings)
        seconds = time.perf_counter() - start
    n = len(articles) + len(errors)
    return {
        "items": n,
        "articles": len(articles),
        "rejected": len(errors),
        "seconds": round(seconds, 2),
        "per_s": round(n / seconds, 1),
    }


def child_e2e(path: str, workers: int, keep: str = "-") -> dict[str, Any]:
    """Ingest `path` into a new SQLite file; `keep`: where to leave it ("-": delete it)."""
    from chorus import pipeline
    from chorus.settings import Settings
    from chorus.store.sqlite import SQLiteStore

    settings = Settings()
    db = TMP / f"e2e-{os.getpid()}.db" if keep == "-" else Path(keep)
    start = time.perf_counter()
    with SQLiteStore(db) as store:
        if workers:
            from chorus.scale.dask_runner import analyze_distributed, dask_client

            with dask_client(workers=workers) as client:
                report = analyze_distributed([path], settings, store, client)
        else:
            report = pipeline.ingest([path], store, settings)
    seconds = time.perf_counter() - start
    if keep == "-":
        _remove_db(db)
    n = report.stats.get("articles_in", 0)
    return {
        "items": n,
        "seconds": round(seconds, 2),
        "per_s": round(n / seconds, 2),
        "stats": report.stats,
    }


def child_add(db: str, path: str) -> dict[str, Any]:
    """Ingest `path` into the stored `db`, timed from process start as a CLI run pays it."""
    from chorus import pipeline
    from chorus.settings import Settings
    from chorus.store.sqlite import SQLiteStore

    start = time.perf_counter()
    with SQLiteStore(Path(db)) as store:
        report = pipeline.ingest([path], store, Settings())
    seconds = time.perf_counter() - start
    n = report.stats.get("articles_in", 0)
    return {
        "items": n,
        "seconds": round(seconds, 2),
        "seconds_with_imports": round(time.time() - psutil.Process().create_time(), 2),
        "per_s": round(n / seconds, 2),
        "stats": report.stats,
    }


def _remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def child_store(path: str, backend: str, url: str) -> dict[str, Any]:
    from chorus.ingest import read_inputs
    from chorus.settings import Settings
    from chorus.store.base import open_store

    articles, _ = read_inputs([path], Settings())
    location = str(TMP / f"store-{os.getpid()}.db") if backend == "sqlite" else url
    store = open_store(location)
    start = time.perf_counter()
    added = 0
    for i in range(0, len(articles), 1000):
        added += len(store.add_articles(articles[i : i + 1000]))
    seconds = time.perf_counter() - start
    again = time.perf_counter()
    repeat = sum(
        len(store.add_articles(articles[i : i + 1000])) for i in range(0, len(articles), 1000)
    )
    repeat_seconds = time.perf_counter() - again
    hits = len(store.search("interest rates"))
    store.close()
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{location}{suffix}").unlink(missing_ok=True)
    return {
        "articles": len(articles),
        "added": added,
        "seconds": round(seconds, 2),
        "per_s": round(added / seconds, 1),
        "rerun_added": repeat,
        "rerun_seconds": round(repeat_seconds, 2),
        "search_hits": hits,
    }


def child_warc(path: str) -> dict[str, Any]:
    from chorus.ingest.warc import iter_archive_articles
    from chorus.records import Article
    from chorus.settings import Settings
    from chorus.store.sqlite import SQLiteStore

    me = psutil.Process()
    db = TMP / f"warc-{os.getpid()}.db"
    size = Path(path).stat().st_size
    samples: list[tuple[int, int]] = []
    start = time.perf_counter()
    n = rejected = 0
    batch: list[Article] = []
    with SQLiteStore(db) as store:
        for item in iter_archive_articles(path, Settings()):
            if isinstance(item, Article):
                batch.append(item)
            else:
                rejected += 1
            n += 1
            if len(batch) == 500:
                store.add_articles(batch)
                batch = []
            if n % 2000 == 0:
                samples.append((n, round(me.memory_info().rss / 2**20)))
        store.add_articles(batch)
        stored = store.count_articles()
    seconds = time.perf_counter() - start
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return {
        "warc_bytes": size,
        "records": n,
        "stored": stored,
        "rejected": rejected,
        "seconds": round(seconds, 1),
        "mb_per_s": round(size / 2**20 / seconds, 1),
        "rss_mb_samples": samples[:: max(1, len(samples) // 10)],
    }


def make_warc(gigabytes: float) -> Path:
    """A WARC of real article text in page furniture and inline script (~100 KB a page, as
    news pages with inline JS are), in /tmp."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    TMP.mkdir(parents=True, exist_ok=True)
    path = TMP / f"generated-{gigabytes:g}gb.warc"
    target = int(gigabytes * 2**30)
    if path.exists() and path.stat().st_size >= target:
        return path
    furniture = "".join(
        f"<li><a href='/section/{i}'>Section {i} headline teaser text</a></li>" for i in range(120)
    )
    script = "<script>var config = {" + ",".join(f"k{i}: {i}" for i in range(9000)) + "};</script>"
    part = path.with_suffix(".part")
    with part.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for n, line in enumerate(itertools.chain.from_iterable(_rows() for _ in itertools.count())):
            row = json.loads(line)
            paras = "".join(f"<p>{p}</p>" for p in row["text"].split("\n"))
            page = (
                f"<!DOCTYPE html><html><head><title>{row['title']}</title>{script}</head><body>"
                f"<nav><ul>{furniture}</ul></nav><article><h1>{row['title']}</h1>{paras}"
                f"</article><footer><ul>{furniture}</ul></footer></body></html>"
            ).encode()
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            uri = f"{row['url']}?copy={n}"
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=BytesIO(page), http_headers=http)
            )
            if out.tell() >= target:
                break
    part.rename(path)
    return path


# --- PostgreSQL --------------------------------------------------------------------------------
def start_postgres() -> tuple[str, Path] | None:
    found = shutil.which("initdb") or next(
        iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)), None
    )
    if not found:
        return None
    bin_dir = Path(found).parent
    root = Path(tempfile.mkdtemp(prefix="chorus-bench-pg-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data = root / "data"
    subprocess.run(
        [
            *prefix,
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
        ],
        check=True,
        capture_output=True,
    )
    # Durable settings (fsync on): the benchmark measures what a real server would do.
    subprocess.run(
        [
            *prefix,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(root / "log"),
            "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1",
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    return f"postgresql://postgres@127.0.0.1:{port}/postgres", root


def stop_postgres(root: Path) -> None:
    bin_dir = Path(next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))))).parent
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(
        [*prefix, str(bin_dir / "pg_ctl"), "-D", str(root / "data"), "-m", "fast", "stop"],
        check=False,
        capture_output=True,
    )
    shutil.rmtree(root, ignore_errors=True)


# --- main --------------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs="+")
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--e2e-sizes", default="1000")
    ap.add_argument("--max", type=int, default=None, help="cap every size at N articles")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--store-size", type=int, default=10000)
    ap.add_argument("--warc-gb", type=float, default=1.0)
    ap.add_argument("--add", type=int, default=1000, help="articles added to the largest e2e store")
    ap.add_argument("--pg-url", default=None)
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--out", type=Path, default=OUT, help="JSON output (bench/out/scale.json)")
    ap.add_argument("--skip", default="", help="comma list of parts to skip: read,e2e,store,warc")
    args = ap.parse_args()

    if args.child:
        kind, *rest = args.child
        fn = {
            "read": child_read,
            "e2e": child_e2e,
            "add": child_add,
            "store": child_store,
            "warc": child_warc,
        }[kind]
        typed = [int(x) if x.isdigit() else x for x in rest]
        print(json.dumps(fn(*typed)))
        return

    if not SCALE.is_dir():
        sys.exit(f"scale corpora not found at {SCALE} (they live beside the repo)")
    skip = set(filter(None, args.skip.split(",")))
    cap = args.max or 10**9
    results: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "ram_gb": round(psutil.virtual_memory().total / 2**30),
        },
        "workers": args.workers,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")

    def row(part: str, label: str, r: dict[str, Any]) -> None:
        results.setdefault(part, []).append({"run": label, **r})
        save()
        rate = r.get("per_s", r.get("mb_per_s", ""))
        print(
            f"{part:6} {label:28} {r.get('status', ''):10} {r.get('seconds', ''):>9} s "
            f"{rate:>9} /s  peak {r.get('peak_rss_mb', '?'):>6} MB",
            flush=True,
        )

    print(f"{'part':6} {'run':28} {'status':10} {'time':>11} {'rate':>11}  memory")
    if "store" not in skip:
        path = str(sample_file(min(args.store_size, cap)))
        row(
            "store",
            f"{min(args.store_size, cap)} sqlite",
            run_child(["store", path, "sqlite", "-"], args.timeout),
        )
        server = None
        url = args.pg_url
        if url is None:
            server = start_postgres()
            url = server[0] if server else None
        if url:
            row(
                "store",
                f"{min(args.store_size, cap)} postgresql",
                run_child(["store", path, "postgresql", url], args.timeout),
            )
        else:
            row("store", "postgresql", {"status": "skipped: no PostgreSQL binaries"})
        if server:
            stop_postgres(server[1])
    if "warc" not in skip:
        warc = make_warc(args.warc_gb)
        row(
            "warc",
            f"{warc.stat().st_size / 2**30:.2f} GB stream",
            run_child(["warc", str(warc)], args.timeout),
        )
    if "read" not in skip:
        for n in sorted({min(int(s), cap) for s in args.sizes.split(",")}):
            path = str(sample_file(n))
            row("read", f"{n} single", run_child(["read", path, "0"], args.timeout))
            row(
                "read",
                f"{n} workers={args.workers}",
                run_child(["read", path, str(args.workers)], args.timeout),
            )
    if "e2e" not in skip:
        sizes = sorted({min(int(s), cap) for s in args.e2e_sizes.split(",")})
        kept = TMP / f"add-{sizes[-1]}.db"
        for n in sizes:
            path = str(sample_file(n))
            keep = str(kept) if n == sizes[-1] and args.add and "add" not in skip else "-"
            row("e2e", f"{n} single", run_child(["e2e", path, "0", keep], args.timeout))
            if args.workers:  # --workers 0: the single-process run only
                row(
                    "e2e",
                    f"{n} workers={args.workers}",
                    run_child(["e2e", path, str(args.workers)], args.timeout),
                )
        if kept.exists():
            more = str(next_file(sizes[-1], args.add))
            label = f"+{args.add} into {sizes[-1]}"
            row("add", label, run_child(["add", str(kept), more], args.timeout))
            _remove_db(kept)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
