from vntext import cer, fold, nfc, tokens


def test_fold_maps_d_stroke_and_strips_marks():
    assert fold("Đất đai") == "dat dai"
    assert fold("NGUYỄN VĂN AN") == "nguyen van an"
    assert fold("Giấy xác nhận tình trạng hôn nhân") == "giay xac nhan tinh trang hon nhan"


def test_fold_keeps_offsets_of_nfc_text():
    text = "Ủy ban nhân dân xã Tứ Kỳ, đường Lê Lợi"
    assert len(fold(text)) == len(nfc(text))
    start = fold(text).find("tu ky")
    assert text[start : start + 5] == "Tứ Kỳ"


def test_fold_accepts_decomposed_input():
    decomposed = "Nguye\u0302\u0303n"  # e + circumflex + tilde, as some PDFs emit it
    assert fold(decomposed) == "nguyen"
    assert nfc(decomposed) == "Nguyễn"


def test_tokens():
    assert tokens("Số: 04/BC-TTPVHCC, ngày 06") == ["so", "04", "bc", "ttpvhcc", "ngay", "06"]


def test_cer_ignores_layout_but_counts_diacritics():
    assert cer("Đất  đai\nxã", "Đất đai xã") == 0.0
    assert cer("đất", "dat") == 2 / 3
    assert cer("", "") == 0.0
