"""The one place that knows the order of the stages.

read → clean + metadata (ingest) → drop what the store has → wire copies (dedup)
     → stories (incremental) → dates from stories → summary + understanding per touched story
     → one transaction into the store
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from chorus.dedup import find_duplicates
from chorus.errors import ConfigError
from chorus.ingest import articles_from_records, read_inputs
from chorus.nlp import parse_many
from chorus.records import Article, Rejection, Report, Story, StoryEvent, SummarySentence
from chorus.settings import Settings
from chorus.store.base import Store
from chorus.store.sqlite import SQLiteStore
from chorus.stories import article_vectors, assign, remember_vectors, vector_kind
from chorus.summarize import summarize
from chorus.understand import understand_story

log = logging.getLogger(__name__)

Input = str | Path | Article | Mapping[str, Any]
Progress = Callable[[str, int, int], None]
"""Called as `progress(stage, done, total)`; the CLI draws it, the library never prints."""


def analyze(
    inputs: Iterable[Input],
    settings: Settings | None = None,
    *,
    store: Store | None = None,
    words: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Read articles, group them into stories and explain each story, with cited summaries.

    Without a store the work happens in a throw-away in-memory one. The report holds the input
    articles and every story they belong to.

    >>> report = analyze(["examples/"])              # doctest: +SKIP
    >>> report.stories[0].summary[0].citations[0]    # doctest: +SKIP
    """
    settings = settings or Settings()
    if store is None:
        # Nothing can read a scratch store later, so its stories are explained now.
        if settings.explain != "always":
            settings = replace(settings, explain="always")
        with SQLiteStore(":memory:") as scratch:
            return ingest(inputs, scratch, settings, words=words, progress=progress)
    return ingest(inputs, store, settings, words=words, progress=progress)


