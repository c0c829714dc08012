"""Deterministic synthetic citizens with structurally valid CCCD numbers.

Everything comes from a `random.Random`, so a seed always gives the same people. Names
carry every kind of Vietnamese diacritic the OCR has to get right (đ, ư, ơ, ệ, ữ, ...).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from samples.models import Citizen
from vntext import nfc

# "Today" of every generated batch: fixed, so that validity (expired card, marital-status
# paper older than 6 months) is reproducible.
REFERENCE_DATE = date(2026, 4, 15)

# One table of province codes for the product and its samples (domain.md).
from classify.citizen_id import PROVINCES  # noqa: E402


@dataclass(frozen=True)
class Region:
    """A province after the 2025 merger, its communes, and the old codes of its births."""

    name: str  # as written in an address: "thành phố Hà Nội", "tỉnh Nghệ An"
    short: str  # "Hà Nội", used in place/date lines
    communes: tuple[str, ...]
    birth_codes: tuple[str, ...]  # province codes of people born there (pre-merger provinces)
    streets: tuple[str, ...]  # urban streets; empty: rural addresses (thôn, ấp)


REGIONS: tuple[Region, ...] = (
    Region("thành phố Hà Nội", "Hà Nội",
           ("phường Vĩnh Tuy", "phường Hoàn Kiếm", "phường Ba Đình", "phường Cầu Giấy", "phường Long Biên",
            "phường Hà Đông", "xã Sóc Sơn", "xã Đông Anh"),
           ("001",), ("phố Kim Ngưu", "phố Minh Khai", "đường Láng", "phố Hàng Bạc", "đường Nguyễn Văn Cừ")),
    Region("thành phố Hải Phòng", "Hải Phòng",
           ("phường Gia Viên", "phường Lê Chân", "phường Ngô Quyền", "xã Tứ Kỳ", "phường Hải Dương"),
           ("031", "030"), ("đường Lạch Tray", "phố Điện Biên Phủ", "đường Trần Hưng Đạo")),
    Region("thành phố Hồ Chí Minh", "Hồ Chí Minh",
           ("phường Bến Thành", "phường Sài Gòn", "phường Tân Định", "phường Bình Thạnh", "xã Củ Chi",
            "phường Thủ Dầu Một", "phường Vũng Tàu"),
           ("079", "074", "077"), ("đường Lê Lợi", "đường Nguyễn Thị Minh Khai", "đường Điện Biên Phủ",
                                   "đường Võ Văn Tần")),
    Region("thành phố Đà Nẵng", "Đà Nẵng", ("phường Hải Châu", "phường Thanh Khê", "phường Hội An", "phường Tam Kỳ"),
           ("048", "049"), ("đường Bạch Đằng", "đường Hùng Vương", "đường Ông Ích Khiêm")),
    Region("thành phố Huế", "Huế", ("phường Thuận Hóa", "phường Phú Xuân", "phường Kim Long"),
           ("046",), ("đường Lê Lợi", "đường Hùng Vương")),
    Region("thành phố Cần Thơ", "Cần Thơ", ("phường Ninh Kiều", "phường Cái Khế", "phường Sóc Trăng", "xã Phong Điền"),
           ("092", "093", "094"), ("đường Mậu Thân", "đường 30 Tháng 4")),
    Region("tỉnh An Giang", "An Giang", ("phường Long Xuyên", "phường Châu Đốc", "phường Rạch Giá", "xã Phú Tân",
                                       "xã Chợ Mới"),
           ("089", "091"), ()),
    Region("tỉnh Nghệ An", "Nghệ An", ("phường Trường Vinh", "phường Thành Vinh", "xã Diễn Châu", "xã Quỳnh Lưu"),
           ("040",), ()),
    Region("tỉnh Thanh Hóa", "Thanh Hóa", ("phường Hạc Thành", "phường Sầm Sơn", "xã Hoằng Hóa"), ("038",), ()),
    Region("tỉnh Tuyên Quang", "Tuyên Quang", ("phường Minh Xuân", "xã Yên Sơn", "xã Đồng Văn"), ("008", "002"), ()),
    Region("tỉnh Đắk Lắk", "Đắk Lắk", ("phường Buôn Ma Thuột", "phường Tuy Hòa", "xã Ea Kar"), ("066", "054"), ()),
    Region("tỉnh Đồng Nai", "Đồng Nai", ("phường Trấn Biên", "phường Biên Hòa", "phường Đồng Xoài"),
           ("075", "070"), ()),
)  # fmt: skip

# Old three-level places of origin (quê quán), as still printed on cards.
ORIGINS = (
    "xã Hải Thanh, huyện Hải Hậu, tỉnh Nam Định",
    "xã Quỳnh Hải, huyện Quỳnh Phụ, tỉnh Thái Bình",
    "xã Diễn Hồng, huyện Diễn Châu, tỉnh Nghệ An",
    "phường Đông Vệ, thành phố Thanh Hóa, tỉnh Thanh Hóa",
    "xã Tân Hội, huyện Đan Phượng, thành phố Hà Nội",
    "xã Mỹ Đức, huyện Phù Cát, tỉnh Bình Định",
    "xã Điện Hồng, thị xã Điện Bàn, tỉnh Quảng Nam",
    "xã Tân Phú Thạnh, huyện Châu Thành A, tỉnh Hậu Giang",
    "xã Kỳ Thư, huyện Kỳ Anh, tỉnh Hà Tĩnh",
    "xã Nghĩa Hưng, huyện Lạng Giang, tỉnh Bắc Giang",
    "xã Hòa Lợi, huyện Châu Thành, tỉnh Trà Vinh",
    "phường Phước Vĩnh, thành phố Huế, tỉnh Thừa Thiên Huế",
)

# Weights roughly follow the frequency of Vietnamese family names.
FAMILY_NAMES = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 3), ("Phan", 4),
    ("Vũ", 3), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1), ("Ngô", 1), ("Dương", 1), ("Lý", 1),
)  # fmt: skip
MIDDLE = {
    "Nam": ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Thành", "Công", "Xuân", "Trọng", "Đình", "Quang", "Tiến",
            "Ngọc", "Gia", "Bảo", "Việt", "Thế", "Phước", "Duy", "Mạnh"),
    "Nữ": ("Thị", "Ngọc", "Thu", "Thanh", "Thùy", "Mỹ", "Phương", "Kim", "Diệu", "Hồng", "Bích", "Khánh",
           "Tuyết", "Quỳnh", "Ánh", "Hải", "Thị Thu", "Thị Ngọc"),
}  # fmt: skip
GIVEN = {
    "Nam": ("An", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hùng", "Hưng", "Huy", "Khải", "Lợi", "Long", "Lực",
            "Nghĩa", "Phúc", "Phước", "Quyết", "Sơn", "Thắng", "Thịnh", "Tiến", "Trí", "Trung", "Tuấn", "Việt",
            "Vững", "Vĩnh", "Hiệp", "Khương", "Nguyên", "Thuận", "Dương", "Toàn", "Lữ", "Hậu", "Quý"),
    "Nữ": ("Anh", "Châu", "Diệp", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hương", "Hường",
           "Huyền", "Lan", "Lệ", "Liên", "Linh", "Loan", "Mai", "Ngân", "Nguyệt", "Nhung", "Oanh", "Phượng",
           "Quyên", "Thảo", "Thơ", "Thủy", "Trâm", "Trinh", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Ngữ"),
}  # fmt: skip

ETHNICITIES = ("Kinh",) * 9 + ("Tày", "Mường", "Khmer", "Hoa", "Thái")


def century_sex_digit(year: int, sex: str) -> str:
    """Digit 4 of a CCCD: century of birth and sex (1900s: 0/1, 2000s: 2/3, ...)."""
    century = (year - 1900) // 100
    if not 0 <= century <= 4:
        raise ValueError(f"no CCCD century code for {year}")
    return str(century * 2 + (1 if sex == "Nữ" else 0))


def make_citizen_id(rng: random.Random, province_code: str, birth_date: date, sex: str) -> str:
    return f"{province_code}{century_sex_digit(birth_date.year, sex)}{birth_date.year % 100:02d}{rng.randrange(10**6):06d}"


def citizen_id_problems(citizen_id: str, birth_date: date | None = None, sex: str | None = None) -> list[str]:
    """Why a 12-digit CCCD cannot be this person's (empty list: structurally valid)."""
    if len(citizen_id) != 12 or not citizen_id.isdigit():
        return ["not 12 digits"]
    problems = []
    if citizen_id[:3] not in PROVINCES:
        problems.append(f"unknown province code {citizen_id[:3]}")
    digit = int(citizen_id[3])
    if birth_date is not None:
        if (birth_date.year - 1900) // 100 != digit // 2:
            problems.append("century digit disagrees with the birth year")
        if citizen_id[4:6] != f"{birth_date.year % 100:02d}":
            problems.append("year digits disagree with the birth year")
    if sex is not None and (digit % 2 == 1) != (sex == "Nữ"):
        problems.append("sex digit disagrees with the sex")
    return problems


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def card_expiry(birth_date: date, issue_date: date) -> date | None:
    """'Có giá trị đến': the card is renewed at 25, 40 and 60; issued within two years of one
    of those ages it lasts to the next; issued at 58 or later it never expires."""
    age = (issue_date - birth_date).days // 365
    for milestone in (25, 40, 60):
        if milestone - age > 2:
            return add_years(birth_date, milestone)
    return None


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def make_name(rng: random.Random, sex: str, family: str | None = None) -> str:
    """Proper-case NFC name: 'Nguyễn Thị Hường'."""
    family = family or rng.choices([f for f, _ in FAMILY_NAMES], weights=[w for _, w in FAMILY_NAMES])[0]
    return nfc(f"{family} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}")


