"""The FastAPI application: one driver per process, created in the lifespan."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph import db
from graph.localserver import credentials
from graph.settings import Settings
from graph.warmup import warm_up
from ontology.errors import (
    AmbiguousNameError,
    GraphUnavailableError,
    InputCancelledError,
    InputError,
    NotFoundError,
    PolicyKGError,
    QueryFailedError,
    QueryRejectedError,
    SetupError,
)

from .drivers import open_driver
from .errors import error_body
from .limits import BodyLimit, RateLimit
from .schemas import Health
from .state import AppState

VERSION = "0.1.0"


async def _keep_cache_fresh(state: AppState) -> None:
    """While lookups are being served, re-check the graph's signature before the cache's answers expire,
    so that busy clients are answered from memory instead of each waiting for the check."""
    max_age = state.cache.max_age
    if max_age <= 0 or state.driver is None:
        return
    while True:
        await asyncio.sleep(max_age / 3)
        if time.monotonic() - state.cache.used < 10:
            try:
                await run_in_threadpool(state.cache.refresh, state.driver, state.database)
            except PolicyKGError:
                pass  # Neo4j away: answers expire and requests get the 503 themselves


def _warm_up(state: AppState) -> None:
    if state.driver is None:
        return
    try:
        warm_up(state.driver, state.database)
    except PolicyKGError:
        pass  # Neo4j away or an empty graph's oddity: the first real request reports it properly


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = AppState(settings)
        try:
            creds = credentials(settings)
            state.database = creds.database
            state.driver = open_driver(creds, retry_s=2.0)
        except PolicyKGError as exc:
            state.setup_error = str(exc)
        app.state.pkg = state
        keeper = asyncio.create_task(_keep_cache_fresh(state))
        warming = asyncio.create_task(run_in_threadpool(_warm_up, state))  # does not delay the start
        try:
            yield
        finally:
            keeper.cancel()
            await warming  # a few reads at most; the driver must outlive them
            if state.driver is not None:
                state.driver.close()

    app = FastAPI(
        title="policykg",
        version=VERSION,
        summary=(
            "Responsibility lookups, questions in Chinese and read-only Cypher over Chinese policy documents."
        ),
        lifespan=lifespan,
        docs_url=None,  # served offline by api/docs.py
        redoc_url=None,  # ReDoc would load from a CDN
    )
    _install_error_handlers(app)
    app.add_middleware(RateLimit, per_minute=settings.rate_limit_per_minute)
    app.add_middleware(BodyLimit, max_bytes=settings.max_upload_bytes + 64 * 1024)

    @app.get("/health", response_model=Health, tags=["service"])
    def health(request: Request) -> Any:
        state: AppState = request.app.state.pkg
        try:
            info = db.ping(state.require_driver(), state.database)
        except PolicyKGError as exc:
            body = Health(status="degraded", neo4j="down", version=VERSION, detail=str(exc))
            return JSONResponse(status_code=503, content=body.model_dump(), headers={"Retry-After": "5"})
        return Health(status="ok", neo4j="up", version=VERSION, neo4j_version=info.get("version"))

    from . import docs, explorer, routes

    docs.register(app)
    app.include_router(routes.router)  # /api/…: lookups, questions, Cypher, task lists, uploads
    app.include_router(explorer.router)  # /explorer and the JSON it draws from

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/explorer")

    return app


def _install_error_handlers(app: FastAPI) -> None:
    statuses: list[tuple[type[PolicyKGError], int]] = [
        (NotFoundError, 404),
        (AmbiguousNameError, 409),
        (QueryRejectedError, 400),
        (QueryFailedError, 400),
        (InputCancelledError, 499),  # the client went away (nginx's "client closed request")
        (InputError, 422),
        (GraphUnavailableError, 503),
        (SetupError, 503),
        (PolicyKGError, 500),
    ]

    def make_handler(status: int) -> Any:
        async def handler(request: Request, exc: Exception) -> JSONResponse:
            extra: dict[str, Any] = {}
            if isinstance(exc, NotFoundError):
                extra["suggestions"] = exc.suggestions
            if isinstance(exc, AmbiguousNameError):
                extra["candidates"] = exc.candidates
            if isinstance(exc, QueryFailedError) and exc.code:
                extra["code"] = exc.code
            content = error_body(type(exc).__name__, status, str(exc), **extra)
            headers = {"Retry-After": "5"} if status == 503 else None
            return JSONResponse(status_code=status, content=content, headers=headers)

        return handler

    for exc_type, status in statuses:
        app.add_exception_handler(exc_type, make_handler(status))

    async def value_error(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=422, content=error_body("ValueError", 422, str(exc)))

    async def invalid_request(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['where']}: {e['problem']}" for e in errors) or "invalid request"
        content = error_body("ValidationError", 422, detail, errors=errors)
        return JSONResponse(status_code=422, content=content)

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        content = error_body("HTTPError", exc.status_code, str(exc.detail))
        return JSONResponse(status_code=exc.status_code, content=content, headers=exc.headers)

    app.add_exception_handler(ValueError, value_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(StarletteHTTPException, http_error)
