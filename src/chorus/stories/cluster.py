"""Event clustering: single-pass centroid clustering over text, names and time.

Articles are taken in date order (undated ones first, matched on content alone). Each joins the
open story whose centroid it is most alike, after a time penalty, when that score reaches
`settings.story_join_threshold`; else it opens a story. The penalty is zero while the article
falls within `story_max_gap_days` of the story's dates and rises to `story_time_penalty` over
the next `story_gap_ramp_days`: two meetings of the same leaders months apart stay two stories,
while a court case followed for weeks stays one. Stories idle for longer than that window leave
the active set, so time and memory grow with the stream's length, not its square (issue #5).

A copy (`duplicate_of`) joins its origin's story outright.

Two passes follow: `refine.py` splits a story whose articles do not all share event words
(complete link over TF-IDF) or whose dates fall into two runs that read apart, and
`backdating.py` dates an undated outlier to the past month its story recalls, after which it is
placed again (all articles anew in `cluster`, just it in `assign`).

Incremental use (`assign`) rebuilds the active state of the stories whose dates come near the
new articles' dates from their stored members (vectors cached or persisted, see `embed.py`),
places the new articles the same way, then merges two touched stories whose centroids became
alike enough; merges are reported by `assign_with_events` so the store can keep the history.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from statistics import median_low

import numpy as np

from chorus.records import Article, Story, StoryEvent
from chorus.settings import Settings
from chorus.stories.backdating import infer_past_dates
from chorus.stories.dating import event_date
from chorus.stories.embed import article_vectors
from chorus.stories.refine import fold_groups, refine_groups

log = logging.getLogger(__name__)

_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)", re.S)


class OnlineClusterer:
    """Centroid clustering of a date-ordered stream; learned state in attributes ending in `_`."""

    def __init__(self, settings: Settings, dim: int) -> None:
        self.settings = settings
        self.dim = dim
        self.members_: list[list[str]] = []
        self.sums_: list[np.ndarray] = []
        self.first_: list[int | None] = []
        self.last_: list[int | None] = []
        self.story_ids_: list[str | None] = []
        cap = 1024
        self._active = np.zeros((cap, dim), dtype=np.float32)
        self._norm = np.zeros(cap, dtype=np.float32)
        self._first = np.zeros(cap, dtype=np.int64)
        self._last = np.zeros(cap, dtype=np.int64)
        self._dated = np.zeros(cap, dtype=bool)
        self._story = np.zeros(cap, dtype=np.int64)
        self._slot: dict[int, int] = {}
        self._n = 0
        self._window = settings.story_max_gap_days + settings.story_gap_ramp_days

    # -- state -----------------------------------------------------------------------------
    def add_story(
        self,
        vector_sum: np.ndarray,
        member_ids: list[str],
        first: int | None,
        last: int | None,
        story_id: str | None = None,
    ) -> int:
        """Add a story (new or from the store) to the state and the active set."""
        index = len(self.members_)
        self.members_.append(list(member_ids))
        self.sums_.append(np.array(vector_sum, dtype=np.float32))
        self.first_.append(first)
        self.last_.append(last)
        self.story_ids_.append(story_id)
        self._activate(index)
        return index

    def _activate(self, index: int) -> None:
        if self._n == len(self._active):
            grow = len(self._active)
            self._active = np.vstack([self._active, np.zeros_like(self._active[:grow])])
            self._norm = np.concatenate([self._norm, np.zeros(grow, dtype=np.float32)])
            self._first = np.concatenate([self._first, np.zeros(grow, dtype=np.int64)])
            self._last = np.concatenate([self._last, np.zeros(grow, dtype=np.int64)])
            self._dated = np.concatenate([self._dated, np.zeros(grow, dtype=bool)])
            self._story = np.concatenate([self._story, np.zeros(grow, dtype=np.int64)])
        slot = self._n
        self._n += 1
        self._slot[index] = slot
        self._story[slot] = index
        self._write(index)

    def _write(self, index: int) -> None:
        slot = self._slot[index]
        self._active[slot] = self.sums_[index]
        self._norm[slot] = max(float(np.linalg.norm(self.sums_[index])), 1e-9)
        first, last = self.first_[index], self.last_[index]
        self._dated[slot] = first is not None
        self._first[slot] = first if first is not None else 0
        self._last[slot] = last if last is not None else 0

    def deactivate(self, index: int) -> None:
        """Take story `index` out of the active set (it was merged into another)."""
        slot = self._slot.pop(index, None)
        if slot is None:
            return
        last = self._n - 1
        if slot != last:
            for name in ("_active", "_norm", "_first", "_last", "_dated", "_story"):
                arr = getattr(self, name)
                arr[slot] = arr[last]
            self._slot[int(self._story[slot])] = slot
        self._n = last

    def prune(self, day: int) -> None:
        """Drop dated stories idle since before `day - window` from the active set."""
        n = self._n
        keep = ~self._dated[:n] | (self._last[:n] >= day - self._window)
        if keep.all():
            return
        kept = np.flatnonzero(keep)
        for name in ("_active", "_norm", "_first", "_last", "_dated", "_story"):
            arr = getattr(self, name)
            arr[: len(kept)] = arr[kept]
        self._n = len(kept)
        self._slot = {int(self._story[s]): s for s in range(self._n)}

    # -- placing ---------------------------------------------------------------------------
    def scores(self, vector: np.ndarray, day: int | None) -> np.ndarray:
        """Return the time-penalised similarity of `vector` to every active story."""
        n = self._n
        sims = (self._active[:n] @ vector) / self._norm[:n]
        if day is not None:
            gap = np.maximum(np.maximum(self._first[:n] - day, day - self._last[:n]), 0)
            gap = np.where(self._dated[:n], gap, 0)
            s = self.settings
            over = np.clip((gap - s.story_max_gap_days) / s.story_gap_ramp_days, 0.0, 1.0)
            sims = sims - s.story_time_penalty * over
        return sims

    def join(self, index: int, article_id: str, vector: np.ndarray, day: int | None) -> None:
        """Add an article to story `index` (reactivating it when it had gone idle)."""
        self.members_[index].append(article_id)
        self.sums_[index] += vector
        if day is not None:
            first, last = self.first_[index], self.last_[index]
            self.first_[index] = day if first is None else min(first, day)
            self.last_[index] = day if last is None else max(last, day)
        if index in self._slot:
            self._write(index)
        else:
            self._activate(index)

    def place(self, article_id: str, vector: np.ndarray, day: int | None) -> int:
        """Put one article into its best active story or a new one; return the story index."""
        if self._n:
            sims = self.scores(vector, day)
            best = int(np.argmax(sims))
            if sims[best] >= self.settings.story_join_threshold:
                index = int(self._story[best])
                self.join(index, article_id, vector, day)
                return index
        return self.add_story(vector.copy(), [article_id], day, day)


def _ordinal(d: date | None) -> int | None:
    return d.toordinal() if d is not None else None


def _days(articles: Sequence[Article]) -> list[int | None]:
    return [_ordinal(event_date(a.date, a.text)) for a in articles]


def _stream_order(articles: Sequence[Article], days: Sequence[int | None]) -> list[int]:
    # Undated first: they match on content alone against everything that follows.
    return sorted(
        range(len(articles)),
        key=lambda i: (days[i] is not None, days[i] or 0, articles[i].id),
    )


def _run(
    clusterer: OnlineClusterer,
    articles: Sequence[Article],
    vectors: np.ndarray,
    days: Sequence[int | None],
    story_of: dict[str, int],
) -> set[int]:
    touched: set[int] = set()
    last_pruned: int | None = None
    for i in _stream_order(articles, days):
        article, day = articles[i], days[i]
        if day is not None and day != last_pruned:
            clusterer.prune(day)
            last_pruned = day
        origin = story_of.get(article.duplicate_of) if article.duplicate_of else None
        if origin is not None:
            clusterer.join(origin, article.id, vectors[i], day)
            index = origin
        else:
            index = clusterer.place(article.id, vectors[i], day)
        story_of[article.id] = index
        touched.add(index)
    return touched


def cluster(articles: Sequence[Article], settings: Settings | None = None) -> list[Story]:
    """Group articles into events, one `Story` each, ordered by date then id.

    >>> [s.article_ids for s in cluster(seed_articles, Settings())]  # doctest: +SKIP
    [('001',), ('000', '002', '003', '004')]
    """
    from chorus.stories.related import link_related

    # Optional so that `chorus.cluster(articles)` works as issue #5 writes it.
    settings = settings or Settings()
    articles = list(articles)
    if not articles:
        return []
    vectors = article_vectors(articles, settings)
    days = _days(articles)
    by_id = {a.id: a for a in articles}
    groups = _groups(articles, vectors, days, by_id, settings)
    # An undated article about an event its story only recalls is dated to it and placed again.
    day_of = {a.id: d for a, d in zip(articles, days, strict=True)}
    inferred = infer_past_dates(groups, by_id, day_of, settings)
    if inferred:
        # The others undated take their first-pass story's date, as the pipeline would give
        # them, so that the dated outlier cannot pull them along to its month.
        for group in groups:
            dated = sorted(d for i in group if (d := day_of[i]) is not None)
            for i in group:
                if i not in inferred and day_of[i] is None and dated:
                    inferred[i] = median_low(dated)
        days = [inferred.get(a.id, d) for a, d in zip(articles, days, strict=True)]
        groups = _groups(articles, vectors, days, by_id, settings)
    row = {a.id: i for i, a in enumerate(articles)}
    stories = [
        make_story(part, by_id, vectors[[row[i] for i in part]].sum(axis=0), settings, inferred)
        for part in groups
    ]
    stories = _sorted(stories)
    return link_related(stories, by_id, settings)


def _groups(
    articles: Sequence[Article],
    vectors: np.ndarray,
    days: Sequence[int | None],
    by_id: Mapping[str, Article],
    settings: Settings,
) -> list[list[str]]:
    clusterer = OnlineClusterer(settings, vectors.shape[1])
    _run(clusterer, articles, vectors, days, {})
    day_of = {a.id: d for a, d in zip(articles, days, strict=True)}
    refined = refine_groups(clusterer.members_, by_id, settings, days=day_of)
    groups = [part for parts in refined for part in parts]
    into = fold_groups(groups, by_id, day_of, settings)
    for k, target in enumerate(into):
        if target is not None:
            groups[target] = [*groups[target], *groups[k]]
    return [g for g, target in zip(groups, into, strict=True) if target is None]


def _sorted(stories: list[Story]) -> list[Story]:
    return sorted(stories, key=lambda s: (s.date or "9999-99-99", s.id))


def story_id(member_ids: Sequence[str], by_id: Mapping[str, Article]) -> str:
    """Return "s-" + a short hash of the earliest member's id (date, then id)."""
    earliest = min(member_ids, key=lambda i: (by_id[i].date or "9999-99-99", i))
    return "s-" + hashlib.sha1(earliest.encode("utf-8")).hexdigest()[:12]


