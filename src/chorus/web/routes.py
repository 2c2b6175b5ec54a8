"""The web page: story list with search, story page with its evidence, article page.

Everything from an article goes through Jinja2's autoescaping; the view helpers below only cut text
at citation offsets and arrange records, never build HTML from article text themselves.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from chorus.api.routes import explain_on_read, hit_dict
from chorus.records import Article, Citation, Story
from chorus.store import Store

PAGE_SIZE = 20
# Article URLs are untrusted: only http(s) links are drawn ("javascript:" would run on click).
_WEB_URL = re.compile(r"https?://[^\s]+\Z", re.IGNORECASE)

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("chorus.web", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)

_env.filters["web_url"] = lambda url: url if _WEB_URL.match(url or "") else None
router = APIRouter(include_in_schema=False)


def _store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def _page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_env.get_template(name).render(**context), status_code=status)


def render_error(status: int, message: str) -> str:
    return _env.get_template("error.html").render(status=status, message=message)


@router.get("/", response_class=HTMLResponse)
def story_list(
    request: Request,
    q: Annotated[str, Query(max_length=500)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    outlet: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    store = _store(request)
    offset = (page - 1) * PAGE_SIZE
    q = q.strip()
    if q:
        hits = [hit_dict(h) for h in store.search(q, limit=PAGE_SIZE + 1, offset=offset)]
        return _page(
            "list.html",
            q=q,
            outlet=outlet,
            hits=[{**h, "parts": snippet_parts(h["snippet"], h["highlights"])} for h in hits],
            stories=[],
            total=None,
            page=page,
            more=len(hits) > PAGE_SIZE,
        )
    stories = store.get_stories(limit=PAGE_SIZE, offset=offset, outlet=outlet or None)
    total = store.count_stories(outlet=outlet or None)
    return _page(
        "list.html",
        q="",
        outlet=outlet,
        hits=[],
        stories=stories,
        total=total,
        page=page,
        more=offset + len(stories) < total,
    )


@router.get("/stories/{story_id:path}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    store = _store(request)
    story = store.get_story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    if story.pending:
        story = explain_on_read(request, story_id) or story
    articles = store.get_articles(story.article_ids)
    related = [r for r in (store.get_story(i) for i in story.related[:8]) if r is not None]
    return _page("story.html", view=story_view(story, articles), related=related)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    store = _store(request)
    article = store.get_article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    finder = getattr(store, "story_of", None)
    story_id = finder(article.id) if finder else None
    source = _source(1, article, [])
    return _page("article.html", src=source, story_id=story_id)


# --- view model ------------------------------------------------------------------------------


@dataclass(slots=True)
class Segment:
    text: str
    cites: str = ""
    """Space-separated ids of the citations covering this stretch of text."""


@dataclass(slots=True)
class Source:
    """An article as the story page shows it: number, anchor, text cut at citation offsets."""

    n: int
    anchor: str
    article: Article
    label: str
    segments: list[Segment]
    words: int


@dataclass(slots=True)
class Cited:
    """Something on the page that points at passages: a summary sentence, a quote, a fact."""

    text: str
    cites: str
    refs: list[tuple[int, str]] = field(default_factory=list)
    """(article number, anchor) of each distinct cited article, for the [n] marks."""
    support: str = ""
    """Space-separated ids of the passages that state the same in other words (issue #4)."""
    support_refs: list[tuple[int, str]] = field(default_factory=list)
    """(article number, anchor) of each supporting article, for the "+[n] say the same" marks."""
    evidence: int = 0
    """Articles that carry or support it: the evidence count the page shows."""


@dataclass(slots=True)
class StoryView:
    story: Story
    sources: list[Source]
    summary: list[Cited]
    outlets: list[str]
    matrix: list[dict[str, Any]]
    """Facts in conflict or agreed, conflicts first: what the page shows open."""
    single_facts: list[dict[str, Any]]
    """Facts only one outlet reports; usually most of them, so the page folds them away."""
    quote_groups: list[tuple[str, list[dict[str, Any]]]]
    timeline: list[dict[str, Any]]
    svg: dict[str, Any]


def story_view(story: Story, articles: Sequence[Article]) -> StoryView:
    """Arrange a story and its articles for the story page."""
    by_id = {a.id: a for a in articles}
    ordered = [by_id[i] for i in story.article_ids if i in by_id]
    number = {a.id: n for n, a in enumerate(ordered, 1)}
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)

    def cite(prefix: str, citations: Iterable[Citation]) -> Cited:
        ids, refs = [], []
        for j, c in enumerate(citations):
            article = by_id.get(c.article_id)
            if article is None or not 0 <= c.start < c.end <= len(article.text):
                continue
            cid = f"{prefix}-{j}"
            ids.append(cid)
            spans[c.article_id].append((c.start, c.end, cid))
            ref = (number[c.article_id], f"art-{number[c.article_id]}")
            if ref not in refs:
                refs.append(ref)
        return Cited(text="", cites=" ".join(ids), refs=refs)

    summary = []
    for i, s in enumerate(story.summary):
        c = cite(f"s{i}", s.citations)
        # A story read back from the store may hold `support` as plain dicts (JSON rows).
        support = [x if isinstance(x, Citation) else Citation(**x) for x in s.support]
        also = cite(f"s{i}-also", support)
        c.text = s.text
        c.support = also.cites
        c.support_refs = [r for r in also.refs if r not in c.refs]
        c.evidence = len(c.refs) + len(c.support_refs)
        summary.append(c)

    outlet_of = {a.id: outlet_label(a) for a in ordered}
    outlets = list(dict.fromkeys(outlet_of.values()))
    matrix = []
    for i, f in enumerate(story.facts):
        c = cite(f"f{i}", f.sources)
        cells: dict[str, list[str]] = {o: [] for o in outlets}
        for src in f.sources:
            if src.article_id in outlet_of:
                cells[outlet_of[src.article_id]].append("")
        for v in f.values:
            for src in v.sources:
                if src.article_id in outlet_of:
                    cells[outlet_of[src.article_id]].append(v.value)
        row = [
            {
                "outlet": o,
                "has": bool(cells[o]),
                "given": sorted({readable_value(x) for x in cells[o] if x}),
            }
            for o in outlets
        ]
        matrix.append({"fact": f, "cited": c, "cells": row})

    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for i, q in enumerate(story.quotes):
        c = cite(f"q{i}", q.sources)
        groups[q.speaker or "Unattributed"].append({"quote": q, "cited": c})
    quote_groups = sorted(groups.items(), key=lambda kv: (kv[0] == "Unattributed", -len(kv[1])))

    entries = sorted(enumerate(story.timeline), key=lambda it: (it[1].date, it[0]))
    timeline = [
        {"n": k, "entry": t, "cited": cite(f"t{i}", t.citations)}
        for k, (i, t) in enumerate(entries, 1)
    ]

    sources = [_source(number[a.id], a, spans.get(a.id, [])) for a in ordered]
    return StoryView(
        story=story,
        sources=sources,
        summary=summary,
        outlets=outlets,
        matrix=sorted(
            (m for m in matrix if m["fact"].status in _FACT_ORDER),
            key=lambda m: _FACT_ORDER[m["fact"].status],
        ),
        quote_groups=quote_groups,
        single_facts=[m for m in matrix if m["fact"].status not in _FACT_ORDER],
        timeline=timeline,
        svg=timeline_svg([t["entry"].date for t in timeline]),
    )


