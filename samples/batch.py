"""A realistic batch of scanned dossiers with ground truth: what a one-stop centre's scanner
stations produce in a morning.

`generate_batch(outdir, seed)` writes image-only PDFs, multi-page TIFFs (grey LZW and
bilevel CCITT G4), JPEGs with and without resolution tags, a PNG and a phone photo, plus
`ground_truth.json` (`samples.models.GroundTruth`). The same seed gives the same files and
byte-identical JSON.
"""

from __future__ import annotations

import random
from datetime import datetime
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image

from samples import degrade
from samples.content import SUPPORTED_TYPES, DocSpec, build_document
from samples.corpus import corpus_letters
from samples.models import Citizen, DocTruth, FileTruth, GroundTruth, PageTruth
from samples.people import REFERENCE_DATE, make_citizen, make_citizens, region_of
from samples.render import Line, PageLayout, RenderedPage, TextBlock, paginate, render_page

RENDER_DPI = 300

# --- rendering documents ----------------------------------------------------------------


def _with_page_number(layout: PageLayout, index: int, total: int) -> PageLayout:
    width = layout.size_mm[0] - layout.margins_mm[1] - layout.margins_mm[3]
    footer = TextBlock(layout.margins_mm[3], layout.size_mm[1] - 14.0, width,
                       [Line(f"Trang {index}/{total}", 11.0, "body", "center")], after_flow=True)
    return replace(layout, blocks=[*layout.blocks, footer])


def render_spec(spec: DocSpec, dpi: int = RENDER_DPI) -> list[RenderedPage]:
    """Every page of a document, with 'Trang i/n' footers when the template wants them."""
    pages = paginate(spec.layout, dpi)
    if spec.page_numbers and len(pages) > 1:
        pages = [_with_page_number(p, i + 1, len(pages)) for i, p in enumerate(pages)]
    return [render_page(p, dpi) for p in pages]


def render_document(
    doc_type: str, citizen: Citizen | None, rng: random.Random, dpi: int = RENDER_DPI, **options
) -> tuple[list[RenderedPage], DocTruth]:
    """One clean document (no degradation); `DocTruth.pages` numbers its pages from 1."""
    spec = build_document(doc_type, citizen, rng, **options)
    pages = render_spec(spec, dpi)
    return pages, spec.truth.model_copy(update={"pages": list(range(1, len(pages) + 1))})


# --- writing files the way scanners do --------------------------------------------------


SCAN_TIME = datetime(REFERENCE_DATE.year, REFERENCE_DATE.month, REFERENCE_DATE.day, 9, 30, 0)


def write_pdf(images: list[Image.Image], path: Path, dpi: int = 300, quality: int = 80, creator: str = "") -> Path:
    """An image-only PDF, one JPEG (or CCITT for mode '1') per page, page size from the dpi.

    The creation date is fixed (Pillow would stamp the clock) so a seed gives identical bytes.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    first, *rest = images
    first.save(path, "PDF", save_all=True, append_images=rest, resolution=float(dpi), quality=quality,
               creationDate=SCAN_TIME.timetuple(), modDate=SCAN_TIME.timetuple(), creator=creator or "Scanner", producer=creator or "Scanner")
    return path


def write_tiff(images: list[Image.Image], path: Path, dpi: int = 300, compression: str = "tiff_lzw") -> Path:
    """A multi-page TIFF with a resolution tag; 'group4' needs (and makes) bilevel pages."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if compression == "group4":
        images = [im if im.mode == "1" else im.convert("L").point(lambda v: 255 if v >= 160 else 0).convert("1")
                  for im in images]
    first, *rest = images
    first.save(path, "TIFF", save_all=True, append_images=rest, compression=compression, dpi=(dpi, dpi))
    return path


def write_image(image: Image.Image, path: Path, dpi: int | None = 300, quality: int = 85) -> Path:
    """A single JPEG or PNG; `dpi=None` writes no resolution (many phones and cheap scanners)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    options: dict = {}
    if dpi:
        options["dpi"] = (dpi, dpi)
    if path.suffix.lower() in (".jpg", ".jpeg"):
        options.update(quality=quality, optimize=False)
    image.save(path, **options)
    return path


def write_images(images: list[Image.Image], path: Path, dpi: int = 300) -> Path:
    """Pick the writer from the suffix: .pdf, .tif/.tiff (LZW), or a single .jpg/.png."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return write_pdf(images, path, dpi)
    if suffix in (".tif", ".tiff"):
        return write_tiff(images, path, dpi)
    if len(images) != 1:
        raise ValueError(f"{suffix} holds one page, got {len(images)}")
    return write_image(images[0], path, dpi)


