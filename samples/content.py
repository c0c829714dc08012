"""Document templates: for each document type, the printed page layout and its truth.

`build_document(doc_type, owner, rng)` returns a `DocSpec`: one long `PageLayout` (the
renderer paginates it), the `DocTruth`, and the other people the paper names (parents,
spouse, the other party of a contract), who get valid IDs of their own.

Wording, labels, field order, title variants and fonts vary with the rng, so that a
classifier cannot learn one template by heart.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from samples import cards
from samples.corpus import Letter, corpus_letters
from samples.layout import (
    DocBuilder,
    date_in_words,
    dmy,
    ngay_thang_nam,
    number_words,
    pick,
    pick_family,
    printed_date,
)
from samples.models import Citizen, DocTruth
from samples.people import (
    ETHNICITIES,
    REFERENCE_DATE,
    Region,
    add_years,
    family_name,
    make_citizen,
    random_date,
    region_of,
)
from samples.render import PageLayout

# --- context ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Office:
    """The commune whose People's Committee, police or one-stop centre issues a paper."""

    region: Region
    commune: str  # "phường Vĩnh Tuy"

    @classmethod
    def of(cls, citizen: Citizen) -> Office:
        parts = citizen.address.split(", ")
        return cls(region_of(citizen.address), parts[-2] if len(parts) >= 2 else "phường Vĩnh Tuy")

    @property
    def place(self) -> str:
        """'Vĩnh Tuy', as in 'Vĩnh Tuy, ngày 06 tháng 3 năm 2026'."""
        return self.commune.split(" ", 1)[1]

    @property
    def kind(self) -> str:
        return self.commune.split(" ", 1)[0]

    def ubnd(self) -> list[str]:
        return ["ỦY BAN NHÂN DÂN", self.commune.upper()]

    def police(self) -> list[str]:
        province = self.region.name.upper().replace("THÀNH PHỐ ", "TP. ")
        return [f"CÔNG AN {province}", f"CÔNG AN {self.commune.upper()}"]

    def centre(self) -> list[str]:
        return [f"UBND {self.commune.upper()}", "TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG"]

    def place_date(self, day: date) -> str:
        return f"{self.place}, {ngay_thang_nam(day)}"


@dataclass
class Relations:
    """The other people a document names; created on demand, consistently with the owner."""

    rng: random.Random
    owner: Citizen
    given: dict[str, Citizen] = field(default_factory=dict)
    created: list[Citizen] = field(default_factory=list)

    def get(self, role: str) -> Citizen:
        if role not in self.given:
            person = _RELATIVE_FACTORIES[role](self.rng, self.owner, self)
            self.given[role] = person
            self.created.append(person)
        return self.given[role]


Factory = Callable[[random.Random, Citizen, "Relations"], Citizen]


def _father_family(parent: Citizen, rel: Relations) -> str:
    """Children take the father's family name."""
    return family_name(parent if parent.sex == "Nam" else rel.get("spouse"))


def _parent(sex: str) -> Factory:
    def make(rng: random.Random, child: Citizen, rel: Relations) -> Citizen:
        year = child.birth_date.year - rng.randint(22, 34)
        fam = family_name(child) if sex == "Nam" else None
        return make_citizen(rng, sex=sex, born_between=(year, year), family=fam,
                            region=region_of(child.address), address=child.address, primary=False)
    return make


def _spouse(rng: random.Random, person: Citizen, rel: Relations) -> Citizen:
    year = person.birth_date.year + rng.randint(-6, 4 if person.sex == "Nam" else 8)
    year = min(year, REFERENCE_DATE.year - 20)
    return make_citizen(rng, sex="Nữ" if person.sex == "Nam" else "Nam", born_between=(year, year),
                        region=region_of(person.address), address=person.address, primary=False)


def _child(rng: random.Random, parent: Citizen, rel: Relations) -> Citizen:
    low = max(parent.birth_date.year + 20, 2008)
    high = max(low, min(parent.birth_date.year + 42, REFERENCE_DATE.year - 1))
    fam = _father_family(parent, rel)
    return make_citizen(rng, born_between=(low, high), family=fam, region=region_of(parent.address),
                        address=parent.address, primary=False)


def _newborn(rng: random.Random, parent: Citizen, rel: Relations) -> Citizen:
    fam = _father_family(parent, rel)
    baby = make_citizen(rng, born_between=(REFERENCE_DATE.year - 1, REFERENCE_DATE.year - 1), family=fam,
                        region=region_of(parent.address), address=parent.address, primary=False)
    born = REFERENCE_DATE - timedelta(days=rng.randint(20, 55))
    issued = min(born + timedelta(days=rng.randint(5, 15)), REFERENCE_DATE)
    ident = baby.citizen_id[:4] + f"{born.year % 100:02d}" + baby.citizen_id[6:]
    return baby.model_copy(update={"birth_date": born, "issue_date": issued, "citizen_id": ident, "cmnd": None})


def _adult(rng: random.Random, person: Citizen, rel: Relations) -> Citizen:
    return make_citizen(rng, born_between=(1960, 2000), primary=False)


def _adult_child(rng: random.Random, parent: Citizen, rel: Relations) -> Citizen:
    year = min(parent.birth_date.year + rng.randint(22, 32), REFERENCE_DATE.year - 19)
    fam = family_name(parent) if parent.sex == "Nam" else None
    return make_citizen(rng, born_between=(year, year), family=fam, region=region_of(parent.address), primary=False)


_RELATIVE_FACTORIES: dict[str, Factory] = {
    "father": _parent("Nam"),
    "mother": _parent("Nữ"),
    "spouse": _spouse,
    "child": _child,
    "newborn": _newborn,
    "agent": _adult,
    "counterparty": _adult,
    "declarant": _adult_child,
}


@dataclass
class DocSpec:
    layout: PageLayout  # one long layout; `samples.render.paginate` splits it into pages
    truth: DocTruth
    people: list[Citizen]  # people created for this document (relatives, other parties)
    page_numbers: bool = False  # stamp "Trang i/n" at the foot of each page
    font: str = ""  # body font file name


# --- shared phrases ---------------------------------------------------------------------


def _ong_ba(c: Citizen) -> str:
    return "Ông" if c.sex == "Nam" else "Bà"


def _card_name(c: Citizen) -> str:
    return "Căn cước" if c.issue_date >= date(2024, 7, 1) else "Căn cước công dân"


def _issuer(c: Citizen) -> str:
    if c.issue_date >= date(2024, 7, 1):
        return "Bộ Công an"
    return "Cục Cảnh sát quản lý hành chính về trật tự xã hội"


def _id_label(rng: random.Random) -> str:
    return pick(rng, "Số định danh cá nhân", "Số định danh cá nhân", "Số CCCD", "Số căn cước công dân")


def _id_paper(doc: DocBuilder, c: Citizen) -> str:
    """'Căn cước công dân số 0xx..., cấp ngày dd/mm/yyyy, nơi cấp: ...'."""
    return (f"{_card_name(c)} số {doc.pid(c.citizen_id)}, cấp ngày {printed_date(doc.rng, c.issue_date)}, "
            f"nơi cấp: {_issuer(c)}")


def _phone(rng: random.Random) -> str:
    return f"0{rng.choice('3789')}{rng.randint(1, 9)}{rng.randrange(10**7):07d}"


def _ethnicity(rng: random.Random) -> str:
    return rng.choice(ETHNICITIES)


def _doc_date(rng: random.Random, days_back: tuple[int, int] = (1, 20)) -> date:
    return REFERENCE_DATE - timedelta(days=rng.randint(*days_back))


def _person_block(doc: DocBuilder, c: Citizen, *, prefix: str = "", key: str | None = None) -> None:
    """Name, birth date, ID, residence of one party, in a varying order."""
    rng = doc.rng
    name_label = pick(rng, "Họ và tên", "Họ, chữ đệm, tên", "Họ, chữ đệm và tên")
    doc.field(f"{prefix}{name_label}", c.full_name, f"{key}_name" if key else None)
    rows = [
        lambda: doc.field("Sinh ngày" if rng.random() < 0.5 else "Ngày, tháng, năm sinh",
                          printed_date(rng, c.birth_date), f"{key}_birth_date" if key else None),
        lambda: doc.field(_id_label(rng), doc.pid(c.citizen_id)) if rng.random() < 0.5
        else doc.add(_id_paper(doc, c)),
        lambda: doc.field(pick(rng, "Địa chỉ thường trú", "Nơi thường trú", "Nơi cư trú"), c.address),
    ]
    if rng.random() < 0.3:
        rows[1], rows[2] = rows[2], rows[1]
    for row in rows:
        row()


