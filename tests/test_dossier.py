"""Procedures, the append-only dossier log, reuse rules and validity, on real catalogue files."""

from __future__ import annotations

import json
import multiprocessing
import re
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

import cli
from access.models import Actor
from access.officers import add_officer
from catalogue.database import url_of
from catalogue.schema import document_dates, dossier_events
from classify.taxonomy import load_taxonomy
from dossier.events import VALIDITY_CONFIRMED, DossierError, Store, ValidityUnconfirmed, dossier_view, load_events, open_dossier, record_submissions
from dossier.procedures import ProcedureError, load_procedures
from dossier.store import Event, append_event, register_dossier
from classify.dates import add_months
from dossier.validity import KnownDates, assess, dates_from_text
from catalogue.store import Catalogue
from tests.catalogue_history import VN, doc, ingest, vn

A, B = "001203004567", "079305001234"








def papers(location):
    """Citizen A's papers, and one of B's, and one waiting for review."""
    ingest(location,
           doc("cccd_ok", "cccd", A, vn(1, 5), text="CĂN CƯỚC CÔNG DÂN\nCó giá trị đến: 15/08/2035"),
           doc("cccd_old", "cccd", A, vn(1, 2, year=2020), text="CĂN CƯỚC CÔNG DÂN\nCó giá trị đến: 01/01/2021"),
           doc("cccd_unknown", "cccd", A, vn(2, 1)),
           doc("ks", "giay_khai_sinh", A, vn(1, 5)),
           doc("tk", "to_khai", A, vn(1, 5)),
           doc("xn", "xac_nhan_tinh_trang_hon_nhan", A, vn(2, 10)),
           doc("cmnd", "cmnd", A, vn(1, 5, year=2024)),
           doc("b_cccd", "cccd", B, vn(1, 5), text="Có giá trị đến: 15/08/2035"),
           doc("review_ks", "giay_khai_sinh", None, vn(1, 6)))
    return location


@pytest.fixture
def on_file(catalogue_location):
    """The papers on the embedded SQLite file, then on a PostgreSQL database (the same rules)."""
    return papers(catalogue_location)


@pytest.fixture
def on_sqlite_file(tmp_path):
    """For the command-line tests of a data folder with officers: its SQLite file."""
    return papers(tmp_path / "catalogue.sqlite")


# --- the procedure catalogue ---------------------------------------------------------------------

def test_shipped_procedures_are_valid_and_use_taxonomy_keys():
    catalogue = load_procedures()
    names = {p.name_vi for p in catalogue.procedures.values()}
    assert {"Đăng ký khai sinh", "Đăng ký kết hôn", "Cấp Giấy xác nhận tình trạng hôn nhân", "Đăng ký khai tử",
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực chữ ký trong giấy tờ, văn bản",
            "Chứng thực hợp đồng, giao dịch", "Đăng ký thường trú"} <= names
    assert sum(p.field == "Đất đai" for p in catalogue.procedures.values()) == 2
    keys = set(load_taxonomy().keys())
    for procedure in catalogue.procedures.values():
        assert all(set(c.types) <= keys for c in procedure.components)
        assert any(not c.optional for c in procedure.components)
    marriage = catalogue.procedures["dang_ky_ket_hon"]
    assert marriage.component("giay_to_tuy_than").count == 2 and marriage.component("giay_to_tuy_than").original
    assert not catalogue.is_reusable(marriage.component("to_khai"))
    assert catalogue.is_reusable(marriage.component("xac_nhan_hon_nhan"))
    assert not catalogue.is_reusable(catalogue.procedures["chung_thuc_ban_sao"].component("ban_chinh"))
    assert catalogue.legal_end_dates["cmnd"] == date(2024, 12, 31)