# --- scanner profiles -------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A scanner station's settings and typical defects."""

    name: str
    format: Literal["pdf", "tiff", "jpeg", "png"]
    dpi: int  # resolution of the saved image
    colour: Literal["grey", "bw", "rgb"] = "grey"
    compression: str = "tiff_lzw"  # TIFF only
    quality: int = 80  # JPEG / PDF
    write_dpi: bool = True
    skew_max: float = 1.5
    noise: float = 0.5  # probability of each defect
    flatbed: bool = False  # tinted lid, uneven light, black borders
    duplex: bool = False
    phone: bool = False


PROFILES = {
    "fi7160-pdf-300": Profile("Fujitsu fi-7160, duplex, 300 dpi grey, PDF", "pdf", 300, quality=75, duplex=True),
    "drc225-g4-300": Profile("Canon DR-C225, 300 dpi black and white, TIFF G4", "tiff", 300, "bw", "group4",
                             skew_max=2.0),
    "ds530-lzw-200": Profile("Epson DS-530, 200 dpi grey, TIFF LZW", "tiff", 200, skew_max=2.5, noise=0.6),
    "flatbed-jpeg-300": Profile("Flatbed, 300 dpi colour, JPEG", "jpeg", 300, "rgb", quality=82, skew_max=4.0,
                                flatbed=True),
    "ads-jpeg-nodpi": Profile("Brother ADS, 200 dpi grey, JPEG without resolution", "jpeg", 200, quality=70,
                              write_dpi=False, skew_max=3.0, noise=0.7),
    "export-png-200": Profile("Scan software export, 200 dpi grey, PNG", "png", 200, skew_max=1.0, noise=0.3),
    "office-pdf-300": Profile("Office copier, 300 dpi grey, PDF", "pdf", 300, quality=85, skew_max=0.8, noise=0.3),
    "fi800-pdf-200": Profile("Fujitsu fi-800R, duplex, 200 dpi grey, PDF", "pdf", 200, quality=70, duplex=True,
                             skew_max=2.0, noise=0.6),
    "phone": Profile("Phone camera photo, JPEG, no resolution", "jpeg", 0, "rgb", quality=85, write_dpi=False, noise=0.2,
                     skew_max=0.0, phone=True),
}


@dataclass
class PagePlan:
    """One page to write: a rendered document page, or a blank back (`page` None)."""

    page: RenderedPage | None
    doc_index: int | None
    font: str = ""
    rotation: int = 0
    bleed_from: RenderedPage | None = None  # the front whose text shows through a blank back
    force: tuple[str, ...] = ()  # defects this page must have (to guarantee coverage)


@dataclass
class FilePlan:
    name: str
    profile: str
    docs: list[tuple[DocSpec, str]] = field(default_factory=list)  # spec and body font name
    rotate: dict[int, int] = field(default_factory=dict)  # document index -> quarter turn of its first page
    blank_after: dict[int, str] = field(default_factory=dict)  # document index -> "clean" | "bleed"
    force: dict[int, tuple[str, ...]] = field(default_factory=dict)  # document index -> defects


# --- degrading one page -----------------------------------------------------------------


