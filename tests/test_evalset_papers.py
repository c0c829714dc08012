"""The held-out family's paper templates (evalset/papers/): every template of every type is
drawn by the real Chromium, once per module, and its ground truth checked against what was
really drawn: the title, every printed ID, fonts with every Vietnamese letter, no overflow.
"""

from __future__ import annotations

import random
import re
from datetime import date

import numpy as np
import pytest

from evalset import fonts
from evalset.chromium import Renderer, fonts_in
from evalset.papers import TEMPLATES, letters
from evalset.papers.common import date_in_words, number_words
from evalset.papers.letters import corpus
from evalset.people import TODAY, make_cast
from samples.models import DOC_TYPES

DPI = 100
CARD_TYPES = {"cccd", "cmnd", "giay_phep_lai_xe", "the_bhyt"}
RARE_TYPES = {"trich_luc_khai_tu", "xac_nhan_cu_tru"}  # two templates would do; each has three
CASES = [(doc_type, index) for doc_type, templates in TEMPLATES.items() for index in range(len(templates))]
SEED = 4711  # not the benchmark's 2026


def _paper(doc_type: str, index: int, seed: int = SEED):
    rng = random.Random(f"{seed}-{doc_type}-{index}")
    return TEMPLATES[doc_type][index](rng, make_cast(rng))


@pytest.fixture(scope="module")
def drawn():
    """Every template's paper and its drawn pages, drawn once for the whole module."""
    with Renderer() as renderer:
        yield {case: (paper, renderer.draw(paper, DPI))
               for case in CASES for paper in [_paper(*case)]}


def _flat(text: str) -> str:
    return "".join(text.split())


def test_registry_covers_every_paper_type_with_enough_templates():
    assert set(TEMPLATES) == set(DOC_TYPES) - CARD_TYPES - {"khac"}
    for doc_type, templates in TEMPLATES.items():
        assert len(templates) >= (2 if doc_type in RARE_TYPES else 3), doc_type
        assert len(set(templates)) == len(templates), doc_type


@pytest.mark.parametrize("case", CASES, ids=[f"{t}-{i}" for t, i in CASES])
def test_template_draws_its_truth(drawn, case):
    paper, pages = drawn[case]
    assert paper.doc_type == case[0]
    assert len(pages) == len(paper.pages) >= 1
    text = "\n".join(page.text for page in pages)
    assert " ".join(paper.title.split()) in " ".join(text.split()), paper.template
    assert all(re.fullmatch(r"\d{12}", i) for i in paper.ids_on_document + paper.parties)
    for number in paper.ids_on_document:  # printed whole, grouped or digit by digit
        assert number in _flat(text), (paper.template, number)
    for key in ("full_name", "document_number", "issuing_authority", "birth_date"):
        if key in paper.fields:  # printed values, as printed
            assert _flat(paper.fields[key]) in _flat(text), (paper.template, key)
    if paper.owner_citizen_id:
        assert paper.owner_citizen_id in paper.parties
    if paper.doc_type == "van_ban_hanh_chinh":
        assert paper.owner_citizen_id is None and not paper.ids_on_document
    assert paper.template and paper.issue_date is not None
    for image in (page.image for page in pages):
        assert image.size[0] == round(paper.size_mm[0] / 25.4 * DPI) or abs(
            image.size[0] - paper.size_mm[0] / 25.4 * DPI) <= 2


@pytest.mark.parametrize("case", CASES, ids=[f"{t}-{i}" for t, i in CASES])
def test_template_fonts_are_vietnamese_capable(case):
    paper = _paper(*case)
    families = fonts_in(paper.css)
    assert families, paper.template
    assert all(fonts.vietnamese_family(f) for f in families), families
    assert not any("font-family" in page for page in paper.pages)  # every face named in css, checkable


def test_truth_agrees_with_the_cast_and_the_calendar():
    for seed in range(SEED, SEED + 15):
        for doc_type, index in CASES:
            rng = random.Random(f"{seed}-{doc_type}-{index}")
            cast = make_cast(rng)
            paper = TEMPLATES[doc_type][index](rng, cast)
            people = {p.citizen_id: p for p in cast.everyone()}
            assert paper.issue_date <= TODAY, paper.template
            assert set(paper.ids_on_document) <= set(people) and set(paper.parties) <= set(people)
            if paper.expiry_date:
                assert paper.expiry_date > paper.issue_date
            if paper.owner_citizen_id:
                owner = people[paper.owner_citizen_id]
                assert paper.issue_date >= owner.birth_date, paper.template
                assert paper.fields.get("citizen_id", owner.citizen_id) == owner.citizen_id
                assert paper.fields["full_name"] in (owner.full_name, owner.name_proper)


