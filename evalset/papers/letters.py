"""Administrative letters (văn bản hành chính) laid out after Decree 30/2020/NĐ-CP: the agency |
motto header, the number line of each kind (125/QĐ-UBND, 215/UBND-VP with "V/v" under it,
34/BC-TTPVHCC ...), place and date, the title and its summary, a body of real administrative
text from the shared corpus, "Nơi nhận:" and the signature block with the seal.

Kinds: quyết định (with its annexed plan on further pages), công văn (no title), báo cáo (a
table of figures; sometimes the body in two columns), kế hoạch, tờ trình, thông báo. Long
letters are split into sheets by an estimate of each paragraph's height, with page numbers at
the top centre from the second page (as Decree 30 says), "Trang n" at the foot, or none.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from evalset.paper import Paper
from samples.corpus import CORPUS_DIR
from evalset.papers.common import (
    commune_of, day_between, esc, long_date, motto_block, officials, paper_css, pick_look, province_of,
    seal, signature, title_name)
from evalset.people import TODAY, Cast
from vntext import nfc

PT_MM = 25.4 / 72


# ---------------------------------------------------------------- corpus


@dataclass(frozen=True)
class Para:
    text: str
    kind: str  # heading | item | body


def corpus_dir() -> Path:
    """Where the corpus is (samples.corpus finds it: HOSO_CORPUS_DIR, beside the checkout, the team's share)."""
    return CORPUS_DIR


_HEADING = re.compile(r"^(?:[IVX]+|\d+(?:\.\d+)*)\.\s")


def _plain(line: str) -> str:
    text = line.strip().lstrip("#").strip().replace("*", "")
    return " ".join(text.split())


def body_paragraphs(text: str) -> list[Para]:
    """The body of one corpus letter: from its first real paragraph to just before "Nơi nhận:",
    paragraphs broken by the PDF conversion joined again."""
    lines = [_plain(line) for line in nfc(text).splitlines()]
    lines = [line for line in lines if line]
    end = next((i for i, line in enumerate(lines) if line.startswith("Nơi nhận")), len(lines))
    start = next(i for i, line in enumerate(lines) if len(line) > 80 and not line.isupper())
    while start > 0 and _HEADING.match(lines[start - 1]):
        start -= 1
    joined: list[str] = []
    for line in lines[start:end]:
        if joined and not re.search(r"[.:;!?)”]$", joined[-1]) and line[:1].islower():
            joined[-1] += " " + line
        else:
            joined.append(line)
    paras = []
    for line in joined:
        if line[:2] in ("- ", "+ "):
            paras.append(Para(line, "item"))
        elif _HEADING.match(line) and len(line) < 140:
            paras.append(Para(line, "heading"))
        else:
            paras.append(Para(line, "body"))
    return paras


@lru_cache(maxsize=1)
def corpus() -> tuple[tuple[Para, ...], ...]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus_dir().glob("*.txt"))]
    if not texts:
        raise FileNotFoundError(f"no corpus letters under {corpus_dir()}")
    return tuple(tuple(body_paragraphs(t)) for t in texts)


def corpus_slice(rng: random.Random, count: int, at: str = "heading") -> list[Para]:
    """`count` consecutive paragraphs of one corpus letter, starting at a heading (a report's
    section) or at a paragraph of running text (a short letter's body)."""
    letter = rng.choice(corpus())
    starts = [i for i, p in enumerate(letter)
              if p.kind == at and (at == "heading" or len(p.text) > 80) and i + 3 < len(letter)] or [0]
    start = rng.choice(starts)
    return list(letter[start:start + count])


# ---------------------------------------------------------------- agencies and kinds


@dataclass(frozen=True)
class Agency:
    parent: str  # the line above (the governing body), "" for none
    name: str  # the issuing agency, as printed in bold
    code: str  # its abbreviation in the number line
    place: str  # the place in the date line
    head: list[str]  # the signer's title lines
    seal: str


