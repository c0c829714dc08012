"""The hostile and broken input corpus, case by case, through the real ingest (README "Hostile input").

One folder holds every bad file and a few good ones (real rendered Vietnamese pages); one
ingest runs over it; each case checks its own file's outcome. A bad file is quarantined
with its reason and stops nothing else; a repairable one is processed.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import sha256_of
from pipeline.datadir import DataDir
from pipeline.ingest_run import ingest_paths
from pipeline.manifest import read_manifest
from pipeline.models import IngestOptions
from tests import hostile_inputs as make

NON_UTF8 = os.fsdecode(b"scan-\xff\xfe h\xe0 s\xf4.pdf")  # Latin-1 bytes of "hà sô": not UTF-8


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    inbox = root / "inbox"
    inbox.mkdir()
    good = make.good_pdf(root / "good.pdf", "ĐƠN ĐỀ NGHỊ")
    (inbox / "zero.pdf").write_bytes(b"")
    make.truncated_pdf(inbox / "truncated.pdf", good)
    make.broken_xref_pdf(inbox / "broken-xref.pdf", make.good_pdf(root / "g2.pdf", "GIẤY KHAI SINH"))
    make.encrypted_pdf(inbox / "password.pdf", good)
    make.many_pages_pdf(inbox / "ten-thousand-pages.pdf", 10_000)
    make.huge_page_pdf(inbox / "huge-page.pdf")
    make.huge_image_pdf(inbox / "huge-image.pdf")
    make.decompression_bomb_png(inbox / "bomb.png")
    make.tiff_with_corrupt_page(inbox / "corrupt-page.tif", ["ĐƠN ĐỀ NGHỊ", "GIẤY KHAI SINH", "HỢP ĐỒNG ỦY QUYỀN"], 1)
    make.rendered_page("TỜ KHAI ĐĂNG KÝ KHAI SINH").save(inbox / "png-named.pdf", format="PNG", dpi=(200, 200))
    (inbox / "notes.pdf").write_text("Biên bản họp, không phải bản scan\n", encoding="utf-8")
    shutil.copy("/bin/true", inbox / "program.tif")
    make.good_pdf(inbox / "Giấy khai sinh Nguyễn Thị Ánh.pdf", "GIẤY KHAI SINH")
    make.good_pdf(inbox / NON_UTF8, "HỢP ĐỒNG ỦY QUYỀN")
    (inbox / os.fsdecode(b"notes-\xff.pdf")).write_bytes("Ghi chú của cán bộ".encode())
    data = DataDir(root / "data")
    options = IngestOptions(jobs=2, dossier="HS'; DROP TABLE documents; --", procedure="$(reboot)`id`")
    outcomes = {Path(o.path).name: o for o in ingest_paths([inbox], data, options)}
    return inbox, data, outcomes


def _outcome(corpus, name):
    _, _, outcomes = corpus
    return outcomes[Path(os.fsdecode(name)).name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")]


QUARANTINED = [
    ("zero.pdf", "empty file (0 bytes)"),
    ("truncated.pdf", "the PDF is truncated"),
    ("password.pdf", "password-protected"),
    ("ten-thousand-pages.pdf", "the PDF has 10000 pages, more than the limit of 2000"),
    ("huge-page.pdf", "too large to scan at 300 dpi"),
    ("huge-image.pdf", "an image of 20000 × 20000 pixels is larger than the limit"),
    ("bomb.png", "decompression bomb"),
    ("notes.pdf", "not a PDF, TIFF, JPEG or PNG file"),
    ("program.tif", "not a PDF, TIFF, JPEG or PNG file"),
    (os.fsdecode(b"notes-\xff.pdf"), "not a PDF, TIFF, JPEG or PNG file"),
]


@pytest.mark.parametrize("name, reason", QUARANTINED, ids=[c[0].encode("utf-8", "replace").decode() for c in QUARANTINED])
def test_bad_file_is_quarantined_with_its_reason(corpus, name, reason):
    inbox, data, _ = corpus
    outcome = _outcome(corpus, name)
    assert outcome.status == "quarantined" and reason in outcome.reason, outcome
    assert "\n" not in outcome.reason
    notes = list(data.quarantine.glob(f"{sha256_of(inbox / name)[:12]}-*.reason.txt"))
    assert len(notes) == 1 and reason in notes[0].read_text(encoding="utf-8")
    with sqlite3.connect(data.catalogue) as db:
        assert db.execute("SELECT status FROM files WHERE sha256 = ?", (outcome.sha256,)).fetchone() == ("quarantined",)
        assert db.execute("SELECT count(*) FROM documents WHERE source_sha256 = ?", (outcome.sha256,)).fetchone() == (0,)


@pytest.mark.parametrize("name, title", [
    ("broken-xref.pdf", "GIẤY KHAI SINH"),  # the xref table is rebuilt by qpdf
    ("png-named.pdf", "TỜ KHAI"),  # a PNG under a .pdf name: read as the PNG it is
    ("Giấy khai sinh Nguyễn Thị Ánh.pdf", "GIẤY KHAI SINH"),
    (NON_UTF8, "HỢP ĐỒNG"),
])
def test_readable_file_is_processed(corpus, name, title):
    outcome = _outcome(corpus, name)
    assert outcome.status == "ingested", outcome
    assert outcome.page_errors == []
    text = " ".join(p.text for d in outcome.documents for p in d.pages)
    assert title in text.upper()


def test_tiff_with_a_corrupt_page_keeps_the_good_pages_and_reports_the_bad_one(corpus):
    _, data, _ = corpus
    outcome = _outcome(corpus, "corrupt-page.tif")
    assert outcome.status == "ingested"
    assert sorted(p.number for d in outcome.documents for p in d.pages) == [1, 3]
    assert len(outcome.page_errors) == 1 and outcome.page_errors[0].startswith("page 2 is damaged")
    with sqlite3.connect(data.catalogue) as db:
        row = db.execute("SELECT document_id, error FROM pages WHERE source_sha256 = ? AND number = 2",
                         (outcome.sha256,)).fetchone()
        assert row[0] is None and row[1].startswith("page 2 is damaged")


def test_non_utf8_name_is_stored_and_shown_readably(corpus):
    _, data, _ = corpus
    outcome = _outcome(corpus, NON_UTF8)
    assert "scan-\ufffd\ufffd h\ufffd s\ufffd.pdf" in outcome.path
    with sqlite3.connect(data.catalogue) as db:
        assert db.execute("SELECT name FROM files WHERE sha256 = ?", (outcome.sha256,)).fetchone() == \
            ("scan-\ufffd\ufffd h\ufffd s\ufffd.pdf",)


def test_sql_and_shell_metacharacters_are_only_data(corpus):
    _, data, outcomes = corpus
    with sqlite3.connect(data.catalogue) as db:
        stored = {r for r in db.execute("SELECT DISTINCT dossier, procedure FROM documents")}
        assert stored == {("HS'; DROP TABLE documents; --", "$(reboot)`id`")}
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == sum(len(o.documents) for o in outcomes.values())


def test_citizen_id_with_metacharacters_is_refused_before_anything_runs(tmp_path):
    env = {**os.environ, "HOSO_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "cli", "ingest", str(tmp_path), "--citizen-id",
                             "001089012345'; DROP TABLE documents; --"], env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "is not a valid citizen ID" in result.stderr
    assert not (tmp_path / "data").exists()


def test_manifest_cannot_name_files_outside_the_inbox(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "sub" / "ok.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (inbox / "escape").symlink_to(outside)  # a folder link that leads out
    (inbox / "sub" / "manifest.csv").write_text(
        "file,citizen_id,dossier,procedure\n"
        "ok.pdf,001089012345,HS-1,dang_ky_khai_sinh\n"
        "../../etc/passwd,,,\n"
        "/etc/passwd,,,\n"
        "C:\\Windows\\win.ini,,,\n"
        "..\\..\\outside\\secret.pdf,,,\n"
        "../escape/secret.pdf,,,\n"
        "ok.pdf/../../../outside/secret.pdf,,,\n"
        "ok.pdf,001089012345 OR 1=1,,\n", encoding="utf-8")
    manifest = read_manifest(inbox / "sub" / "manifest.csv", inbox)
    assert list(manifest.entries) == [inbox / "sub" / "ok.pdf"]
    reasons = [(r.entry, r.reason.split(":")[0].split(" (")[0]) for r in manifest.refusals]
    assert reasons == [
        ("../../etc/passwd", "path traversal"),
        ("/etc/passwd", "absolute paths are refused"),
        ("C:\\Windows\\win.ini", "absolute paths are refused"),
        ("..\\..\\outside\\secret.pdf", "path traversal"),
        ("../escape/secret.pdf", "path traversal"),
        ("ok.pdf/../../../outside/secret.pdf", "path traversal"),
        ("ok.pdf", "citizen_id '001089012345 OR 1=1' is not a valid citizen ID"),
    ]
    (inbox / "sub" / "manifest.json").write_text('[{"file": "../escape2/x.pdf"}, {"file": "link/secret.pdf"}]')
    (inbox / "sub" / "link").symlink_to(outside)
    links = read_manifest(inbox / "sub" / "manifest.json", inbox)
    assert [r.reason for r in links.refusals][1] == "the file (through a symbolic link) lies outside the inbox"
    (inbox / "sub" / "manifest.json").write_text("{not json")
    assert read_manifest(inbox / "sub" / "manifest.json", inbox).refusals[0].reason.startswith("manifest refused")


def test_limits_are_configurable_from_the_command_line(tmp_path):
    pdf = make.many_pages_pdf(tmp_path / "twelve.pdf", 12)
    env = {**os.environ, "HOSO_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "cli", "ingest", str(pdf), "--max-pages", "10", "--json"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 3, result.stderr
    assert "the PDF has 12 pages, more than the limit of 10" in result.stdout
    small = make.good_pdf(tmp_path / "small.pdf", "ĐƠN")
    env["HOSO_MAX_FILE_MB"] = "1"
    big = tmp_path / "big.pdf"
    big.write_bytes(small.read_bytes().replace(b"%%EOF", b"%" + b"x" * (2 * 1024**2) + b"\n%%EOF"))
    result = subprocess.run([sys.executable, "-m", "cli", "ingest", str(big), "--json"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 3 and "larger than the limit of 1,048,576" in result.stdout