def test_a_centre_extends_and_overrides_the_catalogue(tmp_path, monkeypatch):
    extra = tmp_path / "local.toml"
    extra.write_text(
        '[procedures.dang_ky_khai_sinh]\nname_vi = "Đăng ký khai sinh (liên thông)"\n\n'
        '[procedures.cap_ban_sao_trich_luc]\nname_vi = "Cấp bản sao trích lục hộ tịch"\nfield = "Hộ tịch"\n'
        '[[procedures.cap_ban_sao_trich_luc.components]]\nkey = "to_khai"\nname_vi = "Tờ khai"\ntypes = ["to_khai"]\n',
        encoding="utf-8")
    monkeypatch.setenv("HOSO_PROCEDURES", str(extra))
    catalogue = load_procedures()
    assert catalogue.procedures["dang_ky_khai_sinh"].name_vi == "Đăng ký khai sinh (liên thông)"
    assert len(catalogue.procedures["dang_ky_khai_sinh"].components) == 5  # not given: kept
    assert catalogue.procedures["cap_ban_sao_trich_luc"].components[0].types == ["to_khai"]


@pytest.mark.parametrize("text, message", [
    ('[procedures.x]\nname_vi = "X"\n[[procedures.x.components]]\nkey = "a"\nname_vi = "A"\ntypes = ["so_ho_khau"]\n',
     "unknown document type 'so_ho_khau'"),
    ('[procedures.x]\nname_vi = "X"\n[[procedures.x.components]]\nkey = "a"\nname_vi = "A"\ntypes = ["cccd"]\ncount = 0\n',
     "procedures.x.components.0.count"),
    ('[procedures.X-1]\nname_vi = "X"\n[[procedures.X-1.components]]\nkey = "a"\nname_vi = "A"\ntypes = ["cccd"]\n',
     "procedures.X-1.code"),
    ('[procedures.x]\nname_vi = "X"\ncomponents = [{key = "a", name_vi = "A", types = ["cccd"]}, '
     '{key = "a", name_vi = "B", types = ["cmnd"]}]\n', "component keys repeated: a"),
    ("procedures = [", "not valid TOML"),
])
def test_an_invalid_catalogue_says_where(tmp_path, monkeypatch, text, message):
    extra = tmp_path / "bad.toml"
    extra.write_text(text, encoding="utf-8")
    monkeypatch.setenv("HOSO_PROCEDURES", str(extra))
    with pytest.raises(ProcedureError) as caught:
        load_procedures()
    assert message in str(caught.value) and str(extra) in str(caught.value)


# --- validity --------------------------------------------------------------------------------

def test_months_are_added_to_the_end_of_a_short_month():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 10), 6) == date(2026, 7, 10)


def test_a_marital_status_confirmation_is_valid_six_months_from_issue():
    issued = KnownDates(issue_date=date(2026, 1, 10), source="officer")
    # Civil Code art. 147-148: the day of issue is not counted, the term ends with the same day
    # of its last month (as ingest computes an expiry date, classify/dates.py)
    assert assess("months_from_issue", 6, issued, date(2026, 1, 12), date(2026, 7, 10)).status == "valid"
    assert assess("months_from_issue", 6, issued, date(2026, 1, 12), date(2026, 7, 11)).status == "expired"
    # Issue date unknown: issued on or before the scan, so certainly expired 6 months after it.
    unknown = KnownDates()
    assert assess("months_from_issue", 6, unknown, date(2026, 1, 12), date(2026, 7, 12)).status == "unknown"
    assert assess("months_from_issue", 6, unknown, date(2026, 1, 12), date(2026, 7, 13)).status == "expired"


def test_an_id_card_is_valid_through_its_expiry_day_and_cmnd_ended_by_law():
    card = KnownDates(expiry_date=date(2031, 5, 12), source="text")
    assert assess("until_expiry", None, card, date(2026, 1, 1), date(2031, 5, 12)).status == "valid"
    assert assess("until_expiry", None, card, date(2026, 1, 1), date(2031, 5, 13)).status == "expired"
    assert assess("until_expiry", None, KnownDates(), date(2026, 1, 1), date(2026, 3, 1)).status == "unknown"
    assert assess("until_expiry", None, KnownDates(no_expiry=True), date(2026, 1, 1), date(2060, 1, 1)).status == "valid"
    assert assess("until_expiry", None, card, date(2024, 1, 1), date(2025, 1, 1), legal_end=date(2024, 12, 31)).status == "expired"
    assert assess("none", None, KnownDates(), date(1990, 1, 1), date(2026, 3, 1)).status == "valid"