def agencies(cast: Cast) -> list[Agency]:
    """Agencies of the cast's commune and province (their letters belong to nobody)."""
    commune, province = commune_of(cast.owner), province_of(cast.owner)
    unit = commune.upper()
    place = title_name(commune)
    return [
        Agency("", f"ỦY BAN NHÂN DÂN {unit}", "UBND", place, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
               f"ỦY BAN NHÂN DÂN {commune}"),
        Agency(f"UBND {unit}", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", "TTPVHCC", place, ["GIÁM ĐỐC"],
               f"TRUNG TÂM PHỤC VỤ HCC {commune}"),
        Agency(f"UBND TỈNH {province.upper()}", "SỞ TƯ PHÁP", "STP", province, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
               f"SỞ TƯ PHÁP TỈNH {province}"),
        Agency(f"UBND TỈNH {province.upper()}", "VĂN PHÒNG", "VP", province, ["CHÁNH VĂN PHÒNG"],
               f"VĂN PHÒNG UBND TỈNH {province}"),
        Agency(f"UBND TỈNH {province.upper()}", "SỞ NỘI VỤ", "SNV", province, ["GIÁM ĐỐC"],
               f"SỞ NỘI VỤ TỈNH {province}"),
    ]


@dataclass(frozen=True)
class Kind:
    title: str  # "" for a công văn
    code: str  # QĐ, BC, ...
    summaries: tuple[str, ...]


KINDS = {
    "quyet_dinh": Kind("QUYẾT ĐỊNH", "QĐ", (
        "Về việc ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2026",
        "Về việc ban hành Chương trình công tác năm 2026",
        "Về việc kiện toàn Tổ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính")),
    "cong_van": Kind("", "", (
        "V/v đẩy mạnh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "V/v báo cáo kết quả thực hiện nhiệm vụ quý I năm 2026",
        "V/v triển khai thu phí, lệ phí trực tuyến")),
    "bao_cao": Kind("BÁO CÁO", "BC", (
        "Kết quả thực hiện nhiệm vụ kiểm soát thủ tục hành chính quý I năm 2026",
        "Tình hình tiếp nhận, giải quyết hồ sơ thủ tục hành chính 6 tháng đầu năm 2026")),
    "ke_hoach": Kind("KẾ HOẠCH", "KH", (
        "Triển khai mô hình “Chính quyền thân thiện” năm 2026",
        "Số hóa kết quả giải quyết thủ tục hành chính đang lưu trữ bằng văn bản giấy")),
    "to_trinh": Kind("TỜ TRÌNH", "TTr", (
        "Về việc đề nghị phê duyệt danh mục thủ tục hành chính tiếp nhận không phụ thuộc địa giới hành chính",
        "Về việc đề nghị bổ sung kinh phí số hóa hồ sơ năm 2026")),
    "thong_bao": Kind("THÔNG BÁO", "TB", (
        "Về việc thay đổi thời gian tiếp nhận hồ sơ tại Bộ phận Một cửa",
        "Kết luận của Chủ tịch UBND tại cuộc họp giao ban tháng 3 năm 2026")),
}


SHORT_KINDS = ("cong_van", "to_trinh", "thong_bao")  # a body of running text, no sections


def number_line(rng: random.Random, kind: Kind, agency: Agency, year: int) -> str:
    n = rng.randint(2, 480)
    own = f"{n:02d}" if n < 10 else str(n)
    if not kind.code:  # a công văn: number / agency - drafting unit
        return f"{own}/{agency.code}-{rng.choice(['VP', 'TH', 'HCTH', 'KSTTHC'])}"
    return f"{own}/{kind.code}-{agency.code}"


# ---------------------------------------------------------------- layout


@dataclass(frozen=True)
class Metrics:
    """What one sheet holds, estimated from the face size and the text width."""

    chars_per_line: int
    lines_per_page: int
    line_mm: float


