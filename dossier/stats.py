"""Reuse figures computed from the dossier events (pure: a list of events in, a report out).

Definitions (domain.md), over the events whose time falls in the period [start, end):
- components reused      = `component_reused` events;
- components submitted   = `component_submitted` events (scanned or on paper);
- missed reuses          = submitted events naming a valid stored document (`missed_reuse_of`);
- components digitised   = submitted events scanned at intake (`digitised`);
- component reuse rate   = reused / (reused + missed reuses);
- dossiers received      = `dossier_opened` events;
- dossiers with reuse    = of those, dossiers with at least one `component_reused` event before
                           the period's end (so a closed period's figures never change);
- dossier reuse rate     = dossiers with reuse / dossiers received;
- digitisation rate      = components digitised / components submitted (a reused component is
                           not handed in, so it is in neither count);
- other papers           = submitted events that are not components of the dossier's procedure
                           (`papers_other`): no component takes their type (an application form
                           or a CMND handed in with a residence dossier), the dossier has no
                           procedure, or their component already had its count (a second ID card
                           where one is asked). They are in none of the component figures above.
A rate whose denominator is 0 is None (JSON null, "—" elsewhere).

Breakdowns: per procedure (the procedure copied on each event), per document type (component
figures only: dossier fields are None), per officer (who opened the dossier, for the dossier
figures; who recorded the event, for the component figures), per centre (the dossier's centre,
copied on each of its events; None: the implicit centre of a folder that names none). The trend
is the same totals for the previous periods of the same kind and the period itself, oldest first.

Reuse by origin: the period's `component_reused` events whose reused document was received at
the dossier's own centre (`same_centre`) or at another (`other_centre`). Events written before
centres existed have neither centre, and count as same_centre.

Digitisation of dossiers and results (issue 18), over the same period:
- results returned       = dossiers whose `result_returned` event falls in the period (a dossier
                           is returned once; a second event of the same dossier is not counted);
- results digitised      = of those, the events with `digitised` (a result document scanned at
                           the return); result digitisation rate = digitised / returned;
- dossiers digitised at intake = dossiers opened in the period (`dossier_opened`) whose every
                           required component (not optional, in the procedure's list) has its
                           count of documents, the first ones handed in for it all scanned or
                           reused (none on paper, none missing), by the events before the period's
                           end; a dossier of no known procedure is not. Intake digitisation rate
                           = that / dossiers received (dossier-level; `digitisation_rate` above is
                           component-level);
- backlog results digitised = result documents read from the archive of earlier results
                           (`documents.result_kind = 'backlog'`, no event) received in the period;
- the headline "tỷ lệ số hóa hồ sơ, kết quả" (`dossier_result_digitisation_rate`) =
  (dossiers digitised at intake + results digitised) / (dossiers received + results returned):
  every dossier received and every result handed back in the period is one item that is
  digitised or not. Backlog results have no denominator (the size of the paper archive is not
  known) and are reported beside it, not in it.
The result figures are dossier figures: None in the rows per document type, as the reuse ones.
Rows per officer count a return for the officer who handed it back (the event's officer), a
backlog result for the officer of its scan; per centre, the event's or the document's centre.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict, computed_field

from dossier.periods import Period, trailing
from dossier.store import Event

TARGET_REUSE_RATE = 0.8
TARGET_DIGITISATION_RATE = 1.0  # "100% số hóa hồ sơ, kết quả"
HEADLINE_LABEL = "Tỷ lệ số hóa hồ sơ, kết quả"
HEADLINE_DEFINITION = ("(hồ sơ tiếp nhận có mọi thành phần bắt buộc được số hóa hoặc tái sử dụng + hồ sơ trả kết "
                       "quả có kết quả được số hóa) / (hồ sơ tiếp nhận + hồ sơ trả kết quả) trong kỳ; kết quả cũ "
                       "số hóa từ kho lưu trữ giấy được báo cáo riêng, không tính vào tỷ lệ này")
UNKNOWN_NAME = "(không rõ)"
IMPLICIT_CENTRE_NAME = "(trung tâm mặc định)"  # a folder that names no centre


def rate(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


class Figures(BaseModel):
    dossiers_received: int | None = 0
    dossiers_with_reuse: int | None = 0
    components_reused: int = 0
    components_submitted: int = 0
    components_missed_reuse: int = 0
    components_digitised: int = 0
    papers_other: int = 0
    # added with results (issue 18); None in the rows per document type (dossier figures)
    results_returned: int | None = 0
    results_digitised: int | None = 0
    dossiers_digitised_at_intake: int | None = 0
    backlog_results_digitised: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def component_reuse_rate(self) -> float | None:
        return rate(self.components_reused, self.components_reused + self.components_missed_reuse)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def dossier_reuse_rate(self) -> float | None:
        if self.dossiers_received is None or self.dossiers_with_reuse is None:
            return None
        return rate(self.dossiers_with_reuse, self.dossiers_received)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def digitisation_rate(self) -> float | None:
        return rate(self.components_digitised, self.components_submitted)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def result_digitisation_rate(self) -> float | None:
        if self.results_returned is None or self.results_digitised is None:
            return None
        return rate(self.results_digitised, self.results_returned)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def intake_digitisation_rate(self) -> float | None:
        if self.dossiers_received is None or self.dossiers_digitised_at_intake is None:
            return None
        return rate(self.dossiers_digitised_at_intake, self.dossiers_received)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def dossier_result_digitisation_rate(self) -> float | None:
        """The headline "tỷ lệ số hóa hồ sơ, kết quả" (HEADLINE_DEFINITION)."""
        parts = (self.dossiers_received, self.results_returned, self.dossiers_digitised_at_intake,
                 self.results_digitised)
        if any(p is None for p in parts):
            return None
        return rate(self.dossiers_digitised_at_intake + self.results_digitised,
                    self.dossiers_received + self.results_returned)


class Row(Figures):
    key: str | None  # procedure code, document type key, officer; None when not recorded
    name: str


class TrendRow(Figures):
    period: str
    start: datetime
    end: datetime


class PeriodInfo(BaseModel):
    label: str
    kind: str
    start: datetime
    end: datetime
    timezone: str


class ReuseByOrigin(BaseModel):
    same_centre: int = 0  # the reused document was received at the dossier's centre
    other_centre: int = 0  # ... at another centre of the province


class Headline(BaseModel):
    """The centres' one figure for digitisation, with the definition printed beside it."""

    label: str = HEADLINE_LABEL
    definition: str = HEADLINE_DEFINITION
    field: str = "dossier_result_digitisation_rate"  # the same figure in `totals` and every row
    rate: float | None = None
    target: float = TARGET_DIGITISATION_RATE


