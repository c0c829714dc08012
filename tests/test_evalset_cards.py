"""The held-out family's cards: every template drawn by Chromium at 150 dpi, its QR code
decoded from the drawn image with zxing-cpp, its MRZ checked digit by digit, its drawn
text holding the title and the IDs its truth says are printed."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date

import pytest
import zxingcpp

from evalset import card_codes
from evalset.cards import TEMPLATES
from evalset.chromium import DrawnPage, Renderer, fonts_in
from evalset.fonts import vietnamese_family
from evalset.paper import Paper
from evalset.people import TODAY, Cast, make_cast
from samples.models import DOC_TYPES, Citizen

DPI = 150
# cards drawn, cards whose text spills out of them, pieces (cards, stamps) reaching past the sheet's edge
_CARDS_INSIDE = """() => { const cards = [...document.querySelectorAll('.card')];
  const spilling = cards.filter(c => c.scrollHeight > c.clientHeight + 1 || c.scrollWidth > c.clientWidth + 1);
  const outside = [...document.querySelectorAll('section.sheet')].flatMap(sheet => {
    const edge = sheet.getBoundingClientRect();
    return [...sheet.children].filter(piece => { const r = piece.getBoundingClientRect();
      return r.left < edge.left - 1 || r.top < edge.top - 1
          || r.right > edge.right + 1 || r.bottom > edge.bottom + 1; });
  });
  return [cards.length, spilling.length, outside.length]; }"""


@dataclass
class Drawn:
    name: str
    cast: Cast
    paper: Paper
    pages: list[DrawnPage]
    cards: int  # card outlines drawn
    cards_overflowing: int
    pieces_outside: int


def _all_templates():
    return [(doc_type, template) for doc_type, templates in TEMPLATES.items() for template in templates]


@pytest.fixture(scope="module")
def drawn() -> list[Drawn]:
    out = []
    with Renderer() as renderer:
        for index, (doc_type, template) in enumerate(_all_templates()):
            rng = random.Random(7100 + index)
            cast = make_cast(rng)
            paper = template(rng, cast)
            pages = renderer.draw(paper, DPI)  # raises SheetOverflow when a sheet's content is taller
            # the tab still holds the paper just drawn: no card's text may spill out of the card
            cards, overflowing, outside = renderer._tab(DPI).evaluate(_CARDS_INSIDE)
            out.append(Drawn(template.__name__, cast, paper, pages, cards, overflowing, outside))
    return out


def _printed_forms(day: date) -> set[str]:
    return {day.strftime("%d/%m/%Y"), day.strftime("%d-%m-%Y"), f"{day:%d} tháng {day:%m} năm {day.year}"}


def _birthday(person: Citizen, age: int) -> date:
    return date(person.birth_date.year + age, person.birth_date.month, min(person.birth_date.day, 28))


def _holder(item: Drawn) -> Citizen:
    return next(p for p in item.cast.everyone() if p.citizen_id == item.paper.owner_citizen_id)


def test_registry_covers_the_card_types_with_their_own_doc_type(drawn):
    assert {"cccd", "cmnd", "giay_phep_lai_xe", "the_bhyt"} <= set(TEMPLATES)
    assert set(TEMPLATES) <= set(DOC_TYPES)
    by_template = {d.name: d for d in drawn}
    assert len(by_template) == len(drawn), "template names must tell the templates apart"
    for doc_type, template in _all_templates():
        assert by_template[template.__name__].paper.doc_type == doc_type


def test_every_template_draws_at_150_dpi_inside_its_sheet_and_its_cards(drawn):
    for item in drawn:
        assert item.cards == (2 if "_a4_copy" in item.name else 1), item.name
        assert item.cards_overflowing == 0, item.name
        assert item.pieces_outside == 0, item.name
        width_px = round(item.paper.size_mm[0] / 25.4 * DPI)
        assert len(item.pages) == 1
        assert abs(item.pages[0].image.width - width_px) <= 2, item.name
        assert item.pages[0].text, item.name


def test_fonts_are_vietnamese_capable(drawn):
    for item in drawn:
        families = fonts_in(item.paper.css)
        assert families, item.name
        assert all(vietnamese_family(f) for f in families), (item.name, families)


def test_drawn_text_holds_the_title_and_every_printed_id(drawn):
    for item in drawn:
        text = item.pages[0].text
        if item.name.endswith("_card_back"):
            assert item.paper.title == "", item.name  # a back alone prints no title
        else:
            assert item.paper.title and item.paper.title in text, item.name
        mrz = item.paper.fields.get("mrz", "")
        for number in item.paper.ids_on_document:
            assert number in text or number in mrz.splitlines()[0], (item.name, number)
        # no other 12-digit personal ID is drawn than the truth lists (a licence or insurance number is no ID)
        printed = set(re.findall(r"(?<!\d)\d{12}(?!\d)", text))
        assert printed - {item.paper.fields.get("document_number")} <= set(item.paper.ids_on_document), item.name


def test_owner_and_printed_fields_are_the_holders(drawn):
    for item in drawn:
        person = _holder(item)
        text = item.pages[0].text
        assert item.paper.parties == [person.citizen_id]
        for name in ("full_name", "birth_date", "issue_date", "expiry_date", "document_number"):
            if name in item.paper.fields:
                assert item.paper.fields[name] in text, (item.name, name)
        if "full_name" in item.paper.fields:
            assert item.paper.fields["full_name"] == person.full_name
        coded = {"issue_date": "qr_payload", "expiry_date": "mrz"}
        for name in ("issue_date", "expiry_date"):
            day = getattr(item.paper, name)
            if day and name in item.paper.fields:
                assert item.paper.fields[name] in _printed_forms(day), (item.name, name)
            elif day:  # not printed as text: then in a code
                assert coded[name] in item.paper.fields, (item.name, name)
            elif name in item.paper.fields:
                assert item.paper.fields[name] == "Không thời hạn", (item.name, name)


def test_cmnd_prints_no_12_digit_id_and_belongs_to_the_holders_cccd(drawn):
    cmnds = [d for d in drawn if d.paper.doc_type == "cmnd"]
    assert cmnds
    for item in cmnds:
        person = _holder(item)
        assert item.paper.ids_on_document == []
        assert person.cmnd and len(person.cmnd) == 9
        if "_card_back" not in item.name:
            assert f"Số {person.cmnd}" in item.pages[0].text
        assert person.citizen_id not in item.pages[0].text


def test_qr_codes_decode_from_the_drawn_image_to_the_card_payload(drawn):
    with_qr = [d for d in drawn if "qr_payload" in d.paper.fields]
    assert len(with_qr) >= 4  # 2021 and 2024 cards, front and A4 copy
    for item in with_qr:
        person = _holder(item)
        found = [r.text for r in zxingcpp.read_barcodes(item.pages[0].image)
                 if r.format == zxingcpp.BarcodeFormat.QRCode]
        assert found == [item.paper.fields["qr_payload"]], item.name
        parts = found[0].split("|")
        assert parts[0] == person.citizen_id and parts[1] == (person.cmnd or "")
        assert parts[2] == person.name_proper and parts[3] == person.birth_date.strftime("%d%m%Y")
        assert parts[4] == person.sex and parts[5] == person.address and len(parts) == 7
        issued = date(int(parts[6][4:]), int(parts[6][2:4]), int(parts[6][:2]))
        assert issued == item.paper.issue_date and _birthday(person, 14) <= issued <= TODAY


def test_check_digit_on_the_icao_9303_example():
    # ICAO Doc 9303 part 5, the TD1 specimen: I<UTOD231458907<<<... / 7408122F1204159UTO<<<...6
    assert card_codes.check_digit("D23145890") == "7"
    assert card_codes.check_digit("740812") == "2"
    assert card_codes.check_digit("120415") == "9"
    line1, line2 = "I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6"
    assert card_codes.check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]) == line2[29]


def test_mrz_lines_carry_the_holder_with_correct_check_digits(drawn):
    with_mrz = [d for d in drawn if "mrz" in d.paper.fields]
    assert len(with_mrz) >= 4
    for item in with_mrz:
        person = _holder(item)
        lines = item.paper.fields["mrz"].splitlines()
        assert [len(line) for line in lines] == [30, 30, 30]
        assert all(re.fullmatch(r"[A-Z0-9<]{30}", line) for line in lines)
        one, two, three = lines
        digit = card_codes.check_digit
        assert one[:5] == "IDVNM" and one[5:14] == person.citizen_id[3:] and one[14] == digit(one[5:14])
        assert one[15:27] == person.citizen_id and one[27:29] == "<<" and one[29] == digit(one[15:27])
        assert two[0:6] == person.birth_date.strftime("%y%m%d") and two[6] == digit(two[0:6])
        assert two[7] == ("M" if person.sex == "Nam" else "F") and two[14] == digit(two[8:14])
        assert two[15:18] == "VNM"
        expiry = item.paper.expiry_date
        assert two[8:14] == (expiry.strftime("%y%m%d") if expiry else "<<<<<<"), item.name
        assert two[29] == digit(one[5:30] + two[0:7] + two[8:15] + two[18:29])
        family, given = three.rstrip("<").split("<<")
        assert family == card_codes.mrz_letters(person.full_name.split()[0])
        assert given.split("<") == [card_codes.mrz_letters(w) for w in person.full_name.split()[1:]]
        assert person.citizen_id in item.paper.ids_on_document  # the MRZ prints all 12 digits
        assert not any(line in item.pages[0].text for line in lines)  # data-notext: no OCR truth


def test_mrz_letters_fold_vietnamese():
    assert card_codes.mrz_letters("ĐOÀN") == "DOAN"
    assert card_codes.mrz_name("LƯƠNG THỊ NGUYỆT") == "LUONG<<THI<NGUYET" + "<" * 13


def _by_model(drawn, prefix: str) -> list[Drawn]:
    return [d for d in drawn if d.paper.template.startswith(prefix)]


def test_licence_number_is_the_personal_id_only_on_the_2025_licences(drawn):
    for item in _by_model(drawn, "gplx-"):
        person, number = _holder(item), item.paper.fields.get("document_number")
        if item.name.endswith("_card_back"):
            assert number is None and item.paper.ids_on_document == []
        elif item.paper.template.startswith("gplx-2025"):
            assert number == person.citizen_id and item.paper.ids_on_document == [person.citizen_id]
        else:  # the PET licence's own 12-digit number is printed but is nobody's personal ID
            assert re.fullmatch(r"\d{12}", number) and number != person.citizen_id
            assert number in item.pages[0].text and item.paper.ids_on_document == []


def test_insurance_number_by_card_form(drawn):
    shapes = {"bhyt-2015": r"[A-Z]{2}\d{13}", "bhyt-2021": r"\d{10}", "bhyt-2025": r"\d{12}"}
    for item in _by_model(drawn, "bhyt-"):
        number = item.paper.fields.get("document_number")
        if item.name.endswith("_card_back"):
            assert number is None
            continue
        form = item.paper.template[:9]
        assert re.fullmatch(shapes[form], number), (item.name, number)
        expected = [_holder(item).citizen_id] if form == "bhyt-2025" else []
        assert item.paper.ids_on_document == expected
        assert item.paper.expiry_date and item.paper.issue_date < item.paper.expiry_date


def test_a4_copy_holds_both_sides_and_a_card_side_one(drawn):
    for item in drawn:
        text = item.pages[0].text
        if item.name.endswith("_a4_copy"):
            assert item.paper.size_mm == (210.0, 297.0)
            assert item.paper.fields["full_name"] in text and item.paper.issue_date
            assert "BẢN SAO" in text or "CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH" in text, item.name
        else:
            assert item.paper.size_mm == (85.6, 53.98)
            assert "BẢN SAO" not in text
            assert ("full_name" in item.paper.fields) == item.name.endswith("_card_front"), item.name


def test_mrz_of_many_people_without_drawing():
    from evalset.people import card_expiry, make_person

    rng = random.Random(16)
    for _ in range(300):
        person = make_person(rng, born_from=date(1940, 1, 1), born_to=date(2012, 12, 31))
        expiry = card_expiry(person.birth_date, person.issue_date)
        one, two, three = card_codes.td1_lines(person, expiry)
        assert len(one) == len(two) == len(three) == 30
        assert one[14] == card_codes.check_digit(one[5:14]) and one[29] == card_codes.check_digit(one[15:27])
        assert two[14] == card_codes.check_digit(two[8:14])
        assert two[29] == card_codes.check_digit(one[5:30] + two[0:7] + two[8:15] + two[18:29])
        assert three.startswith(card_codes.mrz_letters(person.full_name.split()[0]) + "<<")
        if expiry is None:
            assert two[8:15] == "<<<<<<0"


def test_the_same_seed_makes_the_same_paper():
    for _, template in _all_templates():
        papers = []
        for _ in range(2):
            rng = random.Random(4242)
            papers.append(template(rng, make_cast(rng)))
        assert papers[0] == papers[1], template.__name__
