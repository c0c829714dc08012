"""Two centres, one PostgreSQL catalogue, one shared folder: a citizen's papers scanned at A are
found by the card's QR code and reused at B in the web application (real `hoso serve --centre B`
and Debian's Chromium), counted in B's statistics and in the province's roll-up, and the audit
log names both centres.

Centre A's station ingests the citizen's ID card and papers with the real CLI (OCR and all);
B's server runs on the same catalogue, index (HOSO_INDEX=postgres) and folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime

import pytest

from index.models import centre_timezone
from samples.cards import qr_payload
from tests.catalogues import new_database
from tests.web_harness import card_and_papers, screenshot, serve, sign_in

A, B = "00004", "26734"  # Phường Ba Đình, Xã Tân Phú
PASSWORD = "mat-khau-rat-dai-1"
PROCEDURE = "cap_xac_nhan_tinh_trang_hon_nhan"


def hoso(env: dict, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "cli", *args], env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    return done


@pytest.fixture(scope="module")
def province(tmp_path_factory, postgres_cluster):
    folder = tmp_path_factory.mktemp("province-e2e")
    _, card, citizen, papers = card_and_papers(folder / "samples")
    shared = folder / "shared"  # the province's one folder
    with new_database(postgres_cluster) as url:
        env = {**os.environ, "HOSO_CATALOGUE_URL": url, "HOSO_INDEX": "postgres", "HOSO_DATA_DIR": str(shared),
               "OMP_THREAD_LIMIT": "1"}
        for variable in ("HOSO_OFFICER", "HOSO_CENTRE"):
            env.pop(variable, None)
        hoso(env, "centres", "add", A, "--name", "Phường Ba Đình")
        hoso(env, "centres", "add", B, "--name", "Xã Tân Phú")
        for name, role, centre in (("Lan", "officer", A), ("Minh", "officer", B), ("Hùng", "supervisor", B)):
            added = subprocess.run([sys.executable, "-m", "cli", "officers", "add", name, "--role", role,
                                    "--centre", centre, "--password-stdin"], env=env, input=PASSWORD + "\n",
                                   capture_output=True, text=True, timeout=120)
            assert added.returncode == 0, added.stderr
        ingested = json.loads(hoso({**env, "HOSO_CENTRE": A}, "ingest", str(folder / "samples" / card.name),
                                   str(folder / "samples" / papers.name), "--json").stdout)
        assert {d["centre"] for d in ingested["documents"]} == {A}
        with serve(shared, env={"HOSO_CATALOGUE_URL": url, "HOSO_INDEX": "postgres", "HOSO_CENTRE": None},
                   extra_args=["--centre", B], no_traceback=True) as (base, _log):
            yield env, base, citizen, ingested


def _tab(browser, base, name):
    tab = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN").new_page()
    sign_in(tab, base, name, PASSWORD)
    return tab


def _figure(page, field: str) -> int:
    return int(page.inner_text(f"#so-lieu tr[data-field={field}] td").strip())


def test_papers_of_a_are_found_by_qr_and_reused_at_b_and_counted_for_b(province, browser):
    env, base, citizen, ingested = province
    card_id = next(d["id"] for d in ingested["documents"] if d["doc_type"] == "cccd")
    month = datetime.now(centre_timezone()).strftime("%Y-%m")

    tab = _tab(browser, base, "Minh")
    tab.fill("#tim", qr_payload(citizen))  # a USB QR reader types the card's payload
    tab.click("#tra-cuu")
    assert tab.inner_text("#ho-ten") == citizen.name_proper
    assert set(tab.locator("#ket-qua span.centre").all_inner_texts()) == {A}  # received at A, found at B
    card = tab.locator("li.doc", has_text="Căn cước").first
    card.locator("a.doc-link").click()
    assert tab.inner_text("#cong-dan") == citizen.citizen_id
    tab.select_option("#thu-tuc", PROCEDURE)
    tab.click("#mo-ho-so")
    assert "/ho-so/HS-" in tab.url
    dossier = tab.url.rsplit("/", 1)[-1]
    tab.click(f"button.reuse[data-doc='{card_id}']")
    assert f"Đã tái sử dụng {card_id}" in tab.inner_text("p.note")
    screenshot(tab, "province-reuse-at-b")

    stats = _tab(browser, base, "Hùng")
    stats.goto(f"{base}/thong-ke?ky={month}")  # B's supervisor: B's figures by default
    assert stats.inner_text("#pham-vi") == f"Trung tâm {B}"
    assert _figure(stats, "components_reused") == 1 and _figure(stats, "dossiers_with_reuse") == 1
    stats.goto(f"{base}/thong-ke?ky={month}&trung_tam=*")
    assert stats.inner_text("#pham-vi") == "Toàn tỉnh"
    assert "1 của trung tâm khác" in stats.inner_text("#nguon-tai-su-dung")
    screenshot(stats, "province-stats")

    figures = json.loads(hoso(env, "stats", "--period", month, "--all-centres", "--format", "json",
                              "--officer", "Hùng").stdout)
    by_centre = {row["key"]: row for row in figures["by_centre"]}
    assert by_centre[B]["components_reused"] == 1 and figures["reuse_by_origin"]["other_centre"] == 1
    assert figures["totals"]["components_reused"] == 1

    audit = json.loads(hoso(env, "audit", "--citizen-id", citizen.citizen_id, "--json", "--officer", "Hùng").stdout)
    entries = audit["entries"] if isinstance(audit, dict) else audit
    reuse = [e for e in entries if e["action"] == "reuse" and e["officer"] == "Minh"]
    assert reuse and reuse[0]["centre"] == B and A in reuse[0]["document_centres"], reuse
    opened = json.loads(hoso(env, "dossier", "show", dossier, "--json", "--officer", "Hùng").stdout)
    reused_events = [e for e in opened["events"] if e["kind"] == "component_reused"]
    assert reused_events and reused_events[0]["centre"] == B and reused_events[0]["origin_centre"] == A
