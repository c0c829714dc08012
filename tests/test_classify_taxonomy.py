"""The taxonomy file: every type of the domain notes, validity rules, centre overrides."""

import pytest

from classify.taxonomy import SHIPPED_PATH, TaxonomyError, default_taxonomy, load_taxonomy

DOMAIN_KEYS = {
    "cccd", "cmnd", "giay_khai_sinh", "giay_chung_nhan_ket_hon", "xac_nhan_tinh_trang_hon_nhan",
    "trich_luc_khai_tu", "xac_nhan_cu_tru", "gcn_quyen_su_dung_dat", "to_khai", "don_de_nghi",
    "giay_uy_quyen", "hop_dong", "van_bang", "giay_phep_lai_xe", "the_bhyt", "van_ban_hanh_chinh", "khac",
}
SINGLE = {"cccd", "cmnd", "xac_nhan_tinh_trang_hon_nhan", "xac_nhan_cu_tru", "don_de_nghi", "van_bang", "giay_phep_lai_xe", "the_bhyt"}
MULTI = {"giay_khai_sinh", "giay_chung_nhan_ket_hon", "trich_luc_khai_tu", "to_khai", "giay_uy_quyen", "hop_dong", "gcn_quyen_su_dung_dat"}


@pytest.fixture(autouse=True)
def no_centre_overrides(monkeypatch):
    monkeypatch.delenv("HOSO_TAXONOMY", raising=False)


def test_every_domain_type_is_defined():
    taxonomy = load_taxonomy()
    assert set(taxonomy.keys()) == DOMAIN_KEYS
    assert taxonomy.fallback == "khac"
    assert all(taxonomy.types[key].titles for key in DOMAIN_KEYS - {"khac"})


def test_subjects():
    taxonomy = load_taxonomy()
    assert {k for k, t in taxonomy.types.items() if t.subject == "single"} == SINGLE
    assert {k for k, t in taxonomy.types.items() if t.subject == "multi"} == MULTI
    assert {k for k, t in taxonomy.types.items() if t.subject == "none"} == {"van_ban_hanh_chinh", "khac"}


def test_validity_rules():
    types = load_taxonomy().types
    assert (types["xac_nhan_tinh_trang_hon_nhan"].validity, types["xac_nhan_tinh_trang_hon_nhan"].validity_months) == ("months_from_issue", 6)
    assert types["cccd"].validity == "until_expiry"
    assert types["giay_khai_sinh"].validity == "none"
    assert types["van_ban_hanh_chinh"].validity == "none"


def test_domain_titles_are_present():
    types = load_taxonomy().types
    assert "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN" in types["xac_nhan_tinh_trang_hon_nhan"].titles
    assert "TRÍCH LỤC KHAI SINH" in types["giay_khai_sinh"].titles
    assert {"KẾ HOẠCH", "BÁO CÁO", "QUYẾT ĐỊNH", "CÔNG VĂN", "CHƯƠNG TRÌNH", "THÔNG BÁO"} <= set(types["van_ban_hanh_chinh"].titles)


def test_keywords_are_folded():
    for doc_type in load_taxonomy().types.values():
        assert all(k == k.lower() and k.isascii() for k in doc_type.keywords), doc_type.key


def test_unknown_key_falls_back():
    taxonomy = load_taxonomy()
    assert taxonomy.get("no_such_type").key == "khac"
    assert taxonomy.get("cccd").key == "cccd"


def test_centre_file_adds_and_overrides(tmp_path, monkeypatch):
    centre = tmp_path / "centre.toml"
    centre.write_text(
        """
[types.giay_xac_nhan_khuyet_tat]
name_vi = "Giấy xác nhận khuyết tật"
titles = ["GIẤY XÁC NHẬN KHUYẾT TẬT"]
validity = "none"
subject = "single"

[types.xac_nhan_cu_tru]
validity_months = 1
""",
        encoding="utf-8",
    )
    monkeypatch.setenv("HOSO_TAXONOMY", str(centre))
    taxonomy = load_taxonomy()
    assert taxonomy.types["giay_xac_nhan_khuyet_tat"].titles == ["GIẤY XÁC NHẬN KHUYẾT TẬT"]
    assert taxonomy.types["xac_nhan_cu_tru"].validity_months == 1
    assert "SỔ HỘ KHẨU" in taxonomy.types["xac_nhan_cu_tru"].titles  # fields not given are kept
    assert default_taxonomy().types.keys() == taxonomy.types.keys()


def test_explicit_path_replaces_the_shipped_file(tmp_path):
    own = tmp_path / "own.toml"
    own.write_text('[types.khac]\nname_vi = "Khác"\nsubject = "none"\n', encoding="utf-8")
    assert load_taxonomy(own).keys() == ["khac"]
    assert load_taxonomy(SHIPPED_PATH).keys() == load_taxonomy().keys()


@pytest.mark.parametrize(
    "toml, expected",
    [
        ('[types.x]\nname_vi = "X"\nsubject = "everyone"\n[types.khac]\nname_vi="K"\nsubject="none"\n', "types.x.subject"),
        ('[types.x]\nname_vi = "X"\nsubject = "single"\nvalidity = "months_from_issue"\n[types.khac]\nname_vi="K"\nsubject="none"\n', "needs validity_months"),
        ('[types.x]\nname_vi = "X"\nsubject = "single"\nvalidity_months = 3\n[types.khac]\nname_vi="K"\nsubject="none"\n', "only meaningful"),
        ('[types.x]\nname_vi = "X"\nsubject = "single"\n', "fallback type 'khac' is not defined"),
        ('[types.khac]\nname_vi="K"\nsubject="none"\ntitles=["KHÁC"]\n', "must have no titles"),
        ('[types.Bad-Key]\nname_vi = "X"\nsubject = "single"\n[types.khac]\nname_vi="K"\nsubject="none"\n', "lower-case ASCII"),
        ('[types.x]\nname_vi = "X"\nsubject = "single"\npatterns = [{ regex = "(" }]\n[types.khac]\nname_vi="K"\nsubject="none"\n', "not a valid regular expression"),
        ('[types.x]\nname_vi = "X"\nsubject = "single"\ntitle = ["typo"]\n[types.khac]\nname_vi="K"\nsubject="none"\n', "types.x.title"),
        ('[types.x]\nsubject = "single"\n[types.khac]\nname_vi="K"\nsubject="none"\n', "types.x.name_vi"),
    ],
)
def test_invalid_files_give_readable_errors(tmp_path, toml, expected):
    bad = tmp_path / "bad.toml"
    bad.write_text(toml, encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(bad)
    message = str(caught.value)
    assert str(bad) in message and expected in message


def test_broken_toml_and_missing_file(tmp_path, monkeypatch):
    bad = tmp_path / "bad.toml"
    bad.write_text("[types.x\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="not valid TOML"):
        load_taxonomy(bad)
    monkeypatch.setenv("HOSO_TAXONOMY", str(tmp_path / "missing.toml"))
    with pytest.raises(TaxonomyError, match="not found"):
        load_taxonomy()