class BacklogResult(BaseModel):
    """A result document read from the archive of earlier results (no dossier, no event)."""

    model_config = ConfigDict(frozen=True)

    document_id: str
    at: datetime  # when it was digitised (the document's received_at)
    doc_type: str | None = None
    procedure: str | None = None
    officer: str | None = None
    centre: str | None = None


class Report(BaseModel):
    """What `hoso stats` exports; the JSON field names are a stable contract."""

    report_version: int = 1
    period: PeriodInfo
    target_reuse_rate: float = TARGET_REUSE_RATE
    generated_at: datetime | None = None
    totals: Figures
    by_procedure: list[Row]
    by_document_type: list[Row]
    by_officer: list[Row]
    trend: list[TrendRow]
    # added with centres: the centre the figures are of (None: every centre of the catalogue),
    # one row per centre, and where the reused documents came from
    centre: str | None = None
    by_centre: list[Row] = []
    reuse_by_origin: ReuseByOrigin = ReuseByOrigin()
    # added with results (issue 18)
    target_digitisation_rate: float = TARGET_DIGITISATION_RATE
    digitisation_headline: Headline = Headline()

    @property
    def names_centres(self) -> bool:
        """Whether the catalogue names centres at all (else the exports look as before centres)."""
        return self.centre is not None or any(r.key is not None for r in self.by_centre)


FIGURE_FIELDS = ("dossiers_received", "dossiers_with_reuse", "dossier_reuse_rate", "components_reused",
                 "components_submitted", "components_missed_reuse", "component_reuse_rate",
                 "components_digitised", "digitisation_rate", "papers_other",
                 "results_returned", "results_digitised", "result_digitisation_rate",
                 "dossiers_digitised_at_intake", "intake_digitisation_rate", "backlog_results_digitised",
                 "dossier_result_digitisation_rate")