def _degrade(img: np.ndarray, profile: Profile, rng: np.random.Generator, plan: PagePlan) -> tuple[np.ndarray, PageTruth]:
    """Apply the profile's defects; returns the saved pixels and the page truth (number 0)."""
    effects: list[str] = []
    force = set(plan.force)
    want = lambda name, p: name in force or rng.random() < p  # noqa: E731
    skew = 0.0
    effective_dpi = RENDER_DPI
    if plan.page is None and plan.bleed_from is not None:
        front = np.asarray(plan.bleed_from.image)
        img = degrade.bleed_through(front, rng, img.shape, strength=float(rng.uniform(0.05, 0.11)))
        effects.append("bleed_through")
    elif plan.page is None:
        img = degrade.gaussian_noise(img, rng, 2.0)
        effects.append("blank")
    if profile.flatbed or profile.phone or want("paper_tone", profile.noise * 0.5):
        img = degrade.paper_tone(img, white=int(rng.integers(215, 245)), black=int(rng.integers(10, 45)))
        effects.append("paper_tone")
    if profile.flatbed or want("uneven_light", profile.noise * 0.2):
        img = degrade.uneven_light(img, rng, float(rng.uniform(0.1, 0.3)))
        effects.append("uneven_light")
    if profile.skew_max and plan.page is not None and want("skew", 0.7):
        magnitude = float(rng.uniform(0.5, profile.skew_max if profile.skew_max > 0.5 else 0.6))
        skew = round(magnitude * (1 if rng.random() < 0.5 else -1), 2)
        img = degrade.skew(img, skew, fill=int(img.max()))
        effects.append("skew")
    if want("noise", profile.noise):
        img = degrade.gaussian_noise(img, rng, float(rng.uniform(3, 9)))
        effects.append("noise")
    if want("specks", profile.noise * 0.6):
        img = degrade.specks(img, rng, float(rng.uniform(5e-6, 3e-5)))
        effects.append("specks")
    if want("blur", profile.noise * 0.4):
        img = degrade.blur(img, float(rng.uniform(0.6, 1.3)))
        effects.append("blur")
    if not profile.phone and (profile.flatbed or want("border", profile.noise * 0.2)):
        img = degrade.scanner_border(img, rng, max_px=int(rng.integers(15, 60)))
        effects.append("border")
    if profile.phone:
        img, scale = degrade.phone_photo(img, rng)
        effective_dpi = round(RENDER_DPI * scale)
        effects.append("phone_photo")
    if plan.rotation:
        img = degrade.rotate_quarter(img, plan.rotation)
        effects.append("rotate")
    if not profile.phone and profile.dpi < RENDER_DPI:
        img = degrade.downscale(img, RENDER_DPI, profile.dpi)
        effective_dpi = profile.dpi
        effects.append("downscale")
    if want("jpeg", profile.noise * 0.3) and profile.colour != "bw":
        img = degrade.jpeg_artifacts(img, int(rng.integers(20, 45)))
        effects.append("jpeg")
    if profile.colour == "rgb" and img.ndim == 2:
        img = degrade.tint(img, (1.0, float(rng.uniform(0.94, 0.99)), float(rng.uniform(0.82, 0.93))))
        effects.append("tint")
    if profile.colour == "bw":
        img = degrade.binarize(img, int(rng.integers(140, 180)))
        effects.append("binarize")
    truth = PageTruth(
        number=0,
        text=plan.page.text if plan.page is not None else "",
        doc_index=plan.doc_index,
        is_blank=plan.page is None,
        rotation=plan.rotation,  # type: ignore[arg-type]
        skew_deg=skew,
        degradations=effects,
        dpi=profile.dpi if profile.write_dpi else 0,
        effective_dpi=effective_dpi,
        font=plan.font,
        phone_photo=profile.phone,
    )
    return img, truth


def _to_image(img: np.ndarray, profile: Profile) -> Image.Image:
    image = degrade.to_pil(img)
    if profile.colour == "bw":
        return image.convert("1", dither=Image.Dither.NONE)
    return image


def _write(path: Path, images: list[Image.Image], profile: Profile) -> None:
    if profile.format == "pdf":
        write_pdf(images, path, profile.dpi, profile.quality, creator=profile.name)
    elif profile.format == "tiff":
        write_tiff(images, path, profile.dpi, profile.compression)
    else:
        assert len(images) == 1, "one page per JPEG/PNG"
        write_image(images[0], path, profile.dpi if profile.write_dpi else None, profile.quality)