# Average advance of a character of running Vietnamese text, in em, by family, measured in
# Chromium on the corpus text (the Times-like faces run narrow, DejaVu wide).
_CHAR_EM = {"Liberation Serif": 0.413, "FreeSerif": 0.407, "Noto Serif": 0.484, "DejaVu Serif": 0.521,
            "Liberation Sans": 0.457, "FreeSans": 0.441, "Noto Sans": 0.477, "DejaVu Sans": 0.513,
            "DejaVu Sans Condensed": 0.462}


def metrics(family: str, size_pt: float, line_height: float, width_mm: float, height_mm: float,
            columns: int = 1) -> Metrics:
    char_mm = _CHAR_EM.get(family, 0.58) * size_pt * PT_MM
    column_mm = (width_mm - 8 * (columns - 1)) / columns
    line_mm = size_pt * line_height * PT_MM
    return Metrics(int(column_mm / char_mm), int(height_mm / line_mm) * columns, line_mm)


def para_lines(para: Para, m: Metrics) -> float:
    """Lines a paragraph takes: justified text wraps a word early, and each paragraph has its gap."""
    indent = 8 if para.kind == "body" else 0
    return math.ceil((len(para.text) + indent) / (m.chars_per_line - 5)) + 0.3


def paginate(paras: list[Para], m: Metrics, first_reserved: float, last_reserved: float,
             columns: int) -> list[list[Para]]:
    """Paragraphs into sheets: `first_reserved` lines of the first sheet go to the header, and the
    last sheet keeps `last_reserved` lines for the receivers and the signature (both full width)."""
    budget = m.lines_per_page * 0.93
    pages: list[list[Para]] = [[]]
    used = first_reserved * columns
    for para in paras:
        need = para_lines(para, m)
        if used + need > budget and pages[-1]:
            pages.append([])
            used = 0.0
        pages[-1].append(para)
        used += need
    if used + last_reserved * columns > budget:
        pages.append([])
    return pages


def para_html(para: Para) -> str:
    if para.kind == "heading":
        return f'<p class="b">{esc(para.text)}</p>'
    if para.kind == "item":
        return f'<p>{esc(para.text)}</p>'
    return f'<p class="ind">{esc(para.text)}</p>'


LETTER_CSS = """
.body p { text-align: justify; margin: 0 0 1.6mm 0; }
.body p.ind { text-indent: 10mm; }
.cols { column-count: 2; column-gap: 8mm; column-rule: 1px solid #bbb; }
.recv { font-size: 0.8em; line-height: 1.2; }
.hdr { font-size: 0.88em; }
.pn-top { position: absolute; top: 8mm; left: 0; right: 0; text-align: center; font-size: 0.9em; }
.pn-foot { position: absolute; bottom: 8mm; left: 0; right: 0; text-align: center; font-size: 0.85em; }
table.fig td, table.fig th { text-align: center; }
"""


def _header(agency: Agency, number: str, summary_under_number: str, place_date: str) -> str:
    parent = f"<div>{esc(agency.parent)}</div>" if agency.parent else ""
    vv = f'<div class="sm">{esc(summary_under_number)}</div>' if summary_under_number else ""
    return (f'<div class="hdr"><div class="l" style="width:42%">{parent}<div class="b">{esc(agency.name)}</div>'
            f'<span class="rule" style="width:20mm"></span><div class="mt">Số: {esc(number)}</div>{vv}</div>'
            f'<div class="m" style="width:56%">{motto_block()}<div class="i mt">{esc(place_date)}</div></div></div>')


def _signature_block(rng: random.Random, agency: Agency, receivers: list[str]) -> str:
    recv = "".join(f"<div>{esc(r)}</div>" for r in receivers)
    title = "".join(f'<div class="b">{esc(line)}</div>' for line in agency.head)
    marks = (signature(rng, left_mm=rng.uniform(14, 26), top_mm=rng.uniform(0, 4))
             + seal(rng, agency.seal, left_mm=rng.uniform(-2, 8), top_mm=rng.uniform(-16, -10)))
    return (f'<div class="row2 mt"><div class="recv"><div class="b i">Nơi nhận:</div>{recv}</div>'
            f'<div class="sig">{title}<div style="position:relative;height:22mm">{marks}</div>'
            f'<div class="b">{esc(officials(rng))}</div></div></div>')