RATE_FIELDS = ("dossier_reuse_rate", "component_reuse_rate", "digitisation_rate", "result_digitisation_rate",
               "intake_digitisation_rate", "dossier_result_digitisation_rate")
# the figures of dossiers (None in the rows per document type)
DOSSIER_FIELDS = ("dossiers_received", "dossiers_with_reuse", "dossier_reuse_rate", "results_returned",
                  "results_digitised", "result_digitisation_rate", "dossiers_digitised_at_intake",
                  "intake_digitisation_rate", "dossier_result_digitisation_rate")

Key = Callable[[Event | BacklogResult], str | None]


ComponentCounts = Mapping[tuple[str, str], int]  # (procedure, component key) -> documents it takes
RequiredComponents = Mapping[str, Mapping[str, int]]  # procedure -> its required components and their counts


def other_papers(events: Sequence[Event], component_counts: ComponentCounts | None) -> set[int]:
    """Positions in `events` (in the order they happened) of the submissions that are not components.

    Without `component_counts` only the submissions no component took are other papers; with
    them, a component's documents beyond its count (reused or submitted, first come first) too.
    """
    filled: Counter[tuple[str, str]] = Counter()
    other = set()
    for position, event in enumerate(events):
        if event.kind not in ("component_reused", "component_submitted"):
            continue
        if event.component is None:
            if event.kind == "component_submitted":
                other.add(position)
            continue
        filled[(event.dossier, event.component)] += 1
        limit = (component_counts or {}).get((event.procedure or "", event.component))
        if event.kind == "component_submitted" and limit is not None and filled[(event.dossier, event.component)] > limit:
            other.add(position)
    return other


def digitised_at_intake(events: Sequence[Event], before: datetime, required: RequiredComponents | None) -> set[str]:
    """Dossiers whose every required component has its count of documents, the first ones handed
    in for it (in the order they happened, before `before`) all scanned or reused."""
    procedures: dict[str, str | None] = {}
    handed_in: dict[tuple[str, str], list[bool]] = {}  # (dossier, component) -> digitised, first come first
    for event in events:
        if event.at >= before:
            continue
        if event.kind == "dossier_opened":
            procedures[event.dossier] = event.procedure
        elif event.kind in ("component_reused", "component_submitted") and event.component is not None:
            digitised = event.kind == "component_reused" or bool(event.digitised)
            handed_in.setdefault((event.dossier, event.component), []).append(digitised)
    required = required or {}

    def complete(dossier: str, components: Mapping[str, int]) -> bool:
        return all(len(first := handed_in.get((dossier, key), [])[:count]) == count and all(first)
                   for key, count in components.items())

    return {dossier for dossier, procedure in procedures.items()
            if procedure in required and complete(dossier, required[procedure])}


def first_returns(events: Sequence[Event]) -> set[int]:
    """Positions of each dossier's first `result_returned` event (a dossier is returned once)."""
    seen: set[str] = set()
    first = set()
    for position, event in enumerate(events):
        if event.kind == "result_returned" and event.dossier not in seen:
            seen.add(event.dossier)
            first.add(position)
    return first


def figures_by(events: Sequence[Event], period: Period, key: Key | None = None,
               dossier_level: bool = True, other: set[int] | None = None,
               backlog: Sequence[BacklogResult] = (), required: RequiredComponents | None = None
               ) -> dict[str | None, Figures]:
    """Figures of the events (and backlog results) in `period`, grouped by `key` (one group, None,
    without a key). `other`: positions of submissions that are not components (default:
    `other_papers` without counts); `required`: each procedure's required components (without
    them no dossier counts as digitised at intake)."""
    reused_dossiers = {e.dossier for e in events if e.kind == "component_reused" and e.at < period.end}
    digitised_dossiers = digitised_at_intake(events, period.end, required) if dossier_level else set()
    returns = first_returns(events)
    other = other_papers(events, None) if other is None else other
    counts: dict[str | None, Counter[str]] = {}
    for position, event in enumerate(events):
        dossier_event = event.kind in ("dossier_opened", "result_returned")
        if not period.contains(event.at) or (dossier_event and not dossier_level):
            continue
        if event.kind == "result_document" or (event.kind == "result_returned" and position not in returns):
            continue  # the documents of a return are counted by its result_returned event
        count = counts.setdefault(key(event) if key else None, Counter())
        if event.kind == "dossier_opened":
            count["dossiers_received"] += 1
            count["dossiers_with_reuse"] += event.dossier in reused_dossiers
            count["dossiers_digitised_at_intake"] += event.dossier in digitised_dossiers
        elif event.kind == "result_returned":
            count["results_returned"] += 1
            count["results_digitised"] += bool(event.digitised)
        elif event.kind == "component_reused":
            count["components_reused"] += 1
        elif event.kind == "component_submitted" and position in other:
            count["papers_other"] += 1
        elif event.kind == "component_submitted":
            count["components_submitted"] += 1
            count["components_missed_reuse"] += event.missed_reuse
            count["components_digitised"] += bool(event.digitised)
    for result in backlog:
        if period.contains(result.at):
            counts.setdefault(key(result) if key else None, Counter())["backlog_results_digitised"] += 1
    if dossier_level:
        return {k: Figures(**c) for k, c in counts.items()}
    return {k: Figures(**{**dict.fromkeys(f for f in DOSSIER_FIELDS if f not in RATE_FIELDS), **c})
            for k, c in counts.items()}


