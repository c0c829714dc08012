"""`hoso export`: the searchable PDF of an ingested document, checked with poppler and qpdf."""

import json
import subprocess

from samples.pdf_writer import write_image_pdf
from samples.render import Line, PageLayout, render_page
from tests.test_trunk_e2e import hoso
from vntext import cer


def test_exported_pdf_returns_the_ocr_text_and_passes_qpdf_check(tmp_path, corpus_lines):
    pages = [
        render_page(PageLayout([Line("TỜ KHAI ĐĂNG KÝ KHAI SINH", 15, "serif-bold", "center")]
                               + [Line(t, 13, space_before_pt=4) for t in corpus_lines[30:38]])),
        render_page(PageLayout([Line(t, 13, space_before_pt=4) for t in corpus_lines[38:46]])),
    ]
    scan = tmp_path / "to-khai.pdf"
    write_image_pdf(scan, [p.image for p in pages], quality=92)
    data = tmp_path / "data"
    [document] = json.loads(hoso("ingest", str(scan), "--json", data=data).stdout)["documents"]
    out = tmp_path / "out" / "searchable.pdf"
    done = hoso("export", document["id"], str(out), data=data)
    assert "2 page(s)" in done.stdout

    check = subprocess.run(["qpdf", "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0 and "WARNING" not in check.stdout + check.stderr, check.stdout + check.stderr
    for number, page in enumerate(pages, start=1):
        extracted = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(out), "-"],
                                   capture_output=True, text=True, check=True).stdout
        stored = document["pages"][number - 1]["text"]
        assert abs(cer(page.text, extracted) - cer(page.text, stored)) <= 0.005, (number, extracted[:300])
    # Built again from the page images when the stored PDF is gone.
    next((data / "searchable").rglob("*.pdf")).unlink()
    again = tmp_path / "again.pdf"
    hoso("export", document["id"], str(again), data=data)
    assert subprocess.run(["qpdf", "--check", str(again)], capture_output=True).returncode == 0


def test_export_of_an_unknown_document_is_a_message_not_a_traceback(tmp_path):
    done = hoso("export", "khong-co", str(tmp_path / "x.pdf"), data=tmp_path, check_codes=(1,))
    assert "no document 'khong-co'" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.pdf").exists()