def test_the_expiry_date_is_read_from_the_card_text():
    assert dates_from_text("CĂN CƯỚC\nCó giá trị đến: 15/08/2035", "until_expiry").expiry_date == date(2035, 8, 15)
    assert dates_from_text("Date of expiry 01.02.2030", "until_expiry").expiry_date == date(2030, 2, 1)
    assert dates_from_text("Có giá trị đến: Không thời hạn", "until_expiry").no_expiry
    assert dates_from_text("Ngày sinh: 15/08/1990", "until_expiry") == KnownDates()
    assert dates_from_text("Có giá trị đến: 31/02/2030", "until_expiry") == KnownDates()  # not a day
    assert dates_from_text("Có giá trị đến: 15/08/2035", "none") == KnownDates()


# --- the append-only log -----------------------------------------------------------------------

def _any_client(location) -> sa.Engine:
    """A connection of its own to the catalogue, as any other program could open."""
    return sa.create_engine(url_of(location), poolclass=sa.pool.NullPool)


def test_events_and_dates_cannot_be_changed_or_deleted(on_file):
    open_dossier(on_file, "HS-1", A, "dang_ky_ket_hon", "Lan", at=vn(3, 2))
    with Store(on_file) as store:
        store.record_dates("xn", "Lan", issue_date=date(2026, 2, 1))
    engine = _any_client(on_file)
    opening = dict(at="2026-01-01T00:00:00+00:00", recorded_at="2026-01-01T00:00:00+00:00", kind="dossier_opened")
    statements = [dossier_events.update().values(officer="X"), dossier_events.delete(),
                  dossier_events.insert().values(dossier="HS-1", **opening),  # registered once
                  document_dates.update().values(issue_date="2020-01-01"), document_dates.delete()]
    if engine.dialect.name == "sqlite":
        statements.append(sa.text("INSERT OR REPLACE INTO dossier_events(id, at, recorded_at, kind, dossier)"
                                  " VALUES (1, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00',"
                                  " 'dossier_opened', 'HS-X')"))
    else:  # skips the row triggers: refused by a statement trigger
        statements += [sa.text("TRUNCATE dossier_events"), sa.text("TRUNCATE document_dates")]
    with engine.connect() as c:
        before = c.execute(sa.select(dossier_events)).all()
    for statement in statements:
        with pytest.raises(sa.exc.DatabaseError) as caught:
            with engine.begin() as c:
                c.execute(statement)
        assert re.search("append-only|already registered|dossier_events_open_once", str(caught.value)), statement
    with engine.connect() as c:
        assert c.execute(sa.select(dossier_events)).all() == before
        assert c.execute(sa.select(sa.func.count()).select_from(document_dates)).scalar_one() == 1
    engine.dispose()


def test_times_are_stored_in_utc(on_file):
    open_dossier(on_file, "HS-1", A, "dang_ky_ket_hon", "Lan", at=vn(3, 20, 16, 30))
    engine = _any_client(on_file)
    with engine.connect() as c:
        assert c.execute(sa.select(dossier_events.c.at)).scalar_one() == "2026-03-20T09:30:00+00:00"
    engine.dispose()


# --- open: the "do not ask again" list ---------------------------------------------------------