def _fresh_id(member_ids: Sequence[str], by_id: Mapping[str, Article], taken: set[str]) -> str:
    # A part split off a stored story may hold the article that story's id was made from.
    sid = story_id(member_ids, by_id)
    earliest = min(member_ids, key=lambda i: (by_id[i].date or "9999-99-99", i))
    n = 1
    while sid in taken:
        sid = "s-" + hashlib.sha1(f"{earliest}#{n}".encode()).hexdigest()[:12]
        n += 1
    return sid


def make_story(
    member_ids: Sequence[str],
    by_id: Mapping[str, Article],
    vector_sum: np.ndarray | None,
    settings: Settings,
    inferred: Mapping[str, int] | None = None,
    sid: str | None = None,
) -> Story:
    """Build the Story record of a group of articles (id, title, date, sources, outlets).

    `inferred`: day ordinals given to undated articles (backdating); they date the story only
    when none of its articles states a date, and then `date_inferred` is set.
    """
    members = [by_id[i] for i in member_ids]
    days = [d for d in (event_date(a.date, a.text) for a in members) if d is not None]
    when = median_low(sorted(days)).isoformat() if days else None
    guessed = sorted(inferred[i] for i in member_ids if inferred and i in inferred)
    date_inferred = when is None and bool(guessed)
    if date_inferred:
        when = date.fromordinal(median_low(guessed)).isoformat()
    origins: set[str] = set()
    for a in members:
        if a.duplicate_of is None or a.duplicate_of not in by_id:
            origins.add(f"outlet:{a.outlet.lower()}" if a.outlet else f"article:{a.id}")
    outlets = tuple(sorted({a.outlet for a in members if a.outlet}))
    return Story(
        id=sid or story_id(member_ids, by_id),
        title=_title(members, vector_sum, settings),
        date=when,
        article_ids=tuple(sorted(member_ids)),
        independent_sources=len(origins),
        outlets=outlets,
        date_inferred=date_inferred,
    )


