"""Need-to-know across centres (issue 15): two centres on one catalogue, officers of each, a
province supervisor. The store-level rule and the officers/audit store run on SQLite and on the
throw-away PostgreSQL cluster (tests/catalogues.py); the CLI runs through click's CliRunner on
the same catalogues (HOSO_CATALOGUE_URL for PostgreSQL)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

import cli
from access.models import Actor
from access.officers import add_officer
from access.reach import REACH_WINDOW, OutsideCentre, check_reach
from access.store import AccessStore
from catalogue.database import ServerURL
from catalogue.store import Catalogue
from catalogue.times import now_utc
from classify.reasons import render
from tests.catalogue_history import doc, vn

A, B = "00004", "26734"  # Phường Ba Đình, Xã Tân Phú
AN, BINH = "001203004567", "079305001234"  # An's papers were received at A; Bình's at B


def commit(location, *records) -> None:
    """What ingest commits: each file's documents (the catalogue's own operations)."""
    with Catalogue(location) as catalogue:
        for d in records:
            catalogue.claim_file(d.source_sha256, name=d.source_file, source_path=d.source_file, size=1,
                                 kind="pdf", stored_path=None, page_count=1, context={})
            catalogue.commit_file(d.source_sha256, [d], [])


def at(centre, record):
    return record.model_copy(update={"centre": centre})


# --- the store: officers, audit entries, the reach rule, on both dialects ----------------------------

def test_officers_and_the_audit_log_on_both_dialects(catalogue_location):
    from access.centres import add_centre, list_centres

    add_centre(catalogue_location, A, "Phường Ba Đình")
    add_officer(catalogue_location, "Tỉnh", "province_supervisor", None, Actor.cli(None))
    add_officer(catalogue_location, "Minh", "officer", None, Actor.cli(None), centre=A)
    waiting = doc("waiting", "giay_khai_sinh", None, vn(1, 8), text="GIẤY KHAI SINH chờ xét duyệt")
    waiting.id_candidates = [AN]
    commit(catalogue_location, at(A, doc("a_ks", "giay_khai_sinh", AN, vn(1, 6))), waiting,
           doc("other", "cccd", BINH, vn(1, 7)))
    with AccessStore(catalogue_location) as store:
        assert [(o.name, o.role, o.centre) for o in store.officers()] == [
            ("Minh", "officer", A), ("Tỉnh", "province_supervisor", None)]
        store.end_sessions("Minh")
        assert store.credential_version("Minh") == 1
        shown = store.append(officer="Minh", role="officer", action="show", outcome="ok", channel="cli:t",
                             citizen_id=AN, seen=[("a_ks", AN), ("a_ks", AN)], document_centres=[A, A])
        store.append(officer="Minh", role="officer", action="review_list", outcome="ok", channel="cli:t",
                     seen=[("waiting", None)])
        store.append(officer="Minh", role="officer", action="show", outcome="ok", channel="cli:t",
                     seen=[("other", BINH)])
        # who looked at An's papers: the entry about An, and the one that showed a paper naming An
        about = store.about_citizen(AN)
        assert [(e.id, e.action, e.centre, e.document_centres) for e in about] == [
            (shown, "show", A, [A]), (shown + 1, "review_list", A, [])]
        assert store.recent()[-1].document_ids == ["other"]
    assert [c.code for c in list_centres(catalogue_location)] == [A]
    with Catalogue(catalogue_location) as catalogue, pytest.raises(sa.exc.DatabaseError):
        with catalogue.write() as c:  # the audit log stays append-only
            from catalogue.schema import audit_log

            c.execute(audit_log.update().values(officer="someone else"))


def test_sign_in_failures_are_counted_on_both_dialects(catalogue_location):
    from access.officers import attempt_sign_in

    add_officer(catalogue_location, "Lan", "officer", "mat-khau-rat-dai", Actor.cli(None), centre=None)
    for _ in range(2):
        assert attempt_sign_in(catalogue_location, "Lan", "sai", "web:10.0.0.9").officer is None
    with AccessStore(catalogue_location) as store:
        since = now_utc() - timedelta(hours=1)
        assert len(store.failed_sign_ins(name="Lan", since=since, failure="wrong name or password")) == 2
        assert len(store.failed_sign_ins(channel="web:10.0.0.9", since=since, failure="wrong name or password")) == 2
    assert attempt_sign_in(catalogue_location, "Lan", "mat-khau-rat-dai", "web:10.0.0.9").officer.name == "Lan"
    with AccessStore(catalogue_location) as store:  # a name's count starts again at a successful sign-in
        assert store.failed_sign_ins(name="Lan", since=since, failure="wrong name or password") == []


def test_the_reach_rule_on_both_dialects(catalogue_location):
    """Minh of B reaches A's paper of An only after searching An by ID; never A's unlinked paper."""
    from access.centres import add_centre

    add_centre(catalogue_location, B, "Xã Tân Phú")
    add_officer(catalogue_location, "Minh", "officer", None, Actor.cli(None), centre=B)
    add_officer(catalogue_location, "Tỉnh", "province_supervisor", None, Actor.cli(None))
    minh, here = Actor.cli("Minh"), Actor("Minh", "web:10.0.0.2", B)
    with AccessStore(catalogue_location) as store:
        officer, province = store.officer("Minh"), store.officer("Tỉnh")
        check_reach(store, officer, minh, "show", "b_paper", B, BINH)  # B's own: no search needed
        check_reach(store, province, Actor.cli("Tỉnh"), "show", "a_ks", A, AN)  # the province: everywhere
        with pytest.raises(OutsideCentre) as refused:
            check_reach(store, officer, here, "show", "a_ks", A, AN)
        assert "hoso search --citizen-id" in str(refused.value)
        assert "trung tâm khác (00004)" in render(refused.value.reason, "vi")
        # an ID search of An, audited, older than the window does not count; a fresh one does
        store.append(officer="Minh", role="officer", action="search", outcome="ok", channel="cli:t", citizen_id=AN,
                     at=now_utc() - REACH_WINDOW - timedelta(minutes=1))
        with pytest.raises(OutsideCentre):
            check_reach(store, officer, here, "show", "a_ks", A, AN)
        store.append(officer="Minh", role="officer", action="search", outcome="ok", channel="cli:t", citizen_id=AN)
        check_reach(store, officer, here, "show", "a_ks", A, AN)
        with pytest.raises(OutsideCentre, match="linked to no citizen"):
            check_reach(store, officer, here, "show", "a_don", A, None)
        refusals = [e for e in store.recent() if e.outcome == "refused"]
    assert [(e.action, e.citizen_id, e.document_ids, e.centre, e.document_centres) for e in refusals] == [
        ("show", AN, ["a_ks"], B, [A]), ("show", AN, ["a_ks"], B, [A]), ("show", None, ["a_don"], B, [A])]


def _revision_0003(url: str):
    """A catalogue at revision 0003 (before the province role), as a centre's last release left it."""
    from alembic import command

    from catalogue import migrate

    with migrate.engine(url).begin() as connection:
        command.upgrade(migrate._config(connection), "0003")


