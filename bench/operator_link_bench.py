"""Linking on the operator's word: the right citizen's ID given, and another citizen's.

    python bench/operator_link_bench.py [--seed 2026] [--pages 200] [--cached-only] [--show N]

Uses the page outcomes bench/classify_bench.py caches (bench/out/pages-<batch>.jsonl; OCRs
what is missing). Each file of the samples batch is analysed three times:
- right ID: `IngestOptions(citizen_id=<the file's citizen>)` (the applicant whose papers
  the file holds). Reported: the share of the citizen's own documents linked to them, and
  documents linked to anyone who is not their owner (a relative's paper, e.g. a child's birth
  certificate, linked to the parent counts as wrong here too);
- wrong ID, catalogue empty: another applicant's valid ID given for the file, no card on
  file: documents linked to the ID given are wrong links;
- wrong ID, catalogue full: the same, with every applicant's card on file (as after an
  earlier intake of each of them), the card of the ID given among them;
- each document alone, another applicant's ID: what the page and the catalogue stop when
  no other paper of the file can contradict the ID (a paper that names no one and prints
  no valid ID is linked on the word: counted apart); also with the ID of a made-up citizen
  born the same year (digits 1-6 the owner's, so the birth-date check cannot tell), without
  and with that citizen's card on file;
- a tired operator, catalogue full: the file's citizen's ID with its last digit one off, and
  with two neighbouring digits swapped (both still well-formed).
Cards on file in the right-ID pass accumulate file by file, as in classify_bench.py.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.classify_bench import OUT, _cached, _cards, batch, ocr_pages  # noqa: E402
from classify.card_match import CardOnFile  # noqa: E402
from classify.taxonomy import load_taxonomy  # noqa: E402
from pipeline.models import IngestOptions  # noqa: E402
from samples.models import FileTruth, GroundTruth  # noqa: E402


def file_citizen(file: FileTruth, truth: GroundTruth) -> str | None:
    """The applicant owning most of the file's documents (None: an administrative letter)."""
    owners = Counter(d.owner_citizen_id for d in file.documents if d.owner_citizen_id in truth.applicants)
    return owners.most_common(1)[0][0] if owners else None


def _by_first(documents):
    out = {}
    for d in documents:
        shown = [p.number for p in d.pages if not p.is_blank] or [d.pages[0].number]
        out[shown[0]] = d
    return out


def applicant_cards(truth: GroundTruth) -> list[CardOnFile]:
    return [CardOnFile(citizen_id=c.citizen_id, full_name=c.full_name, birth_date=c.birth_date)
            for c in truth.applicant_citizens()]


def right_pass(truth, pages, taxonomy, analyse) -> dict:
    own_docs, own_linked, wrong, left, party = 0, 0, [], [], []
    on_file: list[CardOnFile] = []
    for file in truth.files:
        citizen = file_citizen(file, truth)
        if citizen is None or file.name not in pages:
            continue
        analysed = analyse(pages[file.name], IngestOptions(citizen_id=citizen), taxonomy, on_file=on_file)
        on_file += _cards(analysed)
        found = _by_first([d for d, _ in analysed])
        for doc in file.documents:
            got = found.get(doc.pages[0])
            if got is None:
                continue
            if got.citizen_id and got.citizen_id != doc.owner_citizen_id:
                row = (file.name, doc.pages[0], doc.doc_type, got.citizen_id, doc.owner_citizen_id)
                (party if got.citizen_id in doc.ids_on_document else wrong).append(row)
            if doc.owner_citizen_id == citizen:
                own_docs += 1
                if got.citizen_id == citizen and got.link_status == "linked":
                    own_linked += 1
                else:
                    left.append((file.name, doc.pages[0], doc.doc_type, got.doc_type, got.link_reason))
    return {"own_docs": own_docs, "own_linked": own_linked, "wrong": wrong, "left": left, "party": party}


def someone_else(citizen: str, applicants: list[str]) -> str:
    return applicants[(applicants.index(citizen) + 1) % len(applicants)]  # another applicant's valid ID


def one_digit_off(citizen: str, applicants: list[str]) -> str:
    return citizen[:-1] + str((int(citizen[-1]) + 1) % 10)  # digits 7-12 are free: still well-formed


def swapped(citizen: str, applicants: list[str]) -> str:
    """Two neighbouring different digits of the random part swapped (well-formed still)."""
    digits = list(citizen)
    at = next(i for i in range(6, 11) if digits[i] != digits[i + 1])
    digits[at], digits[at + 1] = digits[at + 1], digits[at]
    return "".join(digits)


def wrong_pass(truth, pages, taxonomy, analyse, on_file: list[CardOnFile], mistake=someone_else) -> dict:
    files = [f for f in truth.files if file_citizen(f, truth) and f.name in pages]
    applicants = list(dict.fromkeys(file_citizen(f, truth) for f in files))
    docs, wrong, held = 0, [], 0
    for file in files:
        citizen = file_citizen(file, truth)
        given = mistake(citizen, applicants)
        analysed = analyse(pages[file.name], IngestOptions(citizen_id=given), taxonomy, on_file=on_file)
        for doc, _ in analysed:
            docs += 1
            if doc.citizen_id == given:
                wrong.append((file.name, doc.pages[0].number, doc.doc_type, given, doc.link_reason))
            held += doc.link_status == "review"
    return {"documents": docs, "wrong": wrong, "held": held}


