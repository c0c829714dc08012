"""The held-out family: dossiers of papers, scanned by counter stations, with ground truth.

`make_family` plans a stack per dossier (one citizen: their ID card copy in most dossiers,
then two to five papers of other types), a few files of administrative letters, and which
station scans what; then draws every paper with one Chromium, puts the station's faults
on each page (evalset.scanner) and writes the files (evalset.files) and
`ground_truth.json` (samples.models, filled as samples fills it). Files of a dossier live
in `dossier-NN/`, letters in `letters/`: `file_applicant` maps a file back to its citizen.
"""

from __future__ import annotations

import contextlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from evalset import files, scanner
from evalset.chromium import Renderer, fonts_in
from evalset.fonts import font_file, vietnamese_family
from evalset.paper import A4_MM, Paper
from evalset.people import Cast, make_cast
from samples.models import DOC_TYPES, Citizen, DocTruth, FileTruth, GroundTruth, PageTruth

Template = Callable[[random.Random, Cast], Paper]
Registry = dict[str, list[Template]]

ID_CARDS = ("cccd", "cmnd")
LETTER = "van_ban_hanh_chinh"
NOT_IN_FAMILY = ("khac",)  # "anything else" has no template by definition
DEFAULT_FONT = "Liberation Serif"  # evalset.chromium's BASE_CSS


@dataclass(frozen=True)
class Station:
    """A counter's scanning set-up: the device, the file it writes and its faults."""

    name: str  # FileTruth.scanner
    kind: str  # evalset.files kind
    dpi: int  # the scan resolution (pages are drawn at it)
    colour: bool = False  # keeps colour; else grey
    feeder: bool = False  # sheet-fed: skew, sheets the wrong way, duplex backs
    flatbed: bool = False
    copier: bool = False  # every paper is a grey photocopy before it is scanned
    bilevel: bool = False
    phone: bool = False
    quality: tuple[int, int] = (70, 85)  # JPEG quality range (in the PDF or the JPEG file)
    salt: float = 0.0  # share of pages with salt noise

    @property
    def multi_page(self) -> bool:
        return self.kind not in files.SINGLE_PAGE


STATIONS: dict[str, Station] = {s.name: s for s in (
    Station("fi-7160 feeder 300dpi grey PDF", "pdf", 300, feeder=True, quality=(30, 70), salt=0.1),
    Station("ds-530 feeder 300dpi bilevel G4 TIFF", "tiff-g4", 300, feeder=True, bilevel=True, salt=0.4),
    Station("dr-c225 feeder 200dpi grey LZW TIFF", "tiff-lzw", 200, feeder=True, salt=0.2),
    Station("copier then fi-800r 300dpi PDF", "pdf", 300, feeder=True, copier=True, quality=(40, 70)),
    Station("flatbed 150dpi colour PDF", "pdf", 150, colour=True, flatbed=True, quality=(60, 80)),
    Station("flatbed 200dpi colour JPEG", "jpeg", 200, colour=True, flatbed=True, quality=(35, 80)),
    Station("flatbed 150dpi grey PNG", "png", 150, flatbed=True),
    Station("phone camera JPEG", "jpeg-nodpi", 200, colour=True, phone=True, quality=(70, 90)),
)}
CARD_SCANNER = Station("card scanner 300dpi colour PDF", "pdf", 300, colour=True, quality=(80, 92))
MULTI = [s for s in STATIONS.values() if s.multi_page]
SINGLE = [s for s in STATIONS.values() if not s.multi_page]


# --- planning ---------------------------------------------------------------------------


@dataclass
class Item:
    paper: Paper
    cast: Cast
    card: bool = False  # a card copied onto A4 (evalset.cards): always photocopied
    side: bool = False  # one side of a card on a card-sized sheet: goes through the card scanner
    blank_back: str | None = None  # None, "clean" or "bleed": the sheet's back went through the feeder
    turn_first: int = 0  # quarter turn of the paper's first page (fed the wrong way)
    # The back of the card whose front is the previous item: one document with it, as a
    # card scanner's two sides of one card are one paper in a dossier.
    other_side: bool = False


@dataclass
class FilePlan:
    name: str
    station: Station
    items: list[Item] = field(default_factory=list)

    def page_count(self) -> int:
        return sum(len(i.paper.pages) + (1 if i.blank_back else 0) for i in self.items)