_FACT_ORDER = {"conflict": 0, "agreed": 1}


def readable_value(value: str) -> str:
    """Say an ISO 8601 duration in words ("P2D" → "2 days"); leave other values as they are."""
    m = re.fullmatch(
        r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?",
        value,
    )
    if not m or not any(m.groups()):
        return value
    names = ["year", "month", "week", "day", "hour", "minute", "second"]
    parts = [
        f"{n} {name}{'' if n == '1' else 's'}"
        for n, name in zip(m.groups(), names, strict=True)
        if n is not None
    ]
    return ", ".join(parts)


def outlet_label(article: Article) -> str:
    return article.outlet or "unknown outlet"


def _source(n: int, article: Article, spans: list[tuple[int, int, str]]) -> Source:
    label = outlet_label(article)
    return Source(
        n=n,
        anchor=f"art-{n}",
        article=article,
        label=label,
        segments=segments(article.text, spans),
        words=len(article.text.split()),
    )


def segments(text: str, spans: Sequence[tuple[int, int, str]]) -> list[Segment]:
    """Cut `text` at every citation boundary; each piece knows which citations cover it.

    >>> [(s.text, s.cites) for s in segments("abcdef", [(1, 3, "x"), (2, 5, "y")])]
    [('a', ''), ('b', 'x'), ('c', 'x y'), ('de', 'y'), ('f', '')]
    """
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starts: dict[int, list[str]] = defaultdict(list)
    ends: dict[int, list[str]] = defaultdict(list)
    for s, e, cid in spans:
        starts[s].append(cid)
        ends[e].append(cid)
    open_ids: list[str] = []
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        open_ids = [c for c in open_ids if c not in ends.get(a, ())] + starts.get(a, [])
        out.append(Segment(text[a:b], " ".join(open_ids)))
    return out


