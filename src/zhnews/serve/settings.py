"""Settings of the HTTP API and web UI, declared once with their defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """Limits every request obeys: page sizes, result caps, query length and time."""

    page_size: int = 20
    max_page_size: int = 100
    max_results: int = 1000  # no query walks more rows than this (pagination stops there)
    max_query_chars: int = 10_000  # longer query strings get a 422, not a scan
    query_timeout_s: float = 5.0  # each store query is interrupted after this long
    graph_max_nodes: int = 150
    export_max_rows: int = 5000
