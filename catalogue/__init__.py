"""The catalogue's one data layer: every table, every query, on SQLite or PostgreSQL.

- database.py: where a catalogue is (a SQLite file or a server URL), one engine per catalogue,
  the version check on opening; store.py: an open catalogue, its read()/write() transactions and
  the file and document operations the pipeline uses.
- schema.py (SQLAlchemy Core tables), migrations/ (Alembic revisions), migrate.py (upgrade,
  check), versions.py, append_only.py (the triggers that keep history unchanged), copy.py
  (`hoso catalogue copy`: an embedded catalogue moves into the province's).
- The queries, one module per thing stored, each a function of a connection: files, documents,
  outbox, page_jobs, covers, fields, reviews, training, dossier_events, document_dates, officers,
  audit, centres; upsert.py (INSERT ... ON CONFLICT in either dialect), times.py, owners.py.
"""
