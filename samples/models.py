"""Ground truth of a generated sample batch: the contract that tests and benchmarks read.

Every page, document and citizen the generator drew is described here, so each stage of
the pipeline (page split, blank detection, rotation, OCR, classification, linking to a
citizen) can be scored against what is really on the paper. No timestamps: the same seed
must give byte-identical JSON.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

DocType = Literal[
    "cccd",
    "cmnd",
    "giay_khai_sinh",
    "giay_chung_nhan_ket_hon",
    "xac_nhan_tinh_trang_hon_nhan",
    "trich_luc_khai_tu",
    "xac_nhan_cu_tru",
    "gcn_quyen_su_dung_dat",
    "to_khai",
    "don_de_nghi",
    "giay_uy_quyen",
    "hop_dong",
    "van_bang",
    "giay_phep_lai_xe",
    "the_bhyt",
    "van_ban_hanh_chinh",
    "khac",
]
DOC_TYPES: tuple[str, ...] = DocType.__args__  # type: ignore[attr-defined]

GROUND_TRUTH_FILE = "ground_truth.json"

FileFormat = Literal["pdf", "tiff", "jpeg", "png"]


class Citizen(BaseModel):
    citizen_id: str = Field(pattern=r"^\d{12}$")  # CCCD / số định danh cá nhân
    cmnd: str | None = None  # old 9-digit card number, for people old enough to have had one
    full_name: str  # NFC, capitals as printed on cards and certificates: "NGUYỄN VĂN AN"
    name_proper: str  # "Nguyễn Văn An", as in the card's QR payload and in running text
    birth_date: date
    sex: Literal["Nam", "Nữ"]
    address: str  # permanent residence (nơi thường trú)
    place_of_origin: str = ""  # quê quán
    issue_date: date  # CCCD issue date
    expiry_date: date | None = None  # "Có giá trị đến"; None = no expiry (issued at 58 or older)
    primary: bool = True  # False for relatives and other parties who only appear on papers

    @property
    def province_code(self) -> str:
        return self.citizen_id[:3]


class DocTruth(BaseModel):
    doc_type: DocType
    title: str  # the title line(s) as printed, joined by one space
    owner_citizen_id: str | None  # whose document it is; None for administrative letters
    ids_on_document: list[str] = Field(default_factory=list)  # every 12-digit personal ID printed
    # IDs of everyone the paper is about (spouses, parents, contract parties), printed or named
    # by name only; empty when the generator does not say (its printed IDs then stand for them).
    parties: list[str] = Field(default_factory=list)
    pages: list[int] = Field(default_factory=list)  # 1-based page numbers within the file
    issue_date: date | None = None
    expiry_date: date | None = None
    fields: dict[str, str] = Field(default_factory=dict)  # printed values: full_name, birth_date, ...


class PageTruth(BaseModel):
    number: int  # 1-based in the file
    text: str  # exact drawn text, NFC, one line per drawn line; "" for a blank page
    doc_index: int | None  # index into FileTruth.documents; None for a blank page
    is_blank: bool = False
    rotation: Literal[0, 90, 180, 270] = 0  # degrees clockwise the image was turned when saved
    skew_deg: float = 0.0  # small rotation, degrees clockwise, applied before `rotation`
    degradations: list[str] = Field(default_factory=list)
    dpi: int  # resolution written in the file; 0 when the file carries none (phone photo)
    effective_dpi: int = 0  # pixels per inch of paper in the image, also for phone photos
    font: str = ""  # body font file name
    phone_photo: bool = False


class FileTruth(BaseModel):
    name: str  # relative path in the batch directory, "/" separated
    format: FileFormat
    pages: list[PageTruth]
    documents: list[DocTruth]
    scanner: str = ""  # the simulated device profile, for reading benchmark results


class GroundTruth(BaseModel):
    seed: int
    citizens: list[Citizen]  # everyone named on the papers: the batch's citizens and their relatives
    files: list[FileTruth]
    applicants: list[str] = []  # IDs of the citizens the batch's dossiers are for (the --citizens count)

    def applicant_citizens(self) -> list[Citizen]:
        return [c for c in (self.citizen(i) for i in self.applicants) if c is not None]

    def save(self, directory_or_file: Path) -> Path:
        path = Path(directory_or_file)
        if path.is_dir():
            path = path / GROUND_TRUTH_FILE
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, directory_or_file: Path) -> GroundTruth:
        path = Path(directory_or_file)
        if path.is_dir():
            path = path / GROUND_TRUTH_FILE
        return cls.model_validate_json(path.read_text(encoding="utf-8"))

    def citizen(self, citizen_id: str) -> Citizen | None:
        return next((c for c in self.citizens if c.citizen_id == citizen_id), None)

    def page_count(self) -> int:
        return sum(len(f.pages) for f in self.files)

    def documents(self) -> list[tuple[FileTruth, DocTruth]]:
        return [(f, d) for f in self.files for d in f.documents]
