"""The catalogue's one data layer (issue 15): its schema in SQLAlchemy Core and its Alembic migrations.

Step one of issue 15: the schema and the migrations exist and are tested on SQLite and on a
real PostgreSQL, but the product does not use them yet: index/catalogue.py, access/store.py,
dossier/store.py and pipeline/*_store.py still open the SQLite file with sqlite3 and their own
DDL. Moving those queries behind this package is the next step.
"""
