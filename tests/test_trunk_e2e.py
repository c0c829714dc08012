"""The trunk end to end, through the real `hoso` CLI: render, scan, ingest, search, show.

Everything is real: pages rendered from the corpus with glyph-checked fonts, Tesseract
`vie`, SQLite files, PDFs written like a scanner writes them.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from samples.pdf_writer import write_image_pdf
from samples.render import Line, PageLayout, render_page
from vntext import cer

HOSO = [sys.executable, "-m", "cli"]
TEST_OFFICER = "Kiểm thử"
NEEDS_OFFICER = {"search", "show", "export"}
STATION = {"ingest", "watch"}  # HOSO_OFFICER there names who runs the station, checked against the list


def ensure_officer(data: Path, name: str = TEST_OFFICER, role: str = "supervisor") -> None:
    """Register the acting officer in the data folder (commands that show papers require one)."""
    from access.models import Actor
    from access.officers import add_officer, list_officers

    catalogue = data / "catalogue.sqlite"
    if name not in {o.name for o in list_officers(catalogue)}:
        add_officer(catalogue, name, role, None, Actor.cli(None))


def hoso(*args: str, data: Path, check_codes=(0,)) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOSO_DATA_DIR": str(data), "OMP_THREAD_LIMIT": "1", "HOSO_OFFICER": TEST_OFFICER}
    if args[0] in NEEDS_OFFICER:
        ensure_officer(data)
    if args[0] in STATION:  # no station name here: registering one would create the catalogue before ingest
        del env["HOSO_OFFICER"]
    done = subprocess.run([*HOSO, *args], env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode in check_codes, f"exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def clean_page(tmp_path_factory, corpus_lines):
    """A clean A4 page of real administrative text, saved as a scanner's image PDF."""
    folder = tmp_path_factory.mktemp("clean")
    layout = PageLayout(
        [Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, "serif-bold", "center"),
         Line("Độc lập - Tự do - Hạnh phúc", 13, "serif-bold", "center"),
         Line("BÁO CÁO", 15, "serif-bold", "center", space_before_pt=12)]
        + [Line(text, 13, space_before_pt=4) for text in corpus_lines[5:19]]
    )
    rendered = render_page(layout)
    pdf = folder / "bao-cao.pdf"
    write_image_pdf(pdf, [rendered.image], dpi=300, quality=92)
    return pdf, rendered.text


def test_clean_vietnamese_page_round_trip_under_2_percent_cer(tmp_path, clean_page):
    pdf, truth = clean_page
    out = json.loads(hoso("ingest", str(pdf), "--json", data=tmp_path).stdout)
    [document] = out["documents"]
    text = "\n".join(p["text"] for p in document["pages"])
    error = cer(truth, text)
    print(f"clean page CER {error:.4f}")
    assert error < 0.02, f"CER {error:.3%}"
    assert document["doc_type"] == "van_ban_hanh_chinh"
    assert document["pages"][0]["ocr_confidence"] > 80
    shown = json.loads(hoso("show", document["id"], "--json", data=tmp_path).stdout)
    assert {k: v for k, v in shown.items() if k != "fields"} == document  # show only adds keys
    assert isinstance(shown["fields"], list)
    for key in ("id", "doc_type", "type_confidence", "citizen_id", "link_status", "source_file", "source_sha256",
                "pages", "received_at"):
        assert key in shown
    assert set(shown["pages"][0]) >= {"number", "text", "ocr_confidence", "is_blank"}


def test_reingest_adds_nothing_and_originals_are_kept_byte_for_byte(tmp_path, clean_page):
    pdf, _ = clean_page
    first = json.loads(hoso("ingest", str(pdf), "--json", data=tmp_path).stdout)
    copy = tmp_path / "renamed copy.pdf"
    copy.write_bytes(pdf.read_bytes())
    second = json.loads(hoso("ingest", str(pdf), str(copy), "--json", data=tmp_path).stdout)
    assert [f["status"] for f in second["files"]] == ["duplicate", "duplicate"]
    assert [d["id"] for d in second["documents"]] == [d["id"] for d in first["documents"]] * 2
    sha = first["documents"][0]["source_sha256"]
    stored = tmp_path / "originals" / sha[:2] / sha
    assert stored.read_bytes() == pdf.read_bytes()
    found = json.loads(hoso("search", "trung tam", "--json", data=tmp_path).stdout)["documents"]
    assert len(found) == 1


def test_search_by_words_without_diacritics(tmp_path, clean_page):
    pdf, truth = clean_page
    hoso("ingest", str(pdf), data=tmp_path)
    for query, expected in (("hanh chinh cong", "hành chính công"), ("ho so", "hồ sơ"), ("doc lap tu do", "Độc lập")):
        if expected.lower() not in truth.lower():
            continue
        found = json.loads(hoso("search", query, "--json", data=tmp_path).stdout)["documents"]
        assert len(found) == 1, query
        assert expected.lower() in found[0]["snippet"].lower() or expected.lower() in found[0]["pages"][0]["text"].lower()
    assert json.loads(hoso("search", "khong co tu nay xyzw", "--json", data=tmp_path).stdout)["documents"] == []


def test_bad_inputs_are_quarantined_with_reasons_and_the_batch_goes_on(tmp_path, clean_page):
    pdf, _ = clean_page
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-empty.pdf").write_bytes(b"")
    (inbox / "b-notes.pdf").write_text("Ghi chú: đây không phải là bản scan", encoding="utf-8")
    whole = pdf.read_bytes()
    (inbox / "c-truncated.pdf").write_bytes(whole[: len(whole) // 3])
    with pikepdf.open(pdf) as doc:
        doc.save(inbox / "d-locked.pdf", encryption=pikepdf.Encryption(owner="o", user="mat-khau"))
    (inbox / "e-good.pdf").write_bytes(whole)
    (inbox / "f-unsupported.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    before = {p.name: p.read_bytes() for p in inbox.iterdir()}
    data = tmp_path / "data"
    done = hoso("ingest", str(inbox), "--json", data=data, check_codes=(3,))
    files = {Path(f["path"]).name: f for f in json.loads(done.stdout)["files"]}
    assert files["e-good.pdf"]["status"] == "ingested"
    expected = {
        "a-empty.pdf": "empty file",
        "b-notes.pdf": "not a PDF, TIFF, JPEG or PNG",
        "c-truncated.pdf": "",
        "d-locked.pdf": "password-protected",
        "f-unsupported.docx": "not a PDF, TIFF, JPEG or PNG",
    }
    for name, reason in expected.items():
        assert files[name]["status"] == "quarantined", (name, files[name])
        assert reason in files[name]["reason"], (name, files[name]["reason"])
        [reason_file] = (data / "quarantine").glob(f"*-{name}.reason.txt")
        assert files[name]["reason"] in reason_file.read_text(encoding="utf-8")
    assert {p.name: p.read_bytes() for p in inbox.iterdir()} == before  # the operator's files are untouched
    human = hoso("ingest", str(inbox / "b-notes.pdf"), data=tmp_path / "other", check_codes=(3,))
    assert "b-notes.pdf" in human.stdout and "Traceback" not in human.stderr + human.stdout


def test_operator_typo_in_citizen_id_is_refused_before_anything_is_ingested(tmp_path, clean_page):
    pdf, _ = clean_page
    done = hoso("ingest", str(pdf), "--citizen-id", "12345'; DROP TABLE documents;--", data=tmp_path, check_codes=(2,))
    assert "not a valid citizen ID" in done.stderr
    assert not (tmp_path / "catalogue.sqlite").exists()