def _title(members: Sequence[Article], vector_sum: np.ndarray | None, settings: Settings) -> str:
    # The most central original article speaks for the story; copies repeat their origin.
    pool = [a for a in members if a.duplicate_of is None] or list(members)
    if vector_sum is not None and len(pool) > 1:
        sims = article_vectors(pool, settings) @ vector_sum
        order = sorted(range(len(pool)), key=lambda i: (-float(sims[i]), pool[i].id))
        pool = [pool[i] for i in order]
    for article in pool:
        if article.title:
            return article.title
    text = " ".join(pool[0].text.split())
    match = _FIRST_SENTENCE.match(text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= 200 else sentence[:200].rsplit(" ", 1)[0] + "…"


def assign(
    new: Sequence[Article],
    stories: Sequence[Story],
    known: Mapping[str, Article],
    settings: Settings,
) -> list[Story]:
    """Place new articles into existing stories or new ones; return every story, updated.

    Existing stories keep their ids; a story merged into another is left out (see
    `assign_with_events` for the record of it). Articles already in a story change nothing.
    """
    return assign_with_events(new, stories, known, settings)[0]


def assign_with_events(
    new: Sequence[Article],
    stories: Sequence[Story],
    known: Mapping[str, Article],
    settings: Settings,
) -> tuple[list[Story], list[StoryEvent]]:
    """Like `assign`, and also return what changed, as `StoryEvent`s for the store.

    Events: "created" and "updated" with `detail={"added": [article ids]}`, "merged" with
    `detail={"into": surviving story id}` (the merged story is no longer in the list).
    """
    from chorus.stories.related import link_related

    placed = {i for s in stories for i in s.article_ids}
    fresh: list[Article] = []
    seen: set[str] = set()
    for article in new:
        if article.id not in placed and article.id not in seen:
            seen.add(article.id)
            fresh.append(article)
    if not fresh:
        return list(stories), []
    by_id: dict[str, Article] = dict(known)
    by_id.update({a.id: a for a in fresh})
    days = _days(fresh)
    candidates = _candidate_stories(fresh, days, stories, by_id, settings)
    vectors = article_vectors(fresh, settings)
    clusterer = OnlineClusterer(settings, vectors.shape[1])
    story_of: dict[str, int] = {}
    for story in candidates:
        members = [i for i in story.article_ids if i in by_id]
        if not members:
            continue
        member_vectors = article_vectors([by_id[i] for i in members], settings)
        member_days = [d for d in _days([by_id[i] for i in members]) if d is not None]
        if not member_days and story.date_inferred and story.date:
            # Its date was inferred by backdating; undated, it would match anything again.
            member_days = [date.fromisoformat(story.date).toordinal()]
        index = clusterer.add_story(
            member_vectors.sum(axis=0),
            members,
            min(member_days) if member_days else None,
            max(member_days) if member_days else None,
            story.id,
        )
        for i in members:
            story_of[i] = index
    old_size = {k: len(m) for k, m in enumerate(clusterer.members_)}
    old_members = {k: set(m) for k, m in enumerate(clusterer.members_)}
    touched = _run(clusterer, fresh, vectors, days, story_of)
    merged_into = _merge_touched(clusterer, touched, settings)
    touched |= _split_touched(clusterer, touched - set(merged_into), old_size, by_id, settings)
    merged_into.update(_fold_touched(clusterer, touched, set(merged_into), by_id, settings))
    inferred: dict[str, int] = {}
    touched |= _backdate_touched(clusterer, touched - set(merged_into), by_id, settings, inferred)
    stored = {s.id: s for s in stories}

    changes: list[StoryEvent] = []
    updated: dict[str, Story] = {}
    taken = set(stored)
    for k in sorted(touched | set(merged_into.values())):
        if k in merged_into:
            continue
        members = clusterer.members_[k]
        sid = clusterer.story_ids_[k] or _fresh_id(members, by_id, taken)
        taken.add(sid)
        story = make_story(members, by_id, clusterer.sums_[k], settings, inferred, sid=sid)
        before = stored.get(sid)
        if story.date is None and before is not None and before.date_inferred:
            # A date inferred by an earlier call holds until an article states one.
            story = replace(story, date=before.date, date_inferred=True)
        added = sorted(set(members) - old_members.get(k, set()))
        kind = "updated" if clusterer.story_ids_[k] else "created"
        changes.append(StoryEvent(kind, sid, {"added": added}))
        updated[sid] = story
    gone: set[str] = set()
    for loser, winner in sorted(merged_into.items()):
        while winner in merged_into:
            winner = merged_into[winner]
        loser_id = clusterer.story_ids_[loser]
        winner_id = clusterer.story_ids_[winner] or story_id(clusterer.members_[winner], by_id)
        if loser_id:
            gone.add(loser_id)
            changes.append(StoryEvent("merged", loser_id, {"into": winner_id}))
    result = [updated.pop(s.id, s) for s in stories if s.id not in gone]
    result.extend(updated.values())
    result = link_related(
        _sorted(result),
        by_id,
        settings,
        only={c.story_id for c in changes},
        read={a.id for a in fresh},
    )
    log.debug("assigned %d articles: %d changes", len(fresh), len(changes))
    return result, changes


def _candidate_stories(
    fresh: Sequence[Article],
    days: Sequence[int | None],
    stories: Sequence[Story],
    by_id: Mapping[str, Article],
    settings: Settings,
) -> list[Story]:
    # Only stories whose dates come within the time window of a new article can take it; an
    # undated new article or story could match anything, so those are always candidates.
    window = settings.story_max_gap_days + settings.story_gap_ramp_days
    dated = [d for d in days if d is not None]
    any_undated = len(dated) < len(days)
    lo = min(dated) - window if dated else None
    hi = max(dated) + window if dated else None
    origins = {a.duplicate_of for a in fresh if a.duplicate_of}
    chosen = []
    for story in stories:
        if any_undated or origins.intersection(story.article_ids):
            chosen.append(story)
            continue
        member_days = [
            _ordinal(event_date(by_id[i].date, by_id[i].text))
            for i in story.article_ids
            if i in by_id
        ]
        member_days = [d for d in member_days if d is not None]
        if not member_days or (
            lo is not None and hi is not None and max(member_days) >= lo and min(member_days) <= hi
        ):
            chosen.append(story)
    return chosen


def _split_touched(
    clusterer: OnlineClusterer,
    touched: set[int],
    old_size: Mapping[int, int],
    by_id: Mapping[str, Article],
    settings: Settings,
) -> set[int]:
    """Move the parts `refine_groups` splits off a touched story into stories of their own (the
    part with most stored members stays); return the indices of the stories created."""
    order = sorted(touched)
    created: set[int] = set()
    ids = [i for k in order for i in clusterer.members_[k]]
    day_of = dict(zip(ids, _days([by_id[i] for i in ids]), strict=True))
    for k, parts in zip(
        order,
        refine_groups(
            [clusterer.members_[k] for k in order],
            by_id,
            settings,
            context=[i for members in clusterer.members_ for i in members],
            days=day_of,
        ),
        strict=True,
    ):
        if len(parts) < 2:
            continue
        old = set(clusterer.members_[k][: old_size.get(k, 0)])
        # The part with most stored members keeps the story's id; the rest leave as new stories,
        # stored members too: a story may split as evidence arrives (issue #5).
        keep = [max(parts, key=lambda p: len(old.intersection(p)))]
        out = [p for p in parts if not any(p is q for q in keep)]
        kept = [i for p in keep for i in p]
        clusterer.members_[k] = [i for i in clusterer.members_[k] if i in set(kept)]
        _reset(clusterer, k, by_id, settings)
        for part in out:
            vectors = article_vectors([by_id[i] for i in part], settings)
            part_days = [d for d in _days([by_id[i] for i in part]) if d is not None]
            created.add(
                clusterer.add_story(
                    vectors.sum(axis=0),
                    part,
                    min(part_days) if part_days else None,
                    max(part_days) if part_days else None,
                )
            )
    return created


def _fold_touched(
    clusterer: OnlineClusterer,
    touched: set[int],
    gone: set[int],
    by_id: Mapping[str, Article],
    settings: Settings,
) -> dict[int, int]:
    """Fold small touched stories into the stories `fold_groups` finds for them (any story the
    call holds may take one); return {folded: surviving}. `gone`: stories merged already."""
    live = [k for k in range(len(clusterer.members_)) if clusterer.members_[k] and k not in gone]
    if not touched - gone:
        return {}
    ids = [i for k in live for i in clusterer.members_[k]]
    day_of = dict(zip(ids, _days([by_id[i] for i in ids]), strict=True))
    into = fold_groups([clusterer.members_[k] for k in live], by_id, day_of, settings)
    folded: dict[int, int] = {}
    for k, target in zip(live, into, strict=True):
        if target is None:
            continue
        keep = live[target]
        clusterer.members_[keep].extend(clusterer.members_[k])
        clusterer.members_[k] = []
        _reset(clusterer, keep, by_id, settings)
        clusterer.deactivate(k)
        folded[k] = keep
    return folded


def _backdate_touched(
    clusterer: OnlineClusterer,
    touched: set[int],
    by_id: Mapping[str, Article],
    settings: Settings,
    inferred_out: dict[str, int],
) -> set[int]:
    """Take undated outliers that `infer_past_dates` dates out of touched stories and place them
    again on their inferred date (a stored one too: it was only ever placed on content); return
    the indices of the stories that changed and add the inferred days to `inferred_out`."""
    order = sorted(touched)
    ids = [i for k in order for i in clusterer.members_[k]]
    day_of = dict(zip(ids, _days([by_id[i] for i in ids]), strict=True))
    inferred = infer_past_dates([clusterer.members_[k] for k in order], by_id, day_of, settings)
    inferred_out.update(inferred)
    changed: set[int] = set()
    for k in order:
        out = [i for i in clusterer.members_[k] if i in inferred]
        if not out:
            continue
        clusterer.members_[k] = [i for i in clusterer.members_[k] if i not in inferred]
        _reset(clusterer, k, by_id, settings)
        changed.add(k)
        for i in out:
            vector = article_vectors([by_id[i]], settings)[0]
            changed.add(clusterer.place(i, vector, inferred[i]))
    return changed


def _reset(
    clusterer: OnlineClusterer, k: int, by_id: Mapping[str, Article], settings: Settings
) -> None:
    members = [by_id[i] for i in clusterer.members_[k]]
    clusterer.sums_[k] = article_vectors(members, settings).sum(axis=0)
    member_days = [d for d in _days(members) if d is not None]
    clusterer.first_[k] = min(member_days) if member_days else None
    clusterer.last_[k] = max(member_days) if member_days else None
    if k in clusterer._slot:
        clusterer._write(k)


def _merge_touched(
    clusterer: OnlineClusterer, touched: set[int], settings: Settings
) -> dict[int, int]:
    """Merge each touched story into an alike active story; return {merged: surviving}."""
    merged: dict[int, int] = {}

    def root(k: int) -> int:
        while k in merged:
            k = merged[k]
        return k

    for k in sorted(touched):
        k = root(k)
        if k not in clusterer._slot:
            continue
        vec = clusterer.sums_[k] / max(float(np.linalg.norm(clusterer.sums_[k])), 1e-9)
        first = clusterer.first_[k]
        sims = clusterer.scores(vec, first)
        sims[clusterer._slot[k]] = -np.inf
        for slot in np.argsort(-sims):
            if sims[slot] < settings.story_merge_threshold:
                break
            other = root(int(clusterer._story[slot]))
            if other == k:
                continue
            # The older story (stored one, then earlier first date) survives and keeps its id.
            keep, lose = sorted(
                (k, other),
                key=lambda i: (
                    clusterer.story_ids_[i] is None,
                    clusterer.first_[i] if clusterer.first_[i] is not None else 1 << 40,
                    i,
                ),
            )
            clusterer.members_[keep].extend(clusterer.members_[lose])
            clusterer.sums_[keep] = clusterer.sums_[keep] + clusterer.sums_[lose]
            for bound, pick in ((clusterer.first_, min), (clusterer.last_, max)):
                vals = [v for v in (bound[keep], bound[lose]) if v is not None]
                bound[keep] = pick(vals) if vals else None
            clusterer._write(keep)
            clusterer.deactivate(lose)
            merged[lose] = keep
            break
    return merged