def born_same_year(citizen: str, applicants: list[str]) -> str:
    """A made-up citizen born the same year, in the same province, of the same sex: the
    ID's digits cannot tell them apart from the owner (only the card on file can)."""
    tail = citizen[6:]
    other = tail[3:] + tail[:3]
    return citizen[:6] + (other if other != tail else str(int(tail) + 500001)[-6:].zfill(6))


def namesake_cards(truth: GroundTruth) -> list[CardOnFile]:
    """Cards on file of the made-up citizens of born_same_year: another applicant's name,
    born on another day of the owner's birth year."""
    people = truth.applicant_citizens()
    cards = []
    for at, person in enumerate(people):
        other = people[(at + 1) % len(people)]
        day = person.birth_date.replace(day=1 if person.birth_date.day != 1 else 2)
        cards.append(CardOnFile(citizen_id=born_same_year(person.citizen_id, []), full_name=other.full_name,
                                birth_date=day))
    return cards


def alone_pass(truth, pages, taxonomy, analyse, on_file: list[CardOnFile], mistake=someone_else) -> dict:
    """Each citizen's document scanned alone (no card or other paper beside it to contradict
    the ID), with another applicant's ID: what only the page itself and the catalogue can stop."""
    files = [f for f in truth.files if file_citizen(f, truth) and f.name in pages]
    applicants = list(dict.fromkeys(file_citizen(f, truth) for f in files))
    docs, wrong, claim_only = 0, [], 0
    for file in files:
        given = mistake(file_citizen(file, truth), applicants)
        by_number = {o.number: o for o in pages[file.name]}
        for doc in file.documents:
            if not doc.owner_citizen_id or any(n not in by_number for n in doc.pages):
                continue
            analysed = analyse([by_number[n] for n in doc.pages], IngestOptions(citizen_id=given), taxonomy,
                               on_file=on_file)
            for got, _ in analysed:
                docs += 1
                if got.citizen_id == given:
                    wrong.append((file.name, doc.pages[0], doc.doc_type, given, got.link_reason))
                    claim_only += got.link_reason_code.code.startswith("link.claim_only")
    return {"documents": docs, "wrong": wrong, "claim_only": claim_only}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cached-only", action="store_true", help="score only the files already OCRed")
    parser.add_argument("--show", type=int, default=10, help="examples of documents left unlinked / wrong")
    args = parser.parse_args()
    from pipeline.ingest_run import analyse_file_fields

    OUT.mkdir(parents=True, exist_ok=True)
    folder, truth = batch(args.seed, args.pages)
    pages = _cached(folder) if args.cached_only else ocr_pages(folder, truth, args.jobs)
    taxonomy = load_taxonomy()
    right = right_pass(truth, pages, taxonomy, analyse_file_fields)
    share = right["own_linked"] / right["own_docs"] if right["own_docs"] else float("nan")
    print(f"batch seed {args.seed}: {len(pages)} files OCRed")
    print(f"right ID given: the citizen's own documents linked to them: {right['own_linked']}/{right['own_docs']}"
          f" = {share:.3f}")
    print(f"right ID given: documents linked to someone not named on them: {len(right['wrong'])}")
    print(f"right ID given: a relative's paper linked to the citizen, who is a party printed on it:"
          f" {len(right['party'])}")
    for row in right["party"][:args.show]:
        print("   party:", row)
    for row in right["wrong"][:args.show]:
        print("   wrong:", row)
    for row in right["left"][:args.show]:
        print("   left in review:", row)
    full = applicant_cards(truth)
    for label, on_file, mistake in (("another citizen's ID, catalogue empty", [], someone_else),
                                    ("another citizen's ID, catalogue full", full, someone_else),
                                    ("the ID one digit off, catalogue full", full, one_digit_off),
                                    ("the ID with two digits swapped, catalogue full", full, swapped)):
        result = wrong_pass(truth, pages, taxonomy, analyse_file_fields, on_file, mistake)
        print(f"{label}: linked to the ID given: {len(result['wrong'])}"
              f" of {result['documents']} documents; in review: {result['held']}")
        for row in result["wrong"][:args.show]:
            print("   wrong:", row)
    namesakes = namesake_cards(truth)
    for label, on_file, mistake in (("another citizen's ID, catalogue empty", [], someone_else),
                                    ("another citizen's ID, catalogue full", full, someone_else),
                                    ("a same-year citizen's ID, catalogue empty", [], born_same_year),
                                    ("a same-year citizen's ID, their card on file", namesakes, born_same_year)):
        alone = alone_pass(truth, pages, taxonomy, analyse_file_fields, on_file, mistake)
        print(f"each document alone, {label}: linked to the ID given: {len(alone['wrong'])}"
              f" of {alone['documents']} ({alone['claim_only']} of them on the word alone: no valid ID printed,"
              f" no card on file to hold them against)")
        for row in alone["wrong"][:args.show]:
            print("   wrong:", row)


if __name__ == "__main__":
    main()
