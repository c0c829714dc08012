"""The statistics report of a data folder's catalogue (loads events, backlog results and names, then stats.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from classify.taxonomy import load_taxonomy
from dossier.events import load_events
from dossier.periods import Period, parse_period
from dossier.procedures import load_procedures
from dossier.stats import BacklogResult, Report, build_report
from catalogue import results as result_rows
from catalogue.database import Location, exists
from catalogue.store import Catalogue
from catalogue.times import now_utc
from index.models import centre_timezone


def load_backlog(catalogue_path: Location) -> list[BacklogResult]:
    """The backlog result documents (none when there is no catalogue yet)."""
    if not exists(catalogue_path):
        return []
    with Catalogue(catalogue_path) as catalogue, catalogue.read() as c:
        return [BacklogResult(document_id=r["id"], at=datetime.fromisoformat(r["received_at"]), doc_type=r["doc_type"],
                              procedure=r["procedure"], officer=r["officer"], centre=r["centre"])
                for r in result_rows.backlog(c)]


def catalogue_report(catalogue_path: Path | str, period: str | Period, trend: int = 6,
                     generated_at: datetime | None = None, centre: str | None = None) -> Report:
    """Figures for `period` (e.g. "2026-W12") and the `trend` periods before it; of one centre's
    dossiers with `centre`, else of every centre (one row each in `by_centre`)."""
    from access.centres import list_centres

    if isinstance(period, str):
        period = parse_period(period)
    taxonomy = load_taxonomy()
    procedures = load_procedures(known_types=set(taxonomy.keys()))
    return build_report(
        load_events(catalogue_path), period,
        procedure_names={code: p.name_vi for code, p in procedures.procedures.items()},
        type_names={key: t.name_vi for key, t in taxonomy.types.items()},
        trend=trend, timezone_name=str(centre_timezone()), generated_at=generated_at or now_utc(),
        component_counts={(code, c.key): c.count for code, p in procedures.procedures.items() for c in p.components},
        centre=centre, centre_names={c.code: c.name for c in list_centres(catalogue_path)},
        backlog=load_backlog(catalogue_path),
        required={code: {c.key: c.count for c in p.components if not c.optional}
                  for code, p in procedures.procedures.items()},
    )
