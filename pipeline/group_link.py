"""What a cover sheet and the operator's options say about a group of pages (pure).

The cover sheet gives its pages a dossier, a citizen and a procedure. It agrees with the
operator's options or it does not: a cover that names another citizen or dossier than the
operator typed, or whose QR code could not be read, sends its whole group to review.
"""

from __future__ import annotations

from pydantic import BaseModel

from classify.cover_sheet import CoverRead
from classify.linking import normalise_id
from pipeline.models import IngestOptions


class GroupContext(BaseModel):
    citizen_id: str | None = None  # the ID the linking policy takes as the operator's
    dossier: str | None = None
    procedure: str | None = None
    problem: str | None = None  # set: the group waits for review


def group_context(cover: CoverRead | None, options: IngestOptions) -> GroupContext:
    operator = normalise_id(options.citizen_id)
    if cover is None:
        return GroupContext(citizen_id=operator, dossier=options.dossier, procedure=options.procedure)
    data = cover.data
    if cover.status != "ok":
        printed = f" (large print: dossier {data.dossier}, ID {data.citizen_id})" if data else ""
        return GroupContext(citizen_id=operator, dossier=options.dossier or (data.dossier if data else None),
                            procedure=options.procedure or (data.procedure if data else None),
                            problem=f"Cover sheet on page {cover.page_number}: {cover.problem}{printed}.")
    problems = []
    if operator and operator != data.citizen_id:
        problems.append(f"the cover sheet names citizen {data.citizen_id} but the operator gave {operator}")
    if options.dossier and options.dossier != data.dossier:
        problems.append(f"the cover sheet names dossier {data.dossier} but the operator gave {options.dossier}")
    if options.procedure and data.procedure and options.procedure != data.procedure:
        problems.append(f"the cover sheet names procedure {data.procedure} but the operator gave {options.procedure}")
    return GroupContext(
        citizen_id=data.citizen_id if not problems else None,
        dossier=data.dossier, procedure=data.procedure or options.procedure,
        problem=f"Cover sheet on page {cover.page_number}: {'; '.join(problems)}." if problems else None,
    )
