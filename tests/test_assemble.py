from pipeline.assemble import AnalysedPage, assemble
from pipeline.models import PageOutcome


def page(number, *, title=None, blank=False, error=None, doc_type="khac", ids=()):
    return AnalysedPage(
        outcome=PageOutcome(number=number, text="" if blank else "text", is_blank=blank, error=error),
        doc_type=doc_type, title=title, starts_document=title is not None, citizen_ids=list(ids), valid_ids=list(ids),
    )


def numbers(doc):
    return [p.outcome.number for p in doc.pages]


def test_titles_start_documents_and_continuations_follow():
    docs, loose = assemble([
        page(1, title="CĂN CƯỚC", doc_type="cccd"),
        page(2, title="GIẤY KHAI SINH", doc_type="giay_khai_sinh"),
        page(3, title="HỢP ĐỒNG", doc_type="hop_dong"),
        page(4),
        page(5),
    ])
    assert [numbers(d) for d in docs] == [[1], [2], [3, 4, 5]]
    assert [d.lead.doc_type for d in docs] == ["cccd", "giay_khai_sinh", "hop_dong"]
    assert loose == []


def test_blank_backs_stay_with_their_document_and_leading_blanks_wait():
    docs, loose = assemble([page(1, blank=True), page(2, title="ĐƠN", doc_type="don_de_nghi"), page(3, blank=True),
                            page(4, title="TỜ KHAI", doc_type="to_khai")])
    assert [numbers(d) for d in docs] == [[1, 2, 3], [4]]
    assert docs[0].lead.outcome.number == 2  # the type comes from the first page with content


def test_unreadable_pages_and_all_blank_files_are_loose_never_lost():
    docs, loose = assemble([page(1, title="ĐƠN"), page(2, error="page 2 is damaged"), page(3)])
    assert [numbers(d) for d in docs] == [[1, 3]]
    assert [p.outcome.number for p in loose] == [2]
    docs, loose = assemble([page(1, blank=True), page(2, blank=True)])
    assert docs == [] and [p.outcome.number for p in loose] == [1, 2]


def test_ids_of_a_document_are_collected_in_order_without_repeats():
    docs, _ = assemble([page(1, title="HỢP ĐỒNG", ids=["001203004567"]), page(2, ids=["079305001234", "001203004567"])])
    assert docs[0].citizen_ids == ["001203004567", "079305001234"]


# --- splitting a scanned stack on the cues of real rendered pages -------------------------

import pytest

from classify.page_cues import page_cues
from classify.titles import classify_page


def analysed(number, text, blank=False):
    found = classify_page(text) if text.strip() else None
    page = AnalysedPage(outcome=PageOutcome(number=number, text=text, is_blank=blank))
    if found:
        page.doc_type, page.title, page.starts_document = found.doc_type, found.title, found.starts_document
        page.cues = page_cues(text)
    return page


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    from samples.batch import generate_batch

    return generate_batch(tmp_path_factory.mktemp("split"), seed=7)


def test_stacks_split_like_the_ground_truth(batch):
    """Every file of a sample batch (receipt after a birth certificate, blank backs, a
    3-page contract with "Trang k/3", a multi-page letter) splits into its documents."""
    for file in batch.files:
        docs, loose = assemble([analysed(p.number, p.text, p.is_blank) for p in file.pages])
        expected = [d.pages for d in file.documents]
        got = [[p.outcome.number for p in d.pages if not p.outcome.is_blank] for d in docs]
        assert got == expected, file.name
        assert not [p for p in loose if not p.outcome.is_blank]


def test_receipt_after_a_birth_certificate_is_its_own_document(batch):
    file = batch.files[0]
    docs, _ = assemble([analysed(p.number, p.text, p.is_blank) for p in file.pages])
    assert [d.lead.doc_type for d in docs][-2:] == ["giay_khai_sinh", "khac"]


def test_page_number_cue_keeps_a_document_whole_across_blank_backs():
    pages = [
        analysed(1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHỢP ĐỒNG MUA BÁN\nBên A\nTrang 1/3"),
        analysed(2, "", blank=True),
        analysed(3, "ĐIỀU 3. VIỆC GIAO ĐẤT\nBên A có nghĩa vụ giao\nTrang 2/3"),
        analysed(4, "", blank=True),
        analysed(5, "BÊN A     BÊN B\n(Ký, ghi rõ họ tên)\nTrang 3/3"),
        analysed(6, "Ghi chú của cán bộ tiếp nhận\nđã kiểm tra"),
    ]
    docs, _ = assemble(pages)
    assert [numbers(d) for d in docs] == [[1, 2, 3, 4, 5], [6]]


def test_a_confident_change_of_type_begins_a_document():
    first = page(1, title="ĐƠN ĐỀ NGHỊ", doc_type="don_de_nghi")
    first.predicted_type = "don_de_nghi"
    same = page(2)
    same.predicted_type, same.predicted_confidence = "don_de_nghi", 0.95
    other = page(3)
    other.predicted_type, other.predicted_confidence = "xac_nhan_cu_tru", 0.95
    unsure = page(4)
    unsure.predicted_type, unsure.predicted_confidence = "hop_dong", 0.5
    docs, _ = assemble([first, same, other, unsure])
    assert [numbers(d) for d in docs] == [[1, 2], [3, 4]]


def test_a_cover_sheet_starts_a_group_and_is_not_a_document():
    cover = page(2)
    cover.cover = "COVER"
    docs, loose = assemble([page(1, title="ĐƠN", doc_type="don_de_nghi"), cover, page(3), page(4, blank=True), page(5)])
    assert [numbers(d) for d in docs] == [[1], [3, 4], [5]]
    assert [d.cover for d in docs] == [None, "COVER", "COVER"]
    assert [p.outcome.number for p in loose] == [2]