def test_templates_of_a_type_look_different():
    for doc_type, templates in TEMPLATES.items():
        names = {_paper(doc_type, i).template for i in range(len(templates))}
        assert len(names) == len(templates), (doc_type, names)


def test_same_seed_same_paper_other_seed_other_people():
    for doc_type, index in CASES:
        one, again, other = _paper(doc_type, index), _paper(doc_type, index), _paper(doc_type, index, SEED + 1)
        assert (one.pages, one.fields, one.ids_on_document) == (again.pages, again.fields, again.ids_on_document)
        assert one.pages != other.pages


def test_some_forms_write_ids_grouped_by_hand(drawn):
    """Hand-filled forms space an ID's digits: the truth keeps the 12 digits, the text does not."""
    grouped = [paper.template for paper, pages in drawn.values()
               if any(n not in "\n".join(p.text for p in pages) for n in paper.ids_on_document)]
    assert grouped


def test_seals_and_signatures_are_drawn_but_left_out_of_the_text(drawn):
    sealed = [(paper, pages) for paper, pages in drawn.values() if "<textPath" in "".join(paper.pages)]
    assert len(sealed) >= len(drawn) // 2
    for paper, pages in sealed:
        page_html = "".join(paper.pages)
        assert page_html.count("<svg") == page_html.count('<svg data-notext="1"'), paper.template
        assert not any("★" in page.text for page in pages)  # the seal's star is drawn, never read
    plain = [(paper, pages) for paper, pages in sealed if "color:#" not in "".join(paper.pages)]  # no red titles
    for paper, pages in plain[::4]:  # a sample of them, pixel by pixel
        sealed_page = next(p for p, h in zip(pages, paper.pages) if "<textPath" in h)
        rgb = np.asarray(sealed_page.image.convert("RGB")).astype(int)
        red = ((rgb[..., 0] > 170) & (rgb[..., 1] < 130) & (rgb[..., 2] < 130)).sum()
        assert red > 300, paper.template  # the semi-transparent red seal is on the page


def test_dates_in_words():
    assert number_words(21) == "hai mươi mốt"
    assert number_words(15) == "mười lăm"
    assert number_words(1990) == "một nghìn chín trăm chín mươi"
    assert number_words(2005) == "hai nghìn không trăm linh năm"
    assert number_words(2024) == "hai nghìn không trăm hai mươi tư"
    assert date_in_words(date(2010, 4, 1)) == "Ngày một, tháng bốn, năm hai nghìn không trăm mười"


def test_letters_take_their_body_from_the_corpus_and_split_into_sheets(drawn):
    corpus_text = " ".join(p.text for letter in corpus() for p in letter)
    letters = [(paper, pages) for (doc_type, _), (paper, pages) in drawn.items() if doc_type == "van_ban_hanh_chinh"]
    assert any(len(pages) > 1 for _, pages in letters)
    for paper, pages in letters:
        lines = [line for page in pages for line in page.text.splitlines()]
        assert any(line.startswith("Số: ") and re.search(r"\d+/[A-ZĐa-z]+-[A-ZĐ]+", line) for line in lines)
        assert "Nơi nhận:" in pages[-1].text
        long_lines = [line for line in lines if len(line) > 60]
        assert sum(line in corpus_text for line in long_lines) >= 3, paper.template  # real administrative text


def test_cong_van_has_no_title_but_its_summary_under_the_number(drawn):
    paper, pages = drawn[("van_ban_hanh_chinh", TEMPLATES["van_ban_hanh_chinh"].index(letters.cong_van))]
    lines = pages[0].text.splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("Số: "))
    assert paper.title.startswith("V/v ") and lines[number + 1] == paper.title
    assert not any(kind.title and kind.title in lines for kind in letters.KINDS.values())


def test_letter_paginate_keeps_room_for_the_signature():
    m = letters.metrics("Liberation Serif", 13, 1.35, 165, 257)
    paras = [letters.Para("Trung tâm " * 40, "body")] * 12
    sheets = letters.paginate(paras, m, first_reserved=20, last_reserved=10, columns=1)
    assert len(sheets) >= 2 and [p for s in sheets for p in s] == paras
    assert len(sheets[0]) < len(sheets[1])  # the header takes the first sheet's top
