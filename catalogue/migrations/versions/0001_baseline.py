"""Baseline: the catalogue as the sqlite3 release's DDL creates it (before its in-place columns).

Revision ID: 0001
Revises:
Create Date: 2026-12-03

The tables, indexes and triggers of index/catalogue.py, index/page_jobs.py, access/store.py,
dossier/store.py and pipeline/{review,cover,field}_store.py, frozen here (this file never imports
catalogue.schema: a later change of the schema is a new revision). Each is created only if it
is missing: on an empty database that is all of them; on a catalogue made by the sqlite3
release it is the tables that release makes lazily and this one never got (page_jobs before a
first ingest, review_decisions before a first review, ...). Existing tables and their rows are
left alone. The columns that release adds in place come in revision 0002.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from catalogue.append_only import ddl

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _create_table(name: str, *elements, **options) -> None:
    if not sa.inspect(op.get_bind()).has_table(name):
        op.create_table(name, *elements, **options)


def _create_index(name: str, table: str, columns: list[str], unique: bool = False) -> None:
    if name not in {i["name"] for i in sa.inspect(op.get_bind()).get_indexes(table)}:
        op.create_index(name, table, columns, unique=unique)


def upgrade() -> None:
    # Parents before children (documents and pages refer to files; audit_seen to audit_log).
    _create_table('audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=True),
    sa.Column('at', sa.Text(), nullable=False),
    sa.Column('officer', sa.Text(), nullable=False),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('channel', sa.Text(), nullable=False),
    sa.Column('citizen_id', sa.Text(), nullable=True),
    sa.Column('document_ids', sa.Text(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.CheckConstraint("outcome IN ('ok','refused')"),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    _create_index('audit_log_channel_action', 'audit_log', ['channel', 'action', 'id'], unique=False)
    _create_index('audit_log_citizen', 'audit_log', ['citizen_id', 'id'], unique=False)
    _create_index('audit_log_officer_action', 'audit_log', ['officer', 'action', 'id'], unique=False)
    _create_table('cover_pages',
    sa.Column('source_sha256', sa.Text(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('dossier', sa.Text(), nullable=True),
    sa.Column('citizen_id', sa.Text(), nullable=True),
    sa.Column('procedure', sa.Text(), nullable=True),
    sa.Column('problem', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('source_sha256', 'number')
    )
    _create_table('document_context',
    sa.Column('document_id', sa.Text(), nullable=True),
    sa.Column('source_sha256', sa.Text(), nullable=False),
    sa.Column('cover_page', sa.Integer(), nullable=True),
    sa.Column('cover_status', sa.Text(), nullable=True),
    sa.Column('dossier', sa.Text(), nullable=True),
    sa.Column('citizen_id', sa.Text(), nullable=True),
    sa.Column('procedure', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('document_id')
    )
    _create_table('document_dates',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=True),
    sa.Column('document_id', sa.Text(), nullable=False),
    sa.Column('issue_date', sa.Text(), nullable=True),
    sa.Column('expiry_date', sa.Text(), nullable=True),
    sa.Column('no_expiry', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('officer', sa.Text(), nullable=False),
    sa.Column('at', sa.Text(), nullable=False),
    sa.CheckConstraint('no_expiry IN (0, 1)'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    _create_index('document_dates_document', 'document_dates', ['document_id', 'id'], unique=False)
    _create_table('document_fields',
    sa.Column('document_id', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('confidence', sa.Double().with_variant(sa.REAL(), 'sqlite'), nullable=False),
    sa.PrimaryKeyConstraint('document_id', 'name')
    )
    _create_table('dossier_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=True),
    sa.Column('at', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('dossier', sa.Text(), nullable=False),
    sa.Column('procedure', sa.Text(), nullable=True),
    sa.Column('citizen_id', sa.Text(), nullable=True),
    sa.Column('officer', sa.Text(), nullable=True),
    sa.Column('component', sa.Text(), nullable=True),
    sa.Column('doc_type', sa.Text(), nullable=True),
    sa.Column('document_id', sa.Text(), nullable=True),
    sa.Column('digitised', sa.Integer(), nullable=True),
    sa.Column('missed_reuse_of', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('dossier_opened','component_reused','component_submitted')"),
    sa.CheckConstraint('digitised IN (0, 1)'),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    _create_index('dossier_events_at', 'dossier_events', ['at'], unique=False)
    _create_index('dossier_events_dossier', 'dossier_events', ['dossier', 'id'], unique=False)
    _create_table('files',
    sa.Column('sha256', sa.Text(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('source_path', sa.Text(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('stored_path', sa.Text(), nullable=True),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.Text(), nullable=False),
    sa.Column('citizen_id', sa.Text(), nullable=True),
    sa.Column('dossier', sa.Text(), nullable=True),
    sa.Column('procedure', sa.Text(), nullable=True),
    sa.Column('officer', sa.Text(), nullable=True),
    sa.Column('profile', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('queued','processing','done','failed','quarantined')"),
    sa.PrimaryKeyConstraint('sha256')
    )
    _create_table('index_outbox',
    sa.Column('document_id', sa.Text(), nullable=True),
    sa.Column('queued_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('document_id')
    )
    _create_table('meta',
    sa.Column('key', sa.Text(), nullable=True),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    _create_table('officers',
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=True),
    sa.Column('active', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.Text(), nullable=False),
    sa.CheckConstraint("role IN ('operator','officer','supervisor')"),
    sa.CheckConstraint('active IN (0, 1)'),
    sa.PrimaryKeyConstraint('name')
    )
    _create_table('page_jobs',
    sa.Column('source_sha256', sa.Text(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('state', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.Text(), nullable=False),
    sa.CheckConstraint("state IN ('queued','processing','done','failed','quarantined')"),
    sa.PrimaryKeyConstraint('source_sha256', 'number')
    )
    _create_table('review_decisions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=True),
    sa.Column('at', sa.Text(), nullable=False),
    sa.Column('document_id', sa.Text(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('officer', sa.Text(), nullable=False),
    sa.Column('doc_type_before', sa.Text(), nullable=True),
    sa.Column('doc_type_after', sa.Text(), nullable=True),
    sa.Column('citizen_before', sa.Text(), nullable=True),
    sa.Column('citizen_after', sa.Text(), nullable=True),
    sa.Column('link_status_after', sa.Text(), nullable=True),
    sa.Column('reason_before', sa.Text(), nullable=True),
    sa.Column('kind', sa.Text(), server_default=sa.text("'review'"), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("action IN ('confirm','relink','retype')"),
    sa.CheckConstraint("kind IN ('review','correction')"),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    _create_index('review_decisions_document', 'review_decisions', ['document_id', 'id'], unique=False)
    _create_table('audit_seen',
    sa.Column('audit_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('document_id', sa.Text(), nullable=False),
    sa.Column('citizen_id', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['audit_id'], ['audit_log.id'], ),
    sa.PrimaryKeyConstraint('audit_id', 'document_id')
    )
    _create_index('audit_seen_citizen', 'audit_seen', ['citizen_id'], unique=False)
    _create_index('audit_seen_document', 'audit_seen', ['document_id'], unique=False)
    _create_table('documents',
    sa.Column('id', sa.Text(), nullable=True),
    sa.Column('source_sha256', sa.Text(), nullable=False),
    sa.Column('doc_type', sa.Text(), nullable=False),
    sa.Column('type_confidence', sa.Double().with_variant(sa.REAL(), 'sqlite'), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('citizen_id', sa.Text(), nullable=True),
    sa.Column('link_status', sa.Text(), nullable=False),
    sa.Column('link_reason', sa.Text(), nullable=True),
    sa.Column('id_candidates', sa.Text(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('dossier', sa.Text(), nullable=True),
    sa.Column('procedure', sa.Text(), nullable=True),
    sa.Column('officer', sa.Text(), nullable=True),
    sa.Column('received_at', sa.Text(), nullable=False),
    sa.CheckConstraint("link_status IN ('linked','review')"),
    sa.ForeignKeyConstraint(['source_sha256'], ['files.sha256'], ),
    sa.PrimaryKeyConstraint('id')
    )
    _create_index('documents_citizen', 'documents', ['citizen_id', 'received_at'], unique=False)
    _create_index('documents_source', 'documents', ['source_sha256'], unique=False)
    _create_table('pages',
    sa.Column('source_sha256', sa.Text(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), server_default=sa.text("''"), nullable=False),
    sa.Column('ocr_confidence', sa.Double().with_variant(sa.REAL(), 'sqlite'), nullable=True),
    sa.Column('is_blank', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('rotation', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('skew', sa.Double().with_variant(sa.REAL(), 'sqlite'), server_default=sa.text('0'), nullable=False),
    sa.Column('dpi', sa.Double().with_variant(sa.REAL(), 'sqlite'), nullable=True),
    sa.Column('quality_ok', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('quality_reasons', sa.Text(), server_default=sa.text("'[]'"), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('words', sa.Text(), server_default=sa.text("'[]'"), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ),
    sa.ForeignKeyConstraint(['source_sha256'], ['files.sha256'], ),
    sa.PrimaryKeyConstraint('source_sha256', 'number')
    )
    _create_index('pages_document', 'pages', ['document_id', 'number'], unique=False)


    # What Catalogue() writes on opening, so today's code and this revision agree on the version row.
    op.execute("INSERT INTO meta(key, value) SELECT 'schema_version', '1'"
               " WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'schema_version')")
    for statement in ddl(op.get_bind().dialect.name):  # IF NOT EXISTS / OR REPLACE: safe to repeat
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the catalogue is the source of truth: it is never dropped by a downgrade")
