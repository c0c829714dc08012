"""The statistics report of a data folder's catalogue (loads events and names, then stats.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from classify.taxonomy import load_taxonomy
from dossier.events import load_events
from dossier.periods import Period, parse_period
from dossier.procedures import load_procedures
from dossier.stats import Report, build_report
from catalogue.times import now_utc
from index.models import centre_timezone


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
    )