def _produce_file(outdir: Path, plan: FilePlan, seed: int, file_index: int) -> FileTruth:
    profile = PROFILES[plan.profile]
    rng = np.random.default_rng([seed, file_index])
    page_plans: list[PagePlan] = []
    documents: list[DocTruth] = []
    for doc_index, (spec, font) in enumerate(plan.docs):
        rendered = render_spec(spec, RENDER_DPI)
        first = len(page_plans) + 1
        for i, page in enumerate(rendered):
            rotation = plan.rotate.get(doc_index, 0) if i == 0 else 0
            page_plans.append(PagePlan(page, doc_index, font, rotation, force=plan.force.get(doc_index, ())))
        documents.append(spec.truth.model_copy(update={"pages": list(range(first, first + len(rendered)))}))
        back = plan.blank_after.get(doc_index)
        if back:
            page_plans.append(PagePlan(None, None, bleed_from=rendered[-1] if back == "bleed" else None))
    images: list[Image.Image] = []
    pages: list[PageTruth] = []
    for number, page_plan in enumerate(page_plans, 1):
        source = page_plan.page or page_plan.bleed_from
        if page_plan.page is not None:
            pixels = np.asarray(page_plan.page.image)
        else:
            shape = np.asarray(source.image).shape if source is not None else (3508, 2480)
            pixels = np.full(shape, 255, dtype=np.uint8)
        img, truth = _degrade(pixels, profile, rng, page_plan)
        images.append(_to_image(img, profile))
        pages.append(truth.model_copy(update={"number": number}))
    _write(outdir / plan.name, images, profile)
    fmt = profile.format
    return FileTruth(name=plan.name, format=fmt, pages=pages, documents=documents, scanner=profile.name)


# --- planning a batch -------------------------------------------------------------------


@dataclass
class World:
    """Everyone in the batch and their relatives, so that every paper about a family agrees."""

    seed: int
    citizens: list[Citizen] = field(default_factory=list)
    relatives: dict[str, dict[str, Citizen]] = field(default_factory=dict)  # citizen_id -> role -> person

    def add(self, person: Citizen) -> None:
        for known in self.citizens:
            if known.citizen_id == person.citizen_id:
                if known != person:
                    raise RuntimeError(f"two people drew the ID {person.citizen_id}; use another seed")
                return
        self.citizens.append(person)

    def doc(self, doc_type: str, owner: Citizen | None, rng: random.Random, **options) -> tuple[DocSpec, str]:
        related = self.relatives.setdefault(owner.citizen_id, {}) if owner else {}
        spec = build_document(doc_type, owner, rng, related=related, **options)
        for person in spec.people:
            self.add(person)
        return spec, spec.font


def _rng(seed: int, *parts: object) -> random.Random:
    # String seeds are hashed with SHA-512 by `random`: stable across runs and machines.
    return random.Random("-".join(str(p) for p in (seed, *parts)))


def _relatives_for_birth(world: World, parent: Citizen) -> dict[str, Citizen]:
    rel = world.relatives.setdefault(parent.citizen_id, {})
    child, spouse = rel["newborn"], rel["spouse"]
    father, mother = (parent, spouse) if parent.sex == "Nam" else (spouse, parent)
    return {"father": father, "mother": mother}


def _dead_parent(world: World, rng: random.Random, person: Citizen) -> Citizen:
    year = person.birth_date.year - rng.randint(24, 34)
    parent = make_citizen(rng, sex=rng.choice(("Nam", "Nữ")), born_between=(year, year),
                          region=region_of(person.address), primary=False)
    world.add(parent)
    world.relatives.setdefault(parent.citizen_id, {})["declarant"] = person
    return parent


