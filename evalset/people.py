"""People of the held-out family: their own name pools, places and ID numbers.

Not samples/people.py: other names, other provinces, other ages, so that nothing the
product learned about the sample generator's people carries over. Every CCCD number is
well formed (province code of birth registration, century/sex digit, birth year digits,
six random digits); people born before 1991 also had a 9-digit CMND.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from samples.models import Citizen

TODAY = date(2026, 10, 15)  # the family's "scan day"

_FAMILY = ["Lương", "Tạ", "Quách", "Hà", "Đinh", "Mạc", "Khúc", "Lã", "Triệu", "Vương", "Thân", "Âu",
           "Kiều", "Từ", "Lâm", "Doãn", "Ông", "Giáp", "Chu", "Tôn"]
_MIDDLE_M = ["Đức", "Quang", "Hữu", "Thế", "Xuân", "Ngọc", "Trọng", "Khắc", "Duy", "Bá"]
_MIDDLE_F = ["Thị", "Thu", "Ngọc", "Diệu", "Thanh", "Kim", "Hồng", "Mỹ", "Bích", "Tuyết"]
_GIVEN_M = ["Khải", "Thịnh", "Lộc", "Nghĩa", "Quyết", "Tường", "Điệp", "Hưởng", "Toản", "Khiêm", "Việt",
            "Thắng", "Hiếu", "Trưởng", "Luận", "Đoàn"]
_GIVEN_F = ["Thuỷ", "Nguyệt", "Huyền", "Diễm", "Trinh", "Xuyến", "Oanh", "Quyên", "Nhàn", "Thắm", "Yến",
            "Hạnh", "Ngần", "Thoa", "Lụa", "Dung"]
# (code, province as printed on papers, communes and wards of it)
_PLACES = [
    ("002", "Hà Giang", ["xã Tùng Bá", "phường Quang Trung", "xã Phương Độ"]),
    ("011", "Điện Biên", ["phường Mường Thanh", "xã Thanh Xương"]),
    ("022", "Quảng Ninh", ["phường Hồng Gai", "xã Đầm Hà", "phường Cẩm Thủy"]),
    ("034", "Thái Bình", ["xã Vũ Thư", "phường Trần Lãm", "xã Đông Hưng"]),
    ("044", "Quảng Bình", ["phường Đồng Hới", "xã Lệ Thủy"]),
    ("054", "Phú Yên", ["phường Tuy Hòa", "xã Sông Cầu"]),
    ("066", "Đắk Lắk", ["phường Buôn Ma Thuột", "xã Ea Kar", "xã Krông Pắc"]),
    ("084", "Trà Vinh", ["phường Trà Vinh", "xã Cầu Ngang"]),
    ("094", "Sóc Trăng", ["phường Sóc Trăng", "xã Kế Sách", "xã Mỹ Xuyên"]),
    ("096", "Cà Mau", ["phường Tân Thành", "xã Năm Căn"]),
]
_STREETS = ["đường Lý Tự Trọng", "đường Phan Đình Giót", "ngõ 14 đường Hoàng Văn Thụ", "đường 30/4",
            "tổ 7", "ấp Phú Thạnh", "thôn Đồng Tâm", "khóm 3"]


def _century_sex_digit(birth: date, male: bool) -> int:
    base = {19: 0, 20: 2, 21: 4, 22: 6, 23: 8}[birth.year // 100]  # 1900s: 0/1, 2000s: 2/3 (domain.md)
    return base + (0 if male else 1)


def cccd_number(rng: random.Random, province_code: str, birth: date, male: bool) -> str:
    return f"{province_code}{_century_sex_digit(birth, male)}{birth.year % 100:02d}{rng.randrange(10**6):06d}"


def card_expiry(birth: date, issued: date) -> date | None:
    """The CCCD's "Có giá trị đến": the next of the ages 25, 40, 60 at least two years after issue; none from 58."""
    age = issued.year - birth.year - ((issued.month, issued.day) < (birth.month, birth.day))
    for limit in (25, 40, 60):
        if age < limit - 2:
            return birth.replace(year=birth.year + limit) if not (birth.month == 2 and birth.day == 29) \
                else date(birth.year + limit, 3, 1)
    return None


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def make_person(rng: random.Random, male: bool | None = None, born_from: date = date(1950, 1, 1),
                born_to: date = date(2004, 12, 31), family: str | None = None,
                place: tuple | None = None, primary: bool = True) -> Citizen:
    male = rng.random() < 0.5 if male is None else male
    family = family or rng.choice(_FAMILY)
    middle = rng.choice(_MIDDLE_M if male else _MIDDLE_F)
    given = rng.choice(_GIVEN_M if male else _GIVEN_F)
    name = f"{family} {middle} {given}"
    birth = _day(rng, born_from, born_to)
    code, province, communes = place or rng.choice(_PLACES)
    fourteen = date(birth.year + 14, birth.month, 28 if birth.month == 2 else birth.day)
    start = max(date(2016, 1, 1), fourteen)
    if start > date(2025, 12, 31):  # a child: the Căn cước is issued from birth on request since 1/7/2024
        start = max(birth, date(2024, 7, 1))
    issued = _day(rng, start, max(start, date(2025, 12, 31)))
    old = birth.year < 1991
    return Citizen(
        citizen_id=cccd_number(rng, code, birth, male),
        cmnd=f"{rng.randrange(10**8, 10**9)}" if old else None,
        full_name=name.upper(),
        name_proper=name,
        birth_date=birth,
        sex="Nam" if male else "Nữ",
        address=f"{rng.randrange(1, 300)} {rng.choice(_STREETS)}, {rng.choice(communes)}, tỉnh {province}",
        place_of_origin=f"{rng.choice(communes)}, tỉnh {province}",
        issue_date=issued,
        expiry_date=card_expiry(birth, issued),
        primary=primary,
    )


@dataclass
class Cast:
    """The applicant and the people their papers name."""

    owner: Citizen
    spouse: Citizen | None = None
    father: Citizen | None = None
    mother: Citizen | None = None
    child: Citizen | None = None
    others: list[Citizen] = field(default_factory=list)  # witnesses, contract parties, signatories

    def everyone(self) -> list[Citizen]:
        return [p for p in (self.owner, self.spouse, self.father, self.mother, self.child, *self.others) if p]


def make_cast(rng: random.Random) -> Cast:
    """An applicant (born 1958-2000) with parents, a spouse, a child and one more party."""
    place = rng.choice(_PLACES)
    owner = make_person(rng, born_from=date(1958, 1, 1), born_to=date(2000, 12, 31), place=place)
    male = owner.sex == "Nam"
    family = owner.full_name.split()[0].title()
    year = owner.birth_date.year
    father = make_person(rng, True, date(year - 35, 1, 1), date(year - 22, 12, 31), family=family, place=place,
                         primary=False)
    mother = make_person(rng, False, date(year - 33, 1, 1), date(year - 20, 12, 31), place=place, primary=False)
    spouse = make_person(rng, not male, date(year - 6, 1, 1), date(year + 6, 12, 31), primary=False)
    child_family = family if male else spouse.full_name.split()[0].title()
    child = make_person(rng, None, date(min(year + 22, 2018), 1, 1), date(min(year + 36, 2024), 12, 31),
                        family=child_family, place=place, primary=False)
    other = make_person(rng, primary=False)
    return Cast(owner=owner, spouse=spouse, father=father, mother=mother, child=child, others=[other])