class Deck:
    """Doc types dealt in shuffled rounds, so every type comes up about equally often;
    each type's templates taken in turn, so its variants all appear."""

    def __init__(self, rng: random.Random, registry: Registry, types: list[str], cards: set[Template]):
        self._rng, self._types, self._cards = rng, types, cards
        # A card's back is only ever scanned with its front (see `items`), never dealt alone;
        # and a copy on A4 is twice as common as the card-scanner sides.
        self._registry = {k: _deal_order(ts) for k, ts in registry.items()}
        self._backs = {_card_name(t): t for ts in registry.values() for t in ts if _side_name(t, "back")}
        self._round: list[str] = []
        self._turn = {t: rng.randrange(len(ts)) for t, ts in self._registry.items()}

    def next_type(self, avoid: set[str]) -> str:
        for _ in range(2 * len(self._types) + 1):
            if not self._round:
                self._round = self._rng.sample(self._types, len(self._types))
            kind = self._round.pop()
            if kind not in avoid:
                return kind
        return self._rng.choice(self._types)

    def items(self, kind: str, cast: Cast) -> list[Item]:
        """The next paper of `kind`; a card side comes with the other side of the same card."""
        templates = self._registry[kind]
        template = templates[self._turn[kind] % len(templates)]
        self._turn[kind] += 1
        if not _side_name(template, "front"):
            paper = template(self._rng, cast)
            return [Item(paper, cast, card=template in self._cards and paper.size_mm == A4_MM)]
        # Both side templates draw the card from their rng first: the same seed, the same card.
        seed = self._rng.randrange(2**32)
        front = Item(template(random.Random(seed), cast), cast, side=True)
        back_template = self._backs.get(_card_name(template))
        if back_template is None:
            return [front]
        back = Item(back_template(random.Random(seed), cast), cast, side=True, other_side=True)
        same = back.paper.owner_citizen_id == front.paper.owner_citizen_id
        return [front, back] if same else [front]


def _deal_order(templates: list[Template]) -> list[Template]:
    fronts = [t for t in templates if _side_name(t, "front")]
    if not fronts:
        return templates
    whole = [t for t in templates if not _side_name(t, "front") and not _side_name(t, "back")]
    return [*whole, *fronts, *whole] if whole else fronts


def _side_name(template: Template, which: str) -> bool:
    return getattr(template, "__name__", "").endswith(f"_card_{which}")


def _card_name(template: Template) -> str:
    return getattr(template, "__name__", "").rsplit("_card_", 1)[0]


def default_registry() -> tuple[Registry, set[Template]]:
    """Both template registries merged (evalset.papers, evalset.cards), and the card templates."""
    from evalset import cards, papers

    merged: Registry = {}
    for registry in (papers.TEMPLATES, cards.TEMPLATES):
        for kind, templates in registry.items():
            merged.setdefault(kind, []).extend(templates)
    return merged, {t for ts in cards.TEMPLATES.values() for t in ts}


def _card_types(registry: Registry) -> list[str]:
    return [t for t in ID_CARDS if registry.get(t)]


def plan_family(rng: random.Random, registry: Registry, cards: set[Template], dossiers: int,
                pages_target: int) -> tuple[list[FilePlan], list[Cast]]:
    registry = {k: v for k, v in registry.items() if v and k not in NOT_IN_FAMILY}
    stack_types = sorted(t for t in registry if t not in ("cccd", LETTER))
    if not stack_types:
        raise ValueError("the template registry has no paper types for the dossiers' stacks")
    deck = Deck(rng, registry, stack_types, cards)
    letter_files = max(1, round(dossiers / 4)) if registry.get(LETTER) else 0
    budget = max(3.0, (pages_target - 1.5 * letter_files) / max(1, dossiers))
    multi = _station_cycle(rng, MULTI)
    single = _station_cycle(rng, [*SINGLE, *(s for s in SINGLE if s.phone)])  # phones: twice as often
    plans: list[FilePlan] = []
    casts: list[Cast] = []
    for number in range(1, dossiers + 1):
        cast = make_cast(rng)
        casts.append(cast)
        stack = _stack(rng, deck, registry, cast, number, budget)
        plans += _dossier_files(rng, number, stack, multi, single)
    for number in range(1, letter_files + 1):
        cast = make_cast(rng)
        items = [i for _ in range(rng.choice((1, 2))) for i in deck.items(LETTER, cast)]
        station = next(multi)
        plans.append(FilePlan(f"letters/cong-van-{number:02d}{_suffix(station)}", station, items))
    return plans, casts


