"""JSON endpoints under /api/v1: stories, articles, search, ingest; thin calls into the library."""

from __future__ import annotations

import hmac
import re
import tempfile
from dataclasses import asdict
from pathlib import Path, PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from chorus.api.schemas import (
    ArticleOut,
    ErrorOut,
    IngestIn,
    IngestOut,
    SearchPage,
    StoryOut,
    StoryPage,
)
from chorus.records import Article, Report, SearchHit, Story, article_to_dict
from chorus.settings import Settings
from chorus.store import Store

# Where FTS snippets mark a match; private-use characters cannot collide with article text the way
# "[" and "]" do (store/sqlite.py search() writes them).
MARK_START, MARK_END = "\ue000", "\ue001"
MAX_UPLOAD_FILES = 200
"""Files per upload request: a day's folder of articles, not a crawl dump."""
_DATE = r"^\d{4}-\d{2}-\d{2}$"

_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in {
        400: "Bad request",
        404: "Not found",
        422: "Invalid request",
    }.items()
}
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    401: {"model": ErrorOut, "description": "Missing or wrong bearer token"},
    413: {"model": ErrorOut, "description": "Request body or a file too large"},
}

router = APIRouter(prefix="/api/v1", tags=["api"], responses=_ERRORS)
_bearer = HTTPBearer(auto_error=False, description="Needed to write when the server has a token.")


def _store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def explain_on_read(request: Request, story_id: str) -> Story | None:
    """Explain a story a bulk ingest left pending; writes queue behind the ingest lock."""
    from chorus.pipeline import read_story

    with request.app.state.ingest_lock:
        return read_story(_store(request), story_id, _settings(request))


