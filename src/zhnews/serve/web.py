"""The web UI: server-rendered pages over the same data the JSON API returns.

Pages: search (``/``), document (``/doc/{id}``), entity (``/entity/{id}``), entity list
(``/entities``), events timeline (``/events``) and graph (``/graph``). Jinja2 autoescaping is on
for every template; the only markup inserted unescaped is built by
:mod:`zhnews.serve.highlight` or the search snippet builder, which escape document text first.
"""


from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from zhnews.serve.api import found
from zhnews.serve.data import ENTITY_TYPES_ZH, EVENT_TYPES_ZH, KBView, QueryTimeout, SearchParams
from zhnews.serve.highlight import Mark, highlight
from zhnews.serve.settings import ServeSettings

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
ECHARTS = STATIC_DIR / "vendor" / "echarts.min.js"
LEGEND = [("person", "人物"), ("organization", "机构"), ("place", "地点"), ("role", "职务"), ("event", "事件"), ("figure", "数字")]
FACET_LABELS = [("event_type", "事件类型 Event type"), ("sector", "领域 Sector"), ("publisher", "来源 Publisher"),
                ("place", "地点 Place"), ("month", "月份 Month")]
FACET_PARAM = {key: key for key, _label in FACET_LABELS}  # the query parameter a facet's links set
NOT_PAGES = ("/api", "/docs", "/openapi", "/static")  # their errors stay JSON (the API's handlers)
FILTER_LABELS = {"date_from": "起", "date_to": "止", "publisher": "来源", "entity": "实体", "event_type": "事件", "place": "地点", "sector": "领域"}


def short_source(source: str | None) -> str:
    """The file name (and ``#fragment``) of a source path, for display."""
    if not source:
        return ""
    path, _, frag = str(source).partition("#")
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{name}#{frag}" if frag else name


def is_web_url(url: str | None) -> bool:
    """Only http(s) URLs become links (a stored ``javascript:`` URL stays text)."""
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def show_date(value: str | None) -> str:
    """A fact's date for display: an unknown year (``XXXX-05-16``, ``--05-16``) shows as ``????-05-16``."""
    if not value:
        return "日期未知"
    if value.startswith("--"):
        return "????-" + value[2:]
    if value[:4] and not value[:4].isdigit():
        return "????" + value[4:]
    return value


def format_number(value: Any) -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{v:,.0f}" if v.is_integer() else f"{v:,.4g}"


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.autoescape = True
    env.filters["short_source"] = short_source
    env.filters["number"] = format_number
    env.filters["is_web_url"] = is_web_url
    env.filters["show_date"] = show_date
    env.globals.update(event_types=list(EVENT_TYPES_ZH.items()), event_zh=EVENT_TYPES_ZH,
                       entity_types=list(ENTITY_TYPES_ZH.items()), entity_zh=ENTITY_TYPES_ZH, legend=LEGEND)
    return templates


def chart_scripts() -> Markup:
    """The locally installed ECharts, when ``make setup`` has put it in place."""
    if ECHARTS.exists():
        return Markup('<script src="/static/vendor/echarts.min.js"></script>')
    return Markup("")


def document_marks(doc: dict[str, Any], entity_href: Callable[[str], str]) -> list[Mark]:
    """Every extracted fact of a document view as a highlight mark (entities link to their pages)."""
    marks: list[Mark] = []
    for ent in doc.get("entities", []):
        href = entity_href(ent["entity_id"]) if ent.get("entity_id") else None
        for start, end in ent.get("spans", []):
            marks.append(Mark(start, end, ent["type"], ent["name"], href, ent.get("entity_id")))
    for role in doc.get("roles", []):
        start, end = role["span"]
        label = f"{role['person']} · {role.get('organization') or ''}{role['title']}"
        marks.append(Mark(start, end, "role", label))
    for ev in doc.get("events", []):
        start, end = ev["span"]
        label = f"{EVENT_TYPES_ZH.get(ev['type'], ev['type'])} {ev.get('date') or ''} {ev.get('name') or ''}".strip()
        marks.append(Mark(start, end, "event", label, None, ev.get("event_id")))
    for fig in doc.get("figures", []):
        start, end = fig["span"]
        marks.append(Mark(start, end, "figure", f"{format_number(fig['value'])} {fig['unit']}"))
    return marks