def _station_cycle(rng: random.Random, stations: list[Station]):
    order = rng.sample(stations, len(stations))
    while True:
        yield from order


def _stack(rng: random.Random, deck: Deck, registry: Registry, cast: Cast, number: int, budget: float) -> list[Item]:
    """One citizen's papers in the order handed in: ID card copy first (most dossiers)."""
    items: list[Item] = []
    id_cards = _card_types(registry)
    if id_cards and number % 6 != 0:  # one dossier in six came without a card copy
        kind = "cmnd" if "cmnd" in id_cards and cast.owner.cmnd and rng.random() < 0.25 else id_cards[0]
        items += deck.items(kind, cast)
    budget *= rng.uniform(0.6, 1.4)  # stacks differ: some citizens bring more
    others = 0
    while others < 5 and (others < 2 or _pages(items) < budget):
        kind = deck.next_type({i.paper.doc_type for i in items})
        items += deck.items(kind, cast)
        others += 1
    return items


def _pages(items: list[Item]) -> int:
    return sum(len(i.paper.pages) for i in items)


def _suffix(station: Station) -> str:
    return files.SUFFIX[files.FORMAT_OF[station.kind]]


def _dossier_files(rng: random.Random, number: int, stack: list[Item], multi, single) -> list[FilePlan]:
    """One file for the stack; card sides from the card scanner in a file of their own; in
    two dossiers of five, a one-page paper (the card copy when it fits) was photographed or
    scanned apart and sent as its own file."""
    folder = f"dossier-{number:02d}"
    plans = []
    sides = [i for i in stack if i.side]
    if sides:
        plans.append(FilePlan(f"{folder}/the{_suffix(CARD_SCANNER)}", CARD_SCANNER, sides))
        stack = [i for i in stack if not i.side]
    loose = next((i for i in stack if len(i.paper.pages) == 1), None) if number % 5 in (1, 3) else None
    if loose is not None:
        station = next(single)
        plans.append(FilePlan(f"{folder}/{_slug(loose.paper.doc_type)}{_suffix(station)}", station, [loose]))
        stack = [i for i in stack if i is not loose]
    if stack:
        station = next(multi)
        for item in stack:
            if station.feeder and rng.random() < 0.25:
                item.blank_back = "bleed" if rng.random() < 0.5 else "clean"
            if (station.feeder or station.flatbed) and rng.random() < 0.15:
                item.turn_first = rng.choice((90, 180, 270))
        plans.append(FilePlan(f"{folder}/ho-so{_suffix(station)}", station, stack))
    return plans


def _slug(doc_type: str) -> str:
    return doc_type.replace("_", "-")


def file_applicant(truth: GroundTruth, file: FileTruth | str) -> str | None:
    """The applicant whose dossier the file belongs to (`dossier-NN/...`); None for letters."""
    name = file if isinstance(file, str) else file.name
    found = re.match(r"dossier-(\d+)/", name)
    if not found:
        return None
    index = int(found.group(1)) - 1
    return truth.applicants[index] if 0 <= index < len(truth.applicants) else None


# --- fonts ------------------------------------------------------------------------------


def body_font(paper: Paper) -> str:
    """The file of the paper's body font (the first family its CSS names), after checking
    that every family it names has the Vietnamese letters."""
    for family in fonts_in(paper.css) or [DEFAULT_FONT]:
        if not vietnamese_family(family):
            raise ValueError(f"{paper.template or paper.doc_type}: font {family!r} is missing or lacks Vietnamese glyphs")
    first = re.search(r"font-family\s*:\s*([^;}]+)", paper.css)
    family = first.group(1).split(",")[0].strip().strip("'\"") if first else DEFAULT_FONT
    if family in ("serif", "sans-serif", "monospace"):
        family = DEFAULT_FONT
    path = font_file(family)
    return path.name if path else ""


