"""The FastAPI application: JSON API under /api/v1, the web page at /, one store underneath.

create_app(store) ─┬─ /api/v1/…      api/routes.py   (JSON, one error shape)
                   ├─ /, /stories/…  web/routes.py   (Jinja2, autoescaped)
                   └─ /static/…      web/static/     (CSS, JS; no inline script: strict CSP)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from chorus.errors import ChorusError, ConfigError, InputError, StoreError
from chorus.settings import Settings
from chorus.store import open_store

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Our page loads only its own CSS and JS: no inline script or style can run, so an article that
# slipped markup past the escaping still could not execute anything.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# FastAPI's /docs and /redoc load Swagger/ReDoc from a CDN with an inline bootstrap script; they get
# their own looser policy so the strict one above stays strict everywhere else.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
    "https://cdn.redoc.ly; connect-src 'self'; worker-src blob:; base-uri 'none'; "
    "frame-ancestors 'none'"
)
_DOCS_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})


def create_app(
    store_location: str, token: str | None = None, settings: Settings | None = None
) -> FastAPI:
    """Build the API and web app over the store at `store_location` (SQLite file or URL).

    >>> app = create_app("chorus.db", token="s3cret")       # doctest: +SKIP
    >>> uvicorn.run(app, host="127.0.0.1", port=8000)      # doctest: +SKIP

    Args:
        token: when given, writing endpoints need `Authorization: Bearer <token>`.
    """
    from chorus.api.routes import router as api_router
    from chorus.web.routes import router as web_router

    settings = settings or Settings()
    store = open_store(store_location)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="Chorus",
        version="1",
        summary="News articles grouped into stories with cited summaries, quotes, dates and facts.",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.token = token
    app.state.settings = settings
    # Ingest reads the store's stories and rewrites them: one writer at a time.
    app.state.ingest_lock = threading.Lock()

    app.include_router(api_router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(packages=[("chorus.web", "static")]), name="static")

    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ChorusError, _chorus_error)
    app.add_exception_handler(Exception, _server_error)
    app.add_middleware(_GuardMiddleware, max_body=settings.api_max_request_bytes)
    return app


class _GuardMiddleware:
    """Security headers on every response; 413 for a body over the limit, declared or streamed."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] in _DOCS_PATHS else CSP
        too_large = f"request body is larger than the limit of {self.max_body} bytes"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), *_security_headers(csp)]
                message = {**message, "headers": headers}
            await send(message)

        declared = _content_length(scope)
        if declared is not None and declared > self.max_body:
            response = JSONResponse(error_body(413, too_large), status_code=413)
            await response(scope, receive, with_headers)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    # An HTTPException passes FastAPI's body parsing untouched (anything else
                    # there becomes a 400) and reaches the JSON error handler below.
                    raise StarletteHTTPException(413, too_large)
            return message

        await self.app(scope, counting_receive, with_headers)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _security_headers(csp: str) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", csp.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
    ]


def error_body(
    status: int, message: str, detail: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The one error shape (schemas.ErrorOut) of every failing API request."""
    return {"ok": False, "status": status, "error": message, "detail": detail}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/openapi.json", "/static/"))


def _error_response(
    request: Request,
    status: int,
    message: str,
    detail: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if _wants_html(request):
        from chorus.web.routes import render_error

        return HTMLResponse(render_error(status, message), status_code=status, headers=headers)
    return JSONResponse(error_body(status, message, detail), status_code=status, headers=headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    detail = getattr(exc, "rejections", None)
    return _error_response(request, exc.status_code, message, detail, headers=exc.headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    detail = [
        {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": e["type"]}
        for e in exc.errors()
    ]
    if any(d["type"] == "json_invalid" for d in detail):
        # Not JSON at all is a malformed request (400); JSON of the wrong shape is a 422.
        return _error_response(request, 400, "request body is not valid JSON", detail)
    first = detail[0] if detail else {"loc": [], "msg": "invalid request"}
    where = ".".join(first["loc"])
    return _error_response(request, 422, f"invalid request: {where}: {first['msg']}", detail)


async def _chorus_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, InputError):
        return _error_response(request, 400, f"{exc.path}: {exc.reason}")
    if isinstance(exc, StoreError):
        log.error("store error on %s: %s", request.url.path, exc)
        return _error_response(request, 503, f"store unavailable: {exc}")
    if isinstance(exc, ConfigError):
        return _error_response(request, 500, f"server misconfigured: {exc}")
    return _error_response(request, 500, str(exc))


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return _error_response(request, 500, "internal server error")
