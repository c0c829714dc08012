"""Dossiers, procedures, reuse of stored documents, and the reuse statistics.

- procedures.py  the procedure catalogue (procedures.toml + HOSO_PROCEDURES)
- store.py       the append-only event log and recorded validity dates (rows: catalogue/dossier_events.py, document_dates.py)
- events.py      open a dossier, record reuse / submissions / paper components / dates
- validity.py    whether a stored document is still valid on a day (pure)
- periods.py     reporting periods: weeks closing Friday 16:00, months, quarters, years, ranges (pure)
- stats.py       figures computed from a list of events (pure)
- report.py      the report of a catalogue; export.py: JSON, CSV, XLSX, PNG, text
"""