def test_the_province_role_revision_keeps_rows_and_the_triggers(catalogue_location):
    from catalogue import migrate
    from catalogue.database import url_of

    url = url_of(catalogue_location)
    _revision_0003(url)
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.execute(sa.text("INSERT INTO officers(name, role, password_hash, active, created_at, updated_at, "
                          "credential_version, centre) VALUES ('Lan', 'supervisor', 'h', 0, 't0', 't1', 3, :a)"),
                  {"a": A})
        c.execute(sa.text("INSERT INTO audit_log(at, officer, action, outcome, channel) "
                          "VALUES ('t', 'Lan', 'show', 'ok', 'cli:x')"))
        with pytest.raises(sa.exc.IntegrityError):  # not yet a role
            with c.begin_nested():
                c.execute(sa.text("UPDATE officers SET role = 'province_supervisor'"))
    migrate.upgrade(url)
    with engine.begin() as c:
        assert c.execute(sa.text("SELECT name, role, password_hash, active, created_at, updated_at, "
                                 "credential_version, centre FROM officers")).all() == [
            ("Lan", "supervisor", "h", 0, "t0", "t1", 3, A)]
        c.execute(sa.text("UPDATE officers SET role = 'province_supervisor'"))
        with pytest.raises(sa.exc.IntegrityError):
            with c.begin_nested():
                c.execute(sa.text("UPDATE officers SET role = 'boss'"))
        assert c.execute(sa.text("SELECT document_centres FROM audit_log")).scalar() is None
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with c.begin_nested():
                c.execute(sa.text("DELETE FROM audit_log"))
    engine.dispose()
    migrate.check(url)