def test_open_lists_linked_documents_of_the_citizen_valid_first(on_file):
    view = open_dossier(on_file, "HS-1", A, "dang_ky_ket_hon", "Lan", at=vn(3, 2))
    assert view.created and view.procedure_name == "Đăng ký kết hôn"
    ids = {c.key: [(x.document_id, x.validity) for x in c.candidates] for c in view.components}
    assert ids["giay_to_tuy_than"] == [("cccd_ok", "valid"), ("cccd_unknown", "unknown"), ("cccd_old", "expired")]
    assert ids["to_khai"] == []  # a form is made for each dossier: never offered
    # the confirmation was scanned on 10/02/2026; its issue date is not known yet
    assert ids["xac_nhan_hon_nhan"] == [("xn", "unknown")]
    with Store(on_file) as store:
        store.record_dates("xn", "Lan", issue_date=date(2025, 8, 1))
    again = dossier_view(on_file, "HS-1")
    assert [(x.document_id, x.validity) for x in again.components[2].candidates] == [("xn", "expired")]


def test_open_never_offers_another_citizens_or_unlinked_papers(on_file):
    view = open_dossier(on_file, "HS-1", B, "dang_ky_thuong_tru", "Lan", at=vn(3, 2))
    offered = {x.document_id for c in view.components for x in c.candidates}
    assert offered == set()  # B has only an ID card on file, which this procedure does not ask for
    view = open_dossier(on_file, "HS-2", A, "dang_ky_thuong_tru", "Lan", at=vn(3, 2))
    offered = {x.document_id for c in view.components for x in c.candidates}
    assert offered == {"ks"} and "review_ks" not in offered


def test_opening_twice_is_harmless_but_a_clash_is_refused(on_file):
    open_dossier(on_file, "HS-1", A, "dang_ky_ket_hon", "Lan", at=vn(3, 2))
    view = open_dossier(on_file, "HS-1", A, "dang_ky_ket_hon", "Lan")
    assert not view.created and view.warnings
    with pytest.raises(DossierError, match="already registered"):
        open_dossier(on_file, "HS-1", B, "dang_ky_ket_hon", "Lan")
    with pytest.raises(DossierError, match="unknown procedure"):
        open_dossier(on_file, "HS-3", A, "khong_co", "Lan")
    with pytest.raises(DossierError, match="officer"):
        open_dossier(on_file, "HS-3", A, "dang_ky_ket_hon", " ")
    assert sum(e.kind == "dossier_opened" for e in load_events(on_file)) == 1


RACED_CODES = [f"HS-RACE-{n}" for n in range(40)]


def _open_in_a_process(location, citizen, start, results):
    """A station opening the codes at the same moment as the others, for its own citizen."""
    with Store(location) as store:
        start.wait(30)
        for code in RACED_CODES:
            try:
                store.open(code, citizen, "dang_ky_ket_hon", "Lan", at=vn(3, 2))
                results.put((code, "opened", citizen))
            except DossierError as refused:
                results.put((code, "refused", str(refused)))


def test_stations_opening_one_code_at_once_register_it_once(catalogue_location):
    """Separate processes (as stations of a province) open the same codes for different citizens:
    one registers each code, every other gets the operator's refusal, never a database error."""
    Catalogue(catalogue_location).close()  # the schema exists before the race
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    citizens = [A, B, "001203009999"]
    workers = [context.Process(target=_open_in_a_process, args=(catalogue_location, c, start, results))
               for c in citizens]
    for w in workers:
        w.start()
    start.set()
    outcomes = [results.get(timeout=120) for _ in range(len(workers) * len(RACED_CODES))]
    for w in workers:
        w.join(60)
    winners = {code: who for code, what, who in outcomes if what == "opened"}
    assert sorted(winners) == sorted(RACED_CODES), outcomes
    assert sum(what == "opened" for _, what, _ in outcomes) == len(RACED_CODES), outcomes
    assert all("is already registered for citizen" in message for _, what, message in outcomes if what == "refused")
    registered = {e.dossier: e.citizen_id for e in load_events(catalogue_location) if e.kind == "dossier_opened"}
    assert registered == winners