def make_address(rng: random.Random, region: Region) -> str:
    commune = rng.choice(region.communes)
    if region.streets and commune.startswith("phường"):
        house = f"Số {rng.randint(1, 220)}"
        if rng.random() < 0.5:
            house += f", ngõ {rng.randint(2, 400)}"
        street = f"{house}, {rng.choice(region.streets)}"
    elif commune.startswith("phường"):
        street = f"Tổ dân phố {rng.randint(1, 30)}" if rng.random() < 0.5 else f"Khu phố {rng.randint(1, 12)}"
    else:
        street = f"Ấp {rng.choice(('Bình Hòa', 'Tân Lợi', 'Phú Hữu', 'Mỹ Thạnh'))}" if region.birth_codes[0] > "070" \
            else f"Thôn {rng.choice(('Đông', 'Thượng', 'Trung Hậu', 'Văn Giáp', 'Phúc Lộc', 'Yên Khê'))}"
    return nfc(f"{street}, {commune}, {region.name}")


def region_of(address: str) -> Region:
    return next((r for r in REGIONS if address.endswith(r.name)), REGIONS[0])


def make_citizen(
    rng: random.Random,
    *,
    sex: str | None = None,
    born_between: tuple[int, int] = (1955, 2004),
    family: str | None = None,
    region: Region | None = None,
    address: str | None = None,
    primary: bool = True,
) -> Citizen:
    sex = sex or rng.choice(("Nam", "Nữ"))
    region = region or rng.choice(REGIONS)
    birth = random_date(rng, date(born_between[0], 1, 1), date(born_between[1], 12, 28))
    # Most people are registered at birth where they live now; some moved.
    code = rng.choice(region.birth_codes) if rng.random() < 0.8 else rng.choice(sorted(PROVINCES))
    name = make_name(rng, sex, family)
    age_14 = add_years(birth, 14)
    if age_14 <= REFERENCE_DATE:
        issue = random_date(rng, max(age_14, date(2016, 1, 1)), REFERENCE_DATE - timedelta(days=30))
    else:
        # Children: the ID number was given at birth registration.
        issue = birth + timedelta(days=rng.randint(5, 50))
    expiry = card_expiry(birth, issue) if age_14 <= REFERENCE_DATE else None
    # Most people renew an expired card around the birthday that ends it.
    while expiry is not None and expiry < REFERENCE_DATE and rng.random() < 0.8:
        issue = random_date(rng, expiry - timedelta(days=60), min(expiry + timedelta(days=400), REFERENCE_DATE))
        expiry = card_expiry(birth, issue)
    cmnd = None
    if birth.year <= 2002 and rng.random() < 0.8:
        cmnd = f"{rng.choice(('0', '1', '2', '3'))}{rng.randrange(10**8):08d}"
    return Citizen(
        citizen_id=make_citizen_id(rng, code, birth, sex),
        cmnd=cmnd,
        full_name=name.upper(),
        name_proper=name,
        birth_date=birth,
        sex=sex,
        address=address or make_address(rng, region),
        place_of_origin=rng.choice(ORIGINS),
        issue_date=issue,
        expiry_date=expiry,
        primary=primary,
    )


def make_citizens(seed: int, count: int) -> list[Citizen]:
    """`count` adults, all different, from one seed."""
    rng = random.Random(seed)
    out: list[Citizen] = []
    while len(out) < count:
        person = make_citizen(rng)
        if all(p.citizen_id != person.citizen_id for p in out):
            out.append(person)
    return out


def family_name(citizen: Citizen) -> str:
    return citizen.name_proper.split(" ")[0]