def _default_plans(world: World, people: list[Citizen], seed: int) -> list[FilePlan]:
    """The fixed core of every batch: each feature the pipeline must handle appears at least once."""
    a, b, c, d = people[:4]
    plans: list[FilePlan] = []

    # A: a dossier for a birth registration, scanned as one duplex stack.
    r = _rng(seed, "A")
    stack = FilePlan("quay1/SCAN_20260414_0001.pdf", "fi7160-pdf-300")
    stack.docs.append(world.doc("cccd", a, r))
    stack.docs.append(world.doc("to_khai", a, r, variant="khai_sinh"))
    stack.docs.append(world.doc("giay_chung_nhan_ket_hon", a, r))
    newborn = world.relatives[a.citizen_id]["newborn"]
    world.relatives[newborn.citizen_id] = _relatives_for_birth(world, a)
    stack.docs.append(world.doc("giay_khai_sinh", newborn, r))
    stack.docs.append(world.doc("khac", a, r))
    stack.blank_after = {1: "bleed", 3: "clean"}
    stack.rotate = {2: 180}
    stack.force = {1: ("skew",), 4: ("noise", "specks")}
    plans.append(stack)

    # B: a contract certification, bilevel G4 TIFF from a sheet-fed scanner.
    r = _rng(seed, "B")
    tiff = FilePlan("quay1/SCAN_20260414_0002.tif", "drc225-g4-300")
    tiff.docs.append(world.doc("cccd", b, r))
    tiff.docs.append(world.doc("hop_dong", b, r))
    tiff.docs.append(world.doc("gcn_quyen_su_dung_dat", b, r))
    tiff.docs.append(world.doc("giay_uy_quyen", b, r))
    tiff.force = {1: ("skew",)}
    plans.append(tiff)

    # C: marital status and a death in the family, grey LZW TIFF at 200 dpi; the card on a flatbed.
    r = _rng(seed, "C")
    grey = FilePlan("quay2/IMG_0003.tif", "ds530-lzw-200")
    grey.docs.append(world.doc("xac_nhan_tinh_trang_hon_nhan", c, r))
    grey.docs.append(world.doc("don_de_nghi", c, r))
    deceased = _dead_parent(world, r, c)
    grey.docs.append(world.doc("trich_luc_khai_tu", deceased, r))
    grey.force = {0: ("blur",), 1: ("jpeg",), 2: ("noise",)}
    plans.append(grey)
    card = FilePlan(f"quay2/CCCD_{c.citizen_id[-4:]}.jpg", "flatbed-jpeg-300")
    card.docs.append(world.doc("cccd", c, r))
    card.rotate = {0: 90}
    plans.append(card)

    # D: residence papers: a phone photo, a PNG export, a JPEG without resolution.
    r = _rng(seed, "D")
    phone = FilePlan("dien_thoai/IMG_20260414_093012.jpg", "phone")
    phone.docs.append(world.doc("xac_nhan_cu_tru", d, r))
    plans.append(phone)
    png = FilePlan("quay2/scan_0005.png", "export-png-200")
    png.docs.append(world.doc("cccd", d, r))
    plans.append(png)
    jpeg = FilePlan("quay3/ADS_0006.jpg", "ads-jpeg-nodpi")
    jpeg.docs.append(world.doc("cmnd" if d.cmnd else "the_bhyt", d, r))
    plans.append(jpeg)

    # An administrative letter of several pages from the corpus.
    r = _rng(seed, "letter")
    letters = corpus_letters()
    if letters:
        letter = letters[seed % len(letters)]
        office = FilePlan(f"van_thu/{letter.name}.pdf", "office-pdf-300")
        office.docs.append(world.doc("van_ban_hanh_chinh", None, r, letter=letter, max_paras=r.randint(14, 24)))
        plans.append(office)
    return plans


# Procedures a citizen may come for, as the documents handed in (random extra dossiers).
_DOSSIERS: tuple[tuple[str, ...], ...] = (
    ("cccd", "to_khai:khai_sinh", "giay_chung_nhan_ket_hon", "giay_khai_sinh:newborn"),
    ("cccd", "to_khai:ket_hon", "xac_nhan_tinh_trang_hon_nhan"),
    ("cccd", "hop_dong", "gcn_quyen_su_dung_dat", "xac_nhan_tinh_trang_hon_nhan"),
    ("cccd", "giay_uy_quyen", "gcn_quyen_su_dung_dat"),
    ("cccd", "to_khai:cu_tru", "xac_nhan_cu_tru"),
    ("trich_luc_khai_tu:parent", "cccd", "don_de_nghi"),
    ("cccd", "don_de_nghi", "the_bhyt", "xac_nhan_cu_tru"),
    ("cccd", "van_bang", "giay_khai_sinh", "giay_phep_lai_xe"),
    ("cmnd", "cccd", "don_de_nghi", "khac"),
)
_EXTRA_PROFILES = ("fi7160-pdf-300", "fi800-pdf-200", "drc225-g4-300", "ds530-lzw-200", "office-pdf-300")


_SINGLE_PROFILES = ("flatbed-jpeg-300", "export-png-200", "ads-jpeg-nodpi", "phone")