def snippet_parts(snippet: str, highlights: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Split a search snippet into (text, is_match) pieces for the template to escape and mark."""
    parts: list[tuple[str, bool]] = []
    at = 0
    for s, e in highlights:
        if s > at:
            parts.append((snippet[at:s], False))
        parts.append((snippet[s:e], True))
        at = e
    if at < len(snippet):
        parts.append((snippet[at:], False))
    return parts


def timeline_svg(dates: Sequence[str], width: int = 1000) -> dict[str, Any]:
    """Place timeline entries on a time axis: one marker per stretch of close dates.

    Entries come sorted by date and numbered from 1; a marker covering several shows their range
    ("5–19"), and markers that would overlap are lifted above one another.
    """
    days = [_day(d) for d in dates]
    known = [d for d in days if d is not None]
    if not known:
        return {"width": width, "height": 0, "dots": [], "ticks": []}
    lo, hi = min(known), max(known)
    pad = 40
    span = max(hi - lo, 1)
    buckets: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for n, d in enumerate(days, 1):
        if d is not None:
            x = width / 2 if hi == lo else pad + (d - lo) / span * (width - 2 * pad)
            buckets[round(x / _BUCKET)].append((n, x))
    dots: list[dict[str, Any]] = []
    ends: list[float] = []  # right edge of the last marker on each level
    for members in buckets.values():
        numbers = [n for n, _ in members]
        x = sum(x for _, x in members) / len(members)
        label = str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"
        w = 30 + 11 * max(len(label) - 1, 0)
        level = next((i for i, end in enumerate(ends) if x - w / 2 > end + 4), len(ends))
        if level == len(ends):
            ends.append(0.0)
        ends[level] = x + w / 2
        first = dates[numbers[0] - 1]
        last = dates[numbers[-1] - 1]
        dots.append(
            {
                "n": numbers[0],
                "numbers": numbers,
                "label": label,
                "x": round(x, 1),
                "w": w,
                "level": level,
                "date": first if first == last else f"{first} – {last}",
            }
        )
    axis = 36 + 38 * (len(ends) - 1) + 16
    for dot in dots:
        dot["y"] = axis - 16 - 38 * dot["level"]
    first_label = dates[days.index(lo)]
    last_label = dates[days.index(hi)]
    ticks = [{"x": pad if hi != lo else width / 2, "label": first_label}]
    if hi != lo:
        ticks.append({"x": width - pad, "label": last_label})
    return {"width": width, "height": axis + 56, "axis": axis, "dots": dots, "ticks": ticks}


_BUCKET = 24
"""Axis units (of 1000) within which entries share a marker."""


def _day(value: str) -> int | None:
    """Day number of an ISO date at any granularity ("2024", "2024-06", "2024-06-19")."""
    parts = value[:10].split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return date(y, m, d).toordinal()
    except (ValueError, IndexError):
        return None
