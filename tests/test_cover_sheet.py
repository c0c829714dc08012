"""Cover sheets round trip: print with `hoso cover-sheet`, render as a degraded bilevel scan
in front of real papers, ingest, split. Also the payload format and its refusals."""

import random
import sqlite3
import subprocess
import sys

import numpy as np
import pytest
import zxingcpp
from pdf2image import convert_from_path

from catalogue.store import Catalogue
from classify.cover_sheet import CoverData, make_payload, parse_payload, read_cover
from pipeline.cover_store import cover_pages
from pipeline.datadir import DataDir
from pipeline.ingest_run import ingest_paths
from pipeline.models import IngestOptions
from samples import degrade
from samples.batch import render_document, write_tiff
from samples.people import make_citizens


def test_payload_is_versioned_and_checked():
    data = CoverData(dossier="H89.22-260415-0007", citizen_id="038304777258", procedure="dang_ky_khai_sinh")
    payload = make_payload(data)
    assert payload.startswith("HOSO-COVER/1|")
    assert parse_payload(payload).data == data
    assert parse_payload(payload.replace("0007", "0008")).problem == "the cover sheet's QR code fails its checksum"
    assert "version '2'" in parse_payload(payload.replace("/1|", "/2|")).problem
    assert read_cover([], "ĐƠN ĐỀ NGHỊ\nKính gửi") is None
    unreadable = read_cover([], "PHIEU NGAN CACH HO SO\nMA HO SO: H1\nSO DINH DANH: 038304777258", 3)
    assert unreadable.status == "unreadable" and unreadable.data.citizen_id == "038304777258"


def _scan(image, rng):
    """A photocopied sheet through a bilevel sheet-fed scanner."""
    pixels = np.asarray(image)
    pixels = degrade.skew(pixels, float(rng.uniform(-1.2, 1.2)))
    pixels = degrade.gaussian_noise(degrade.blur(pixels, 1.0), rng, 7)
    return degrade.to_pil(degrade.binarize(pixels, 150))


def _cover(tmp_path, citizen_id, dossier, procedure=None):
    out = tmp_path / f"cover-{dossier}.pdf"
    done = subprocess.run([sys.executable, "-m", "cli", "cover-sheet", "--citizen-id", citizen_id, "--dossier",
                           dossier, *(["--procedure", procedure] if procedure else []), str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return convert_from_path(out, dpi=300, grayscale=True)[0]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cover")
    a, b = make_citizens(31, 2)
    rng = random.Random(3)
    np_rng = np.random.default_rng(3)
    form_a, _ = render_document("don_de_nghi", a, rng)
    form_b, _ = render_document("xac_nhan_cu_tru", b, rng)
    cover_b = np.asarray(_cover(tmp, b.citizen_id, "HS-B")).copy()
    (code,) = zxingcpp.read_barcodes(cover_b)
    corners = [code.position.top_left, code.position.bottom_right]
    cover_b[corners[0].y - 20: corners[1].y + 20, corners[0].x - 20: corners[1].x + 20] = 255  # QR torn off
    pages = [_cover(tmp, a.citizen_id, "HS-A", "dang_ky_khai_sinh"), *[p.image for p in form_a],
             degrade.to_pil(cover_b), *[p.image for p in form_b]]
    path = write_tiff([_scan(p, np_rng) for p in pages], tmp / "stack.tif", compression="group4")
    data = DataDir(tmp / "data")
    outcome = next(ingest_paths([path], data, IngestOptions(jobs=2)))
    return a, b, data, outcome, len(form_a)


def test_cover_sheets_split_the_stack_and_give_their_group_dossier_and_citizen(stack):
    a, b, data, outcome, pages_a = stack
    assert outcome.status == "ingested"
    docs = outcome.documents
    assert [d.doc_type for d in docs] == ["don_de_nghi", "xac_nhan_cu_tru"]
    first, second = docs
    assert [p.number for p in first.pages] == list(range(2, 2 + pages_a))
    assert (first.dossier, first.procedure, first.citizen_id, first.link_status) == ("HS-A", "dang_ky_khai_sinh", a.citizen_id, "linked")
    # The second cover's QR is gone: its group waits, with the large print as the proposal.
    assert second.link_status == "review" and second.citizen_id is None
    assert "could not be read" in second.link_reason and b.citizen_id in second.link_reason
    with Catalogue(data.catalogue) as catalogue:
        covers = cover_pages(catalogue, outcome.sha256)
    db = sqlite3.connect(data.catalogue)
    assert [(c["number"], c["status"], c["dossier"]) for c in covers] == [(1, "ok", "HS-A"), (2 + pages_a, "unreadable", "HS-B")]
    stored = {r[0]: r[1] for r in db.execute("SELECT number, document_id FROM pages WHERE source_sha256 = ?", (outcome.sha256,))}
    assert stored[1] is None and stored[2 + pages_a] is None  # kept, not a document
    assert len(stored) == outcome.pages  # no page lost
    db.close()


def test_cover_contradicting_the_operator_sends_the_group_to_review(stack, tmp_path):
    a, b, *_ = stack
    np_rng = np.random.default_rng(4)
    form, _ = render_document("don_de_nghi", a, random.Random(9))
    path = write_tiff([_scan(p, np_rng) for p in [_cover(tmp_path, a.citizen_id, "HS-C"), form[0].image]],
                      tmp_path / "other.tif", compression="group4")
    outcome = next(ingest_paths([path], DataDir(tmp_path / "data"), IngestOptions(jobs=2, citizen_id=b.citizen_id)))
    (doc,) = outcome.documents
    assert doc.link_status == "review" and doc.citizen_id is None
    assert f"names citizen {a.citizen_id} but the operator gave {b.citizen_id}" in doc.link_reason


def test_the_printed_pdf_is_titled_after_its_dossier_and_bad_codes_are_named(tmp_path):
    """Defect 25: the PDF's Title was PIL's temporary file name; a space was reported as '|'."""
    out = tmp_path / "phieu.pdf"
    done = subprocess.run([sys.executable, "-m", "cli", "cover-sheet", "--citizen-id", "038304777258", "--dossier",
                           "HS-2026-0001", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    info = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Title:           Phiếu hồ sơ HS-2026-0001" in info.splitlines(), info
    assert ".part" not in info
    spaced = subprocess.run([sys.executable, "-m", "cli", "cover-sheet", "--citizen-id", "038304777258", "--dossier",
                             "HS 2026", str(tmp_path / "x.pdf")], capture_output=True, text=True)
    assert spaced.returncode == 2 and "a code cannot contain spaces" in spaced.stderr, spaced.stderr
    assert "'|'" not in spaced.stderr and not (tmp_path / "x.pdf").exists()


def test_a_payload_or_large_print_holding_a_code_off_the_rule_is_not_believed():
    body = "HOSO-COVER/1|HS/../x|038304777258|"
    from classify.cover_sheet import _crc

    read = parse_payload(f"{body}|{_crc(body)}")
    assert read.status == "invalid" and "not valid" in read.problem and "'/'" in read.problem
    misread = read_cover([], "PHIEU NGAN CACH HO SO\nMA HO SO: H1/2\nSO DINH DANH: 038304777258", 1)
    assert misread.status == "unreadable" and misread.data is None
