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
