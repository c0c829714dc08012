"""Issue 14, defect 1: a document must never be linked to the wrong citizen on an ID given
from outside the page (operator, cover sheet) when its own evidence says otherwise.

Each test builds the situation of the report with rendered, scan-degraded pages through
the real ingest (CLI or ingest_paths, real Tesseract, real SQLite) and asserts review,
never a link. Pages are rendered once per module.
"""

import json
import os
import random
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from pdf2image import convert_from_path

from classify.reasons import render
from catalogue.store import Catalogue
from pipeline.datadir import DataDir
from pipeline.ingest_run import ingest_paths
from pipeline.models import IngestOptions
from samples import degrade
from samples.batch import render_document, render_spec, write_image, write_tiff
from samples.cards import CARD_MM
from samples.content import build_document
from samples.models import Citizen

# HOÀNG ĐÌNH ĐẠT, born 1981-12-08: his CCCD (Hải Dương, male, 1981) and an old CMND.
DAT = Citizen(citizen_id="030081442182", cmnd="141987654", full_name="HOÀNG ĐÌNH ĐẠT", name_proper="Hoàng Đình Đạt",
              birth_date=date(1981, 12, 8), sex="Nam", address="Thôn An Lạc, xã Tứ Kỳ, tỉnh Hải Dương",
              place_of_origin="Tứ Kỳ, Hải Dương", issue_date=date(2021, 4, 10), expiry_date=date(2041, 12, 8))
BORN_1971 = "031071488218"  # the report's typed ID: Hải Phòng, male, born 1971
BORN_1981 = "031081488218"  # another citizen whose digits agree with Đạt's birth year
# A paper that prints no ID and names nobody with a card on file: linked on a given ID's word alone.
BINH = Citizen(citizen_id=BORN_1981, full_name="TRẦN VĂN BÌNH", name_proper="Trần Văn Bình",
               birth_date=date(1981, 3, 2), sex="Nam", address="Phường Lê Chân, thành phố Hải Phòng",
               issue_date=date(2021, 6, 1), expiry_date=date(2041, 3, 2))


def _photocopy(image, seed):
    """A grey copy through a sheet-fed scanner: slight skew, blur, noise."""
    rng = np.random.default_rng(seed)
    pixels = degrade.skew(np.asarray(image.convert("L")), 0.6)
    return degrade.to_pil(degrade.gaussian_noise(degrade.blur(pixels, 0.8), rng, 6))


def _edgeless_card_upside_down():
    """Đạt's CCCD copied on white glass (no card edges, no background pattern), fed upside
    down, through a bilevel scanner: no card is recognised and the half-size look misses the QR."""
    spec = build_document("cccd", DAT, random.Random(0))
    card_sized = lambda p: p.width_mm > 60 and abs(p.width_mm - p.height_mm * CARD_MM[0] / CARD_MM[1]) < 1
    layout = replace(spec.layout, boxes=[], pictures=[p for p in spec.layout.pictures if not card_sized(p)])
    page = render_spec(replace(spec, layout=layout))[0].image.rotate(180)
    return degrade.to_pil(degrade.binarize(degrade.blur(np.asarray(page.convert("L")), 1.8), 120))


