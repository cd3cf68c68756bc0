"""What the HTTP API and the web pages show, from one data path.

``KBView`` wraps one open store for one request: it calls the library (``zhnews.kb.store``,
``zhnews.kb.search``, ``zhnews.kb.view``, ``zhnews.kb.queries``), applies the serving limits
(page sizes, result caps, a time limit on every query) and returns plain JSON-ready data. The
JSON API returns it as is; the web pages render the same data with templates.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

from zhnews.kb.store import SearchFilters, Store, StoreError, is_postgres_url, open_store
from zhnews.serve.settings import ServeSettings

T = TypeVar("T")
FACET_DOCS = 200  # facets are counted over at most this many top hits
EVENT_TYPES_ZH = {
    "meeting": "会议",
    "signing": "签约",
    "award": "授牌/入选",
    "release": "发布",
    "founding": "成立/揭牌",
    "investment": "投资",
}
ENTITY_TYPES_ZH = {"person": "人物", "organization": "机构", "place": "地点"}


class QueryTimeout(Exception):
    """A query ran past the per-request time limit and was interrupted."""


@dataclass(frozen=True, slots=True)
class SearchParams:
    """A search: the query (may be empty: newest documents) and its filters."""

    q: str = ""
    date_from: str | None = None
    date_to: str | None = None
    publisher: str | None = None
    entity: str | None = None  # an entity id or a name
    event_type: str | None = None
    place: str | None = None
    sector: str | None = None

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}


def check_database(db: str) -> None:
    """Fail fast (``StoreError``) when ``db`` is not a knowledge base; bring its schema up to date."""
    if not is_postgres_url(db) and not Path(db).exists():
        raise StoreError(f"no knowledge base at {db} (create one with: zhnews ingest PATH... --db {db})")
    with open_store(db, create=False, migrate=True) as store:
        _queries().ensure_current(store)  # derived tables built once here, not under a request's time limit


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Turn the store's interruption at the time limit into ``QueryTimeout``."""

    @wraps(method)
    def run(self: KBView, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError as exc:
            if "interrupt" in str(exc).lower():
                raise QueryTimeout(f"query interrupted after {self.settings.query_timeout_s:g} s; narrow it down") from exc
            raise
        except Exception as exc:
            if type(exc).__name__ == "QueryCanceled":  # psycopg's statement_timeout
                raise QueryTimeout(f"query cancelled after {self.settings.query_timeout_s:g} s; narrow it down") from exc
            raise

    return run


def _browse() -> Any:
    from zhnews.kb import browse

    return browse


def _queries() -> Any:
    from zhnews.kb import queries

    return queries


def _pages(total: int, per_page: int) -> int:
    return max(1, math.ceil(total / per_page)) if total else 1


class KBView:
    """One store, one request: every read the API and UI need, under the serving limits."""

    def __init__(self, store: Store, settings: ServeSettings) -> None:
        self.store = store
        self.settings = settings
        self._is_current = False

    def _current(self) -> None:
        """Bring the derived knowledge-base tables up to date once per request (no-op when current)."""
        if not self._is_current:
            _queries().ensure_current(self.store)
            self._is_current = True

    @classmethod
    @contextmanager
    def open(cls, db: str, settings: ServeSettings) -> Iterator[KBView]:
        """Open ``db`` read-side with the per-request time limit armed."""
        store = open_store(db, create=False, migrate=False)
        try:
            _browse().set_time_limit(store, settings.query_timeout_s)
            yield cls(store, settings)
        finally:
            store.close()

    # -- counts ------------------------------------------------------------------------------
    @_guarded
    def stats(self) -> dict[str, Any]:
        """The store's counts, plus the resolved entities and merged events of the knowledge base."""
        self._current()
        return {**self.store.stats(), **_browse().kb_counts(self.store)}

    # -- search and documents ----------------------------------------------------------------
    @_guarded
    def search(self, params: SearchParams, *, page: int = 1, per_page: int = 20) -> dict[str, Any]:
        """Ranked hits (or newest documents when ``q`` is empty), one page, with facets over the top hits."""
        cap = self.settings.max_results
        if (page - 1) * per_page >= cap:
            return {**self._paged(params.to_dict(), "hits", [], page, per_page), "facets": {}}
        filters = SearchFilters(params.date_from, params.date_to, params.publisher)
        allowed = self._documents_matching(params)
        if params.q.strip():
            from zhnews.kb.search import search

            hits = [h.to_json() for h in search(self.store, params.q, limit=cap, filters=filters)]
        else:
            hits = _browse().list_documents(self.store, filters=filters, limit=cap)
        if allowed is not None:
            hits = [h for h in hits if h["document_id"] in allowed]
        facets = self._facets(hits[:FACET_DOCS])
        return {**self._paged(params.to_dict(), "hits", hits, page, per_page), "facets": facets}

    def _paged(self, query: dict[str, Any], key: str, rows: list[dict[str, Any]], page: int,
               per_page: int) -> dict[str, Any]:
        """One page of ``rows`` (all that matched, at most the result cap) under ``key``, with the paging counts."""
        start = (page - 1) * per_page
        return {
            "query": query, "page": page, "per_page": per_page, "total": len(rows),
            "pages": _pages(len(rows), per_page), "capped_at": self.settings.max_results,
            key: rows[start : start + per_page],
        }

    def _documents_matching(self, params: SearchParams) -> set[int] | None:
        """Ids of the documents the fact filters (entity, event type, place, sector) allow; None: all."""
        if not (params.entity or params.event_type or params.place or params.sector):
            return None
        self._current()
        return set(_browse().document_ids(
            self.store, entity=params.entity, event_type=params.event_type, place=params.place, sector=params.sector,
        ))

    def _facets(self, hits: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
        """Counts of publisher, month, event type and place over ``hits`` (documents, not mentions)."""
        self._current()
        sectors = _browse().document_sectors(self.store, [h["document_id"] for h in hits])
        sector: Counter[str] = Counter(s for ss in sectors.values() for s in ss)
        publisher: Counter[str] = Counter()
        month: Counter[str] = Counter()
        event_type: Counter[str] = Counter()
        place: Counter[str] = Counter()
        for hit in hits:
            if hit.get("publisher"):
                publisher[hit["publisher"]] += 1
            if hit.get("published"):
                month[hit["published"][:7]] += 1
            facts = self.store.facts(hit["document_id"])
            event_type.update({ev["type"] for ev in facts["events"]})
            place.update({e["name"] for e in facts["entities"] if e["type"] == "place"})
        return {
            "event_type": [{"value": k, "label": EVENT_TYPES_ZH.get(k, k), "count": n} for k, n in event_type.most_common()],
            "publisher": [{"value": k, "label": k, "count": n} for k, n in publisher.most_common(12)],
            "place": [{"value": k, "label": k, "count": n} for k, n in place.most_common(12)],
            "month": [{"value": k, "label": k, "count": n} for k, n in sorted(month.items(), reverse=True)[:12]],
            "sector": [{"value": k, "label": k, "count": n} for k, n in sector.most_common(12)],
        }

    @_guarded
    def document(self, doc_id: int) -> dict[str, Any] | None:
        """One document: metadata, clean text, every fact with its span, sources and duplicates."""
        from zhnews.kb.view import document_view

        if doc_id < 1 or doc_id > 2**62:
            return None
        doc = document_view(self.store, str(doc_id))
        if doc is None or doc["id"] != doc_id:
            return None
        self._current()
        q = _browse()
        doc["duplicates"] = q.duplicates_of(self.store, doc["id"])
        original = q.document_ref(self.store, doc["duplicate_of"]) if doc.get("duplicate_of") else None
        doc["duplicate_of_id"] = original["id"] if original else None
        links = q.fact_links(self.store, doc["id"])  # per-document facts -> resolved entity/event ids
        for ent in doc["entities"]:
            ent["entity_id"] = links.get("entities", {}).get((ent["type"], ent["name"]))
        for role in doc["roles"]:
            role["person_id"] = links.get("entities", {}).get(("person", role["person"]))
            role["organization_id"] = links.get("entities", {}).get(("organization", role["organization"]))
        for i, ev in enumerate(doc["events"]):
            ev["event_id"] = links.get("events", {}).get(i)
        return doc

    # -- knowledge base: entities, careers, events, graph -------------------------------------
    @_guarded
    def entities(self, *, q: str | None, type: str | None, page: int, per_page: int) -> dict[str, Any]:
        cap = self.settings.max_results
        self._current()
        rows = _browse().list_entities(self.store, name=q or None, type=type, limit=cap)
        return self._paged({"q": q, "type": type}, "entities", rows, page, per_page)

    @_guarded
    def entity_label(self, ref: str) -> str:
        """The canonical name of an entity id (for showing a filter), or ``ref`` itself."""
        found = _queries().entity(self.store, ref)
        return found["name"] if found else ref

    @_guarded
    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """Everything the base knows about one entity (``zhnews.kb.queries.profile``)."""
        return _queries().profile(self.store, entity_id)

    @_guarded
    def career(self, entity_id: str) -> dict[str, Any] | None:
        """A person's titles over time: one step per (title, organization), from its first to its last
        stated date, with every document that states it; ``statements`` lists each statement."""
        q = _queries()
        self._current()
        person = q.entity(self.store, entity_id)
        if person is None or person["type"] != "person":
            return None
        statements = q.roles_of(self.store, entity_id)
        return {"person": person, "career": career_steps(statements), "statements": statements}

    @_guarded
    def events(self, *, type: str | None, date_from: str | None, date_to: str | None, place: str | None,
               entity: str | None, page: int, per_page: int) -> dict[str, Any]:
        """Merged events (oldest first), one page, plus the histogram by month and type of all that match."""
        cap = self.settings.max_results
        q = _queries()
        self._current()
        if entity and q.entity(self.store, entity) is not None:
            # an entity id: exactly that entity's events (a name would also match its namesakes)
            rows = [ev for ev in q.events_of(self.store, entity) if _event_matches(ev, type, date_from, date_to)]
            if place:
                places = {e["id"] for e in q.find_entities(self.store, place, "place")}
                rows = [ev for ev in rows if ev.get("place_id") in places]
            rows = rows[:cap]
        else:
            rows = q.events(self.store, type=type, date_from=date_from, date_to=date_to, place=place, entity=entity,
                            limit=cap)
        histogram: dict[str, Counter[str]] = {}
        for ev in rows:
            month = (ev.get("date") or "")[:7]
            if len(month) == 7 and month[:4].isdigit():
                histogram.setdefault(month, Counter())[ev["type"]] += 1
        query = {k: v for k, v in {"type": type, "date_from": date_from, "date_to": date_to, "place": place,
                                   "entity": entity}.items() if v}
        return {
            **self._paged(query, "events", rows, page, per_page),
            "histogram": [{"month": m, "counts": dict(histogram.get(m, {}))} for m in month_range(histogram)],
        }

    @_guarded
    def graph(self, entity: str | None, *, limit: int) -> dict[str, Any] | None:
        self._current()
        browse = _browse()
        if entity:
            # a name works as well as an id: the best documented entity of that name
            ids = browse.resolve_entity_ids(self.store, entity)
            if ids:
                q = _queries()
                entity = max(ids, key=lambda i: ((q.entity(self.store, i) or {}).get("documents", 0), i))
        return browse.graph(self.store, center=entity, limit=min(limit, self.settings.graph_max_nodes))

    # -- exports ---------------------------------------------------------------------------------
    @_guarded
    def export_rows(self, what: str, params: SearchParams, *, type: str | None, cap: int) -> list[dict[str, Any]]:
        """The rows of the current view (search hits, events or entities), flat for CSV, at most ``cap``."""
        per_page = min(cap, self.settings.max_results)
        if what == "events":
            rows = self.events(type=type or params.event_type, date_from=params.date_from, date_to=params.date_to,
                               place=params.place, entity=params.entity, page=1, per_page=per_page)["events"]
        elif what == "entities":
            rows = self.entities(q=params.q or None, type=type, page=1, per_page=per_page)["entities"]
        else:
            rows = self.search(params, page=1, per_page=per_page)["hits"]
        return rows[:cap]


def month_range(months: Iterable[str], cap: int = 600) -> list[str]:
    """Every month from the earliest to the latest of ``months`` (``YYYY-MM``), so a histogram
    shows quiet months as gaps; at most ``cap`` months (the latest ones)."""
    known = sorted(months)
    if not known:
        return []
    year, month = int(known[0][:4]), int(known[0][5:7])
    last = known[-1]
    out: list[str] = []
    while True:
        label = f"{year:04d}-{month:02d}"
        out.append(label)
        if label >= last or len(out) > 100 * cap:
            break
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out[-cap:]


def _event_matches(ev: dict[str, Any], type: str | None, date_from: str | None, date_to: str | None) -> bool:
    date = ev.get("date") or ""
    if type and ev["type"] != type:
        return False
    if date_from and date < date_from:
        return False
    return not (date_to and (not date or date > date_to + "\uffff"))


def career_steps(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Role statements (``zhnews.kb.queries.roles_of``) as career steps: one per (title, organization),
    dated by its first statement (``last_date`` its latest), sources without repeats, oldest first."""
    steps: dict[tuple[str, str | None], dict[str, Any]] = {}
    for st in statements:
        key = (st["title"], st.get("organization_id") or st.get("organization"))
        step = steps.setdefault(key, {"title": st["title"], "organization": st.get("organization"),
                                      "organization_id": st.get("organization_id"), "date": st.get("date"),
                                      "last_date": st.get("date"), "sources": []})
        date = st.get("date")
        if date and (not step["date"] or date < step["date"]):
            step["date"] = date
        if date and (not step["last_date"] or date > step["last_date"]):
            step["last_date"] = date
        src = st.get("source") or {}
        doc_id = src.get("id")
        if all(s["document_id"] != doc_id for s in step["sources"]):
            step["sources"].append({"document_id": doc_id, "title": src.get("title"), "source": src.get("source"),
                                    "publisher": src.get("publisher"), "published": src.get("published"),
                                    "text": src.get("text")})
    return sorted(steps.values(), key=lambda s: (s["date"] is None, s["date"] or "", s["title"]))


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        # lists of records (participants, sources) show by name, title or id
        return "；".join(_flat(v.get("name") or v.get("title") or v.get("id")) if isinstance(v, dict) else _flat(v)
                        for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def encode_rows(rows: list[dict[str, Any]], fmt: str) -> tuple[bytes, str]:
    """Rows as CSV (UTF-8 with BOM, so spreadsheet programs read Chinese) or JSON Lines."""
    if fmt == "jsonl":
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        return body.encode("utf-8"), "application/x-ndjson; charset=utf-8"
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns and key != "snippet_html":
                columns.append(key)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_safe(_flat(row.get(c))) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"


def _csv_safe(cell: str) -> str:
    """Cells that a spreadsheet would run as a formula get a leading quote (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