# --- the command line: two centres, one catalogue --------------------------------------------------

def run(data, *args, officer=None):
    env = {"HOSO_OFFICER": officer} if officer else {}
    return CliRunner().invoke(cli.main, [*args, "--data-dir", str(data)], env=env, catch_exceptions=False)


@pytest.fixture
def province(catalogue_location, tmp_path, monkeypatch):
    """Centres A and B; An's birth certificate and an unlinked application received at A, Bình's
    card at B; Lan works at A, Minh at B, Hùng supervises B, Tỉnh supervises the province."""
    data = tmp_path / "data"
    if isinstance(catalogue_location, ServerURL):
        monkeypatch.setenv("HOSO_CATALOGUE_URL", str(catalogue_location))
        monkeypatch.setenv("HOSO_INDEX", "postgres")
    for code, name in ((A, "Phường Ba Đình"), (B, "Xã Tân Phú")):
        assert run(data, "centres", "add", code, "--name", name).exit_code == 0
    for name, role, centre in (("Lan", "officer", A), ("Minh", "officer", B), ("Hùng", "supervisor", B),
                               ("Tỉnh", "province_supervisor", None)):
        added = run(data, "officers", "add", name, "--role", role, *(["--centre", centre] if centre else []))
        assert added.exit_code == 0, added.output
    from pipeline.datadir import DataDir

    commit(DataDir(data).catalogue,
           at(A, doc("a_ks", "giay_khai_sinh", AN, vn(1, 6), text="GIẤY KHAI SINH Họ và tên: Nguyễn Văn An")),
           at(A, doc("a_don", "don_de_nghi", None, vn(1, 7), text="ĐƠN ĐỀ NGHỊ Người làm đơn: Nguyễn Văn An")),
           at(B, doc("b_cccd", "cccd", BINH, vn(1, 8), text="CĂN CƯỚC CÔNG DÂN Họ và tên: Nguyễn Văn An Bình")))
    return data


def found(data, *args, officer):
    result = run(data, "search", *args, "--json", officer=officer)
    assert result.exit_code == 0, result.output
    return [(d["id"], d["centre"]) for d in json.loads(result.output)["documents"]]


def test_an_id_search_at_b_finds_the_citizens_papers_of_a_with_their_centre(province):
    assert found(province, "--citizen-id", AN, officer="Minh") == [("a_ks", A)]


def test_words_at_b_find_only_b_papers_and_the_province_finds_all(province):
    assert found(province, "Nguyễn Văn An", officer="Minh") == [("b_cccd", B)]
    assert sorted(found(province, "Nguyễn Văn An", officer="Lan")) == [("a_don", A), ("a_ks", A)]
    assert sorted(found(province, "Nguyen Van An", officer="Tỉnh")) == [("a_don", A), ("a_ks", A), ("b_cccd", B)]
    assert found(province, "--type", "giay_khai_sinh", officer="Minh") == []  # no browsing by type either


