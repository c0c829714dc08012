"""Accountability: officers with roles, and the append-only audit log of who saw what.

- models.py     Officer, AuditEntry, roles
- roles.py      which role may do what (one table, documented in README)
- passwords.py  password hashing (Argon2id)
- store.py      the officers and audit tables of the catalogue (catalogue/officers.py, catalogue/audit.py)
- centres.py    the one-stop centres of a province (catalogue/centres.py)
- reach.py      need-to-know across centres: which centres' papers an officer may find and open
- officers.py   add / change / list officers; authorize an action; sign-in check
- audit.py      write an audit entry; who looked at a citizen's papers
"""

from access.models import AccessDenied, Actor, AuditEntry, Officer  # noqa: F401
