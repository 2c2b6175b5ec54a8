"""Related stories: link a story to earlier ones its articles refer back to (issue #5).

"Kim's visit to Russia last September", read in a story dated 2024-06-19, points to September
2023; an earlier story dated in that month (or one with no date at all, which cannot be ruled
out) whose centroid is at least `settings.related_threshold` alike is linked. A back-reference
is needed: two alike stories with no words pointing back are look-alikes, not context.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date

import numpy as np

from chorus.records import Article, Story
from chorus.settings import Settings
from chorus.stories.dating import _MONTHS, parse_iso
from chorus.stories.embed import article_vectors

log = logging.getLogger(__name__)

Ref = tuple[int, int | None]
"""A referred-to period: (year, month) or (year, None)."""

_MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
# What counts as a back-reference: "last <month>"; "<month>[,] <year>" before the anchor's
# month; "last|previous|past year|month"; "previous|last|earlier|prior|first visit|meeting|
# summit|trip|talks|round", each on word boundaries. Two scans find them, keywords and years,
# without a leading \b (which stops re from skipping ahead to a possible first character: 2.5x
# slower), checking the word boundary by hand: a fifth of the cost of one regex per kind, with
# the same matches (tests/stories/test_related.py keeps those four regexes to compare).
_KEYWORD = re.compile(r"(last|previous|past|earlier|prior|first) (?=([a-z]+)\b)")
_YEAR = re.compile(r"(?:19|20)\d\d\b")
_MONTH_BEFORE = re.compile(rf"\b({_MONTH_NAMES}),? \Z")
_MONTH_SET = frozenset(_MONTH_NAMES.split("|"))
_UNIT_KEYWORDS = frozenset({"last", "previous", "past"})
_EARLIER_KEYWORDS = frozenset({"previous", "last", "earlier", "prior", "first"})
_EARLIER_NOUNS = frozenset({"visit", "meeting", "summit", "trip", "talks", "round"})
# Patterns are lower-case and run over lower-cased text: case-insensitive alternations cost
# 5x more, and assign() re-reads every member of a grown story (bench/cluster.py).
_CACHE_SIZE = 200_000
_cache: dict[tuple[str, int, date | None], tuple[list[Ref], bool]] = {}


def back_references(text: str, anchor: date | None) -> tuple[list[Ref], bool]:
    """Return the periods `text` refers back to, resolved against `anchor`, and whether it has
    any back-reference at all (resolvable or not: "their previous meeting")."""
    text = text.lower()
    last_months: list[Ref] = []
    units: list[Ref] = []
    found = False
    for match in _KEYWORD.finditer(text):
        if not _starts_word(text, match.start()):
            continue
        keyword, word = match.group(1), match.group(2)
        if keyword == "last" and word in _MONTH_SET:  # "last september"
            found = True
            if anchor is not None:
                month = _MONTHS[word]
                year = anchor.year if month < anchor.month else anchor.year - 1
                last_months.append((year, month))
        elif keyword in _UNIT_KEYWORDS and word in ("year", "month"):  # "last year"
            found = True
            if anchor is not None:
                if word == "year":
                    units.append((anchor.year - 1, None))
                else:
                    d = date.fromordinal(anchor.replace(day=1).toordinal() - 1)
                    units.append((d.year, d.month))
        elif keyword in _EARLIER_KEYWORDS and word in _EARLIER_NOUNS:  # "their previous meeting"
            found = True
    month_years: list[Ref] = []
    for match in _YEAR.finditer(text):  # "september 2023", from its year back
        start = match.start()
        if not _starts_word(text, start):
            continue
        # "september, " is the longest match; `search` still sees the text before `pos` for \b.
        before = _MONTH_BEFORE.search(text, max(0, start - 11), start)
        if before is None:
            continue
        year, month = int(match.group()), _MONTHS[before.group(1)]
        if anchor is None or (year, month) < (anchor.year, anchor.month):
            found = True
            month_years.append((year, month))
    return [*last_months, *month_years, *units], found


def _starts_word(text: str, i: int) -> bool:
    """Whether a word starts at `i`: what \\b means before a word character."""
    if i == 0:
        return True
    before = text[i - 1]
    return not (before.isalnum() or before == "_")


def link_related(
    stories: Sequence[Story],
    articles: Mapping[str, Article],
    settings: Settings,
    only: set[str] | None = None,
    read: set[str] | None = None,
) -> list[Story]:
    """Return `stories` with `related` set to the ids of earlier stories they refer back to.

    With `only`, just those stories' links are looked for (the others are returned as given);
    with `read`, only those articles are read for back-references, the links a story already has
    standing for the rest (`assign` reads just the new articles of a grown story).
    """
    if len(stories) < 2:
        return list(stories)
    by_period: dict[Ref, list[int]] = defaultdict(list)
    undated: list[int] = []
    for k, story in enumerate(stories):
        when = parse_iso(story.date)
        if when is None:
            undated.append(k)
        else:
            by_period[(when.year, when.month)].append(k)
            by_period[(when.year, None)].append(k)
    centroids: dict[int, np.ndarray] = {}

    def centroid(k: int) -> np.ndarray:
        if k not in centroids:
            members = [articles[i] for i in stories[k].article_ids if i in articles]
            vec = article_vectors(members, settings).sum(axis=0)
            centroids[k] = vec / max(float(np.linalg.norm(vec)), 1e-9)
        return centroids[k]

    has_alike = _alike_mask(stories, centroid, settings) if only is None else None
    result = []
    for k, story in enumerate(stories):
        if (only is not None and story.id not in only) or (
            has_alike is not None and not has_alike[k]
        ):
            result.append(story)
            continue
        anchor = parse_iso(story.date)
        refs: set[Ref] = set()
        any_ref = False
        for article_id in story.article_ids:
            if read is not None and article_id not in read:
                continue
            article = articles.get(article_id)
            if article is None:
                continue
            found_refs, found = _cached_refs(article, parse_iso(article.date) or anchor)
            refs.update(found_refs)
            any_ref = any_ref or found
        if not any_ref:
            result.append(story)
            continue
        candidates = {j for ref in refs for j in by_period.get(ref, ())} | set(undated)
        linked = set(story.related)
        for j in sorted(candidates):
            if j == k:
                continue
            other = parse_iso(stories[j].date)
            if anchor is not None and other is not None and other >= anchor:
                continue
            if float(centroid(k) @ centroid(j)) >= settings.related_threshold:
                linked.add(stories[j].id)
        result.append(replace(story, related=tuple(sorted(linked))) if linked else story)
    return result


def _cached_refs(article: Article, anchor: date | None) -> tuple[list[Ref], bool]:
    key = (article.id, hash(article.text), anchor)
    if key not in _cache:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[key] = back_references(article.text, anchor)
    return _cache[key]


def _alike_mask(
    stories: Sequence[Story], centroid: Callable[[int], np.ndarray], settings: Settings
) -> np.ndarray:
    """Mark stories with at least one other story alike enough to be linked.

    Reading every article for back-references cost as much as clustering; most stories have no
    alike other story, so their texts need not be read.
    """
    matrix = np.stack([centroid(k) for k in range(len(stories))])
    mask = np.zeros(len(stories), dtype=bool)
    for start in range(0, len(stories), 2048):
        block = matrix[start : start + 2048] @ matrix.T
        for row in range(block.shape[0]):
            block[row, start + row] = -np.inf
        mask[start : start + 2048] = (block >= settings.related_threshold).any(axis=1)
    return mask