def require_writer(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Let a write through when the server has no token, or the request carries the right one."""
    token: str | None = request.app.state.token
    if token is None:
        return
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "a valid bearer token is required", {"WWW-Authenticate": "Bearer"})


def story_brief(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "date": story.date,
        "outlets": list(story.outlets),
        "article_count": len(story.article_ids),
        "independent_sources": story.independent_sources,
    }


def split_snippet(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """Drop the match markers from a snippet; return the plain text and the matched spans in it."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    at, start = 0, None
    for piece in re.split(f"([{MARK_START}{MARK_END}])", snippet):
        if piece == MARK_START:
            start = at
        elif piece == MARK_END:
            if start is not None and at > start:
                spans.append((start, at))
            start = None
        else:
            plain.append(piece)
            at += len(piece)
    return "".join(plain), spans


def hit_dict(hit: SearchHit) -> dict[str, Any]:
    snippet, spans = split_snippet(hit.snippet)
    return {
        "article_id": hit.article_id,
        "title": hit.title,
        "snippet": snippet,
        "highlights": spans,
        "score": hit.score,
        "story_id": hit.story_id,
    }


@router.get("/stories", response_model=StoryPage, summary="List stories, newest first")
def list_stories(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    date_from: Annotated[str | None, Query(pattern=_DATE, description="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(pattern=_DATE, description="YYYY-MM-DD")] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    store = _store(request)
    stories = store.get_stories(
        limit=limit, offset=offset, date_from=date_from, date_to=date_to, outlet=outlet
    )
    total = store.count_stories(date_from=date_from, date_to=date_to, outlet=outlet)
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "stories": [story_brief(s) for s in stories],
    }


@router.get(
    "/stories/{story_id:path}",
    response_model=StoryOut,
    summary="One story with summary, quotes, dates, timeline, facts, entities",
)
def get_story(request: Request, story_id: str) -> JSONResponse:
    story = _store(request).get_story(story_id)
    if story is None:
        raise HTTPException(404, f"no story {story_id!r}")
    if story.pending:
        story = explain_on_read(request, story_id) or story
    # The stored record is already the contract; skip re-validating it through the model.
    return JSONResponse(asdict(story))


@router.get(
    "/articles/{article_id:path}",
    response_model=ArticleOut,
    summary="One article: cleaned text, metadata, removed furniture",
)
def get_article(request: Request, article_id: str) -> JSONResponse:
    store = _store(request)
    article = store.get_article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return JSONResponse(article_json(article, _story_of(store, article.id)))


def article_json(article: Article, story_id: str | None) -> dict[str, Any]:
    data = article_to_dict(article)
    data["story_id"] = story_id
    return data


def _story_of(store: Store, article_id: str) -> str | None:
    finder = getattr(store, "story_of", None)
    return finder(article_id) if finder else None


@router.get("/search", response_model=SearchPage, summary="Full-text search over articles")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> dict[str, Any]:
    hits = _store(request).search(q, limit=limit, offset=offset)
    return {"query": q, "limit": limit, "offset": offset, "hits": [hit_dict(h) for h in hits]}


@router.post(
    "/ingest",
    response_model=IngestOut,
    responses=_WRITE_ERRORS,
    dependencies=[Depends(require_writer)],
    summary="Ingest articles given as JSON (news-please field names)",
)
def ingest_json(request: Request, body: IngestIn) -> dict[str, Any]:
    rows = [a.model_dump(exclude_none=True) for a in body.articles]
    return _run_ingest(request, rows)


@router.post(
    "/ingest/files",
    response_model=IngestOut,
    responses=_WRITE_ERRORS,
    dependencies=[Depends(require_writer)],
    summary="Ingest uploaded files (.txt, .html, .json, .jsonl, RSS/Atom)",
)
def ingest_files(
    request: Request, files: Annotated[list[UploadFile], File(description="Article files")]
) -> dict[str, Any]:
    if len(files) > MAX_UPLOAD_FILES:
        raise HTTPException(413, f"at most {MAX_UPLOAD_FILES} files per upload")
    limit = _settings(request).max_file_bytes
    # Files land in a fresh folder only this request knows, under names we make: nothing from the
    # request picks a path.
    with tempfile.TemporaryDirectory(prefix="chorus-upload-") as folder:
        root = Path(folder)
        used: set[str] = set()
        for n, upload in enumerate(files):
            name = _unique(safe_filename(upload.filename, n), used)
            _save(upload, root / name, limit)
        return _run_ingest(request, [root])


def safe_filename(name: str | None, n: int) -> str:
    """A plain file name from an uploaded one: last path part, safe characters, suffix kept."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip("._")[:120]
    return base or f"upload-{n}.txt"


def _unique(name: str, used: set[str]) -> str:
    stem, dot, suffix = name.rpartition(".")
    candidate, i = name, 1
    while candidate.lower() in used:
        candidate = f"{stem}-{i}.{suffix}" if dot else f"{name}-{i}"
        i += 1
    used.add(candidate.lower())
    return candidate


def _save(upload: UploadFile, target: Path, limit: int) -> None:
    written = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(1 << 16):
            written += len(chunk)
            if written > limit:
                raise HTTPException(
                    413, f"file {target.name} is larger than the limit of {limit} bytes"
                )
            out.write(chunk)


def _run_ingest(request: Request, inputs: list[Any]) -> dict[str, Any]:
    from chorus import pipeline

    with request.app.state.ingest_lock:
        report = pipeline.ingest(inputs, _store(request), _settings(request))
    if report.errors and not report.articles:
        raise _Rejected(report)
    return ingest_json_body(report)


def ingest_json_body(report: Report) -> dict[str, Any]:
    return {
        "article_ids": [a.id for a in report.articles],
        "stories": [asdict(s) for s in report.stories],
        "errors": [asdict(e) for e in report.errors],
        "stats": report.stats,
    }


class _Rejected(HTTPException):
    """Every input of an ingest was rejected: 422 with each rejection in `detail`."""

    def __init__(self, report: Report) -> None:
        super().__init__(422, f"no article could be read ({len(report.errors)} rejected)")
        self.rejections = [asdict(e) for e in report.errors]
