"""A file ingested again: what the new run's options asked for that was not applied.

The same content is never ingested twice (files are keyed by SHA-256), so a second run with
another `--citizen-id`, `--dossier` or `--procedure` changes nothing. Saying so, and how to
apply it (a review relink, a dossier opened and the document reused in it), keeps an
operator who corrects a mistyped ID from believing it was corrected.
"""

from __future__ import annotations

from classify.linking import normalise_id
from index.models import DocumentRecord
from pipeline.models import IgnoredOption, IngestOptions


def _relinks(citizen: str, documents: list[DocumentRecord]) -> list[str]:
    commands = []
    for doc in documents:
        if doc.citizen_id == citizen and doc.link_status == "linked":
            continue
        correction = ' --reason "..."' if doc.link_status == "linked" else ""
        commands.append(f"hoso review relink {doc.id} --citizen-id {citizen}{correction} --officer NAME")
    return commands


def _dossier_commands(code: str, citizen: str | None, procedure: str | None,
                      documents: list[DocumentRecord]) -> list[str]:
    opening = (f"hoso dossier open --dossier {code} --citizen-id {citizen or 'ID'} "
               f"--procedure {procedure or 'CODE'} --officer NAME")
    return [opening, *(f"hoso dossier reuse --dossier {code} --document {d.id} --officer NAME" for d in documents)]


def ignored_options(recorded: dict[str, str | None], options: IngestOptions,
                    documents: list[DocumentRecord]) -> list[IgnoredOption]:
    """The options of this run that differ from what the file was first ingested with
    (`recorded`: the file's citizen_id, dossier and procedure; empty for a file never seen)."""
    if not recorded:
        return []
    given_citizen = normalise_id(options.citizen_id)
    citizen = given_citizen or recorded["citizen_id"]
    ignored = []
    if given_citizen and given_citizen != normalise_id(recorded["citizen_id"]):
        ignored.append(IgnoredOption(option="citizen_id", given=given_citizen, recorded=recorded["citizen_id"],
                                     apply=_relinks(given_citizen, documents)))
    if options.dossier and options.dossier != recorded["dossier"]:
        ignored.append(IgnoredOption(option="dossier", given=options.dossier, recorded=recorded["dossier"],
                                     apply=_dossier_commands(options.dossier, citizen,
                                                             options.procedure or recorded["procedure"], documents)))
    if options.procedure and options.procedure != recorded["procedure"] and not (
            options.dossier and options.dossier != recorded["dossier"]):
        code = recorded["dossier"] or "CODE"
        ignored.append(IgnoredOption(option="procedure", given=options.procedure, recorded=recorded["procedure"],
                                     apply=_dossier_commands(code, citizen, options.procedure, documents)))
    return ignored


def ignored_lines(ignored: list[IgnoredOption]) -> list[str]:
    """For the terminal: what was ignored and how to apply it."""
    lines = []
    for item in ignored:
        was = f"ingested with {item.recorded}" if item.recorded else "ingested without one"
        lines.append(f"    ignored --{item.option.replace('_', '-')} {item.given} (the file was {was}); to apply it:")
        lines += [f"        {command}" for command in item.apply]
    return lines