def test_an_opening_refused_by_the_database_leaves_the_transaction_going_on(on_file):
    """What a station meets when another registered the code between its look-up and its insert:
    no new opening, and the rest of its transaction (the submission) is still written."""
    open_dossier(on_file, "HS-1", A, "dang_ky_ket_hon", "Lan", at=vn(3, 2))
    with Store(on_file) as store:
        with store.transaction() as c:
            again = Event(at=vn(3, 2, 10), kind="dossier_opened", dossier="HS-1", citizen_id=B, officer="Hà")
            assert register_dossier(c, again) is None
            append_event(c, Event(at=vn(3, 2, 10), kind="component_submitted", dossier="HS-1", doc_type="to_khai",
                                  officer="Hà", digitised=False))
    assert [(e.kind, e.citizen_id, e.officer) for e in load_events(on_file)] == [
        ("dossier_opened", A, "Lan"), ("component_submitted", None, "Hà")]


# --- reuse ---------------------------------------------------------------------------------------

def test_reuse_rules(on_file):
    with Store(on_file) as store:
        store.open("HS-1", A, "dang_ky_ket_hon", "Lan", at=vn(3, 2))
        event, warnings = store.reuse("HS-1", "cccd_ok", "Lan", at=vn(3, 2, 9, 5))
        assert (event.component, event.doc_type, event.officer, warnings) == ("giay_to_tuy_than", "cccd", "Lan", [])
        refusals = {
            "b_cccd": "belongs to another citizen",
            "review_ks": "waiting for review",
            "cccd_old": "expired",
            "cmnd": "asks for no cmnd",
            "tk": "must be handed in",
            "cccd_ok": "already reused",
            "nope": "no document",
        }
        for doc_id, message in refusals.items():
            with pytest.raises(DossierError, match=message):
                store.reuse("HS-1", doc_id, "Lan", at=vn(3, 2, 9, 6))
        with pytest.raises(ValidityUnconfirmed, match="--confirm-validity"):  # defect 4: the officer checks first
            store.reuse("HS-1", "cccd_unknown", "Lan", at=vn(3, 2, 9, 7))
        event, warnings = store.reuse("HS-1", "cccd_unknown", "Lan", at=vn(3, 2, 9, 7), confirm_validity=True)
        assert warnings and "unknown" in warnings[0] and event.note == VALIDITY_CONFIRMED
        with pytest.raises(DossierError, match="not registered"):
            store.reuse("HS-9", "cccd_ok", "Lan")
        store.open("HS-2", A, "chung_thuc_chu_ky", "Lan", at=vn(3, 3))
        store.reuse("HS-2", "cccd_ok", "Lan", at=vn(3, 3, 9, 1))
        with pytest.raises(DossierError, match="already has its 1"):
            store.reuse("HS-2", "cccd_unknown", "Lan", at=vn(3, 3, 9, 2))
    kinds = [e.kind for e in load_events(on_file)]
    assert kinds.count("component_reused") == 3  # refusals wrote nothing


def test_a_reuse_later_dated_expired_is_flagged_on_the_dossier(on_file):
    with Store(on_file) as store:
        store.open("HS-1", A, "dang_ky_ket_hon", "Lan", at=vn(3, 2))
        store.reuse("HS-1", "xn", "Lan", at=vn(3, 2, 9, 5), confirm_validity=True)
        assert store.view("HS-1").expired_reuses == []
        store.record_dates("xn", "Hà", issue_date=date(2025, 8, 1))  # valid 6 months: expired on the day
    [flagged] = dossier_view(on_file, "HS-1").expired_reuses
    assert (flagged.document_id, flagged.component, flagged.valid_until) == ("xn", "xac_nhan_hon_nhan", date(2026, 2, 1))


def test_a_cmnd_is_expired_after_2024_by_law(on_file):
    with Store(on_file) as store:
        store.open("HS-1", A, "chung_thuc_ban_sao", "Lan", at=vn(3, 2))
        cmnd = store.document("cmnd")
        assert store.validity(cmnd, date(2024, 12, 31)).status == "unknown"
        assert store.validity(cmnd, date(2025, 1, 1)).status == "expired"


# --- submissions ---------------------------------------------------------------------------------