# --- scanning one file ------------------------------------------------------------------


@dataclass
class Scanned:
    image: np.ndarray
    truth: PageTruth


def _scan_page(clean: np.ndarray, station: Station, rng: np.random.Generator, dpi: int, *, card: bool,
               rotation: int, font: str, doc_index: int | None, text: str,
               bleed_from: np.ndarray | None = None) -> Scanned:
    """One sheet side through the station: the faults in the order they happen."""
    faults: list[str] = []
    blank = doc_index is None
    img = clean
    if blank:
        img = scanner.duplex_back(clean.shape[:2], rng)
        faults.append("blank")
        if bleed_from is not None:
            img = scanner.bleed_through(img, bleed_from, float(rng.uniform(0.06, 0.14)))
            faults.append("bleed_through")
    if (station.copier or card) and not blank:
        img = scanner.grey_copy(img, rng)
        faults.append("grey_copy")
    if not station.colour:
        img = scanner.grey(img)
    if station.flatbed:
        img = scanner.flatbed_lid(img, rng)
        faults.append("flatbed")
    skew = 0.0
    if station.feeder and not blank and rng.random() < 0.75:
        skew = round(float(rng.uniform(0.3, 2.5)) * (1 if rng.random() < 0.5 else -1), 2)
        img = scanner.feeder_skew(img, skew)
        faults.append("feeder_skew")
    if rng.random() < station.salt:
        img = scanner.salt_noise(img, rng, float(rng.uniform(0.0005, 0.003)))
        faults.append("salt_noise")
    effective_dpi = dpi
    if station.phone:
        photo = scanner.phone_photo(img, rng, crop_edge=rng.random() < 0.4)
        img = photo.image
        effective_dpi = round(dpi * photo.scale)
        faults += ["phone_photo", *photo.faults]
    if rotation:
        img = scanner.wrong_way(img, rotation)
        faults.append("wrong_way")
    if station.kind in ("tiff-lzw", "png") and not station.bilevel and rng.random() < 0.3:
        img = scanner.jpeg_low(img, int(rng.integers(15, 35)))  # the driver saved a JPEG first
        faults.append("jpeg_low")
    if station.bilevel:
        img = scanner.fax_bilevel(img, rng)
        faults.append("fax_bilevel")
    truth = PageTruth(number=0, text="" if blank else text, doc_index=doc_index, is_blank=blank,
                      rotation=rotation, skew_deg=skew, degradations=faults,
                      dpi=0 if station.kind == "jpeg-nodpi" else dpi, effective_dpi=effective_dpi,
                      font="" if blank else font, phone_photo=station.phone)
    return Scanned(img, truth)


def _doc_truth(paper: Paper, pages: list[int]) -> DocTruth:
    return DocTruth(doc_type=paper.doc_type, title=paper.title, owner_citizen_id=paper.owner_citizen_id,
                    ids_on_document=list(paper.ids_on_document), pages=pages, issue_date=paper.issue_date,
                    expiry_date=paper.expiry_date, fields=dict(paper.fields), parties=list(paper.parties))


def _with_other_side(front: DocTruth, back: DocTruth) -> DocTruth:
    """The card's front truth with its back's pages, IDs and dates added (the front's title and
    values first: it is what the card is known by)."""
    return front.model_copy(update={
        "pages": front.pages + back.pages,
        "ids_on_document": list(dict.fromkeys(front.ids_on_document + back.ids_on_document)),
        "parties": list(dict.fromkeys(front.parties + back.parties)),
        "issue_date": front.issue_date or back.issue_date,
        "expiry_date": front.expiry_date or back.expiry_date,
        "fields": {**back.fields, **front.fields},
    })


