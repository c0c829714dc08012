"""Officers, roles and the append-only audit log, on real catalogue files, through the real CLI."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

import cli
from access.models import AccessDenied, Actor
from access.officers import add_officer, set_officer, sign_in
from access.store import AccessStore
from index.models import SearchQuery
from pipeline.datadir import DataDir
from pipeline.query import search
from tests.catalogue_history import doc, ingest, vn

A, B = "001203004567", "079305001234"


def run(*args, officer=None, stdin=None):
    env = {"HOSO_OFFICER": officer} if officer else {}
    return CliRunner().invoke(cli.main, list(args), env=env, input=stdin, catch_exceptions=False)


@pytest.fixture
def data(tmp_path):
    """A's and B's papers, and the three roles."""
    folder = DataDir(tmp_path / "data")
    ingest(folder.catalogue,
           doc("a_cccd", "cccd", A, vn(1, 5), text="CĂN CƯỚC CÔNG DÂN\nCó giá trị đến: 15/08/2035"),
           doc("a_ks", "giay_khai_sinh", A, vn(1, 6), text="GIẤY KHAI SINH Nguyễn Văn An"),
           doc("b_cccd", "cccd", B, vn(1, 7), text="CĂN CƯỚC CÔNG DÂN Trần Thị Bình"),
           doc("waiting", "giay_khai_sinh", None, vn(1, 8), text="GIẤY KHAI SINH chờ xét duyệt"))
    with sqlite3.connect(folder.catalogue) as raw:  # a paper waiting for review that names A
        raw.execute("UPDATE documents SET id_candidates = ? WHERE id = 'waiting'", (json.dumps([A]),))
    for name, role in (("Vận hành", "operator"), ("Lan", "officer"), ("Hùng", "supervisor")):
        add_officer(folder.catalogue, name, role, "mat-khau-123", Actor.cli(None))
    return folder


def d(folder: DataDir) -> list[str]:
    return ["--data-dir", str(folder.root)]


def test_officers_add_and_list_from_the_command_line(tmp_path):
    folder = ["--data-dir", str(tmp_path)]
    result = run("officers", "add", "Nguyễn Thị Lan", "--role", "officer", "--password-stdin", *folder,
                 stdin="mat-khau-rat-dai\n")
    assert result.exit_code == 0 and "can sign in to the web" in result.output, result.output
    assert run("officers", "add", "Ba", "--role", "operator", *folder).output.startswith("added officer Ba (operator)")
    again = run("officers", "add", "Nguyễn  Thị Lan ", "--role", "supervisor", *folder)
    assert again.exit_code == 1 and "already exists" in again.output
    assert run("officers", "add", "X", "--role", "boss", *folder).exit_code == 2
    short = run("officers", "add", "Y", "--role", "officer", "--password-stdin", *folder, stdin="ngan\n")
    assert short.exit_code == 1 and "at least 8 characters" in short.output
    listed = json.loads(run("officers", "list", "--json", *folder).output)
    assert [(o["name"], o["role"], o["has_password"]) for o in listed] == [
        ("Ba", "operator", False), ("Nguyễn Thị Lan", "officer", True)]
    with sqlite3.connect(tmp_path / "catalogue.sqlite") as raw:
        [stored] = raw.execute("SELECT password_hash FROM officers WHERE name = 'Nguyễn Thị Lan'").fetchone()
    assert stored.startswith("$argon2id$") and "mat-khau" not in stored
    assert run("officers", "set", "Ba", "--inactive", *folder).output.strip() == "officer Ba: operator, INACTIVE"
    assert "INACTIVE" in run("officers", "list", *folder).output


def test_unknown_or_missing_officer_is_refused_with_how_to_add_one(data, tmp_path):
    for args in (("search", "--citizen-id", A), ("search", "khai sinh"), ("show", "a_cccd"),
                 ("export", "a_cccd", str(tmp_path / "x.pdf")), ("dossier", "show", "HS-1"),
                 ("dossier", "open", "--dossier", "HS-1", "--citizen-id", A, "--procedure", "dang_ky_ket_hon"),
                 ("dossier", "reuse", "--dossier", "HS-1", "--document", "a_cccd")):
        refused = run(*args, *d(data), officer="Mai")
        assert refused.exit_code == 1, (args, refused.output)
        assert "unknown officer 'Mai'" in refused.output and "hoso officers add Mai --role officer" in refused.output
        anonymous = run(*args, *d(data))
        assert anonymous.exit_code == 1 and "--officer NAME or set HOSO_OFFICER" in anonymous.output, args
    assert not (tmp_path / "x.pdf").exists()
    empty = tmp_path / "empty"
    refused = run("search", "--citizen-id", A, "--data-dir", str(empty), officer="Lan")
    assert "no officers yet" in refused.output and not (empty / "catalogue.sqlite").exists()


def test_roles_decide_who_sees_what_and_refusals_are_audited(data):
    operator = run("search", "--citizen-id", A, *d(data), officer="Vận hành")
    assert operator.exit_code == 1 and "is operator; search is for: officer, province_supervisor, supervisor" in operator.output
    assert run("search", "--citizen-id", A, *d(data), officer="Lan").exit_code == 0
    officer_stats = run("stats", "--period", "2026-01", *d(data), officer="Lan")
    assert officer_stats.exit_code == 1 and "stats is for: province_supervisor, supervisor" in officer_stats.output
    assert run("stats", "--period", "2026-01", *d(data), officer="Hùng").exit_code == 0
    assert "audit is for: province_supervisor, supervisor" in run("audit", "--citizen-id", A, *d(data), officer="Lan").output
    set_officer(data.catalogue, "Lan", Actor.cli("Hùng"), active=False)
    gone = run("show", "a_cccd", *d(data), officer="Lan")
    assert gone.exit_code == 1 and "deactivated" in gone.output
    with AccessStore(data.catalogue) as store:
        refused = [(e.officer, e.action) for e in store.recent() if e.outcome == "refused"]
    assert refused == [("Vận hành", "search"), ("Lan", "stats"), ("Lan", "audit"), ("Lan", "show")]


def test_audit_answers_who_looked_at_a_citizens_papers(data):
    assert run("search", "--citizen-id", f"{A}|123456789|NGUYỄN VĂN AN|01011990|Nam|Hà Nội|01012021",
               *d(data), officer="Lan").exit_code == 0
    assert run("search", "Bình", *d(data), officer="Lan").exit_code == 0  # B's paper only
    assert run("search", "khai sinh", "--json", *d(data), officer="Hùng").exit_code == 0  # A's, and the waiting one
    assert run("show", "a_ks", *d(data), officer="Hùng").exit_code == 0
    opened = run("dossier", "open", "--dossier", "HS-1", "--citizen-id", A, "--procedure",
                 "cap_xac_nhan_tinh_trang_hon_nhan", *d(data), officer="Lan")
    assert opened.exit_code == 0, opened.output
    assert run("dossier", "reuse", "--dossier", "HS-1", "--document", "a_cccd", *d(data), officer="Lan").exit_code == 0

    result = run("audit", "--citizen-id", A, "--json", *d(data), officer="Hùng")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)["entries"]
    seen = [(e["officer"], e["action"], e["citizen_id"], sorted(e["document_ids"])) for e in entries]
    assert seen == [
        ("Lan", "search", A, ["a_cccd", "a_ks", "waiting"]),  # the waiting paper naming A: its review group
        ("Hùng", "search", None, ["a_ks", "waiting"]),
        ("Hùng", "show", A, ["a_ks"]),
        ("Lan", "dossier_open", A, ["a_cccd"]),
        ("Lan", "reuse", A, ["a_cccd"]),
    ]
    assert all(e["channel"].startswith("cli:") and e["outcome"] == "ok" for e in entries)
    assert json.loads(entries[1]["detail"]) == {"text": "khai sinh"}
    b_entries = json.loads(run("audit", "--citizen-id", B, "--json", *d(data), officer="Hùng").output)["entries"]
    assert [(e["action"], e["document_ids"]) for e in b_entries] == [("search", ["b_cccd"])]
    text = run("audit", "--citizen-id", A, *d(data), officer="Hùng").output
    assert "Lan (officer) reuse via cli:" in text and "documents: a_cccd" in text


def test_a_document_relinked_later_still_shows_who_saw_it(data):
    search(data, SearchQuery(text="chờ xét duyệt"), "sqlite", Actor("Lan", "web:127.0.0.1"))
    with sqlite3.connect(data.catalogue) as raw:
        raw.execute("UPDATE documents SET citizen_id = ?, link_status = 'linked', id_candidates = '[]'"
                    " WHERE id = 'waiting'", (B,))
    [entry] = [e for e in json.loads(run("audit", "--citizen-id", B, "--json", *d(data), officer="Hùng").output)
               ["entries"] if e["action"] == "search"]
    assert (entry["officer"], entry["channel"], entry["document_ids"]) == ("Lan", "web:127.0.0.1", ["waiting"])


def test_the_audit_log_cannot_be_changed_or_deleted(data):
    search(data, SearchQuery(citizen_id=A), "sqlite", Actor("Lan", "cli:test"))
    raw = sqlite3.connect(data.catalogue)
    before = raw.execute("SELECT * FROM audit_log").fetchall(), raw.execute("SELECT * FROM audit_seen").fetchall()
    for statement in ("UPDATE audit_log SET officer = 'X'", "DELETE FROM audit_log",
                      "UPDATE audit_seen SET citizen_id = NULL", "DELETE FROM audit_seen",
                      "INSERT OR REPLACE INTO audit_log(id, at, officer, action, outcome, channel)"
                      " VALUES (1, '2026-01-01T00:00:00+00:00', 'X', 'search', 'ok', 'cli')"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute(statement)
    assert (raw.execute("SELECT * FROM audit_log").fetchall(), raw.execute("SELECT * FROM audit_seen").fetchall()) \
        == before
    raw.close()


def test_sign_in_checks_the_hashed_password_and_is_audited(data):
    assert sign_in(data.catalogue, "Lan", "mat-khau-123", "web:127.0.0.1").role == "officer"
    assert sign_in(data.catalogue, "Lan", "sai-mat-khau", "web:127.0.0.1") is None
    assert sign_in(data.catalogue, "Không Có", "mat-khau-123", "web:127.0.0.1") is None
    set_officer(data.catalogue, "Lan", Actor.cli("Hùng"), active=False)
    assert sign_in(data.catalogue, "Lan", "mat-khau-123", "web:127.0.0.1") is None
    with AccessStore(data.catalogue) as store:
        tries = [(e.officer, e.outcome, e.detail) for e in store.recent() if e.action == "sign_in"]
    assert tries == [("Lan", "ok", None), ("Lan", "refused", "wrong name or password"),
                     ("Không Có", "refused", "wrong name or password"), ("Lan", "refused", "deactivated")]
    with pytest.raises(AccessDenied, match="deactivated"):
        search(data, SearchQuery(citizen_id=A), "sqlite", Actor("Lan", "web:127.0.0.1"))


def test_refused_look_ups_keep_their_target_so_the_audit_lists_them(data, tmp_path):
    """Defect 14: an operator's or a deactivated officer's look-up is refused, and stored with the
    document asked for and its citizen, so the citizen's audit shows the attempt."""
    operator = run("show", "a_ks", *d(data), officer="Vận hành")
    assert operator.exit_code == 1 and "is operator; show is for" in operator.output
    assert "Nguyễn Văn An" not in operator.output  # nothing of the paper is shown
    exported = run("export", "a_cccd", str(tmp_path / "x.pdf"), *d(data), officer="Vận hành")
    assert exported.exit_code == 1 and not (tmp_path / "x.pdf").exists()
    searched = run("search", "--citizen-id", A, *d(data), officer="Vận hành")
    assert searched.exit_code == 1
    waiting = run("show", "waiting", *d(data), officer="Vận hành")  # no citizen yet, but it carries A's ID
    assert waiting.exit_code == 1
    opened = run("dossier", "open", "--dossier", "HS-9", "--citizen-id", A, "--procedure", "dang_ky_ket_hon",
                 *d(data), officer="Vận hành")
    assert opened.exit_code == 1
    reused = run("dossier", "reuse", "--dossier", "HS-9", "--document", "a_cccd", *d(data), officer="Vận hành")
    assert reused.exit_code == 1
    relinked = run("review", "relink", "waiting", "--citizen-id", A, *d(data), officer="Vận hành")
    assert relinked.exit_code == 1
    set_officer(data.catalogue, "Lan", Actor.cli("Hùng"), active=False)
    gone = run("show", "b_cccd", *d(data), officer="Lan")
    assert gone.exit_code == 1 and "deactivated" in gone.output

    about_a = json.loads(run("audit", "--citizen-id", A, "--json", *d(data), officer="Hùng").output)["entries"]
    refused = [(e["officer"], e["action"], e["outcome"], e["citizen_id"], e["document_ids"]) for e in about_a]
    assert refused == [
        ("Vận hành", "show", "refused", A, ["a_ks"]),
        ("Vận hành", "export", "refused", A, ["a_cccd"]),
        ("Vận hành", "search", "refused", A, []),
        ("Vận hành", "show", "refused", None, ["waiting"]),
        ("Vận hành", "dossier", "refused", A, []),
        ("Vận hành", "dossier", "refused", A, ["a_cccd"]),  # a reuse names the paper it would reuse
        ("Vận hành", "review", "refused", None, ["waiting"]),  # a review decision, the paper decided
    ]
    about_b = json.loads(run("audit", "--citizen-id", B, "--json", *d(data), officer="Hùng").output)["entries"]
    assert [(e["officer"], e["action"], e["outcome"], e["citizen_id"], e["document_ids"]) for e in about_b] == [
        ("Lan", "show", "refused", B, ["b_cccd"])]
    text = run("audit", "--citizen-id", B, *d(data), officer="Hùng").output
    assert "Lan (officer) show REFUSED via cli:" in text and "asked for: b_cccd" in text
    assert "deactivated" in text


