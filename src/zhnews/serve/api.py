"""The HTTP API (JSON, with an OpenAPI schema) and the web UI over one knowledge base.

``create_app(db)`` builds the FastAPI application. Handlers are thin: they validate parameters,
open the store for the request under a time limit, call one function of
:mod:`zhnews.serve.data` (which calls the library: ``zhnews.kb.store``, ``zhnews.kb.search``,
``zhnews.kb.queries``) and return its result. Every error, whatever raised it, leaves as one
shape: ``{"error": {"status": int, "code": str, "message": str}}``.
"""


import html
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from zhnews.serve import data
from zhnews.serve.data import KBView, QueryTimeout, SearchParams
from zhnews.serve.settings import ServeSettings

log = logging.getLogger("zhnews.serve")
STATIC_DIR = Path(__file__).parent / "static"
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
EVENT_TYPES_PATTERN = r"^(meeting|signing|award|release|founding|investment)$"
ENTITY_TYPES_PATTERN = r"^(person|organization|place)$"


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class ErrorResponse(BaseModel):
    """The one shape of every error this API returns."""

    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorResponse, "description": "not found"},
    422: {"model": ErrorResponse, "description": "invalid parameters"},
    503: {"model": ErrorResponse, "description": "query took longer than the time limit"},
}


class Page(BaseModel):
    """Pagination of a list answer. ``total`` counts at most ``capped_at`` items."""

    page: int = Field(ge=1)
    per_page: int = Field(ge=1)
    total: int
    capped_at: int


def found(value: Any, message: str) -> Any:
    """``value``, or a 404 with ``message`` when the store found nothing (None)."""
    if value is None:
        raise HTTPException(404, message)
    return value


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}}, status_code=status)


_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large", 422: "invalid_parameters"}