def _cover(folder: Path, citizen_id: str, dossier: str):
    out = folder / f"cover-{dossier}.pdf"
    done = subprocess.run([sys.executable, "-m", "cli", "cover-sheet", "--citizen-id", citizen_id, "--dossier", dossier,
                           str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return convert_from_path(out, dpi=300, grayscale=True)[0]


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wrong-citizen")
    cmnd = render_document("cmnd", DAT, random.Random(1))[0][0].image
    cccd = render_document("cccd", DAT, random.Random(2))[0][0].image
    diploma = render_document("van_bang", BINH, random.Random(3))[0][0].image
    upside = _edgeless_card_upside_down()
    profiles = folder / "profiles"  # a feeder whose pages always come upright: orientation off
    profiles.mkdir()
    (profiles / "upright.toml").write_text('extends = "default"\ndescription = "pages come upright"\n'
                                           '[orientation]\nenabled = false\n', encoding="utf-8")
    return {
        "folder": folder,
        "profiles": profiles,
        "cmnd": write_image(_photocopy(cmnd, 1), folder / "ADS_0006.jpg"),
        "cmnd_again": write_image(_photocopy(render_document("cmnd", DAT, random.Random(8))[0][0].image, 8),
                                  folder / "ADS_0107.jpg"),
        "cccd": write_image(_photocopy(cccd, 2), folder / "cccd.jpg"),
        "covered_cmnd": write_tiff([_photocopy(_cover(folder, BORN_1971, "HS-1"), 3), _photocopy(cmnd, 4)],
                                   folder / "cover-cmnd.tif"),
        "cmnd_upside": write_image(_photocopy(cmnd.rotate(180), 9), folder / "ADS_0108.jpg"),
        "upside_file": write_tiff([upside, _photocopy(diploma, 5)], folder / "upside.tif"),
        "covered_upside": write_tiff([_photocopy(_cover(folder, BORN_1981, "HS-2"), 6), upside,
                                      _photocopy(diploma, 7)], folder / "cover-upside.tif"),
    }


def _ingest_cli(path: Path, data: Path, *args: str, env: dict | None = None) -> dict:
    done = subprocess.run([sys.executable, "-m", "cli", "ingest", str(path), "--data-dir", str(data), "--jobs", "2",
                           "--json", *args], capture_output=True, text=True, env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _stored(data: Path, doc_id: str):
    with Catalogue(DataDir(data).catalogue) as catalogue:
        return catalogue.get_document(doc_id)


def test_an_old_cmnd_on_an_empty_folder_is_not_its_own_card_on_file(scans, tmp_path):
    # hoso ingest ADS_0006.jpg --citizen-id 031071488218 on an empty data folder
    out = _ingest_cli(scans["cmnd"], tmp_path / "d", "--citizen-id", BORN_1971)
    (doc,) = out["documents"]
    assert doc["doc_type"] == "cmnd"
    assert (doc["link_status"], doc["citizen_id"]) == ("review", None), doc["link_reason"]
    assert "card on file" not in doc["link_reason"]
    # the card's own date of birth (1981) against the ID's digits (1971)
    assert doc["link_reason_code"]["code"] == "link.birth_contradicts"
    assert "08/12/1981" in doc["link_reason"] and "1971" in doc["link_reason"]
    stored = _stored(tmp_path / "d", doc["id"])
    assert stored.link_reason_code.code == "link.birth_contradicts"
    assert "Ngày sinh 08/12/1981" in render(stored.link_reason_code, "vi")
    assert "số định danh do cán bộ nhập" in render(stored.link_reason_code, "vi")


def test_a_cover_sheets_id_against_the_holders_own_card_on_file(scans, tmp_path):
    data = tmp_path / "d"
    first = _ingest_cli(scans["cccd"], data)["documents"][0]  # his CCCD, linked by its QR code
    assert (first["doc_type"], first["link_status"], first["citizen_id"]) == ("cccd", "linked", DAT.citizen_id)
    (doc,) = _ingest_cli(scans["covered_cmnd"], data)["documents"]  # cover naming 031071488218, then his CMND
    assert doc["doc_type"] == "cmnd" and doc["dossier"] == "HS-1"
    assert (doc["link_status"], doc["citizen_id"]) == ("review", None), doc["link_reason"]
    assert doc["link_reason_code"]["code"] == "link.own_differs"
    assert doc["link_reason"].startswith(f"The name and birth date of a card on file names {DAT.citizen_id}, "
                                         f"but the cover sheet's ID is {BORN_1971}")
    assert "the operator" not in doc["link_reason"]
    assert "phiếu ngăn cách" in render(_stored(data, doc["id"]).link_reason_code, "vi")


def test_a_card_read_upside_down_gets_the_full_qr_search_and_holds_its_file(scans, tmp_path):
    # An operator types another citizen's ID (whose digits agree with 1981) for a file that
    # holds Đạt's card, read upside down, and a diploma that prints no ID.
    options = IngestOptions(jobs=2, citizen_id=BORN_1981, profile="upright")
    os.environ["HOSO_PROFILES_DIR"] = str(scans["profiles"])
    try:
        outcome = next(ingest_paths([scans["upside_file"]], DataDir(tmp_path / "d"), options))
    finally:
        del os.environ["HOSO_PROFILES_DIR"]
    card, diploma = outcome.documents
    assert card.pages[0].rotation == 0 and "CĂN CƯỚC" not in card.pages[0].text  # read upside down indeed
    assert (card.link_status, card.citizen_id) == ("review", None), card.link_reason
    assert card.link_reason.startswith(f"The card's QR code names {DAT.citizen_id}, but the operator's ID is {BORN_1981}")
    # the diploma would be linked on the typed ID alone: the file's conflict holds it
    assert (diploma.link_status, diploma.citizen_id) == ("review", None), diploma.link_reason
    assert diploma.link_reason_code.code == "link.file_conflict"
    assert f"page 1) contradicts the operator's ID {BORN_1981}" in diploma.link_reason


def test_pages_behind_a_cover_sheet_get_the_full_qr_search(scans, tmp_path):
    env = {"HOSO_PROFILES_DIR": str(scans["profiles"])}
    card, diploma = _ingest_cli(scans["covered_upside"], tmp_path / "d", "--profile", "upright", env=env)["documents"]
    assert (card["link_status"], card["citizen_id"]) == ("review", None), card["link_reason"]
    assert card["link_reason"].startswith(f"The card's QR code names {DAT.citizen_id}, but the cover sheet's ID is "
                                          f"{BORN_1981}")
    assert (diploma["link_status"], diploma["citizen_id"]) == ("review", None), diploma["link_reason"]
    assert diploma["link_reason_code"]["code"] == "link.file_conflict"


def test_a_card_linked_on_the_operators_word_is_no_card_on_file_later(scans, tmp_path):
    # Day 1: his CMND with a typed ID whose digits agree with 1981: linked on the operator's
    # word alone (nothing contradicts it). Day 2: another copy of the CMND, no ID typed: the
    # first one's link is only that word again, so it does not make the second one theirs.
    data = tmp_path / "d"
    (first,) = _ingest_cli(scans["cmnd"], data, "--citizen-id", BORN_1981)["documents"]
    assert (first["link_status"], first["link_reason_code"]["code"]) == ("linked", "link.claim_only")
    (later,) = _ingest_cli(scans["cmnd_again"], data)["documents"]
    assert (later["link_status"], later["citizen_id"]) == ("review", None), later["link_reason"]
    assert "card on file" not in later["link_reason"]


def test_a_page_whose_text_could_not_be_read_is_not_linked_on_the_operators_word(scans, tmp_path):
    # His CMND fed upside down on a feeder set up for upright pages: the text is garbage, no
    # ID and no code can be read, so "no ID printed, nothing contradicts the typed ID" means nothing.
    env = {"HOSO_PROFILES_DIR": str(scans["profiles"])}
    (doc,) = _ingest_cli(scans["cmnd_upside"], tmp_path / "d", "--citizen-id", BORN_1981, "--profile", "upright",
                         env=env)["documents"]
    assert (doc["link_status"], doc["citizen_id"]) == ("review", None), doc["link_reason"]
    assert doc["link_reason_code"]["code"] == "link.claim_unreadable"
    assert doc["link_reason"].startswith("The document's text could not be read (OCR confidence")