@pytest.mark.parametrize("typed, reason", [
    ("00120300456", "12 digits"),  # 11 digits
    ("999203004567", "province"),
    ("00120300456x", "digits only"),
    ("|079190090122|NGUYEN VAN A|01011990", "digits only"),  # a forged QR payload without its ID field
])
def test_audit_refuses_an_invalid_id_instead_of_saying_nobody_looked(data, typed, reason):
    result = run("audit", "--citizen-id", typed, *d(data), officer="Hùng")
    assert result.exit_code == 2, result.output
    assert "is not a valid citizen ID" in result.output and reason in result.output, result.output
    assert "nobody has looked" not in result.output


# --- issue 14: searches that would list everyone, sign-in throttling, sessions ---------------------

def test_a_search_without_a_real_term_or_with_an_invalid_id_is_refused(data):
    """Defects 13 and 15: `hoso search "*"`, punctuation, an emoji or NUL, an empty or invalid ID."""
    for args, says in ((["*"], "at least one word or number"), (['"'], "at least one word or number"),
                       (["(", "--json"], "at least one word or number"), (["--", "--"], "at least one word"),
                       (["%"], "at least one word"), (["😀"], "at least one word"), (["\x00"], "at least one word"),
                       (["--citizen-id", "|||||"], "no ID number was given"),
                       (["--citizen-id", "|079190090122|NGUYEN VAN A|01011990"], "no ID number was given"),
                       (["--citizen-id", "12345"], "12 digits, this one 5"),
                       (["--citizen-id", "999203004567"], "province code 999 does not exist")):
        refused = run("search", *d(data), *args, officer="Lan")
        assert refused.exit_code == 2, (args, refused.output)
        assert says in refused.output, (args, refused.output)
        assert not any(doc_id in refused.output for doc_id in ("a_cccd", "a_ks", "b_cccd", "waiting")), args
    with AccessStore(data.catalogue) as store:
        assert not [e for e in store.recent() if e.action == "search"]  # nothing was searched
    assert run("search", "căn cước", *d(data), officer="Lan").exit_code == 0  # a real term still searches