def _extra_plan(world: World, person: Citizen, seed: int, index: int) -> list[FilePlan]:
    """One more citizen's dossier: a stack file, the ID card sometimes scanned on its own,
    and now and then an administrative letter."""
    r = _rng(seed, "extra", index)
    np_rng = np.random.default_rng([seed, 1000 + index])
    dossier = r.choice(_DOSSIERS)
    profile = r.choice(_EXTRA_PROFILES)
    ext = PROFILES[profile].format.replace("tiff", "tif")
    stack = FilePlan(f"quay{index % 3 + 1}/SCAN_20260415_{index:04d}.{ext}", profile)
    plans = [stack]
    for item in dossier:
        doc_type, _, role = item.partition(":")
        owner = person
        options: dict = {}
        if doc_type == "cmnd" and not person.cmnd:
            continue
        if doc_type == "to_khai":
            options["variant"] = role
        if role == "newborn":
            if "newborn" not in world.relatives.get(person.citizen_id, {}):
                continue
            owner = world.relatives[person.citizen_id]["newborn"]
            world.relatives[owner.citizen_id] = _relatives_for_birth(world, person)
        if role == "parent":
            owner = _dead_parent(world, r, person)
        spec = world.doc(doc_type, owner, r, **options)
        if doc_type == "cccd" and r.random() < 0.3:
            single = r.choice(_SINGLE_PROFILES)
            suffix = "png" if PROFILES[single].format == "png" else "jpg"
            card = FilePlan(f"quay{index % 3 + 1}/CCCD_{index:04d}.{suffix}", single)
            card.docs.append(spec)
            if r.random() < 0.25:
                card.rotate[0] = r.choice((90, 270))
            plans.append(card)
        else:
            stack.docs.append(spec)
    profile_obj = PROFILES[profile]
    for i in range(len(stack.docs)):
        if profile_obj.duplex and np_rng.random() < 0.4:
            stack.blank_after[i] = "bleed" if np_rng.random() < 0.6 else "clean"
        if np_rng.random() < 0.06:
            stack.rotate[i] = int(np_rng.choice([90, 180, 270]))
    letters = corpus_letters()
    if letters and index % 6 == 5:
        letter = letters[(seed + index) % len(letters)]
        office = FilePlan(f"van_thu/CV_{index:04d}.pdf", r.choice(("office-pdf-300", "fi800-pdf-200")))
        office.docs.append(world.doc("van_ban_hanh_chinh", None, r, letter=letter, max_paras=r.randint(8, 30)))
        plans.append(office)
    return [p for p in plans if p.docs]


def _plan_pages(plan: FilePlan) -> int:
    docs = sum(len(paginate(spec.layout, RENDER_DPI)) for spec, _ in plan.docs)
    return docs + len(plan.blank_after)


def generate_batch(outdir: Path, seed: int = 7, citizens: int = 4, pages_target: int | None = None) -> GroundTruth:
    """Write a batch of scanned dossiers into `outdir` and return (and save) its ground truth.

    At least 4 citizens are used (the fixed core needs them); `pages_target` adds citizens
    with random dossiers until the batch has at least that many pages.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    people = make_citizens(seed, max(4, citizens))
    world = World(seed)
    for person in people:
        world.add(person)
    plans = _default_plans(world, people, seed)
    for index, person in enumerate(people[4:], start=1):
        plans.extend(_extra_plan(world, person, seed, index))
    pages = sum(_plan_pages(p) for p in plans)
    index = len(people) - 3
    extra_rng = _rng(seed, "more-people")
    applicants = [p.citizen_id for p in people]
    while pages_target is not None and pages < pages_target:
        person = make_citizen(extra_rng)
        world.add(person)
        applicants.append(person.citizen_id)
        more = _extra_plan(world, person, seed, index)
        plans.extend(more)
        pages += sum(_plan_pages(p) for p in more)
        index += 1
    files = [_produce_file(outdir, plan, seed, i) for i, plan in enumerate(plans)]
    truth = GroundTruth(seed=seed, citizens=world.citizens, files=files, applicants=applicants)
    truth.save(outdir)
    return truth


__all__ = [
    "PROFILES",
    "Profile",
    "SUPPORTED_TYPES",
    "generate_batch",
    "render_document",
    "render_spec",
    "write_image",
    "write_images",
    "write_pdf",
    "write_tiff",
]