def _signature_title(rng: random.Random) -> list[str]:
    return rng.choice((["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
                       ["CHỦ TỊCH"]))


def _officer(rng: random.Random) -> str:
    return rng.choice(("Nguyễn Văn Thắng", "Trần Thị Lệ Thủy", "Lê Quang Hưng", "Phạm Thị Ngọc Ánh",
                       "Đỗ Đức Mạnh", "Hoàng Thị Bích Ngọc", "Bùi Xuân Trường", "Võ Thị Kim Oanh"))


# --- civil status (hộ tịch) -------------------------------------------------------------


def build_giay_khai_sinh(doc: DocBuilder, c: Citizen, office: Office, rel: Relations) -> DocTruth:
    """Birth certificate (original) or its extract copy; the owner is the child."""
    rng = doc.rng
    father, mother = rel.get("father"), rel.get("mother")
    registered = min(c.birth_date + timedelta(days=rng.randint(5, 50)), REFERENCE_DATE)
    copy = rng.random() < 0.5 or c.birth_date.year < 2016
    issued = random_date(rng, registered, REFERENCE_DATE) if copy else registered
    number = f"Số: {rng.randint(10, 999)}/{'TLKS-BS' if copy else registered.year}"
    doc.letterhead(office.ubnd(), number, office.place_date(issued) if copy else None)
    if copy:
        doc.heading("TRÍCH LỤC KHAI SINH")
        doc.add("(BẢN SAO)", "bold", align="center", size=doc.body_pt - 1)
    else:
        doc.heading("GIẤY KHAI SINH")
    doc.add("", size=6)
    doc.field("Họ, chữ đệm, tên", c.full_name, "full_name")
    doc.field("Ngày, tháng, năm sinh", dmy(c.birth_date), "birth_date")
    doc.add(f"ghi bằng chữ: {date_in_words(c.birth_date)}", "italic", indent=10)
    doc.add(f"Giới tính: {c.sex}     Dân tộc: {_ethnicity(rng)}     Quốc tịch: Việt Nam")
    doc.fields["sex"] = c.sex
    doc.field("Nơi sinh", pick(rng, "Bệnh viện Phụ sản", "Bệnh viện Đa khoa", "Trạm Y tế") + f" {office.region.short}")
    doc.field("Quê quán", c.place_of_origin)
    doc.field("Số định danh cá nhân", doc.pid(c.citizen_id), "document_number")
    for label, parent in (("mẹ", mother), ("cha", father)):
        doc.field(f"Họ, chữ đệm, tên người {label}", parent.full_name, f"{'mother' if label == 'mẹ' else 'father'}_name")
        doc.add(f"Năm sinh: {parent.birth_date.year}     Dân tộc: Kinh     Quốc tịch: Việt Nam")
        doc.field("Nơi cư trú", parent.address)
        doc.field(pick(rng, "Số định danh cá nhân", "Giấy tờ tùy thân: CCCD số"), doc.pid(parent.citizen_id))
    doc.field("Nơi đăng ký khai sinh", f"Ủy ban nhân dân {office.commune}, {office.region.name}")
    doc.field("Ngày, tháng, năm đăng ký", dmy(registered))
    if copy:
        doc.add(f"Sao từ Sổ đăng ký khai sinh số {rng.randint(1, 9):02d}, quyển số {rng.randint(1, 3):02d}/{registered.year}",
                "italic")
        doc.signature("NGƯỜI KÝ TRÍCH LỤC", "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)", name=_officer(rng))
    else:
        doc.signature("NGƯỜI KÝ GIẤY KHAI SINH", "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)",
                      name=_officer(rng))
    return doc.truth("giay_khai_sinh", c.citizen_id, issue_date=issued)


def _to_khai_khai_sinh(doc: DocBuilder, parent: Citizen, office: Office, rel: Relations, day: date) -> None:
    rng = doc.rng
    child = rel.get("newborn")
    other = rel.get("spouse")
    mother, father = (other, parent) if parent.sex == "Nam" else (parent, other)
    doc.heading("TỜ KHAI ĐĂNG KÝ KHAI SINH")
    doc.add(f"Kính gửi: Ủy ban nhân dân {office.commune}, {office.region.name}", align="center", before=6)
    doc.field("Họ, chữ đệm, tên người yêu cầu", parent.full_name, "full_name")
    doc.field("Nơi cư trú", parent.address)
    doc.add(f"Giấy tờ tùy thân: {_id_paper(doc, parent)}")
    doc.field("Quan hệ với người được khai sinh", "Cha" if parent.sex == "Nam" else "Mẹ")
    doc.add("Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:", "bold", before=4)
    doc.field("Họ, chữ đệm, tên", child.full_name, "child_name")
    doc.field("Ngày, tháng, năm sinh", dmy(child.birth_date), "child_birth_date")
    doc.add(f"ghi bằng chữ: {date_in_words(child.birth_date)}", "italic", indent=10)
    doc.add(f"Giới tính: {child.sex}     Dân tộc: Kinh     Quốc tịch: Việt Nam")
    doc.field("Nơi sinh", f"Bệnh viện {pick(rng, 'Phụ sản', 'Đa khoa')} {office.region.short}")
    doc.field("Quê quán", parent.place_of_origin if parent.sex == "Nam" else other.place_of_origin)
    for label, p in (("mẹ", mother), ("cha", father)):
        doc.field(f"Họ, chữ đệm, tên người {label}", p.full_name)
        doc.add(f"Năm sinh: {p.birth_date.year}; Dân tộc: Kinh; Quốc tịch: Việt Nam")
        doc.field("Nơi cư trú", p.address)
        doc.field("Số định danh cá nhân", doc.pid(p.citizen_id))
    doc.add("Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận nhất "
            "trí của các bên liên quan theo quy định pháp luật.", before=4)
    doc.add("Tôi chịu hoàn toàn trách nhiệm trước pháp luật về nội dung cam đoan của mình.")
    doc.add(f"Đề nghị cấp bản sao: Có; số lượng: {rng.randint(1, 3):02d} bản")
    doc.add(f"Làm tại: {office.commune}, {ngay_thang_nam(day)}", "italic", align="right", before=6, keep=True)
    doc.signature("Người yêu cầu", "(Ký, ghi rõ họ, chữ đệm, tên)", name=parent.name_proper)


def _to_khai_cu_tru(doc: DocBuilder, c: Citizen, office: Office, rel: Relations, day: date) -> None:
    rng = doc.rng
    head = rel.get("spouse") if rng.random() < 0.4 else c
    doc.add("Mẫu CT01 ban hành kèm theo Thông tư số 66/2023/TT-BCA", "italic", align="right", size=doc.body_pt - 2)
    doc.heading("TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ")
    doc.add(f"Kính gửi: Công an {office.commune}, {office.region.name}", align="center", before=6)
    doc.field("1. Họ, chữ đệm và tên", c.full_name, "full_name")
    doc.add(f"2. Ngày, tháng, năm sinh: {dmy(c.birth_date)}     3. Giới tính: {c.sex}")
    doc.fields["birth_date"] = dmy(c.birth_date)
    doc.field("4. Số định danh cá nhân", doc.pid(c.citizen_id))
    doc.add(f"5. Số điện thoại liên hệ: {_phone(rng)}     6. Email: không")
    doc.add(f"7. Họ, chữ đệm và tên chủ hộ: {head.full_name}     "
            f"8. Mối quan hệ với chủ hộ: {'Chủ hộ' if head is c else ('Vợ' if c.sex == 'Nữ' else 'Chồng')}")
    doc.field("9. Số định danh cá nhân của chủ hộ", doc.pid(head.citizen_id))
    doc.field("10. Nội dung đề nghị", pick(rng, f"Đăng ký thường trú tại {c.address}",
                                          f"Đăng ký tạm trú tại {c.address}",
                                          "Điều chỉnh thông tin về cư trú trong Cơ sở dữ liệu về cư trú"))
    doc.add("11. Những thành viên trong hộ gia đình cùng thay đổi: không")
    doc.add(f"{office.place}, {ngay_thang_nam(day)}", "italic", align="right", before=8, keep=True)
    doc.signature("NGƯỜI KÊ KHAI", "(Ký, ghi rõ họ tên)", name=c.name_proper)


def _to_khai_ket_hon(doc: DocBuilder, c: Citizen, office: Office, rel: Relations, day: date) -> None:
    rng = doc.rng
    spouse = rel.get("spouse")
    woman, man = (c, spouse) if c.sex == "Nữ" else (spouse, c)
    doc.heading("TỜ KHAI ĐĂNG KÝ KẾT HÔN")
    doc.add(f"Kính gửi: Ủy ban nhân dân {office.commune}, {office.region.name}", align="center", before=6)
    for side, p in (("BÊN NỮ", woman), ("BÊN NAM", man)):
        doc.add(side, "bold", before=6, keep=True)
        doc.field("Họ, chữ đệm, tên", p.full_name)
        doc.field("Ngày, tháng, năm sinh", printed_date(rng, p.birth_date))
        doc.add(f"Dân tộc: Kinh     Quốc tịch: Việt Nam")
        doc.field("Nơi cư trú", p.address)
        doc.add(f"Giấy tờ tùy thân: {_id_paper(doc, p)}")
        doc.field("Kết hôn lần thứ mấy", pick(rng, "Lần thứ nhất", "Lần thứ nhất", "Lần thứ hai"))
    doc.fields["full_name"] = c.full_name
    doc.add("Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự nguyện, "
            "không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam.", before=6)
    doc.add("Chúng tôi chịu hoàn toàn trách nhiệm trước pháp luật về lời cam đoan của mình.")
    doc.add(f"{office.place}, {ngay_thang_nam(day)}", "italic", align="right", before=6, keep=True)
    doc.add("Bên nữ" + " " * 40 + "Bên nam", "bold", align="center", before=4, keep=True)
    doc.add(woman.name_proper + " " * 25 + man.name_proper, align="center", before=30)


def build_to_khai(doc: DocBuilder, c: Citizen, office: Office, rel: Relations, variant: str | None = None) -> DocTruth:
    """Declaration forms; the owner is the declarant."""
    rng = doc.rng
    day = _doc_date(rng)
    variant = variant or rng.choice(("khai_sinh", "khai_sinh", "cu_tru", "ket_hon"))
    if variant == "khai_sinh" and c.birth_date.year > REFERENCE_DATE.year - 19:
        variant = "cu_tru"
    doc.motto()
    {"khai_sinh": _to_khai_khai_sinh, "cu_tru": _to_khai_cu_tru, "ket_hon": _to_khai_ket_hon}[variant](
        doc, c, office, rel, day
    )
    doc.fields["variant"] = variant
    return doc.truth("to_khai", c.citizen_id, issue_date=day)


_REQUESTS = (
    ("ĐƠN ĐỀ NGHỊ CẤP BẢN SAO GIẤY TỜ HỘ TỊCH",
     "cấp 02 bản sao Giấy khai sinh của tôi từ Sổ hộ tịch do Ủy ban nhân dân đang lưu giữ",
     "bổ sung hồ sơ xin việc và hồ sơ vay vốn tại ngân hàng"),
    ("ĐƠN ĐỀ NGHỊ XÁC NHẬN HOÀN CẢNH GIA ĐÌNH",
     "xác nhận hoàn cảnh gia đình tôi thuộc diện hộ cận nghèo năm 2026 trên địa bàn",
     "con tôi đang theo học tại trường đại học và cần giấy xác nhận để làm hồ sơ miễn, giảm học phí"),
    ("ĐƠN ĐỀ NGHỊ HỖ TRỢ CHI PHÍ MAI TÁNG",
     "xem xét, giải quyết chế độ hỗ trợ chi phí mai táng cho gia đình tôi theo quy định",
     "người thân của tôi thuộc diện hưởng trợ cấp xã hội hằng tháng đã qua đời"),
    ("ĐƠN ĐỀ NGHỊ ĐIỀU CHỈNH THÔNG TIN TRONG CƠ SỞ DỮ LIỆU QUỐC GIA VỀ DÂN CƯ",
     "điều chỉnh thông tin quê quán của tôi trong Cơ sở dữ liệu quốc gia về dân cư cho đúng với Giấy khai sinh",
     "thông tin quê quán hiện đang ghi chưa đúng với Giấy khai sinh bản chính"),
    ("ĐƠN XIN XÁC NHẬN NƠI CƯ TRÚ",
     "xác nhận tôi hiện đang cư trú thực tế tại địa chỉ nêu trên",
     "bổ sung hồ sơ đăng ký dự tuyển viên chức năm 2026"),
    ("ĐƠN ĐỀ NGHỊ CẤP GIẤY PHÉP XÂY DỰNG NHÀ Ở RIÊNG LẺ",
     "cấp giấy phép xây dựng nhà ở riêng lẻ 03 tầng trên thửa đất của gia đình tôi",
     "gia đình tôi có nhu cầu xây dựng lại nhà ở đã xuống cấp"),
)


def build_don_de_nghi(doc: DocBuilder, c: Citizen, office: Office, rel: Relations) -> DocTruth:
    """Applications and petitions written by a citizen to the commune."""
    rng = doc.rng
    day = _doc_date(rng)
    title, request, reason = rng.choice(_REQUESTS)
    doc.motto()
    doc.heading(*_split_title(title))
    recipients = [f"Ủy ban nhân dân {office.commune}"]
    if rng.random() < 0.5:
        recipients.append(f"Trung tâm Phục vụ hành chính công {office.commune}")
    doc.add(f"Kính gửi: {recipients[0]}", before=8, indent=20)
    for other in recipients[1:]:
        doc.add(other, indent=38)
    doc.field(pick(rng, "Tôi tên là", "Họ và tên người đề nghị", "Họ và tên"), c.full_name, "full_name")
    rows = [
        lambda: doc.field("Sinh ngày", printed_date(rng, c.birth_date), "birth_date"),
        lambda: doc.field("Giới tính", c.sex),
        lambda: doc.add(f"{_id_label(rng)}: {doc.pid(c.citizen_id)}; cấp ngày: {dmy(c.issue_date)}; "
                        f"nơi cấp: {_issuer(c)}"),
    ]
    if rng.random() < 0.4:
        rng.shuffle(rows)
    for row in rows:
        row()
    doc.field(pick(rng, "Nơi thường trú", "Địa chỉ thường trú", "Nơi cư trú"), c.address, "address")
    doc.field("Số điện thoại", _phone(rng))
    doc.add(f"Nay tôi làm đơn này kính đề nghị {recipients[0]} {request}.", before=4)
    doc.add(f"Lý do: {reason}.")
    doc.add("Tôi xin cam đoan những thông tin nêu trên là đúng sự thật và xin hoàn toàn chịu trách nhiệm trước "
            "pháp luật về lời khai của mình.")
    doc.add(pick(rng, "Kính mong được quan tâm, xem xét, giải quyết. Tôi xin trân trọng cảm ơn!",
                 "Tôi xin chân thành cảm ơn!"))
    doc.add(office.place_date(day), "italic", align="right", before=8, keep=True)
    doc.signature("NGƯỜI LÀM ĐƠN", "(Ký và ghi rõ họ tên)", name=c.name_proper)
    return doc.truth("don_de_nghi", c.citizen_id, issue_date=day)


def _split_title(title: str, width: int = 40) -> list[str]:
    """Long titles are printed on two centred lines, split at a word boundary."""
    if len(title) <= width:
        return [title]
    words = title.split()
    first: list[str] = []
    while words and len(" ".join(first + [words[0]])) <= width:
        first.append(words.pop(0))
    return [" ".join(first), " ".join(words)]


def build_xac_nhan_tinh_trang_hon_nhan(doc: DocBuilder, c: Citizen, office: Office, rel: Relations) -> DocTruth:
    """Marital-status confirmation: valid six months from issue (some in a batch have expired)."""
    rng = doc.rng
    issued = _doc_date(rng, (5, 330))
    expiry = _plus_months(issued, 6)
    doc.letterhead(office.ubnd(), f"Số: {rng.randint(10, 400)}/XNTTHN", office.place_date(issued))
    doc.heading("GIẤY XÁC NHẬN", "TÌNH TRẠNG HÔN NHÂN")
    doc.add(f"ỦY BAN NHÂN DÂN {office.commune.upper()}", "bold", before=8)
    doc.add(f"Xét đề nghị của {_ong_ba(c).lower()}: {c.name_proper}, về việc xác nhận tình trạng hôn nhân cho:")
    doc.field("Họ, chữ đệm, tên", c.full_name, "full_name")
    doc.field("Ngày, tháng, năm sinh", dmy(c.birth_date), "birth_date")
    doc.add(f"Giới tính: {c.sex}     Dân tộc: {_ethnicity(rng)}     Quốc tịch: Việt Nam")
    doc.add(f"Giấy tờ tùy thân: {_id_paper(doc, c)}")
    doc.field("Nơi cư trú", c.address, "address")
    since = max(add_years(c.birth_date, 18), date(2005, 1, 1))
    doc.add(f"Trong thời gian cư trú tại {office.commune}, {office.region.name} từ ngày {dmy(since)} "
            f"đến ngày {dmy(issued)}")
    status = pick(rng, "Hiện tại chưa đăng ký kết hôn với ai.", "Hiện tại chưa đăng ký kết hôn với ai.",
                  "Đã đăng ký kết hôn, nhưng đã ly hôn theo Bản án số 125/2021/HNGĐ-ST ngày 12/5/2021 của "
                  "Tòa án nhân dân khu vực; hiện tại chưa đăng ký kết hôn với ai.")
    doc.field("Tình trạng hôn nhân", status, "marital_status")
    purpose = pick(rng, "làm thủ tục đăng ký kết hôn", "bổ sung hồ sơ vay vốn tại ngân hàng",
                   "làm thủ tục mua bán, chuyển nhượng quyền sử dụng đất")
    doc.field("Giấy này được cấp để", purpose)
    doc.add("Giấy này có giá trị 6 tháng kể từ ngày cấp.", "italic")
    doc.signature(*_signature_title(rng), name=_officer(rng))
    doc.fields["expiry_date"] = dmy(expiry)
    return doc.truth("xac_nhan_tinh_trang_hon_nhan", c.citizen_id, issue_date=issued, expiry_date=expiry)


def _plus_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def build_giay_chung_nhan_ket_hon(doc: DocBuilder, c: Citizen, office: Office, rel: Relations) -> DocTruth:
    """Marriage certificate: both spouses' IDs are printed; the owner is the dossier's citizen."""
    rng = doc.rng
    spouse = rel.get("spouse")
    husband, wife = (c, spouse) if c.sex == "Nam" else (spouse, c)
    earliest = max(add_years(husband.birth_date, 20), add_years(wife.birth_date, 18), date(2000, 1, 1))
    registered = random_date(rng, earliest, max(earliest + timedelta(days=30), REFERENCE_DATE - timedelta(days=20)))
    registered = min(registered, REFERENCE_DATE)
    doc.letterhead(office.ubnd(), f"Số: {rng.randint(1, 150)}", None)
    doc.heading("GIẤY CHỨNG NHẬN KẾT HÔN", size=doc.title_pt + 1)
    doc.add("", size=6)
    for label, p in (("chồng", husband), ("vợ", wife)):
        doc.field(f"Họ, chữ đệm, tên {label}", p.full_name, "husband_name" if label == "chồng" else "wife_name")
        doc.field("Ngày, tháng, năm sinh", dmy(p.birth_date))
        doc.add(f"Dân tộc: Kinh     Quốc tịch: Việt Nam")
        doc.field("Nơi cư trú", p.address)
        doc.field("Giấy tờ tùy thân", f"{_card_name(p)} số {doc.pid(p.citizen_id)}")
        doc.add("", size=4)
    doc.field("Nơi đăng ký", f"Ủy ban nhân dân {office.commune}, {office.region.name}")
    doc.field("Ngày, tháng, năm đăng ký", dmy(registered), "registration_date")
    doc.add(f"Quyển số: {rng.randint(1, 3):02d}/{registered.year}", "italic")
    doc.add("Chồng" + " " * 30 + "Vợ", "bold", align="center", before=10, keep=True)
    doc.add(husband.name_proper + " " * 20 + wife.name_proper, align="center", before=20)
    doc.signature(*_signature_title(rng), name=_officer(rng))
    doc.fields["full_name"] = c.full_name
    return doc.truth("giay_chung_nhan_ket_hon", c.citizen_id, issue_date=registered)


def build_trich_luc_khai_tu(doc: DocBuilder, c: Citizen, office: Office, rel: Relations) -> DocTruth:
    """Death-registration extract; the owner is the deceased, the declarant's ID is printed too."""
    rng = doc.rng
    declarant = rel.get("declarant")
    died = random_date(rng, max(c.birth_date + timedelta(days=400), REFERENCE_DATE - timedelta(days=900)),
                       REFERENCE_DATE - timedelta(days=30))
    registered = min(died + timedelta(days=rng.randint(2, 14)), REFERENCE_DATE)
    issued = random_date(rng, registered, REFERENCE_DATE)
    doc.letterhead(office.ubnd(), f"Số: {rng.randint(5, 300)}/TLKT-BS", office.place_date(issued))
    title = pick(rng, "TRÍCH LỤC KHAI TỬ", "TRÍCH LỤC KHAI TỬ", "GIẤY CHỨNG TỬ")
    doc.heading(title)
    if title.startswith("TRÍCH"):
        doc.add("(BẢN SAO)", "bold", align="center", size=doc.body_pt - 1)
    doc.field("Họ, chữ đệm, tên", c.full_name, "full_name")
    doc.field("Ngày, tháng, năm sinh", dmy(c.birth_date), "birth_date")
    doc.add(f"Giới tính: {c.sex}     Dân tộc: Kinh     Quốc tịch: Việt Nam")
    doc.field("Số định danh cá nhân", doc.pid(c.citizen_id), "document_number")
    doc.field("Nơi cư trú cuối cùng", c.address)
    doc.field("Đã chết vào lúc", f"{rng.randint(0, 23):02d} giờ {rng.randint(0, 59):02d} phút, ngày {dmy(died)}")
    doc.fields["death_date"] = dmy(died)
    doc.field("Nơi chết", pick(rng, f"Tại nhà, {c.address}", f"Bệnh viện Đa khoa {office.region.short}"))
    doc.field("Nguyên nhân chết", pick(rng, "Bệnh", "Già yếu", "Bệnh hiểm nghèo"))
    doc.field("Họ, chữ đệm, tên người đi khai tử", declarant.full_name, "declarant_name")
    doc.add(f"Giấy tờ tùy thân: {_id_paper(doc, declarant)}")
    doc.field("Quan hệ với người đã chết", "Con")
    doc.field("Nơi đăng ký khai tử", f"Ủy ban nhân dân {office.commune}, {office.region.name}")
    doc.field("Ngày, tháng, năm đăng ký", dmy(registered))
    doc.signature("NGƯỜI KÝ TRÍCH LỤC", "(Ký, ghi rõ họ, chữ đệm, tên, chức vụ và đóng dấu)", name=_officer(rng))
    return doc.truth("trich_luc_khai_tu", c.citizen_id, issue_date=issued)


# --- residence, land, contracts ---------------------------------------------------------


def build_xac_nhan_cu_tru(doc: DocBuilder, c: Citizen, office: Office, rel: Relations) -> DocTruth:
    """Residence confirmation (form CT07): lists the household members with their IDs."""
    rng = doc.rng
    issued = _doc_date(rng, (3, 120))
    members = [rel.get("spouse")]
    if c.birth_date.year < 1995 and rng.random() < 0.6:
        members.append(rel.get("child"))
    doc.letterhead(office.police(), f"Số: {rng.randint(100, 9999)}/XN", office.place_date(issued))
    doc.add("Mẫu CT07 ban hành kèm theo Thông tư số 66/2023/TT-BCA", "italic", align="right",
            size=doc.body_pt - 2)
    doc.heading("XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ")
    doc.add(f"Công an {office.commune} xác nhận thông tin về cư trú của công dân như sau:", before=6)
    doc.field("1. Họ, chữ đệm và tên", c.full_name, "full_name")
    doc.field("2. Ngày, tháng, năm sinh", dmy(c.birth_date), "birth_date")
    doc.add(f"3. Giới tính: {c.sex}     4. Số định danh cá nhân: {doc.pid(c.citizen_id)}")
    doc.add(f"5. Dân tộc: Kinh     6. Tôn giáo: Không     7. Quốc tịch: Việt Nam")
    doc.field("8. Quê quán", c.place_of_origin)
    doc.field("9. Nơi thường trú", c.address, "address")
    doc.field("10. Nơi tạm trú", "Không")
    doc.field("11. Nơi ở hiện tại", c.address)
    head = c if c.sex == "Nam" or rng.random() < 0.3 else members[0]
    relation = "Chủ hộ" if head is c else ("Vợ" if c.sex == "Nữ" else "Chồng")
    doc.add(f"12. Họ, chữ đệm và tên chủ hộ: {head.full_name}     Quan hệ với chủ hộ: {relation}")
    doc.field("13. Số định danh cá nhân của chủ hộ", doc.pid(head.citizen_id))
    doc.add("14. Thông tin các thành viên khác trong hộ gia đình:")
    for i, m in enumerate(members, 1):
        role = "Vợ" if m.sex == "Nữ" and i == 1 else ("Chồng" if i == 1 else "Con")
        if head is not c and i == 1:
            role = "Chủ hộ"
        doc.add(f"{i}. {m.full_name}; ngày sinh: {dmy(m.birth_date)}; số định danh cá nhân: "
                f"{doc.pid(m.citizen_id)}; quan hệ với chủ hộ: {role}", indent=8)
    doc.signature("TRƯỞNG CÔNG AN", "(Ký, ghi rõ họ tên, đóng dấu)", name=_officer(rng))
    return doc.truth("xac_nhan_cu_tru", c.citizen_id, issue_date=issued)


def _area_words(area: float) -> str:
    whole, frac = divmod(round(area * 10), 10)
    words = number_words(whole)
    return (f"{words} phẩy {number_words(frac)} mét vuông" if frac else f"{words} mét vuông").capitalize()


def _money_words(amount: int) -> str:
    """2_500_000_000 -> 'Hai tỷ năm trăm triệu đồng' (amounts in whole thousands)."""
    ty, rest = divmod(amount, 10**9)
    trieu, rest = divmod(rest, 10**6)
    nghin = rest // 1000
    parts = []
    for value, unit in ((ty, "tỷ"), (trieu, "triệu"), (nghin, "nghìn")):
        if value:
            parts.append(f"{number_words(value)} {unit}")
    return (" ".join(parts) + " đồng").capitalize()


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


@dataclass
class Parcel:
    number: int
    sheet: int
    area: float
    address: str
    purpose: str
    certificate: str


def _parcel(rng: random.Random, c: Citizen) -> Parcel:
    parts = c.address.split(", ")
    return Parcel(
        number=rng.randint(12, 980),
        sheet=rng.randint(3, 60),
        area=round(rng.uniform(45, 400) * 2) / 2,
        address=", ".join(parts[-2:]),
        purpose=pick(rng, "Đất ở tại đô thị", "Đất ở tại nông thôn", "Đất trồng cây lâu năm"),
        certificate=f"{pick(rng, 'CS', 'CH', 'DA', 'CY')} {rng.randint(10000, 999999):06d}",
    )


def build_gcn_quyen_su_dung_dat(doc: DocBuilder, c: Citizen, office: Office, rel: Relations) -> DocTruth:
    """Land-use right certificate ('sổ đỏ/sổ hồng'): the holders with their IDs, then the parcel."""
    rng = doc.rng
    issued = random_date(rng, date(2012, 1, 1), REFERENCE_DATE - timedelta(days=60))
    parcel = _parcel(rng, c)
    new_form = issued >= date(2024, 8, 1)
    doc.motto(doc.body_pt + 0.5)
    if new_form:
        doc.heading("GIẤY CHỨNG NHẬN", "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT", before=14)
    else:
        doc.heading("GIẤY CHỨNG NHẬN", "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU NHÀ Ở", "VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT",
                    before=14)
    doc.add("I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất", "bold", before=10)
    holders = [c] + ([rel.get("spouse")] if rng.random() < 0.6 else [])
    for i, h in enumerate(holders):
        lead = _ong_ba(h) if i == 0 else ("Và vợ là bà" if h.sex == "Nữ" else "Và chồng là ông")
        doc.add(f"{lead}: {h.full_name}     Sinh năm: {h.birth_date.year}")
        doc.add(f"{pick(rng, 'CCCD số', 'Số định danh cá nhân', 'Căn cước công dân số')}: {doc.pid(h.citizen_id)}")
    doc.field("Địa chỉ thường trú", c.address)
    doc.add("II. Thửa đất, nhà ở và tài sản khác gắn liền với đất", "bold", before=8)
    doc.add("1. Thửa đất:")
    rows = [
        f"a) Thửa đất số: {parcel.number}; tờ bản đồ số: {parcel.sheet}",
        f"b) Địa chỉ: {parcel.address}",
        f"c) Diện tích: {str(parcel.area).replace('.', ',')} m² (bằng chữ: {_area_words(parcel.area)})",
        f"d) Hình thức sử dụng: {pick(rng, 'Sử dụng riêng', 'Sử dụng chung')}",
        f"đ) Mục đích sử dụng: {parcel.purpose}",
        f"e) Thời hạn sử dụng: {'Lâu dài' if parcel.purpose.startswith('Đất ở') else 'Đến ngày 15/10/2063'}",
        f"g) Nguồn gốc sử dụng: {pick(rng, 'Nhà nước công nhận quyền sử dụng đất', 'Nhận chuyển nhượng đất được Nhà nước công nhận quyền sử dụng đất', 'Nhận thừa kế quyền sử dụng đất')}",
    ]
    for row in rows:
        doc.add(row, indent=6)
    doc.add(f"2. Nhà ở: {pick(rng, 'Nhà ở riêng lẻ; diện tích xây dựng 60 m²; số tầng: 03', '-/-')}")
    doc.add("3. Ghi chú: Không", before=2)
    region = office.region.name
    doc.add(f"{office.region.short}, {ngay_thang_nam(issued)}", "italic", align="center", indent=80, before=8,
            keep=True)
    issuer = [f"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if not new_form else \
        [f"SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", region.upper().replace("THÀNH PHỐ ", "TP. ")]
    doc.signature(*issuer, name=_officer(rng))
    doc.add(f"Số vào sổ cấp GCN: {pick(rng, 'CS', 'CH', 'VP')} {rng.randint(100, 99999):05d}", before=6)
    doc.add(f"Số phát hành: {parcel.certificate}", "bold")
    doc.fields.update(full_name=c.full_name, document_number=parcel.certificate, parcel=str(parcel.number),
                      map_sheet=str(parcel.sheet), area=str(parcel.area))
    return doc.truth("gcn_quyen_su_dung_dat", c.citizen_id, issue_date=issued)


_MANDATES = (
    "Thay mặt và nhân danh Bên ủy quyền liên hệ với các cơ quan có thẩm quyền để làm thủ tục cấp đổi Giấy chứng "
    "nhận quyền sử dụng đất đối với thửa đất số {parcel}, tờ bản đồ số {sheet} tại {place}",
    "Thay mặt Bên ủy quyền nộp hồ sơ, nhận kết quả giải quyết thủ tục đăng ký khai sinh cho con tại Trung tâm "
    "Phục vụ hành chính công {commune}",
    "Thay mặt Bên ủy quyền nhận lương hưu và trợ cấp bảo hiểm xã hội hằng tháng tại Bưu điện {commune}",
    "Thay mặt Bên ủy quyền ký kết, nộp hồ sơ và nhận kết quả thủ tục đăng ký biến động đất đai tại {place}",
)


def build_giay_uy_quyen(doc: DocBuilder, c: Citizen, office: Office, rel: Relations) -> DocTruth:
    """Power of attorney between two citizens; both IDs are printed, the owner is the grantor."""
    rng = doc.rng
    agent = rel.get("agent")
    day = _doc_date(rng, (2, 60))
    parcel = _parcel(rng, c)
    doc.motto()
    title = pick(rng, "GIẤY ỦY QUYỀN", "GIẤY ỦY QUYỀN", "HỢP ĐỒNG ỦY QUYỀN")
    doc.heading(title, size=doc.title_pt + 2)
    if rng.random() < 0.5:
        doc.add("(Dành cho cá nhân)", "italic", align="center")
    doc.add("- Căn cứ Bộ luật Dân sự nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2015;", "italic", before=6)
    doc.add("- Căn cứ vào nhu cầu và khả năng của các bên.", "italic")
    doc.add(f"Hôm nay, {ngay_thang_nam(day)}, tại {office.commune}, {office.region.name}, chúng tôi gồm:", before=4)
    doc.add("I. BÊN ỦY QUYỀN (Bên A):", "bold", before=4)
    _person_block(doc, c, key="grantor")
    doc.add("II. BÊN NHẬN ỦY QUYỀN (Bên B):", "bold", before=4)
    _person_block(doc, agent, key="agent")
    doc.add("III. NỘI DUNG ỦY QUYỀN:", "bold", before=4)
    mandate = rng.choice(_MANDATES).format(parcel=parcel.number, sheet=parcel.sheet, place=parcel.address,
                                           commune=office.commune)
    doc.add(f"{mandate}.")
    doc.add("IV. THỜI HẠN ỦY QUYỀN:", "bold", before=4)
    doc.add(pick(rng, "Kể từ ngày ký cho đến khi hoàn thành công việc được ủy quyền.",
                 f"Từ ngày {dmy(day)} đến ngày {dmy(add_years(day, 1))}."))
    doc.add("V. CAM KẾT CỦA CÁC BÊN:", "bold", before=4)
    doc.add("Hai bên cam kết sẽ hoàn toàn chịu trách nhiệm trước pháp luật về mọi thông tin ủy quyền ở trên. "
            "Mọi tranh chấp phát sinh giữa bên ủy quyền và bên được ủy quyền sẽ do hai bên tự giải quyết.")
    doc.add(f"Giấy ủy quyền trên được lập thành {pick(rng, '02', '03')} bản, mỗi bên giữ 01 bản.")
    doc.add("BÊN ỦY QUYỀN" + " " * 30 + "BÊN NHẬN ỦY QUYỀN", "bold", align="center", before=10, keep=True)
    doc.add("(Ký, ghi rõ họ tên)" + " " * 36 + "(Ký, ghi rõ họ tên)", "italic", align="center",
            size=doc.body_pt - 1, keep=True)
    doc.add(c.name_proper + " " * 30 + agent.name_proper, align="center", before=30)
    if rng.random() < 0.6:
        doc.add("CHỨNG THỰC CHỮ KÝ", "bold", align="center", before=12, keep=True)
        doc.add(f"{ngay_thang_nam(day).capitalize()}, tại Ủy ban nhân dân {office.commune}. Tôi, "
                f"{_officer(rng)}, công chức tư pháp - hộ tịch, chứng thực: {_ong_ba(c).lower()} {c.name_proper} "
                f"đã ký vào giấy ủy quyền này trước mặt tôi.", "italic")
        doc.add(f"Số chứng thực: {rng.randint(100, 3999)}, quyển số {rng.randint(1, 5):02d}/{day.year}-SCT/CK,ĐC",
                "italic")
    doc.fields.update(full_name=c.full_name, agent_id=agent.citizen_id)
    return doc.truth("giay_uy_quyen", c.citizen_id, issue_date=day)


@dataclass(frozen=True)
class ContractKind:
    title: str
    side_a: str
    side_b: str
    subject: str


_CONTRACTS = (
    ContractKind("HỢP ĐỒNG CHUYỂN NHƯỢNG QUYỀN SỬ DỤNG ĐẤT", "BÊN CHUYỂN NHƯỢNG", "BÊN NHẬN CHUYỂN NHƯỢNG",
                 "chuyển nhượng quyền sử dụng đất"),
    ContractKind("HỢP ĐỒNG TẶNG CHO QUYỀN SỬ DỤNG ĐẤT", "BÊN TẶNG CHO", "BÊN ĐƯỢC TẶNG CHO",
                 "tặng cho quyền sử dụng đất"),
    ContractKind("HỢP ĐỒNG THUÊ NHÀ Ở", "BÊN CHO THUÊ", "BÊN THUÊ", "cho thuê nhà ở"),
)


def _contract_articles(rng: random.Random, kind: ContractKind, parcel: Parcel, price: int) -> list[tuple[str, list[str]]]:
    land = kind.subject != "cho thuê nhà ở"
    object_lines = [
        f"Quyền sử dụng đất của Bên A đối với thửa đất theo Giấy chứng nhận quyền sử dụng đất số "
        f"{parcel.certificate}, cụ thể như sau:" if land else
        f"Bên A đồng ý cho Bên B thuê nhà ở tại địa chỉ {parcel.address}, cụ thể như sau:",
        f"- Thửa đất số: {parcel.number}; tờ bản đồ số: {parcel.sheet};",
        f"- Địa chỉ thửa đất: {parcel.address};",
        f"- Diện tích: {str(parcel.area).replace('.', ',')} m² (bằng chữ: {_area_words(parcel.area)});",
        f"- Mục đích sử dụng: {parcel.purpose};",
        "- Thời hạn sử dụng: Lâu dài;" if land else "- Diện tích sử dụng nhà ở: 75 m², gồm 02 phòng ngủ, 01 phòng khách, 01 bếp;",
        "- Nguồn gốc sử dụng: Nhà nước công nhận quyền sử dụng đất." if land else "- Trang thiết bị kèm theo: theo biên bản bàn giao.",
    ]
    if kind.subject == "tặng cho quyền sử dụng đất":
        price_lines = ["Việc tặng cho quyền sử dụng đất nêu tại Điều 1 của Hợp đồng này là không có điều kiện "
                       "và không kèm theo bất kỳ nghĩa vụ nào của Bên B."]
    elif land:
        price_lines = [
            f"1. Giá chuyển nhượng quyền sử dụng đất nêu tại Điều 1 của Hợp đồng này là: {_money(price)} đồng "
            f"(bằng chữ: {_money_words(price)}).",
            f"2. Phương thức thanh toán: {pick(rng, 'Tiền mặt', 'Chuyển khoản qua ngân hàng')}.",
            "3. Việc thanh toán số tiền nêu tại khoản 1 Điều này do hai bên tự thực hiện và chịu trách nhiệm "
            "trước pháp luật.",
        ]
    else:
        rent = rng.choice((4_500_000, 6_000_000, 8_500_000))
        price_lines = [
            f"1. Giá cho thuê nhà ở là {_money(rent)} đồng/tháng (bằng chữ: {_money_words(rent)}). Giá thuê "
            "này đã bao gồm các chi phí về quản lý, bảo trì và vận hành nhà ở.",
            "2. Các chi phí sử dụng điện, nước, điện thoại và các dịch vụ khác do Bên B thanh toán cho bên cung "
            "cấp dịch vụ.",
            f"3. Phương thức thanh toán: {pick(rng, 'tiền mặt', 'chuyển khoản')}, trả vào ngày 05 hằng tháng.",
            f"4. Thời hạn cho thuê: {rng.choice((12, 24, 36))} tháng kể từ ngày bàn giao nhà ở.",
        ]
    articles = [
        ("ĐIỀU 1. " + ("QUYỀN SỬ DỤNG ĐẤT " + ("CHUYỂN NHƯỢNG" if "chuyển" in kind.subject else "TẶNG CHO")
                       if land else "ĐẶC ĐIỂM CHÍNH CỦA NHÀ Ở CHO THUÊ"), object_lines),
        ("ĐIỀU 2. " + ("GIÁ VÀ PHƯƠNG THỨC THANH TOÁN" if kind.subject != "tặng cho quyền sử dụng đất"
                       else "ĐIỀU KIỆN TẶNG CHO"), price_lines),
        ("ĐIỀU 3. VIỆC GIAO VÀ ĐĂNG KÝ " + ("QUYỀN SỬ DỤNG ĐẤT" if land else "NHÀ Ở"), [
            "1. Bên A có nghĩa vụ giao " + ("thửa đất" if land else "nhà ở") + " nêu tại Điều 1 của Hợp đồng "
            "này cùng với giấy tờ về quyền sử dụng đất cho Bên B vào thời điểm các bên ký Hợp đồng.",
            "2. Bên B có trách nhiệm thực hiện đăng ký biến động theo quy định của pháp luật về đất đai." if land
            else "2. Bên B có trách nhiệm sử dụng nhà ở đúng mục đích, giữ gìn nhà ở và trang thiết bị kèm theo.",
        ]),
        ("ĐIỀU 4. TRÁCH NHIỆM NỘP THUẾ, LỆ PHÍ", [
            "Thuế, phí, lệ phí liên quan đến việc " + kind.subject + " theo Hợp đồng này do "
            + pick(rng, "Bên B", "Bên A", "hai bên") + " chịu trách nhiệm nộp theo quy định của pháp luật.",
        ]),
        ("ĐIỀU 5. PHƯƠNG THỨC GIẢI QUYẾT TRANH CHẤP", [
            "Trong quá trình thực hiện Hợp đồng này, nếu phát sinh tranh chấp, các bên cùng nhau thương lượng "
            "giải quyết trên nguyên tắc tôn trọng quyền lợi của nhau; trong trường hợp không giải quyết được thì "
            "một trong hai bên có quyền khởi kiện để yêu cầu Tòa án có thẩm quyền giải quyết theo quy định của "
            "pháp luật.",
        ]),
        ("ĐIỀU 6. CAM ĐOAN CỦA CÁC BÊN", [
            "Bên A và Bên B chịu trách nhiệm trước pháp luật về những lời cam đoan sau đây:",
            "1. Bên A cam đoan:",
            "a) Những thông tin về nhân thân, về " + ("thửa đất" if land else "nhà ở") + " đã ghi trong Hợp đồng "
            "này là đúng sự thật;",
            "b) " + ("Thửa đất thuộc trường hợp được " + kind.subject + " theo quy định của pháp luật;" if land
                     else "Nhà ở thuộc quyền sở hữu hợp pháp của Bên A và không có tranh chấp;"),
            "c) Tại thời điểm giao kết Hợp đồng này: không có tranh chấp; tài sản không bị kê biên để bảo đảm "
            "thi hành án;",
            "d) Việc giao kết Hợp đồng này hoàn toàn tự nguyện, không bị lừa dối hoặc ép buộc.",
            "2. Bên B cam đoan:",
            "a) Những thông tin về nhân thân đã ghi trong Hợp đồng này là đúng sự thật;",
            "b) Đã xem xét kỹ, biết rõ về tài sản nêu tại Điều 1 của Hợp đồng này và các giấy tờ kèm theo;",
            "c) Việc giao kết Hợp đồng này hoàn toàn tự nguyện, không bị lừa dối hoặc ép buộc;",
            "d) Thực hiện đúng và đầy đủ các thỏa thuận đã ghi trong Hợp đồng này.",
        ]),
        ("ĐIỀU 7. ĐIỀU KHOẢN CUỐI CÙNG", [
            "1. Hai bên công nhận đã hiểu rõ quyền, nghĩa vụ và lợi ích hợp pháp của mình, ý nghĩa và hậu quả "
            "pháp lý của việc giao kết Hợp đồng này.",
            "2. Hai bên đã tự đọc lại Hợp đồng, đã hiểu và đồng ý tất cả các điều khoản ghi trong Hợp đồng và ký "
            "vào Hợp đồng này.",
            f"3. Hợp đồng này có hiệu lực kể từ ngày được chứng thực và được lập thành {pick(rng, '03', '04')} bản "
            "có giá trị pháp lý như nhau, mỗi bên giữ 01 bản, 01 bản lưu tại cơ quan chứng thực.",
        ]),
    ]
    return articles


def build_hop_dong(doc: DocBuilder, c: Citizen, office: Office, rel: Relations) -> DocTruth:
    """A contract brought for certification: 2-3 pages, 'Trang i/n' at the foot."""
    rng = doc.rng
    kind = rng.choice(_CONTRACTS)
    other = rel.get("counterparty")
    spouse = rel.get("spouse") if kind.subject != "cho thuê nhà ở" and rng.random() < 0.5 else None
    day = _doc_date(rng, (2, 45))
    parcel = _parcel(rng, c)
    price = rng.randint(8, 60) * 100_000_000
    doc.motto()
    doc.add("", size=6)
    doc.heading(*_split_title(kind.title), size=doc.title_pt + 1)
    doc.add(f"Hôm nay, {ngay_thang_nam(day)}, tại Ủy ban nhân dân {office.commune}, {office.region.name}, "
            "chúng tôi gồm có:", before=8)
    doc.add(f"{kind.side_a} (sau đây gọi là Bên A):", "bold", before=4, keep=True)
    _person_block(doc, c, prefix=f"{_ong_ba(c)} - ", key="party_a")
    if spouse:
        doc.add("Cùng vợ/chồng là:")
        _person_block(doc, spouse, prefix=f"{_ong_ba(spouse)} - ")
    doc.add(f"{kind.side_b} (sau đây gọi là Bên B):", "bold", before=4, keep=True)
    _person_block(doc, other, prefix=f"{_ong_ba(other)} - ", key="party_b")
    doc.add(f"Hai bên đồng ý thực hiện việc {kind.subject} theo các thỏa thuận sau đây:", before=4)
    for heading, body in _contract_articles(rng, kind, parcel, price):
        doc.add(heading, "bold", before=6, keep=True)
        for line in body:
            doc.add(line)
    doc.add("BÊN A" + " " * 50 + "BÊN B", "bold", align="center", before=10, keep=True)
    doc.add("(Ký, ghi rõ họ tên)" + " " * 30 + "(Ký, ghi rõ họ tên)", "italic", align="center",
            size=doc.body_pt - 1, keep=True)
    doc.add(c.name_proper + " " * 34 + other.name_proper, align="center", before=28)
    doc.add("LỜI CHỨNG CỦA NGƯỜI THỰC HIỆN CHỨNG THỰC", "bold", align="center", before=12, keep=True)
    doc.add(f"{ngay_thang_nam(day).capitalize()}, tại Ủy ban nhân dân {office.commune}, {office.region.name}. "
            f"Tôi, {_officer(rng)}, Phó Chủ tịch Ủy ban nhân dân {office.commune}, chứng thực: Hợp đồng "
            f"{kind.subject} được giao kết giữa Bên A là {_ong_ba(c).lower()} {c.name_proper} và Bên B là "
            f"{_ong_ba(other).lower()} {other.name_proper}; các bên đã tự nguyện thỏa thuận giao kết hợp đồng "
            "và cam đoan chịu trách nhiệm trước pháp luật về nội dung hợp đồng.", "italic")
    doc.add(f"Số chứng thực: {rng.randint(10, 999)}, quyển số {rng.randint(1, 5):02d}/{day.year}-SCT/HĐ,GD", "italic")
    doc.fields.update(full_name=c.full_name, contract=kind.subject, counterparty_name=other.full_name)
    return doc.truth("hop_dong", c.citizen_id, issue_date=day)


# --- diplomas, administrative letters, other --------------------------------------------


def build_van_bang(doc: DocBuilder, c: Citizen, office: Office, rel: Relations) -> DocTruth:
    """Upper-secondary diploma on a landscape sheet; no ID number on it."""
    rng = doc.rng
    year = c.birth_date.year + 18
    issued = date(year, 7, rng.randint(10, 30))
    province = office.region.short
    school = pick(rng, "THPT Phan Bội Châu", "THPT Chu Văn An", "THPT Lê Quý Đôn", "THPT Nguyễn Trãi",
                  "THPT Trần Hưng Đạo", "THPT Lương Thế Vinh")
    doc.size_mm = (297.0, 210.0)
    doc.motto(doc.body_pt + 1)
    doc.heading("BẰNG TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG", size=doc.title_pt + 6, before=14)
    doc.add(f"GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO {province.upper()}", "bold", align="center", before=8)
    doc.add("cấp bằng tốt nghiệp trung học phổ thông cho:", "italic", align="center")
    doc.field("Họ và tên", c.name_proper, "full_name", indent=60)
    doc.field("Giới tính", c.sex, indent=60)
    doc.field("Ngày sinh", dmy(c.birth_date), "birth_date", indent=60)
    doc.field("Nơi sinh", f"{'Thành phố' if province in ('Hà Nội', 'Hải Phòng', 'Đà Nẵng', 'Cần Thơ', 'Hồ Chí Minh', 'Huế') else 'Tỉnh'} {province}", indent=60)
    doc.field("Học sinh trường", school, indent=60)
    doc.field("Khóa thi", f"Ngày {rng.randint(1, 4):02d} tháng 6 năm {year}", indent=60)
    doc.field("Xếp loại tốt nghiệp", pick(rng, "Trung bình", "Khá", "Giỏi"), indent=60)
    doc.add(f"{province}, {ngay_thang_nam(issued)}", "italic", align="center", indent=150, before=8)
    doc.add("GIÁM ĐỐC", "bold", align="center", indent=150)
    doc.add(_officer(rng), "bold", align="center", indent=150, before=26)
    number = f"Số hiệu: {pick(rng, 'A', 'B', 'C')} {rng.randint(100000, 9999999):07d}"
    doc.add(f"{number}     Số vào sổ cấp bằng: {rng.randint(100, 9999)}/{year}", size=doc.body_pt - 1, before=4)
    doc.fields["document_number"] = number.split(": ")[1]
    return doc.truth("van_bang", c.citizen_id, issue_date=issued)


_PROCEDURES = (
    ("Đăng ký khai sinh", ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Giấy chứng nhận kết hôn của cha, mẹ"]),
    ("Cấp bản sao trích lục hộ tịch", ["Tờ khai cấp bản sao trích lục hộ tịch", "Giấy ủy quyền (nếu có)"]),
    ("Xác nhận tình trạng hôn nhân", ["Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"]),
    ("Chứng thực hợp đồng, giao dịch liên quan đến động sản, quyền sử dụng đất",
     ["Dự thảo hợp đồng", "Giấy chứng nhận quyền sử dụng đất", "Căn cước công dân của các bên"]),
    ("Đăng ký khai tử", ["Tờ khai đăng ký khai tử", "Giấy báo tử"]),
)


def build_khac(doc: DocBuilder, c: Citizen, office: Office, rel: Relations) -> DocTruth:
    """The centre's own dossier receipt (giấy tiếp nhận hồ sơ và hẹn trả kết quả): a paper of
    no listed type that names other types in its component list (a classifier trap)."""
    rng = doc.rng
    day = _doc_date(rng, (0, 10))
    procedure, components = rng.choice(_PROCEDURES)
    code = f"H{rng.randint(10, 99)}.{rng.randint(10, 99)}-{day.strftime('%y%m%d')}-{rng.randint(1, 999):04d}"
    doc.letterhead(office.centre(), f"Số: {code}", office.place_date(day))
    doc.heading("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    doc.add(f"Trung tâm Phục vụ hành chính công {office.commune} tiếp nhận hồ sơ của:", before=8)
    doc.field(f"{_ong_ba(c)}", c.full_name, "full_name")
    doc.field("Số định danh cá nhân", doc.pid(c.citizen_id))
    doc.field("Địa chỉ", c.address)
    doc.field("Số điện thoại", _phone(rng))
    doc.field("Nội dung yêu cầu giải quyết", procedure, "procedure")
    doc.add("1. Thành phần hồ sơ nộp gồm:")
    for part in components:
        doc.add(f"{part}: 01 bản", indent=8)
    doc.add("2. Số lượng hồ sơ: 01 (bộ)")
    back = day + timedelta(days=rng.choice((1, 3, 5)))
    doc.add(f"3. Thời gian nhận hồ sơ: {rng.randint(7, 11):02d} giờ {rng.randint(0, 59):02d} phút, ngày {dmy(day)}")
    doc.add(f"4. Thời gian trả kết quả giải quyết hồ sơ: {rng.randint(13, 16):02d} giờ 00 phút, ngày {dmy(back)}")
    doc.add(f"5. Đăng ký nhận kết quả tại: {pick(rng, 'Trung tâm Phục vụ hành chính công', 'Dịch vụ bưu chính công ích')}")
    doc.add(f"Vào Sổ theo dõi hồ sơ, quyển số: {rng.randint(1, 9):02d}, số thứ tự: {rng.randint(1, 999)}", "italic")
    doc.add("NGƯỜI NỘP HỒ SƠ" + " " * 26 + "NGƯỜI TIẾP NHẬN HỒ SƠ", "bold", align="center", before=10, keep=True)
    doc.add("(Ký và ghi rõ họ tên)" + " " * 32 + "(Ký và ghi rõ họ tên)", "italic", align="center",
            size=doc.body_pt - 1, keep=True)
    doc.add(c.name_proper + " " * 30 + _officer(rng), align="center", before=26)
    doc.fields["document_number"] = code
    return doc.truth("khac", c.citizen_id, issue_date=day)


def build_van_ban_hanh_chinh(doc: DocBuilder, letter: Letter, *, max_paras: int | None = None) -> DocTruth:
    """A real administrative letter of the corpus; it belongs to nobody."""
    rng = doc.rng
    number = letter.number or f"Số: {rng.randint(10, 99)}/BC-TTPVHCC"
    place_date = letter.place_date or f"{letter.agency[0].split(' ', 2)[-1].title()}, ngày 10 tháng 4 năm 2026"
    doc.letterhead(letter.agency, number, place_date)
    doc.heading(*letter.title, size=doc.title_pt)
    paras = letter.paras
    if max_paras is not None and len(paras) > max_paras:
        closing = [p for p in paras if p.lines[0].startswith("Trên đây")]
        paras = paras[:max_paras] + closing
    for p in paras:
        if p.kind == "subtitle":
            for text in p.lines:
                doc.add(text, "bold", align="center", keep=True)
            continue
        for i, text in enumerate(p.lines):
            style = "bold" if p.kind == "heading" else "body"
            doc.add(text, style, before=6 if i == 0 else 2, keep=p.kind == "heading")
    doc.signature(*(letter.signer or ["GIÁM ĐỐC"]), name=letter.signer_name,
                  left=["Nơi nhận:"] + [f"- {r}" for r in letter.receivers])
    doc.fields["document_number"] = number.removeprefix("Số:").strip()
    return doc.truth("van_ban_hanh_chinh", None, issue_date=_letter_date(place_date))


def _letter_date(place_date: str) -> date | None:
    m = re.search(r"ngày (\d+) tháng (\d+) năm (\d{4})", place_date)
    return date(int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None


# --- registry ---------------------------------------------------------------------------

_A4_BUILDERS: dict[str, Callable[[DocBuilder, Citizen, Office, Relations], DocTruth]] = {
    "giay_khai_sinh": build_giay_khai_sinh,
    "to_khai": build_to_khai,
    "don_de_nghi": build_don_de_nghi,
    "xac_nhan_tinh_trang_hon_nhan": build_xac_nhan_tinh_trang_hon_nhan,
    "giay_chung_nhan_ket_hon": build_giay_chung_nhan_ket_hon,
    "trich_luc_khai_tu": build_trich_luc_khai_tu,
    "xac_nhan_cu_tru": build_xac_nhan_cu_tru,
    "gcn_quyen_su_dung_dat": build_gcn_quyen_su_dung_dat,
    "giay_uy_quyen": build_giay_uy_quyen,
    "hop_dong": build_hop_dong,
    "van_bang": build_van_bang,
    "khac": build_khac,
}
_CARD_BUILDERS = {
    "cccd": cards.build_cccd,
    "cmnd": cards.build_cmnd,
    "the_bhyt": cards.build_the_bhyt,
    "giay_phep_lai_xe": cards.build_giay_phep_lai_xe,
}
SUPPORTED_TYPES: tuple[str, ...] = tuple(sorted({*_A4_BUILDERS, *_CARD_BUILDERS, "van_ban_hanh_chinh"}))


def new_builder(rng: random.Random, fonts: dict | None = None) -> DocBuilder:
    return DocBuilder(
        rng=rng,
        fonts=fonts or pick_family(rng),
        body_pt=rng.choice((12.0, 13.0, 13.0, 14.0)),
        title_pt=rng.choice((13.0, 14.0, 14.0, 15.0, 16.0)),
    )


def build_document(
    doc_type: str,
    owner: Citizen | None,
    rng: random.Random,
    *,
    related: dict[str, Citizen] | None = None,
    fonts: dict | None = None,
    variant: str | None = None,
    letter: Letter | None = None,
    max_paras: int | None = None,
) -> DocSpec:
    """Layout and truth of one document of `doc_type` belonging to `owner`.

    `related` supplies people the paper names (roles: father, mother, spouse, child, newborn,
    agent, counterparty, declarant); missing ones are created, added to `related` (so the
    next paper of the same family agrees) and returned in `people`.
    """
    doc = new_builder(rng, fonts)
    if doc_type == "van_ban_hanh_chinh":
        letters = corpus_letters()
        letter = letter or (rng.choice(letters) if letters else None)
        if letter is None:
            raise FileNotFoundError("no corpus letters for van_ban_hanh_chinh")
        truth = build_van_ban_hanh_chinh(doc, letter, max_paras=max_paras)
        return DocSpec(doc.layout(), truth, [], page_numbers=rng.random() < 0.7, font=doc.fonts["body"].name)
    if owner is None:
        raise ValueError(f"{doc_type} needs an owner")
    office = Office.of(owner)
    rel = Relations(rng, owner, related if related is not None else {})
    if doc_type in _CARD_BUILDERS:
        truth = _CARD_BUILDERS[doc_type](doc, owner, office.commune)
        font = doc.fonts["sans"].name
    elif doc_type == "to_khai":
        truth = build_to_khai(doc, owner, office, rel, variant)
        font = doc.fonts["body"].name
    elif doc_type in _A4_BUILDERS:
        truth = _A4_BUILDERS[doc_type](doc, owner, office, rel)
        font = doc.fonts["body"].name
    else:
        raise KeyError(f"no template for document type {doc_type!r}; supported: {SUPPORTED_TYPES}")
    return DocSpec(doc.layout(), truth, rel.created, page_numbers=doc_type == "hop_dong", font=font)