def test_an_unknown_type_or_reversed_dates_say_why_instead_of_no_documents(data):
    unknown = run("search", "--type", "khai_sinh", *d(data), officer="Lan")
    assert unknown.exit_code == 2 and "Unknown document type khai_sinh" in unknown.output
    assert "giay_khai_sinh" in unknown.output and "no documents" not in unknown.output
    reversed_ = run("search", "--type", "cccd", "--from", "2026-03-10", "--to", "2026-03-01", *d(data), officer="Lan")
    assert reversed_.exit_code == 2 and "ends (2026-03-01) before it begins (2026-03-10)" in reversed_.output
    assert run("search", "--type", "cccd", "--from", "2026-01-01", "--to", "2026-01-31", *d(data),
               officer="Lan").exit_code == 0


def test_each_citizen_heads_the_results_once(tmp_path):
    """Defect 13: newest first, A's card, B's card, then A's birth certificate printed 'citizen A' twice."""
    folder = DataDir(tmp_path / "data")
    ingest(folder.catalogue,
           doc("a_new", "cccd", A, vn(2, 9), text="HỒ SƠ GỐC căn cước"),
           doc("b_mid", "cccd", B, vn(2, 8), text="HỒ SƠ GỐC căn cước"),
           doc("a_old", "giay_khai_sinh", A, vn(2, 7), text="HỒ SƠ GỐC khai sinh"))
    add_officer(folder.catalogue, "Lan", "officer", None, Actor.cli(None))
    result = run("search", "hồ sơ gốc", *d(folder), officer="Lan")
    assert result.exit_code == 0, result.output
    heads = [line for line in result.output.splitlines() if line.startswith("citizen ")]
    assert heads == [f"citizen {A}", f"citizen {B}"], result.output
    lines = result.output.splitlines()
    assert lines.index(f"citizen {B}") > max(i for i, line in enumerate(lines) if "a_old" in line or "a_new" in line)


