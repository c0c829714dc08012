"""Result documents as a centre issues them (issue 18), rendered from real Vietnamese text with
the samples' glyph-checked fonts and degraded like a scan: the marital-status confirmation that
`cap_xac_nhan_tinh_trang_hon_nhan` issues and `dang_ky_ket_hon` asks for (valid 6 months).
The tests (tests/result_scans.py) and the demo's return (scripts/demo.sh) scan these.

The samples' own builder picks its issue date around samples.people.REFERENCE_DATE; a return
happens today, so these pages carry the issue date the test chooses.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import numpy as np

from samples import degrade
from samples.batch import render_spec, write_tiff
from samples.content import DocSpec, Office, new_builder
from samples.layout import ngay_thang_nam
from samples.models import Citizen


def marital_status_confirmation(citizen: Citizen, issued: date, seed: int, number: int = 118):
    """One page: GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN for `citizen`, issued on `issued`."""
    rng = random.Random(seed)
    doc = new_builder(rng)
    office = Office.of(citizen)
    doc.letterhead(office.ubnd(), f"Số: {number}/XNTTHN", f"{office.place}, {ngay_thang_nam(issued)}")
    doc.heading("GIẤY XÁC NHẬN", "TÌNH TRẠNG HÔN NHÂN")
    doc.add(f"ỦY BAN NHÂN DÂN {office.commune.upper()}", "bold", before=8)
    doc.add(f"Xét đề nghị của {citizen.name_proper}, về việc xác nhận tình trạng hôn nhân cho:")
    doc.field("Họ, chữ đệm, tên", citizen.full_name, "full_name")
    doc.field("Ngày, tháng, năm sinh", citizen.birth_date.strftime("%d/%m/%Y"), "birth_date")
    doc.add(f"Giới tính: {citizen.sex}     Dân tộc: Kinh     Quốc tịch: Việt Nam")
    doc.add(f"Giấy tờ tùy thân: Căn cước số {citizen.citizen_id}")
    doc.field("Nơi cư trú", citizen.address, "address")
    doc.field("Tình trạng hôn nhân", "Hiện tại chưa đăng ký kết hôn với ai.", "marital_status")
    doc.field("Giấy này được cấp để", "làm thủ tục đăng ký kết hôn")
    doc.add("Giấy này có giá trị 6 tháng kể từ ngày cấp.", "italic")
    doc.signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", name="Nguyễn Văn Thắng")
    spec = DocSpec(doc.layout(), doc.truth("xac_nhan_tinh_trang_hon_nhan", citizen.citizen_id, issue_date=issued),
                   [], font=doc.fonts["body"].name)
    return render_spec(spec)[0].image


def scanned(image, seed: int):
    """A flatbed scan of the paper: slightly skewed, blurred, noisy."""
    rng = np.random.default_rng(seed)
    pixels = degrade.skew(np.asarray(image.convert("L")), 0.4)
    return degrade.to_pil(degrade.gaussian_noise(degrade.blur(pixels, 0.6), rng, 4))


def write_result(citizen: Citizen, issued: date, path: Path, seed: int, number: int = 118) -> Path:
    return write_tiff([scanned(marital_status_confirmation(citizen, issued, seed, number), seed)], path)
