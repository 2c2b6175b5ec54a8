"""Run ingest on a Dask cluster: reading and cleaning on the workers, merge steps on the client.

    client: plan partitions ─▶ workers: read + clean + metadata (build_article) per partition
    client: gather in input order ─▶ pipeline.ingest (dedup across partitions, stories, summaries,
            one store transaction)

Partitions are files (a folder's files in the order `read_inputs` uses), URLs, and slices of
`settings.partition_size` rows of a `.jsonl.gz` file, so one big shard still spreads over the
workers. Results are gathered in input order and ids made unique as `read_inputs` does, so the
report equals the single-process one on the same input. A worker that dies mid-task is replaced
and its tasks rerun elsewhere by the scheduler (up to `distributed.scheduler.allowed-failures`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from chorus.errors import InputError
from chorus.ingest import articles_from_records
from chorus.ingest import files as _files
from chorus.ingest.build import build_articles
from chorus.ingest.draft import Draft
from chorus.ingest.source import Source
from chorus.ingest.warc import iter_gz_lines, row_item
from chorus.records import Article, Rejection, Report
from chorus.settings import Settings
from chorus.store.base import Store

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class Partition:
    """One task's share of the input: a whole file, a URL, or a slice of JSON Lines rows."""

    kind: Literal["file", "url", "rows"]
    source: Source | None = None
    reader: Callable[..., list[Draft | Rejection]] | None = None
    url: str = ""
    rows: tuple[tuple[int, str], ...] = ()
    tail: tuple[Rejection, ...] = field(default=())
    """Rejections the planner met after these rows (a damaged gzip's last lines)."""


PartitionReader = Callable[[Partition, Settings], list[Article | Rejection]]


def read_partition(part: Partition, settings: Settings) -> list[Article | Rejection]:
    """Read and clean one partition on a worker; a bad input becomes one rejection."""
    found: list[Draft | Rejection]
    try:
        if part.kind == "url":
            from chorus.ingest.fetch import read_url_or_reject

            found = read_url_or_reject(part.url, settings)
        elif part.kind == "rows":
            assert part.source is not None
            found = [
                item
                for lineno, line in part.rows
                if (item := row_item(part.source, lineno, line)) is not None
            ]
        else:
            assert part.source is not None
            assert part.reader is not None
            found = part.reader(part.source, settings)
    except InputError as exc:
        return [Rejection(exc.path, exc.reason)]
    return [*build_articles(found, settings), *part.tail]


def plan_partitions(
    paths: Iterable[str | Path], settings: Settings, rejections: list[Rejection]
) -> Iterator[Partition]:
    """Split paths and URLs into partitions, in the order `read_inputs` reads them."""
    for given in paths:
        if isinstance(given, str) and given.startswith(("http://", "https://")):
            yield Partition("url", url=given)
            continue
        # The folder walk and its ids are read_inputs' own, so both runs name articles alike.
        for source, reader in _files._sources(Path(given), str(given), rejections):
            if source.path.name.lower().endswith((".jsonl.gz", ".ndjson.gz")):
                yield from _row_partitions(source, settings.partition_size)
            else:
                yield Partition("file", source=source, reader=reader)


def _row_partitions(source: Source, size: int) -> Iterator[Partition]:
    rows: list[tuple[int, str]] = []
    try:
        for item in iter_gz_lines(source):
            if isinstance(item, Rejection):
                yield Partition("rows", source=source, rows=tuple(rows), tail=(item,))
                return
            rows.append(item)
            if len(rows) >= size:
                yield Partition("rows", source=source, rows=tuple(rows))
                rows = []
    except InputError as exc:
        yield Partition(
            "rows", source=source, rows=tuple(rows), tail=(Rejection(exc.path, exc.reason),)
        )
        return
    if rows:
        yield Partition("rows", source=source, rows=tuple(rows))