def totals(events: Sequence[Event], period: Period, other: set[int] | None = None,
           backlog: Sequence[BacklogResult] = (), required: RequiredComponents | None = None) -> Figures:
    return figures_by(events, period, other=other, backlog=backlog, required=required).get(None, Figures())


def _rows(groups: Mapping[str | None, Figures], name: Callable[[str | None], str]) -> list[Row]:
    ordered = sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or ""))
    return [Row(key=k, name=name(k), **f.model_dump(exclude=set(RATE_FIELDS))) for k, f in ordered]


def reuse_by_origin(events: Sequence[Event], period: Period) -> ReuseByOrigin:
    reused = [e for e in events if e.kind == "component_reused" and period.contains(e.at)]
    same = sum(e.origin_centre == e.centre for e in reused)
    return ReuseByOrigin(same_centre=same, other_centre=len(reused) - same)


def build_report(events: Sequence[Event], period: Period, *, procedure_names: Mapping[str, str] | None = None,
                 type_names: Mapping[str, str] | None = None, trend: int = 6, timezone_name: str = "",
                 generated_at: datetime | None = None, component_counts: ComponentCounts | None = None,
                 centre: str | None = None, centre_names: Mapping[str, str] | None = None,
                 backlog: Sequence[BacklogResult] = (), required: RequiredComponents | None = None) -> Report:
    """`centre`: the figures of that centre's dossiers (and backlog results) only (None: of every centre).
    `backlog`: the backlog result documents; `required`: each procedure's required components."""
    procedure_names = procedure_names or {}
    type_names = type_names or {}
    if centre is not None:
        events = [e for e in events if e.centre == centre]
        backlog = [b for b in backlog if b.centre == centre]
    other = other_papers(events, component_counts)
    centre_names = centre_names or {}

    def named(names: Mapping[str, str]) -> Callable[[str | None], str]:
        return lambda k: UNKNOWN_NAME if k is None else names.get(k, k)

    def by(key: Key, dossier_level: bool = True) -> dict[str | None, Figures]:
        return figures_by(events, period, key, dossier_level=dossier_level, other=other, backlog=backlog,
                          required=required)

    period_totals = totals(events, period, other, backlog, required)
    return Report(
        period=PeriodInfo(label=period.label, kind=period.kind, start=period.start, end=period.end,
                          timezone=timezone_name or str(period.start.tzinfo)),
        generated_at=generated_at,
        totals=period_totals,
        by_procedure=_rows(by(lambda e: e.procedure), named(procedure_names)),
        by_document_type=_rows(by(lambda e: e.doc_type, dossier_level=False), named(type_names)),
        by_officer=_rows(by(lambda e: e.officer), named({})),
        trend=[TrendRow(period=p.label, start=p.start, end=p.end,
                        **totals(events, p, other, backlog, required).model_dump(exclude=set(RATE_FIELDS)))
               for p in trailing(period, trend)],
        centre=centre,
        by_centre=_rows(by(lambda e: e.centre), lambda k: IMPLICIT_CENTRE_NAME if k is None else centre_names.get(k, k)),
        reuse_by_origin=reuse_by_origin(events, period),
        digitisation_headline=Headline(rate=period_totals.dossier_result_digitisation_rate),
    )