def test_scanned_components_are_submissions_and_missed_reuses_are_found(on_file):
    open_dossier(on_file, "HS-1", A, "dang_ky_ket_hon", "Lan", at=vn(3, 2))
    scanned = [doc("s_tk", "to_khai", A, vn(3, 2, 10), "HS-1", "Lan"),
               doc("s_cccd", "cccd", A, vn(3, 2, 10), "HS-1", "Lan"),
               doc("s_unlinked", "cccd", None, vn(3, 2, 10), "HS-1", "Lan"),
               doc("other", "giay_khai_sinh", A, vn(3, 2, 10))]
    events = ingest(on_file, *scanned)
    assert [(e.document_id, e.component, e.digitised, e.missed_reuse_of) for e in events] == [
        ("s_cccd", "giay_to_tuy_than", True, "cccd_ok"),
        ("s_tk", "to_khai", True, None),
        ("s_unlinked", "giay_to_tuy_than", True, None),  # whose card it is is not known: no accusation
    ]
    assert record_submissions(on_file, scanned) == []  # idempotent (a re-run of the same file)
    view = dossier_view(on_file, "HS-1")
    status = {c.key: c.status for c in view.components}
    assert status == {"to_khai": "satisfied", "giay_to_tuy_than": "satisfied", "xac_nhan_hon_nhan": "optional"}
    # documents scanned for this dossier are not offered back to it as reuse
    assert all(x.document_id not in {"s_cccd", "s_unlinked"} for c in view.components for x in c.candidates)


def test_a_dossier_first_seen_at_ingest_is_registered_then(on_file):
    events = ingest(on_file, doc("g1", "giay_khai_sinh", A, vn(3, 4), "HS-7", "Hà", procedure="dang_ky_thuong_tru"))
    assert [e.missed_reuse_of for e in events] == ["ks"]
    opened = [e for e in load_events(on_file) if e.kind == "dossier_opened"]
    assert [(e.dossier, e.procedure, e.citizen_id, e.officer, e.note) for e in opened] == [
        ("HS-7", "dang_ky_thuong_tru", A, "Hà", "registered at ingest")]


def test_paper_components_count_as_not_digitised_and_can_be_missed_reuses(on_file):
    with Store(on_file) as store:
        store.open("HS-1", A, "dang_ky_khai_sinh", "Lan", at=vn(3, 2))
        paper = store.paper("HS-1", "cccd", "Lan", at=vn(3, 2, 9, 30))
        assert (paper.digitised, paper.document_id, paper.missed_reuse_of) == (False, None, "cccd_ok")
        with pytest.raises(DossierError, match="unknown document type"):
            store.paper("HS-1", "so_do", "Lan")


def test_a_later_date_record_corrects_an_earlier_one(on_file):
    with Store(on_file) as store:
        store.record_dates("cccd_unknown", "Lan", expiry_date=date(2026, 1, 1))
        assert store.validity(store.document("cccd_unknown"), date(2026, 3, 1)).status == "expired"
        store.record_dates("cccd_unknown", "Lan", expiry_date=date(2036, 1, 1))
        assert store.validity(store.document("cccd_unknown"), date(2026, 3, 1)).status == "valid"
        with pytest.raises(DossierError):
            store.record_dates("cccd_unknown", "Lan")


# --- the command line ----------------------------------------------------------------------------

def _run(*args):
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