def test_wrong_passwords_lock_a_name_for_a_doubling_time_then_it_may_try_again(data):
    from datetime import timedelta

    from access.officers import attempt_sign_in
    from access.throttle import DEFAULT_POLICY, locked_until

    start = vn(3, 1)
    assert locked_until([start] * 4, 5) is None
    assert [locked_until([start] * n, 5) - start for n in (5, 6, 7, 12, 40)] == [
        timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), DEFAULT_POLICY.longest_delay,
        DEFAULT_POLICY.longest_delay]
    for _ in range(5):
        assert attempt_sign_in(data.catalogue, "Lan", "sai-mat-khau", "web:10.0.0.5").officer is None
    now = attempt_sign_in(data.catalogue, "Lan", "mat-khau-123", "web:10.0.0.6")  # the right one, too soon
    assert now.officer is None and now.locked_until is not None
    for _ in range(3):  # a flood of knocks while locked: refused, logged once a minute
        assert attempt_sign_in(data.catalogue, "Lan", "mat-khau-123", "web:10.0.0.6").locked_until is not None
    later = attempt_sign_in(data.catalogue, "Lan", "mat-khau-123", "web:10.0.0.6",
                            now=now.locked_until + timedelta(seconds=1))
    assert later.officer is not None and later.officer.name == "Lan"
    assert attempt_sign_in(data.catalogue, "Lan", "sai-mat-khau", "web:10.0.0.5").locked_until is None  # count reset
    with AccessStore(data.catalogue) as store:
        details = [e.detail for e in store.recent() if e.action == "sign_in"]
    assert details == ["wrong name or password"] * 5 + ["locked", None, "wrong name or password"]


