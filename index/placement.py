"""Which search index may serve which catalogue.

The embedded SQLite index is a file on one machine: with a province's catalogue on a server,
each station would index only what it ingested itself, and an officer at another centre would
not find those papers. So a server catalogue takes a shared index, and saying which is the fix.
"""

from __future__ import annotations

from index.backend import BackendMisconfigured, normalise_kind


def check_index_placement(kind: str, catalogue_url: str | None) -> None:
    if catalogue_url and catalogue_url.strip() and normalise_kind(kind) == "sqlite":
        raise BackendMisconfigured(
            "the embedded SQLite index serves one machine only, and this catalogue is the province's "
            "(HOSO_CATALOGUE_URL): choose a shared index, HOSO_INDEX=postgres (on the same PostgreSQL) "
            "or HOSO_INDEX=elasticsearch (with HOSO_ES_URL)")