def test_cli_open_reuse_paper_show(on_sqlite_file):
    on_file = on_sqlite_file
    data = str(on_file.parent)
    add_officer(on_file, "Lan", "officer", None, Actor.cli(None))
    result = _run("dossier", "open", "--dossier", "HS-1", "--citizen-id", A, "--procedure", "dang_ky_ket_hon",
                  "--officer", "Lan", "--data-dir", data)
    assert result.exit_code == 0, result.output
    assert "Đăng ký kết hôn" in result.output and "cccd_ok" in result.output and "HẾT HẠN" in result.output
    assert result.output.index("cccd_ok") < result.output.index("cccd_old")

    qr = f"{A}|123456789|NGUYỄN VĂN AN|01011990|Nam|Hà Nội|01012021"
    result = _run("dossier", "open", "--dossier", "HS-2", "--citizen-id", qr, "--procedure", "dang_ky_khai_tu",
                  "--officer", "Lan", "--data-dir", data, "--json")
    assert json.loads(result.output)["citizen_id"] == A

    result = _run("dossier", "open", "--dossier", "HS-3", "--citizen-id", "12ab", "--procedure", "dang_ky_khai_tu",
                  "--officer", "Lan", "--data-dir", data)
    assert result.exit_code != 0 and "not a valid citizen ID" in result.output

    result = _run("dossier", "reuse", "--dossier", "HS-1", "--document", "cccd_ok", "--officer", "Lan", "--data-dir", data)
    assert result.exit_code == 0 and "reused cccd_ok" in result.output
    result = _run("dossier", "reuse", "--dossier", "HS-1", "--document", "b_cccd", "--officer", "Lan", "--data-dir", data)
    assert result.exit_code == 1 and "another citizen" in result.output and "Traceback" not in result.output

    result = _run("dossier", "paper", "--dossier", "HS-1", "--type", "to_khai", "--officer", "Lan", "--data-dir", data)
    assert result.exit_code == 0, result.output
    result = _run("dossier", "dates", "cccd_unknown", "--expires", "2099-01-01", "--officer", "Lan", "--data-dir", data)
    assert result.exit_code == 0 and result.output.startswith("cccd_unknown: valid")

    result = _run("dossier", "show", "HS-1", "--officer", "Lan", "--data-dir", data, "--json")
    shown = json.loads(result.output)
    assert {c["key"]: c["status"] for c in shown["components"]} == {
        "to_khai": "satisfied", "giay_to_tuy_than": "missing", "xac_nhan_hon_nhan": "optional"}
    assert [e["kind"] for e in shown["events"]] == ["dossier_opened", "component_reused", "component_submitted"]
    result = _run("dossier", "show", "HS-1", "--officer", "Lan", "--data-dir", data)
    assert "nhật ký" in result.output and "thiếu 1/2" in result.output

    result = _run("dossier", "show", "HS-404", "--officer", "Lan", "--data-dir", data)
    assert result.exit_code == 1 and "not registered" in result.output
    result = _run("dossier", "procedures")
    assert result.exit_code == 0 and "dang_ky_bien_dong_chuyen_nhuong" in result.output


def test_sync_records_documents_ingested_before_the_pipeline_called_us(catalogue_location, tmp_path, monkeypatch):
    """`hoso dossier sync` on a data folder whose catalogue is its SQLite file or a province server."""
    path = catalogue_location
    data = tmp_path / "data"
    if isinstance(path, Path):
        data = path.parent
    else:
        monkeypatch.setenv("HOSO_CATALOGUE_URL", path)
    scanned = [doc("k1", "giay_khai_sinh", A, vn(1, 5)),
               doc("k2", "giay_khai_sinh", A, vn(3, 5), "HS-8", "Lan", procedure="dang_ky_thuong_tru")]
    with Catalogue(path) as catalogue:
        for d in scanned:
            catalogue.claim_file(d.source_sha256, name=d.source_file, source_path=d.source_file, size=1, kind="pdf",
                                 stored_path=None, page_count=1, context={})
            catalogue.commit_file(d.source_sha256, [d], [])
    assert load_events(path) == []
    result = _run("dossier", "sync", "--data-dir", str(data))
    assert result.exit_code == 0 and "recorded 1 submitted component(s), 1 missed reuse(s)" in result.output
    assert _run("dossier", "sync", "--data-dir", str(data)).output.startswith("recorded 0")
    assert [(e.kind, e.document_id, e.missed_reuse_of) for e in load_events(path)] == [
        ("dossier_opened", None, None), ("component_submitted", "k2", "k1")]