def add_web_routes(app: FastAPI, kb: Callable[[], Iterator[KBView]], settings: ServeSettings) -> None:
    """Register the HTML pages on ``app`` (``kb`` is the request's KBView dependency)."""
    templates = make_templates()
    KB = Annotated[KBView, Depends(kb)]
    Pg = Annotated[int, Query(ge=1, le=10_000)]
    Text = Annotated[str | None, Query(max_length=200)]
    db_label = short_source(app.state.db) if "://" not in app.state.db else "PostgreSQL"

    def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("q", "")
        context.update(db_label=db_label, chart_scripts=chart_scripts())
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def entity_href(request: Request) -> Callable[[str], str]:
        return lambda entity_id: str(request.url_for("web_entity", entity_id=entity_id))

    def query_url(request: Request, base: str, params: dict[str, Any], **changes: Any) -> str:
        merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
        return str(request.url_for(base)) + ("?" + urlencode(merged) if merged else "")

    # Errors on pages are pages; errors on /api stay JSON (the API's handlers).
    previous_http = app.exception_handlers.get(StarletteHTTPException)
    previous_timeout = app.exception_handlers.get(QueryTimeout)

    async def _page_error(request: Request, exc: Exception) -> Response:
        is_api = request.url.path.startswith(NOT_PAGES)
        if isinstance(exc, QueryTimeout):
            if is_api and previous_timeout:
                return await previous_timeout(request, exc)
            return render(request, "error.html", 503, status=503, title="查询超时 Query timeout", message=str(exc))
        assert isinstance(exc, StarletteHTTPException)
        if is_api and previous_http:
            return await previous_http(request, exc)
        title = {404: "未找到 Not found"}.get(exc.status_code, "请求有误 Bad request")
        return render(request, "error.html", exc.status_code, status=exc.status_code, title=title, message=str(exc.detail))

    previous_validation = app.exception_handlers.get(RequestValidationError)

    async def _page_validation_error(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith(NOT_PAGES) and previous_validation:
            return await previous_validation(request, exc)
        assert isinstance(exc, RequestValidationError)
        wrong = "、".join(str(e.get("loc", ["", "?"])[-1]) for e in exc.errors()[:5])
        return render(request, "error.html", 422, status=422, title="参数有误 Invalid parameters",
                      message=f"请检查这些参数 check these parameters: {wrong}（检索词最长 {settings.max_query_chars} 字）")

    app.add_exception_handler(StarletteHTTPException, _page_error)
    app.add_exception_handler(QueryTimeout, _page_error)
    app.add_exception_handler(RequestValidationError, _page_validation_error)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False, name="web_search")
    def web_search(
        request: Request,
        view: KB,
        q: Annotated[str, Query(max_length=settings.max_query_chars)] = "",
        date_from: Text = None,
        date_to: Text = None,
        publisher: Text = None,
        entity: Text = None,
        event_type: Text = None,
        place: Text = None,
        sector: Text = None,
        month: Text = None,
        page: Pg = 1,
    ) -> HTMLResponse:
        if month and len(month) == 7:
            date_from, date_to = month + "-01", month + "-31"
        params = SearchParams(q, _date(date_from), _date(date_to), publisher, entity,
                              event_type if event_type in EVENT_TYPES_ZH else None, place, sector)
        result = view.search(params, page=page, per_page=settings.page_size)
        base = params.to_dict()
        for key, items in result["facets"].items():
            for item in items:
                change = {FACET_PARAM[key]: item["value"]}
                if key == "month":
                    change = {"date_from": item["value"] + "-01", "date_to": item["value"] + "-31"}
                item["href"] = query_url(request, "web_search", base, page=None, **change)
        for hit in result["hits"]:
            hit["snippet_html"] = Markup(hit.get("snippet_html") or "")  # escaped by zhnews.kb.search
        active = [(k, FILTER_LABELS[k], view.entity_label(v) if k == "entity" else v,
                   query_url(request, "web_search", base, **{k: None}))
                  for k, v in base.items() if k in FILTER_LABELS]
        export_url = "/api/export?" + urlencode({"what": "search", **base})
        return render(
            request, "search.html", q=q, params=base, result=result, stats=None if q else view.stats(),
            facet_labels=FACET_LABELS, facet_param=FACET_PARAM, active_filters=active, export_url=export_url,
            page_url=lambda n: query_url(request, "web_search", base, page=n), nav="search",
        )

    @app.get("/doc/{doc_id}", response_class=HTMLResponse, include_in_schema=False, name="web_document")
    def web_document(request: Request, view: KB, doc_id: int) -> HTMLResponse:
        doc = found(view.document(doc_id), f"没有编号为 {doc_id} 的文档 (no document {doc_id})")
        doc["text_html"] = highlight(doc["text"], document_marks(doc, entity_href(request)))
        return render(request, "document.html", doc=doc, nav="search")

    @app.get("/entity/{entity_id}", response_class=HTMLResponse, include_in_schema=False, name="web_entity")
    def web_entity(request: Request, view: KB, entity_id: str) -> HTMLResponse:
        ent = found(view.entity(entity_id[:300]), f"没有这个实体 (no entity {entity_id[:300]})")
        career = None
        if ent.get("type") == "person":
            steps = view.career(entity_id)
            career = (steps or {}).get("career") or []
        return render(request, "entity.html", ent=ent, career=career, nav="entities")

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False, name="web_entities")
    def web_entities(request: Request, view: KB, q: Text = None, type: Text = None, page: Pg = 1) -> HTMLResponse:
        type = type if type in ENTITY_TYPES_ZH else None
        result = view.entities(q=q, type=type, page=page, per_page=50)
        base = {"q": q, "type": type}
        export_url = "/api/export?" + urlencode({"what": "entities", **{k: v for k, v in base.items() if v}})
        return render(request, "entities.html", q=q or "", type=type, result=result, export_url=export_url,
                      page_url=lambda n: query_url(request, "web_entities", base, page=n), nav="entities")

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False, name="web_events")
    def web_events(
        request: Request, view: KB, type: Text = None, date_from: Text = None, date_to: Text = None,
        place: Text = None, entity: Text = None, focus: Text = None, page: Pg = 1,
    ) -> HTMLResponse:
        type = type if type in EVENT_TYPES_ZH else None
        per_page = 50
        events = partial(view.events, type=type, date_from=_date(date_from), date_to=_date(date_to),
                         place=place or None, entity=entity or None)
        result = events(page=page, per_page=per_page)
        if focus and page == 1 and not any(ev["id"] == focus for ev in result["events"]):
            # the focused event is further down the list: open its page
            full = events(page=1, per_page=settings.max_results)["events"]
            index = next((i for i, ev in enumerate(full) if ev["id"] == focus), None)
            if index is not None and index >= per_page:
                result = events(page=index // per_page + 1, per_page=per_page)
        query = result["query"]
        export_url = "/api/export?" + urlencode({"what": "events", **({"type": type} if type else {}),
                                                 **{k: v for k, v in query.items() if k != "type"}})
        return render(request, "events.html", result=result, query=query, focus=focus, export_url=export_url,
                      page_url=lambda n: query_url(request, "web_events", query, page=n), nav="events")

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False, name="web_graph")
    def web_graph(
        request: Request, view: KB, entity: Text = None,
        limit: Annotated[int, Query(ge=5, le=settings.graph_max_nodes)] = 80,
    ) -> HTMLResponse:
        graph = found(view.graph(entity or None, limit=limit), f"没有这个实体 (no entity {entity})")
        prefix = str(request.url_for("web_entity", entity_id="x"))[:-1]
        center = graph.get("center")
        return render(request, "graph.html", graph=graph, center=center,
                      center_name=view.entity_label(center) if center else entity,
                      limit=limit, max_nodes=settings.graph_max_nodes, entity_url_prefix=prefix, nav="graph")


def _date(value: str | None) -> str | None:
    """A date filter from a form: YYYY, YYYY-MM or YYYY-MM-DD, else ignored."""
    if not value:
        return None
    value = value.strip()
    parts = value.split("-")
    if 1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        return value
    return None