def create_app(db: str, settings: ServeSettings | None = None) -> FastAPI:
    """The API and web UI over the knowledge base at ``db`` (SQLite path or PostgreSQL URL)."""
    settings = settings or ServeSettings()
    data.check_database(db)
    app = FastAPI(
        docs_url=None,  # served below from local files: no CDN, works offline
        redoc_url=None,
        title="zhnews",
        version="0.1.0",
        summary="Chinese industry news knowledge base: search, documents, entities, events, careers, graph.",
        description=(
            "JSON API of zhnews over one knowledge base. Every list is paginated and capped; every "
            "query runs under a time limit. Errors: `{\"error\": {\"status\", \"code\", \"message\"}}`."
        ),
    )
    app.state.db = db
    app.state.settings = settings

    def kb() -> Iterator[KBView]:
        with KBView.open(db, settings) as view:
            yield view

    KB = Annotated[KBView, Depends(kb)]
    Pg = Annotated[int, Query(ge=1, le=10_000, description="page number, from 1")]
    PerPage = Annotated[int, Query(ge=1, le=settings.max_page_size, description="items per page")]
    Q = Annotated[str, Query(max_length=settings.max_query_chars, description="full-text query (简体或繁體)")]
    OptText = Annotated[str | None, Query(max_length=200)]
    OptDate = Annotated[str | None, Query(pattern=DATE, description="YYYY, YYYY-MM or YYYY-MM-DD (inclusive)")]
    OptEventType = Annotated[str | None, Query(pattern=EVENT_TYPES_PATTERN)]
    OptEntityType = Annotated[str | None, Query(pattern=ENTITY_TYPES_PATTERN)]

    # -- errors: one shape ------------------------------------------------------------------
    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(exc.status_code, _CODES.get(exc.status_code, "error"), str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(422, "invalid_parameters", "; ".join(parts) or "invalid parameters")

    @app.exception_handler(QueryTimeout)
    async def _timeout(request: Request, exc: QueryTimeout) -> Response:
        return error_response(503, "query_timeout", str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(500, "internal_error", f"{type(exc).__name__}: the server could not answer this request")

    # -- JSON API ---------------------------------------------------------------------------
    @app.get("/api/stats", tags=["api"], responses=ERRORS, summary="Counts over the knowledge base")
    def api_stats(view: KB) -> dict[str, Any]:
        return view.stats()

    @app.get("/api/search", tags=["api"], responses=ERRORS, summary="Full-text search with filters and facets")
    def api_search(
        view: KB,
        q: Q = "",
        date_from: OptDate = None,
        date_to: OptDate = None,
        publisher: OptText = None,
        entity: OptText = None,
        event_type: OptEventType = None,
        place: OptText = None,
        sector: OptText = None,
        page: Pg = 1,
        per_page: PerPage = settings.page_size,
    ) -> dict[str, Any]:
        params = SearchParams(q, date_from, date_to, publisher, entity, event_type, place, sector)
        return view.search(params, page=page, per_page=per_page)

    class SearchRequest(BaseModel):
        """A search sent as a JSON body (for long queries that do not fit in a URL)."""

        model_config = {"extra": "forbid"}
        q: str = Field("", max_length=settings.max_query_chars, description="full-text query (简体或繁體)")
        date_from: str | None = Field(None, pattern=DATE)
        date_to: str | None = Field(None, pattern=DATE)
        publisher: str | None = Field(None, max_length=200)
        entity: str | None = Field(None, max_length=200)
        event_type: str | None = Field(None, pattern=EVENT_TYPES_PATTERN)
        place: str | None = Field(None, max_length=200)
        sector: str | None = Field(None, max_length=200)
        page: int = Field(1, ge=1, le=10_000)
        per_page: int = Field(settings.page_size, ge=1, le=settings.max_page_size)

    @app.post("/api/search", tags=["api"], responses=ERRORS, summary="Full-text search, parameters as a JSON body")
    def api_search_post(view: KB, body: SearchRequest) -> dict[str, Any]:
        params = SearchParams(**body.model_dump(exclude={"page", "per_page"}))
        return view.search(params, page=body.page, per_page=body.per_page)

    @app.get("/api/documents", tags=["api"], responses=ERRORS, summary="Documents, newest first")
    def api_documents(
        view: KB,
        date_from: OptDate = None,
        date_to: OptDate = None,
        publisher: OptText = None,
        page: Pg = 1,
        per_page: PerPage = settings.page_size,
    ) -> dict[str, Any]:
        params = SearchParams("", date_from, date_to, publisher)
        return view.search(params, page=page, per_page=per_page)

    @app.get("/api/documents/{doc_id}", tags=["api"], responses=ERRORS, summary="One document with all its facts")
    def api_document(view: KB, doc_id: int) -> dict[str, Any]:
        return found(view.document(doc_id), f"no document {doc_id}")

    @app.get("/api/entities", tags=["api"], responses=ERRORS, summary="Resolved entities, most mentioned first")
    def api_entities(
        view: KB,
        q: OptText = None,
        type: OptEntityType = None,
        page: Pg = 1,
        per_page: PerPage = settings.page_size,
    ) -> dict[str, Any]:
        return view.entities(q=q, type=type, page=page, per_page=per_page)

    @app.get("/api/entities/{entity_id}", tags=["api"], responses=ERRORS, summary="One entity: aliases, roles, events, neighbours, documents")
    def api_entity(view: KB, entity_id: Annotated[str, PathParam(max_length=300)]) -> dict[str, Any]:
        return found(view.entity(entity_id), f"no entity {entity_id}")

    @app.get("/api/persons/{entity_id}/career", tags=["api"], responses=ERRORS, summary="A person's titles over time")
    def api_career(view: KB, entity_id: Annotated[str, PathParam(max_length=300)]) -> dict[str, Any]:
        return found(view.career(entity_id), f"no person {entity_id}")

    @app.get("/api/events", tags=["api"], responses=ERRORS, summary="Merged events (timeline) with a month histogram")
    def api_events(
        view: KB,
        type: OptEventType = None,
        date_from: OptDate = None,
        date_to: OptDate = None,
        place: OptText = None,
        entity: OptText = None,
        page: Pg = 1,
        per_page: PerPage = settings.page_size,
    ) -> dict[str, Any]:
        return view.events(type=type, date_from=date_from, date_to=date_to, place=place, entity=entity,
                           page=page, per_page=per_page)

    @app.get("/api/graph", tags=["api"], responses=ERRORS, summary="Entity graph: co-participation and co-signing")
    def api_graph(
        view: KB,
        entity: Annotated[str | None, Query(max_length=300, description="centre entity id; whole graph when absent")] = None,
        limit: Annotated[int, Query(ge=1, le=settings.graph_max_nodes)] = settings.graph_max_nodes,
    ) -> dict[str, Any]:
        return found(view.graph(entity, limit=limit), f"no entity {entity}")

    @app.get("/api/export", tags=["api"], responses=ERRORS, summary="Export a view (search hits, events, entities) as CSV or JSON Lines")
    def api_export(
        view: KB,
        what: Annotated[str, Query(pattern=r"^(search|events|entities)$")] = "search",
        format: Annotated[str, Query(pattern=r"^(csv|jsonl)$")] = "jsonl",
        q: Q = "",
        date_from: OptDate = None,
        date_to: OptDate = None,
        publisher: OptText = None,
        entity: OptText = None,
        event_type: OptEventType = None,
        place: OptText = None,
        type: Annotated[str | None, Query(pattern=r"^(person|organization|place|meeting|signing|award|release|founding|investment)$")] = None,
    ) -> Response:
        rows = view.export_rows(
            what, SearchParams(q, date_from, date_to, publisher, entity, event_type, place), type=type,
            cap=settings.export_max_rows,
        )
        body, media = data.encode_rows(rows, format)
        name = f"zhnews-{what}.{format}"
        return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> Response:
        """Swagger UI from the locally installed ``swagger-ui-dist`` (``make setup``), else a plain index."""
        vendor = STATIC_DIR / "vendor"
        if (vendor / "swagger-ui-bundle.js").exists() and (vendor / "swagger-ui.css").exists():
            return get_swagger_ui_html(openapi_url="/openapi.json", title="zhnews API",
                                       swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                                       swagger_css_url="/static/vendor/swagger-ui.css",
                                       swagger_favicon_url="/static/favicon.svg")
        items = "".join(f"<li><code>{html.escape(m.upper())} {html.escape(p)}</code></li>"
                        for p, ops in app.openapi()["paths"].items() for m in ops)
        return HTMLResponse(f"<!doctype html><meta charset=utf-8><title>zhnews API</title><h1>zhnews API</h1>"
                            f"<p>Schema: <a href=/openapi.json>/openapi.json</a> (run <code>make setup</code> for the "
                            f"interactive docs)</p><ul>{items}</ul>")

    # -- web UI -----------------------------------------------------------------------------
    from zhnews.serve.web import add_web_routes

    STATIC_DIR.mkdir(exist_ok=True)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    add_web_routes(app, kb, settings)
    return app