def scan_file(outdir: Path, plan: FilePlan, renderer: Renderer, rng: np.random.Generator, max_dpi: int,
              texts: list[str]) -> FileTruth:
    """Draw, scan and write one file; the drawn texts are appended to `texts`."""
    station = plan.station
    dpi = min(station.dpi, max_dpi)
    images: list[np.ndarray] = []
    pages: list[PageTruth] = []
    documents: list[DocTruth] = []
    quality = int(rng.integers(*station.quality))
    for item in plan.items:
        font = body_font(item.paper)
        drawn = renderer.draw(item.paper, dpi)
        joins = item.other_side and bool(documents)
        doc_index = len(documents) - 1 if joins else len(documents)
        first = len(pages) + 1
        for i, page in enumerate(drawn):
            texts.append(page.text)
            scanned = _scan_page(np.asarray(page.image), station, rng, dpi, card=item.card,
                                 rotation=item.turn_first if i == 0 else 0, font=font,
                                 doc_index=doc_index, text=page.text)
            images.append(scanned.image)
            pages.append(scanned.truth.model_copy(update={"number": len(pages) + 1}))
        truth = _doc_truth(item.paper, list(range(first, first + len(drawn))))
        if joins:
            documents[-1] = _with_other_side(documents[-1], truth)
        else:
            documents.append(truth)
        if item.blank_back:
            front = np.asarray(drawn[-1].image)
            scanned = _scan_page(front, station, rng, dpi, card=False, rotation=0, font="", doc_index=None,
                                 text="", bleed_from=front if item.blank_back == "bleed" else None)
            images.append(scanned.image)
            pages.append(scanned.truth.model_copy(update={"number": len(pages) + 1}))
    if station.kind in ("pdf", "jpeg", "jpeg-nodpi") and quality < 50:
        for page in pages:
            if not station.bilevel:
                page.degradations.append("jpeg_low")
    files.write(outdir / plan.name, station.kind, images, dpi, quality=quality, producer=station.name)
    return FileTruth(name=plan.name, format=files.FORMAT_OF[station.kind], pages=pages, documents=documents,
                     scanner=station.name)


# --- the family -------------------------------------------------------------------------


def _named(casts: list[Cast], applicants: int, papers: list[Paper], texts: list[str]) -> list[Citizen]:
    """Every applicant (the first `applicants` casts' owners) and everyone a paper names, by
    ID or by name, each once, in cast order."""
    ids = {i for p in papers for i in (*p.ids_on_document, *p.parties, p.owner_citizen_id) if i}
    text = "\n".join(texts)
    people: dict[str, Citizen] = {}
    for index, cast in enumerate(casts):
        for person in cast.everyone():
            named = person.citizen_id in ids or person.name_proper in text or person.full_name in text
            if named or (index < applicants and person is cast.owner):
                people.setdefault(person.citizen_id, person)
    return list(people.values())


def make_family(outdir: Path, seed: int, dossiers: int = 12, pages_target: int = 100, *,
                registry: Registry | None = None, cards: set[Template] | None = None, max_dpi: int = 300,
                progress: Callable[[str], None] | None = None, renderer: Renderer | None = None) -> GroundTruth:
    """Write the family's files and ground_truth.json into `outdir`; the same seed gives the
    same bytes. `registry` defaults to evalset.papers + evalset.cards (and `cards` to the
    latter's templates); `max_dpi` caps the drawing resolution (tests draw small pages);
    `renderer`, an open Renderer to draw with (else one is started for the family)."""
    if registry is None:
        registry, found_cards = default_registry()
        cards = found_cards if cards is None else cards
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    missing = [t for t in DOC_TYPES if t not in NOT_IN_FAMILY and not registry.get(t)]
    if missing and progress:
        progress(f"no templates (yet) for: {', '.join(missing)}")
    plans, casts = plan_family(random.Random(seed), registry, cards or set(), dossiers, pages_target)
    letter_casts = [i.cast for p in plans if p.name.startswith("letters/") for i in p.items]
    texts: list[str] = []
    truths: list[FileTruth] = []
    with contextlib.nullcontext(renderer) if renderer else Renderer() as drawing:
        for index, plan in enumerate(plans):
            rng = np.random.default_rng([seed, index])
            truths.append(scan_file(outdir, plan, drawing, rng, max_dpi, texts))
            if progress:
                progress(f"{index + 1}/{len(plans)} {plan.name}: {len(truths[-1].pages)} pages ({plan.station.name})")
    papers = [i.paper for p in plans for i in p.items]
    citizens = _named(casts + letter_casts, len(casts), papers, texts)
    truth = GroundTruth(seed=seed, citizens=citizens, files=truths, applicants=[c.owner.citizen_id for c in casts])
    truth.save(outdir)
    return truth