def read_distributed(
    inputs: Iterable[Any],
    settings: Settings,
    client: Any,
    *,
    partition_reader: PartitionReader = read_partition,
    progress: Progress | None = None,
) -> tuple[list[Article], list[Rejection]]:
    """Read inputs on the cluster: what `pipeline.read_articles` returns, computed in parallel."""
    from distributed import as_completed

    from chorus.pipeline import split_inputs  # here, so workers never import the whole pipeline

    paths, rows, ready = split_inputs(inputs)

    rejections: list[Rejection] = []
    # Rejections the folder walk finds go where read_inputs puts them: before the partition
    # that follows them. Each partition remembers how many came before it.
    parts: list[tuple[Partition, int]] = []
    for part in plan_partitions(paths, settings, rejections):
        parts.append((part, len(rejections)))
    planned = list(rejections)
    futures = client.map(partition_reader, [p for p, _ in parts], settings=settings, pure=False)
    index = {f.key: i for i, f in enumerate(futures)}
    results: list[list[Article | Rejection] | None] = [None] * len(futures)
    for done, future in enumerate(as_completed(futures), 1):
        results[index[future.key]] = future.result()
        future.release()
        if progress is not None:
            progress("read", done, len(futures))

    articles: list[Article] = []
    errors: list[Rejection] = []
    seen: set[str] = set()
    used = 0
    for (part, before), found in zip(parts, results, strict=True):
        errors.extend(planned[used:before])
        used = before
        for item in found or ():
            if isinstance(item, Rejection):
                errors.append(item)
            elif part.source is not None:
                articles.append(_files._unique_id(item, part.source, seen))
            else:
                articles.append(item)
    errors.extend(planned[used:])
    if rows:
        more, more_errors = articles_from_records(rows, "<records>", settings)
        articles += more
        errors += more_errors
    return articles + ready, errors


def analyze_distributed(
    inputs: Iterable[Any],
    settings: Settings,
    store: Store | None,
    client: Any,
    *,
    words: int | None = None,
    progress: Progress | None = None,
    partition_reader: PartitionReader = read_partition,
) -> Report:
    """`pipeline.analyze` / `pipeline.ingest` with reading and cleaning spread over `client`.

    >>> with dask_client(workers=2) as client:                           # doctest: +SKIP
    ...     report = analyze_distributed(["corpus/"], Settings(), store, client)
    """
    from chorus import pipeline

    articles, errors = read_distributed(
        inputs, settings, client, partition_reader=partition_reader, progress=progress
    )
    if store is None:
        report = pipeline.analyze(articles, settings, words=words, progress=progress)
    else:
        report = pipeline.ingest(articles, store, settings, words=words, progress=progress)
    stats = dict(report.stats)
    stats["articles_in"] = stats.get("articles_in", 0) + len(errors)
    stats["rejected"] = stats.get("rejected", 0) + len(errors)
    stats["workers"] = len(client.scheduler_info().get("workers", {}))
    log.info("distributed ingest done: %s", stats)
    return replace(report, errors=(*errors, *report.errors), stats=stats)


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A Dask client: on the scheduler at `scheduler` (tcp://host:8786), else a local cluster
    of `workers` single-threaded worker processes (spaCy and the cleaners hold the GIL)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or 2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run_ingest(
    inputs: Iterable[Any],
    settings: Settings,
    store: Store | None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    words: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Ingest on a Dask cluster when `workers` or `scheduler` is given, else in this process.

    With `store` None the work happens in a throw-away in-memory store (`pipeline.analyze`).
    """
    from chorus import pipeline

    if not workers and not scheduler:
        if store is None:
            return pipeline.analyze(inputs, settings, words=words, progress=progress)
        return pipeline.ingest(inputs, store, settings, words=words, progress=progress)
    with dask_client(workers=workers, scheduler=scheduler) as client:
        return analyze_distributed(inputs, settings, store, client, words=words, progress=progress)
