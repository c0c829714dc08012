"""Every table of the catalogue, in SQLAlchemy Core: what the queries of this package are written on.

One MetaData for the whole catalogue, in sections by what the tables store. The tables of
revisions 0001-0003 are word for word the DDL of the sqlite3 release (frozen in
tests/legacy_release.py), with the columns its in-place migrations added, so that a catalogue of
that release, upgraded, has the shape of a new one (tests/test_catalogue_schema.py compares
them). Kept as they were, for that reason, and worth changing only in a later revision:

- times are ISO 8601 TEXT in UTC, flags are INTEGER 0/1 with a CHECK: that is what the rows hold;
- the single-column TEXT primary keys are nullable, because SQLite (unlike every other SQL
  engine) lets NULL into a PRIMARY KEY that is not declared NOT NULL, and the release's DDL did
  not declare it. PostgreSQL makes every key column NOT NULL anyway.

The append-only rule (triggers) and the one-opening-per-dossier rule are in append_only.py.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, PrimaryKeyConstraint, Table

from catalogue.types import INTEGER, REAL, ROW_ID, TEXT

metadata = sa.MetaData()


def _one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    return CheckConstraint(f"{column} IN ({','.join(repr(v) for v in values)})")


def _key(name: str) -> Column:
    """A TEXT primary key as today's DDL declares it (see the module's note on NULL)."""
    return Column(name, TEXT, primary_key=True, nullable=True)


def _row_id() -> Column:
    """INTEGER PRIMARY KEY AUTOINCREMENT in SQLite (ids never reused), a bigint identity elsewhere."""
    return Column("id", ROW_ID, primary_key=True, nullable=True, autoincrement=True)


def _default(value: str) -> sa.TextClause:
    return sa.text(value)


FILE_STATES = ("queued", "processing", "done", "failed", "quarantined")
# access.models.ROLES (not imported: a migration must not move); revision 0005 added the last
ROLES = ("operator", "officer", "supervisor", "province_supervisor")
# revision 0006 added the results: one result_returned per dossier handed back, one result_document per scanned result
EVENT_KINDS = ("dossier_opened", "component_reused", "component_submitted", "result_returned", "result_document")
# documents.result_kind (revision 0006): issued as a dossier's result at return, or read from the archive of earlier ones
RESULT_KINDS = ("returned", "backlog")
REVIEW_ACTIONS = ("confirm", "relink", "retype")
DECISION_KINDS = ("review", "correction")

# --- files, documents, pages and the index outbox (catalogue/files.py, documents.py, outbox.py) ------

meta = Table(
    "meta", metadata,
    _key("key"),
    Column("value", TEXT, nullable=False),
)

files = Table(
    "files", metadata,
    _key("sha256"),
    Column("name", TEXT, nullable=False),
    Column("source_path", TEXT, nullable=False),
    Column("size", INTEGER, nullable=False),
    Column("kind", TEXT),
    Column("stored_path", TEXT),
    Column("status", TEXT, nullable=False),
    Column("reason", TEXT),
    Column("page_count", INTEGER),
    Column("received_at", TEXT, nullable=False),
    Column("updated_at", TEXT, nullable=False),
    Column("citizen_id", TEXT), Column("dossier", TEXT), Column("procedure", TEXT),
    Column("officer", TEXT), Column("profile", TEXT),
    Column("owner", TEXT),  # added in place: who is processing the file (host, pid, start time)
    # revision 0006: a file submitted to the queue by a station (NULL: read in-process); it waits as
    # `queued`; the centre of the station that received it (the queue's status is per centre)
    Column("station", TEXT), Column("submitted_at", TEXT), Column("centre", TEXT),
    _one_of("status", FILE_STATES),
)

documents = Table(
    "documents", metadata,
    _key("id"),
    Column("source_sha256", TEXT, ForeignKey("files.sha256"), nullable=False),
    Column("doc_type", TEXT, nullable=False),
    Column("type_confidence", REAL, nullable=False),
    Column("title", TEXT),
    Column("citizen_id", TEXT),
    Column("link_status", TEXT, nullable=False),
    Column("link_reason", TEXT),
    Column("id_candidates", TEXT, nullable=False, server_default=_default("'[]'")),
    Column("dossier", TEXT), Column("procedure", TEXT), Column("officer", TEXT),
    Column("received_at", TEXT, nullable=False),
    # added in place, in this order
    Column("issue_date", TEXT),
    Column("expiry_date", TEXT),
    Column("link_reason_code", TEXT),
    Column("centre", TEXT),  # revision 0003: the centre that received it
    # revision 0006: a result the centre issued: of which dossier (NULL for the backlog), and how it came in
    Column("result_of", TEXT), Column("result_kind", TEXT),
    _one_of("link_status", ("linked", "review")),
)
Index("documents_citizen", documents.c.citizen_id, documents.c.received_at)
Index("documents_source", documents.c.source_sha256)

pages = Table(
    "pages", metadata,
    Column("source_sha256", TEXT, ForeignKey("files.sha256"), nullable=False),
    Column("number", INTEGER, nullable=False),
    Column("document_id", TEXT, ForeignKey("documents.id")),
    Column("text", TEXT, nullable=False, server_default=_default("''")),
    Column("ocr_confidence", REAL),
    Column("is_blank", INTEGER, nullable=False, server_default=_default("0")),
    Column("rotation", INTEGER, nullable=False, server_default=_default("0")),
    Column("skew", REAL, nullable=False, server_default=_default("0")),
    Column("dpi", REAL),
    Column("quality_ok", INTEGER, nullable=False, server_default=_default("1")),
    Column("quality_reasons", TEXT, nullable=False, server_default=_default("'[]'")),
    Column("error", TEXT),
    Column("words", TEXT, nullable=False, server_default=_default("'[]'")),
    PrimaryKeyConstraint("source_sha256", "number"),
)
Index("pages_document", pages.c.document_id, pages.c.number)

index_outbox = Table(
    "index_outbox", metadata,
    _key("document_id"),
    Column("queued_at", TEXT, nullable=False),
)

# revision 0003: the one-stop centres of a province (a code of index/codes.py's rule, a name)
centres = Table(
    "centres", metadata,
    _key("code"),
    Column("name", TEXT, nullable=False),
    Column("created_at", TEXT, nullable=False),
)

# --- ingest's page jobs (catalogue/page_jobs.py) -------------------------------------------------

page_jobs = Table(
    "page_jobs", metadata,
    Column("source_sha256", TEXT, nullable=False),
    Column("number", INTEGER, nullable=False),
    Column("state", TEXT, nullable=False),
    Column("outcome", TEXT),  # the page's result (PageOutcome JSON) until the file is committed
    Column("error", TEXT),
    Column("updated_at", TEXT, nullable=False),
    # revision 0006: the worker holding the page now, since when, and how many times one started it
    Column("worker", TEXT), Column("started_at", TEXT),
    Column("attempts", INTEGER, nullable=False, server_default=_default("0")),
    PrimaryKeyConstraint("source_sha256", "number"),
    _one_of("state", FILE_STATES),
)

# --- cover sheets and extracted fields (pipeline/cover_store.py, pipeline/field_store.py) -------

cover_pages = Table(
    "cover_pages", metadata,
    Column("source_sha256", TEXT, nullable=False),
    Column("number", INTEGER, nullable=False),
    Column("status", TEXT, nullable=False),  # ok / unreadable / invalid (no CHECK today)
    Column("dossier", TEXT), Column("citizen_id", TEXT), Column("procedure", TEXT),
    Column("problem", TEXT),
    PrimaryKeyConstraint("source_sha256", "number"),
)

document_context = Table(
    "document_context", metadata,
    _key("document_id"),
    Column("source_sha256", TEXT, nullable=False),
    Column("cover_page", INTEGER),
    Column("cover_status", TEXT),
    Column("dossier", TEXT), Column("citizen_id", TEXT), Column("procedure", TEXT),
)

document_fields = Table(
    "document_fields", metadata,
    Column("document_id", TEXT, nullable=False),
    Column("name", TEXT, nullable=False),
    Column("value", TEXT, nullable=False),
    Column("source", TEXT, nullable=False),  # qr / mrz / text / operator / cover / review
    Column("confidence", REAL, nullable=False),
    PrimaryKeyConstraint("document_id", "name"),
)

# --- officers and the audit log (access/store.py) ------------------------------------------------

officers = Table(
    "officers", metadata,
    _key("name"),
    Column("role", TEXT, nullable=False),
    Column("password_hash", TEXT),
    Column("active", INTEGER, nullable=False, server_default=_default("1")),
    Column("created_at", TEXT, nullable=False),
    Column("updated_at", TEXT, nullable=False),
    # added in place: bumped when the officer's sessions must end
    Column("credential_version", INTEGER, nullable=False, server_default=_default("0")),
    Column("centre", TEXT),  # revision 0003: the centre the officer works at
    _one_of("role", ROLES),
    CheckConstraint("active IN (0, 1)"),
)

audit_log = Table(
    "audit_log", metadata,
    _row_id(),
    Column("at", TEXT, nullable=False),
    Column("officer", TEXT, nullable=False),
    Column("role", TEXT),
    Column("action", TEXT, nullable=False),
    Column("outcome", TEXT, nullable=False),
    Column("channel", TEXT, nullable=False),
    Column("citizen_id", TEXT),
    Column("document_ids", TEXT, nullable=False, server_default=_default("'[]'")),
    Column("detail", TEXT),
    Column("centre", TEXT),  # revision 0003: the acting centre
    # revision 0005: JSON list of the centres that received the documents shown (NULL: none recorded)
    Column("document_centres", TEXT),
    _one_of("outcome", ("ok", "refused")),
    sqlite_autoincrement=True,
)
Index("audit_log_citizen", audit_log.c.citizen_id, audit_log.c.id)
Index("audit_log_officer_action", audit_log.c.officer, audit_log.c.action, audit_log.c.id)
Index("audit_log_channel_action", audit_log.c.channel, audit_log.c.action, audit_log.c.id)

audit_seen = Table(
    "audit_seen", metadata,
    Column("audit_id", ROW_ID, ForeignKey("audit_log.id"), nullable=False),
    Column("document_id", TEXT, nullable=False),
    Column("citizen_id", TEXT),  # the document's citizen when it was shown
    PrimaryKeyConstraint("audit_id", "document_id"),
)
Index("audit_seen_citizen", audit_seen.c.citizen_id)
Index("audit_seen_document", audit_seen.c.document_id)

# --- dossiers (dossier/store.py) -----------------------------------------------------------------

dossier_events = Table(
    "dossier_events", metadata,
    _row_id(),
    Column("at", TEXT, nullable=False),
    Column("recorded_at", TEXT, nullable=False),
    Column("kind", TEXT, nullable=False),
    Column("dossier", TEXT, nullable=False),
    Column("procedure", TEXT),
    Column("citizen_id", TEXT),
    Column("officer", TEXT),
    Column("component", TEXT),
    Column("doc_type", TEXT),
    Column("document_id", TEXT),
    Column("digitised", INTEGER),
    Column("missed_reuse_of", TEXT),
    Column("note", TEXT),
    # revision 0003: the dossier's centre; on a reuse, the centre that received the document
    Column("centre", TEXT),
    Column("origin_centre", TEXT),
    _one_of("kind", EVENT_KINDS),
    CheckConstraint("digitised IN (0, 1)"),
    sqlite_autoincrement=True,
)
Index("dossier_events_dossier", dossier_events.c.dossier, dossier_events.c.id)
Index("dossier_events_at", dossier_events.c.at)

document_dates = Table(
    "document_dates", metadata,
    _row_id(),
    Column("document_id", TEXT, nullable=False),
    Column("issue_date", TEXT),
    Column("expiry_date", TEXT),
    Column("no_expiry", INTEGER, nullable=False, server_default=_default("0")),
    Column("officer", TEXT, nullable=False),
    Column("at", TEXT, nullable=False),
    CheckConstraint("no_expiry IN (0, 1)"),
    sqlite_autoincrement=True,
)
Index("document_dates_document", document_dates.c.document_id, document_dates.c.id)

# --- review decisions (pipeline/review_store.py) -------------------------------------------------

review_decisions = Table(
    "review_decisions", metadata,
    _row_id(),
    Column("at", TEXT, nullable=False),
    Column("document_id", TEXT, nullable=False),
    Column("action", TEXT, nullable=False),
    Column("officer", TEXT, nullable=False),
    Column("doc_type_before", TEXT), Column("doc_type_after", TEXT),
    Column("citizen_before", TEXT), Column("citizen_after", TEXT),
    Column("link_status_after", TEXT),
    Column("reason_before", TEXT),
    Column("kind", TEXT, nullable=False, server_default=_default("'review'")),
    Column("note", TEXT),  # the officer's reason for a correction
    _one_of("action", REVIEW_ACTIONS),
    _one_of("kind", DECISION_KINDS),
    sqlite_autoincrement=True,
)
Index("review_decisions_document", review_decisions.c.document_id, review_decisions.c.id)

# --- moving a centre in (catalogue/copy.py) ------------------------------------------------------

# revision 0004: the province's id of each append-only row copied from an embedded catalogue.
copied_rows = Table(
    "copied_rows", metadata,
    Column("source_catalogue", TEXT, nullable=False),  # the source's meta.catalogue_id
    Column("table_name", TEXT, nullable=False),
    Column("source_id", ROW_ID, nullable=False),
    Column("target_id", ROW_ID, nullable=False),
    PrimaryKeyConstraint("source_catalogue", "table_name", "source_id"),
)