def ingest(
    inputs: Iterable[Input],
    store: Store,
    settings: Settings | None = None,
    *,
    words: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Add articles to `store` and place them into its stories; re-running adds nothing twice."""
    settings = settings or Settings()
    started = time.perf_counter()
    progress = progress or _no_progress
    articles, errors = read_articles(inputs, settings)
    progress("read", len(articles), len(articles))

    # Content already stored (same cleaned text) is not stored again; it is still reported.
    stored = store.known_hashes(a.content_hash for a in articles)
    new: list[Article] = []
    seen: set[str] = set()
    seen_ids: set[str] = set()
    repeats: list[str] = []
    for a in articles:
        if a.content_hash in stored or a.content_hash in seen:
            repeats.append(a.content_hash)
            continue
        if a.id in seen_ids:
            errors.append(Rejection(a.path, f"article id {a.id!r} appears twice in this batch"))
            continue
        seen.add(a.content_hash)
        seen_ids.add(a.id)
        new.append(a)

    known = {a.id: a for a in store.iter_articles()}
    clash = [a for a in new if a.id in known]
    for a in clash:
        errors.append(Rejection(a.path, f"article id {a.id!r} is already stored with other text"))
    new = [a for a in new if a.id not in known]

    # The new articles' vectors depend on their text alone: embed them on a second thread while
    # copies are found (tokenizing and numpy release the GIL), so `assign` finds them cached:
    # 100k Reuters articles end to end in 252 s instead of 300-330 s (bench/scale.py).
    with ThreadPoolExecutor(max_workers=1) as pool:
        warm = pool.submit(article_vectors, new, settings) if new else None
        new = find_duplicates(new, settings, existing=list(known.values()))
        if warm is not None:
            warm.result()
    progress("dedup", len(new), len(new))
    _restore_vectors(store, known, settings)
    old_stories = store.get_stories()
    stories = assign(new, old_stories, known, settings)
    progress("stories", len(stories), len(stories))

    new = _dates_from_stories(new, stories)
    everything = {**known, **{a.id: a for a in new}}
    new_ids = {a.id for a in new}
    old_by_id = {s.id: s for s in old_stories}
    touched = [
        s
        for s in stories
        if s.id not in old_by_id
        or set(s.article_ids) != set(old_by_id[s.id].article_ids)
        or (not s.summary and not s.pending)
    ]
    if _defer(touched, settings):
        log.info(
            "summaries and understanding of %d stories are left to their first read", len(touched)
        )
        explained = {s.id: _pending(s) for s in touched}
    else:
        explained = _explain_many(touched, everything, settings, words, progress)
    stories = [explained.get(s.id, s) for s in stories]

    vectors = article_vectors(new, settings) if new else None
    with store.transaction():
        store.add_articles(new)
        if vectors is not None:
            store.put_vectors(
                vector_kind(settings),
                {a.id: v.tobytes() for a, v in zip(new, vectors, strict=True)},
            )
        # Write only what changed: a concurrent ingest's new stories survive, and a large store
        # is not rewritten whole on every batch.
        store.remove_stories(set(old_by_id) - {s.id for s in stories})
        store.save_stories(
            [s for s in stories if old_by_id.get(s.id) != s], _story_events(old_stories, stories)
        )

    by_hash = {a.content_hash: a.id for a in everything.values()}
    wanted = new_ids | {by_hash[h] for h in repeats if h in by_hash}
    report_articles = [everything[i] for i in sorted(wanted)]
    report_stories = [s for s in stories if wanted & set(s.article_ids)]
    stats = {
        "articles_in": len(articles) + len(errors),
        "articles_new": len(new),
        "already_stored": len(repeats),
        "rejected": len(errors),
        "duplicates": sum(1 for a in new if a.duplicate_of),
        "stories_new": sum(1 for s in stories if s.id not in old_by_id),
        "stories_updated": sum(1 for s in touched if s.id in old_by_id),
        "seconds": round(time.perf_counter() - started, 3),
    }
    log.info("ingest done: %s", stats)
    return Report(
        articles=tuple(report_articles),
        stories=tuple(report_stories),
        errors=tuple(errors),
        stats=stats,
    )


def split_inputs(
    inputs: Iterable[Input],
) -> tuple[list[str | Path], list[Mapping[str, Any]], list[Article]]:
    """Sort inputs into paths (and URLs), JSON-like records, and ready Articles."""
    paths: list[str | Path] = []
    rows: list[Mapping[str, Any]] = []
    ready: list[Article] = []
    for item in inputs:
        if isinstance(item, Article):
            ready.append(item)
        elif isinstance(item, Mapping):
            rows.append(item)
        else:
            paths.append(item)
    return paths, rows, ready


def read_articles(
    inputs: Iterable[Input], settings: Settings
) -> tuple[list[Article], list[Rejection]]:
    """Turn paths, records and ready Articles into Articles, keeping one rejection per bad input."""
    paths, rows, ready = split_inputs(inputs)
    articles, errors = read_inputs(paths, settings) if paths else ([], [])
    if rows:
        more, more_errors = articles_from_records(rows, "<records>", settings)
        articles += more
        errors += more_errors
    return articles + ready, errors


def explain_story(
    story: Story, articles: Mapping[str, Article], settings: Settings, *, words: int | None = None
) -> Story:
    """Give a story its cited summary and its understanding (quotes, dates, facts, entities)."""
    members = [articles[i] for i in story.article_ids if i in articles]
    summary = summarize(members, words=words or settings.summary_words, settings=settings)
    return understand_story(replace(story, summary=summary), members, settings)


def explain_pending(
    store: Store,
    story_ids: Iterable[str] | None = None,
    settings: Settings | None = None,
    *,
    progress: Progress | None = None,
) -> list[Story]:
    """Fill in the summaries and understanding a bulk ingest left to later; return those stories.

    `story_ids` limits the work to those stories (others given are returned as stored).
    """
    settings = settings or Settings()
    if story_ids is None:
        stories = [s for s in store.get_stories(limit=None) if s.pending]
    else:
        stories = [s for s in (store.get_story(i) for i in story_ids) if s is not None]
    return _explain_stored(store, stories, settings, progress or _no_progress)


def read_story(store: Store, story_id: str, settings: Settings | None = None) -> Story | None:
    """A story as readers see it: explained first if a bulk ingest left it pending."""
    story = store.get_story(story_id)
    if story is None or not story.pending:
        return story
    return _explain_stored(store, [story], settings or Settings(), _no_progress)[0]


def _explain_stored(
    store: Store, stories: Sequence[Story], settings: Settings, progress: Progress
) -> list[Story]:
    """Explain the pending ones of `stories` and store them, a chunk per transaction."""
    waiting = [s for s in stories if s.pending]
    done: dict[str, Story] = {}
    finished = 0
    for chunk in _chunks(waiting):
        members = {a.id: a for a in store.get_articles(i for s in chunk for i in s.article_ids)}
        explained = _explain_many(
            chunk, members, settings, None, progress, offset=finished, total=len(waiting)
        )
        finished += len(chunk)
        with store.transaction():
            # Another ingest may have changed a story meanwhile: keep its version, which is
            # pending again or already explained.
            current = {s.id: s for s in (store.get_story(i) for i in explained) if s is not None}
            fresh = [
                e
                for e in explained.values()
                if e.id in current and current[e.id].article_ids == e.article_ids
            ]
            store.save_stories(fresh)
        done.update({e.id: e for e in fresh})
    return [done.get(s.id, s) for s in stories]


def _defer(touched: Sequence[Story], settings: Settings) -> bool:
    if settings.explain not in _EXPLAIN_MODES:
        raise ConfigError(
            f"setting explain: {settings.explain!r} is not one of {', '.join(_EXPLAIN_MODES)}"
        )
    if settings.explain == "auto":
        return sum(len(s.article_ids) for s in touched) > settings.explain_batch_articles
    return settings.explain == "on-read"


_EXPLAIN_MODES = ("auto", "always", "on-read")


def _pending(story: Story) -> Story:
    """A story whose summary and understanding wait for a read; stale ones are dropped."""
    return replace(
        story, summary=(), quotes=(), dates=(), timeline=(), facts=(), entities=(), pending=True
    )


def _explain_many(
    stories: Sequence[Story],
    articles: Mapping[str, Article],
    settings: Settings,
    words: int | None,
    progress: Progress,
    *,
    offset: int = 0,
    total: int | None = None,
) -> dict[str, Story]:
    explained: dict[str, Story] = {}
    for chunk in _chunks(stories):
        # One batched parse per chunk of stories, so spaCy can use every core; chunks stay well
        # under the parse cache so nothing is parsed twice.
        parse_many(
            (articles[i].text for s in chunk for i in s.article_ids if i in articles),
            settings.spacy_model,
            processes=settings.nlp_processes,
        )
        for story in chunk:
            explained[story.id] = replace(
                explain_story(story, articles, settings, words=words), pending=False
            )
            progress("explain", offset + len(explained), total or len(stories))
    return explained


def summarize_inputs(
    inputs: Iterable[Input],
    settings: Settings | None = None,
    *,
    words: int | None = None,
    query: str | None = None,
) -> tuple[list[Article], tuple[SummarySentence, ...], list[Rejection]]:
    """Summarize the inputs as one story (what `chorus summarize` does)."""
    settings = settings or Settings()
    articles, errors = read_articles(inputs, settings)
    articles = find_duplicates(articles, settings)
    summary = summarize(
        articles, words=words or settings.summary_words, settings=settings, query=query
    )
    return articles, summary, errors


_CHUNK_ARTICLES = 1000
"""Articles parsed per batch when explaining stories: a quarter of `nlp._CACHE_SIZE`."""


def _chunks(stories: Sequence[Story]) -> Iterable[list[Story]]:
    chunk: list[Story] = []
    size = 0
    for story in stories:
        chunk.append(story)
        size += len(story.article_ids)
        if size >= _CHUNK_ARTICLES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _restore_vectors(store: Store, known: Mapping[str, Article], settings: Settings) -> None:
    """Hand the clusterer the vectors an earlier run stored, so it need not embed them again."""
    blobs = store.get_vectors(vector_kind(settings))
    ids = [i for i in blobs if i in known]
    if ids:
        matrix = np.stack([np.frombuffer(blobs[i], dtype=np.float32) for i in ids])
        remember_vectors([known[i] for i in ids], matrix, settings)


def _dates_from_stories(articles: Sequence[Article], stories: Sequence[Story]) -> list[Article]:
    """Give an undated article its story's date, marked as inferred (date_source "story")."""
    date_of = {a: s.date for s in stories if s.date for a in s.article_ids}
    return [
        replace(a, date=date_of[a.id], date_source="story")
        if a.date is None and date_of.get(a.id)
        else a
        for a in articles
    ]


def _story_events(old: Sequence[Story], new: Sequence[Story]) -> list[StoryEvent]:
    """Record which stories were created, grew, lost articles, or disappeared into others."""
    before = {s.id: set(s.article_ids) for s in old}
    after = {s.id: set(s.article_ids) for s in new}
    home = {a: sid for sid, ids in after.items() for a in ids}
    events: list[StoryEvent] = []
    for sid, ids in after.items():
        if sid not in before:
            events.append(StoryEvent("created", sid, {"articles": sorted(ids)}))
        elif ids != before[sid]:
            events.append(
                StoryEvent(
                    "updated",
                    sid,
                    {"added": sorted(ids - before[sid]), "removed": sorted(before[sid] - ids)},
                )
            )
    for sid, ids in before.items():
        if sid not in after:
            into = sorted({home[a] for a in ids if a in home})
            events.append(StoryEvent("merged" if len(into) == 1 else "split", sid, {"into": into}))
    return events


def _no_progress(stage: str, done: int, total: int) -> None:
    return None