def _figures_table(rng: random.Random) -> tuple[str, int]:
    """A báo cáo's table of dossiers received and settled by field; its height in lines."""
    fields = ["Hộ tịch", "Chứng thực", "Đất đai", "Bảo trợ xã hội", "Xây dựng", "Kinh doanh"]
    rows = []
    for name in rng.sample(fields, rng.randint(3, 6)):
        received = rng.randint(20, 900)
        on_time = rng.randint(int(received * 0.9), received)
        rows.append(f"<tr><td style='text-align:left'>{name}</td><td>{received}</td><td>{on_time}</td>"
                    f"<td>{received - on_time}</td><td>{on_time / received * 100:.1f}%</td></tr>")
    html = ('<table class="grid fig sm"><tr><th>Lĩnh vực</th><th>Hồ sơ tiếp nhận</th><th>Giải quyết đúng hạn</th>'
            '<th>Quá hạn</th><th>Tỷ lệ đúng hạn</th></tr>' + "".join(rows) + "</table>")
    return html, 1.3 * len(rows) + 3


def _opening(rng: random.Random, kind_key: str, agency: Agency) -> list[str]:
    """The lines between the title and the body that each kind has of its own."""
    if kind_key == "quyet_dinh":
        signer = agency.head[-1] if agency.code != "UBND" else "CHỦ TỊCH " + agency.name
        return [f'<div class="c b">{esc(signer)}</div>',
                '<p class="ind i">Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;</p>',
                '<p class="ind i">Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực '
                'hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch '
                'vụ công quốc gia;</p>',
                '<p class="ind i">Theo đề nghị của Giám đốc Trung tâm Phục vụ hành chính công.</p>',
                '<div class="c b">QUYẾT ĐỊNH:</div>']
    if kind_key in ("cong_van", "to_trinh"):
        to = rng.choice(["Ủy ban nhân dân tỉnh", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Các phòng, ban chuyên môn"])
        return [f'<div class="c">Kính gửi: {esc(to)}.</div>']
    return []


def _closing(kind_key: str) -> list[str]:
    if kind_key == "quyet_dinh":
        return ['<p class="ind"><span class="b">Điều 2.</span> Quyết định này có hiệu lực kể từ ngày ký.</p>',
                '<p class="ind"><span class="b">Điều 3.</span> Chánh Văn phòng, Giám đốc Trung tâm Phục vụ hành '
                'chính công, Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./.</p>']
    if kind_key == "to_trinh":
        return ['<p class="ind">Kính trình xem xét, quyết định./.</p>']
    if kind_key == "cong_van":
        return ['<p class="ind">Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện./.</p>']
    return []


def letter(rng: random.Random, cast: Cast, kind_key: str, columns: int = 1, figures: bool = False,
           pages_style: str | None = None, length: tuple[int, int] = (6, 14)) -> Paper:
    kind = KINDS[kind_key]
    agency = rng.choice(agencies(cast))
    issued = day_between(rng, date(2026, 1, 5), min(TODAY, date(2026, 9, 30)))
    number = number_line(rng, kind, agency, issued.year)
    summary = rng.choice(kind.summaries)
    place_date = f"{agency.place}, {long_date(issued)}"
    look = pick_look(rng, rng.choice(["serif", "serif", "sans"]), (12.5, 13.5) if columns == 1 else (11.0, 12.0))
    margins = (20, 15, 20, 30)  # Decree 30: top 20-25, bottom 20-25, left 30-35, right 15-20 mm
    width_mm, height_mm = 210 - margins[1] - margins[3], 297 - margins[0] - margins[2]
    m = metrics(look.body, look.size_pt, 1.35, width_mm, height_mm, columns)
    style = pages_style or rng.choice(["top", "foot", "none"])

    title = kind.title
    vv = summary if kind_key == "cong_van" else ""
    head_html = _header(agency, number, vv, place_date)
    if title:
        head_html += (f'<div class="c b lg mt">{esc(title)}</div><div class="c b">{esc(summary)}</div>'
                      '<span class="rule" style="width:30mm"></span>')
    opening = _opening(rng, kind_key, agency)
    body = corpus_slice(rng, rng.randint(*length), "body" if kind_key in SHORT_KINDS else "heading")
    if kind_key == "quyet_dinh":
        plan = summary.removeprefix("Về việc ban hành ").removeprefix("Về việc ")
        body = [Para(f"Điều 1. Ban hành kèm theo Quyết định này {plan} với các nội dung sau:", "body")] + body
    table_html, table_lines = _figures_table(rng) if figures else ("", 0)
    closing = _closing(kind_key)
    receivers = ["- Như trên;", "- Lãnh đạo UBND;", "- Lưu: VT."] if kind_key != "quyet_dinh" else \
        ["- Như Điều 3;", "- TT Đảng ủy, HĐND;", "- Lưu: VT, VP."]

    wide = metrics(look.body, look.size_pt, 1.35, width_mm, height_mm)
    header_lines = 7.5 + (4 if title else 0) + sum(
        para_lines(Para(re.sub("<[^>]+>", "", line), "body"), wide) for line in opening)
    sign_lines = 10 + sum(para_lines(Para(re.sub("<[^>]+>", "", line), "body"), wide) for line in closing) \
        + table_lines
    sheets = paginate(body, m, header_lines, sign_lines, columns)
    pages = []
    for index, paras in enumerate(sheets, 1):
        parts = [head_html + "".join(opening)] if index == 1 else []
        inner = "".join(para_html(p) for p in paras)
        if inner:
            parts.append(f'<div class="body{" cols" if columns == 2 else ""}">{inner}</div>')
        if index == len(sheets):
            parts.append(f'<div class="body">{table_html}{"".join(closing)}</div>')
            parts.append(_signature_block(rng, agency, receivers))
        if style == "top" and index > 1:
            parts.append(f'<div class="pn-top">{index}</div>')
        elif style == "foot" and len(sheets) > 1:
            parts.append(f'<div class="pn-foot">Trang {index}</div>')
        pages.append("".join(parts))
    return Paper(
        doc_type="van_ban_hanh_chinh", title=title or vv, pages=pages, owner_citizen_id=None, ids_on_document=[],
        issue_date=issued, parties=[],
        fields={"document_number": number, "issuing_authority": agency.name},
        css=paper_css(look, LETTER_CSS, margins_mm=margins, line_height=1.35),
        template=f"vb-{kind_key}{'-2cot' if columns == 2 else ''}{'-bang' if figures else ''}-{style}")


def quyet_dinh(rng: random.Random, cast: Cast) -> Paper:
    return letter(rng, cast, "quyet_dinh", length=(8, 22))


def cong_van(rng: random.Random, cast: Cast) -> Paper:
    return letter(rng, cast, "cong_van", length=(3, 7))


def bao_cao(rng: random.Random, cast: Cast) -> Paper:
    return letter(rng, cast, "bao_cao", figures=True, length=(8, 26))


def bao_cao_hai_cot(rng: random.Random, cast: Cast) -> Paper:
    return letter(rng, cast, "bao_cao", columns=2, figures=rng.random() < 0.5, length=(10, 24))


def ke_hoach(rng: random.Random, cast: Cast) -> Paper:
    return letter(rng, cast, "ke_hoach", length=(10, 30))


def to_trinh(rng: random.Random, cast: Cast) -> Paper:
    return letter(rng, cast, "to_trinh", length=(4, 9))


def thong_bao(rng: random.Random, cast: Cast) -> Paper:
    return letter(rng, cast, "thong_bao", length=(2, 6))


TEMPLATES = {"van_ban_hanh_chinh": [quyet_dinh, cong_van, bao_cao, bao_cao_hai_cot, ke_hoach, to_trinh, thong_bao]}