def test_showing_a_paper_of_a_at_b_needs_the_citizens_id_search_first(province, tmp_path):
    refused = run(province, "show", "a_ks", officer="Minh")
    assert refused.exit_code == 1
    assert "received at another centre (00004)" in refused.output and "hoso search --citizen-id" in refused.output
    assert "Nguyễn Văn An" not in refused.output  # nothing of it shown
    exported = run(province, "export", "a_ks", str(tmp_path / "a.pdf"), officer="Minh")
    assert exported.exit_code == 1 and "another centre" in exported.output and not (tmp_path / "a.pdf").exists()
    assert run(province, "search", "--citizen-id", AN, officer="Minh").exit_code == 0
    shown = run(province, "show", "a_ks", "--json", officer="Minh")
    assert shown.exit_code == 0 and json.loads(shown.output)["centre"] == A
    unlinked = run(province, "show", "a_don", officer="Minh")  # no citizen: it stays with A
    assert unlinked.exit_code == 1 and "linked to no citizen" in unlinked.output
    assert run(province, "show", "a_don", officer="Tỉnh").exit_code == 0
    assert run(province, "show", "a_don", officer="Lan").exit_code == 0


def test_reusing_a_paper_of_another_centre_needs_its_citizen_in_front_of_the_officer(province):
    """A reuse is a look-up too: Lan (at A) may put B's paper into a dossier only for the citizen
    she searched by ID or opened a dossier for; a dossier of another citizen does not do."""
    assert run(province, "dossier", "open", "--dossier", "HS-AN", "--citizen-id", AN,
               "--procedure", "dang_ky_ket_hon", officer="Lan").exit_code == 0
    refused = run(province, "dossier", "reuse", "--dossier", "HS-AN", "--document", "b_cccd", officer="Lan")
    assert refused.exit_code == 1 and f"received at another centre ({B})" in refused.output
    assert run(province, "dossier", "open", "--dossier", "HS-BINH", "--citizen-id", BINH,
               "--procedure", "dang_ky_ket_hon", officer="Lan").exit_code == 0
    reused = run(province, "dossier", "reuse", "--dossier", "HS-BINH", "--document", "b_cccd", "--confirm-validity",
                 officer="Lan")
    assert reused.exit_code == 0, reused.output
    trail = json.loads(run(province, "audit", "--citizen-id", BINH, "--json", officer="Tỉnh").output)["entries"]
    reuse = [e for e in trail if e["action"] == "reuse" and e["outcome"] == "ok"]
    assert [(e["centre"], e["document_centres"]) for e in reuse] == [(A, [B])]


def test_the_audit_names_both_centres(province):
    run(province, "show", "a_ks", officer="Minh")
    run(province, "search", "--citizen-id", AN, officer="Minh")
    run(province, "show", "a_ks", officer="Minh")
    trail = run(province, "audit", "--citizen-id", AN, "--json", officer="Hùng")
    assert trail.exit_code == 0, trail.output
    entries = [(e["officer"], e["action"], e["outcome"], e["centre"], e["document_centres"])
               for e in json.loads(trail.output)["entries"]]
    assert entries == [("Minh", "show", "refused", B, [A]), ("Minh", "search", "ok", B, [A]),
                       ("Minh", "show", "ok", B, [A])]
    text = run(province, "audit", "--citizen-id", AN, officer="Hùng").output
    assert f"Minh (officer) at {B} search via" in text and f"(papers of {A})" in text


def test_the_province_role_on_the_command_line(province):
    listed = json.loads(run(province, "officers", "list", "--json").output)
    assert {o["name"]: o["role"] for o in listed}["Tỉnh"] == "province_supervisor"
    stats = run(province, "stats", "--period", "2026-01", "--all-centres", "--format", "json", officer="Tỉnh")
    assert stats.exit_code == 0, stats.output
    assert run(province, "officers", "add", "X", "--role", "boss").exit_code == 2


def test_the_review_queue_keeps_to_the_centre_that_received_the_paper(province):
    def queue(officer):
        listed = run(province, "review", "--json", officer=officer)
        assert listed.exit_code == 0, listed.output
        return [d["id"] for d in json.loads(listed.output)["documents"]]

    assert queue("Lan") == ["a_don"] and queue("Minh") == [] and queue("Tỉnh") == ["a_don"]
    decided = run(province, "review", "retype", "a_don", "--type", "to_khai", officer="Minh")
    assert decided.exit_code == 1 and "another centre" in decided.output