def test_a_password_role_or_active_change_invalidates_sessions_opened_before(data):
    from access.officers import attempt_sign_in, session_ok

    signed = attempt_sign_in(data.catalogue, "Lan", "mat-khau-123", "web:127.0.0.1")
    version = signed.credential_version
    assert session_ok(data.catalogue, "Lan", "officer", version)
    set_officer(data.catalogue, "Lan", Actor.cli("Hùng"), password="mat-khau-moi-456")
    assert not session_ok(data.catalogue, "Lan", "officer", version)
    again = attempt_sign_in(data.catalogue, "Lan", "mat-khau-moi-456", "web:127.0.0.1").credential_version
    assert session_ok(data.catalogue, "Lan", "officer", again)
    set_officer(data.catalogue, "Lan", Actor.cli("Hùng"), role="supervisor")
    assert not session_ok(data.catalogue, "Lan", "officer", again)
    assert not session_ok(data.catalogue, "Lan", "supervisor", again)
    current = attempt_sign_in(data.catalogue, "Lan", "mat-khau-moi-456", "web:127.0.0.1").credential_version
    set_officer(data.catalogue, "Lan", Actor.cli("Hùng"), active=False)
    assert not session_ok(data.catalogue, "Lan", "supervisor", current)
    assert not session_ok(data.catalogue, "Không Có", "officer", 0)


def test_supervisors_see_sign_ins_per_officer(data):
    for _ in range(2):
        sign_in(data.catalogue, "Lan", "sai-mat-khau", "web:10.0.0.9")
    sign_in(data.catalogue, "Lan", "mat-khau-123", "web:10.0.0.9")
    sign_in(data.catalogue, "Ai Đó", "doan-mo-1", "web:10.0.0.66")
    report = run("audit", "--sign-ins", "--json", *d(data), officer="Hùng")
    assert report.exit_code == 0, report.output
    by_name = {s["name"]: s for s in json.loads(report.output)["officers"]}
    assert (by_name["Lan"]["signed_in"], by_name["Lan"]["failed"], by_name["Lan"]["failed_from"]) == (
        1, 2, ["web:10.0.0.9"])
    assert by_name["Ai Đó"]["is_officer"] is False and by_name["Ai Đó"]["failed"] == 1
    assert by_name["Hùng"]["signed_in"] == 0
    text = run("audit", "--sign-ins", "--of", "Lan", *d(data), officer="Hùng").output
    assert text.startswith("Lan: 1 signed in") and "2 failed" in text and "Ai Đó" not in text
    assert run("audit", "--sign-ins", *d(data), officer="Lan").exit_code == 1  # supervisors only
    assert run("audit", "--sign-ins", "--citizen-id", A, *d(data), officer="Hùng").exit_code == 2
    with AccessStore(data.catalogue) as store:
        assert [e.detail for e in store.recent() if e.action == "audit_sign_ins"] == [
            "sign-ins of every officer", "sign-ins of Lan"]
