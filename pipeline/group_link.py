"""What a cover sheet and the operator's options say about a group of pages (pure).

The cover sheet gives its pages a dossier, a citizen and a procedure. It agrees with the
operator's options or it does not: a cover that names another citizen or dossier than the
operator typed, or whose QR code could not be read, sends its whole group to review.
"""

from __future__ import annotations

from pydantic import BaseModel

from classify.cover_sheet import CoverRead
from classify.linking import normalise_id
from classify.reasons import Reason, render
from pipeline.models import IngestOptions


class GroupContext(BaseModel):
    citizen_id: str | None = None  # the ID the linking policy takes as the operator's
    dossier: str | None = None
    procedure: str | None = None
    problem: str | None = None  # set: the group waits for review (in English)
    problem_reason: Reason | None = None  # the same, as a code with parameters


def _problem(reason: Reason) -> dict:
    return {"problem": render(reason, "en"), "problem_reason": reason}


def group_context(cover: CoverRead | None, options: IngestOptions) -> GroupContext:
    operator = normalise_id(options.citizen_id)
    if cover is None:
        return GroupContext(citizen_id=operator, dossier=options.dossier, procedure=options.procedure)
    data = cover.data
    if cover.status != "ok":
        printed = Reason(code="link.cover_printed", params={"dossier": data.dossier, "citizen": data.citizen_id}) \
            if data else ""
        problem = Reason(code=_problem_code(cover), params={"text": cover.problem})
        return GroupContext(citizen_id=operator, dossier=options.dossier or (data.dossier if data else None),
                            procedure=options.procedure or (data.procedure if data else None),
                            **_problem(Reason(code="link.cover_unreadable",
                                              params={"page": str(cover.page_number), "problem": problem,
                                                      "printed": printed})))
    giver = Reason(code=f"link.giver.{options.citizen_id_source}")
    problems = []
    if operator and operator != data.citizen_id:
        problems.append(_differs("citizen", data.citizen_id, operator, giver))
    if options.dossier and options.dossier != data.dossier:
        problems.append(_differs("dossier", data.dossier, options.dossier, giver))
    if options.procedure and data.procedure and options.procedure != data.procedure:
        problems.append(_differs("procedure", data.procedure, options.procedure, giver))
    conflict = _problem(Reason(code="link.cover_conflict", params={"page": str(cover.page_number),
                                                                  "problems": problems})) if problems else {}
    return GroupContext(
        citizen_id=data.citizen_id if not problems else None,
        dossier=data.dossier, procedure=data.procedure or options.procedure, **conflict,
    )


def _differs(what: str, on_cover: str, given: str, giver: Reason) -> Reason:
    return Reason(code=f"link.cover_{what}", params={"cover": on_cover, "given": given, "giver": giver})


def _problem_code(cover: CoverRead) -> str:
    if cover.status == "unreadable":
        return "link.cover_unread" if cover.data else "link.cover_unread_all"
    return "link.cover_invalid"  # its detail (checksum, version, fields) stays as read
