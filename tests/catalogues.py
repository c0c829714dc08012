"""Catalogues to run the same test on: the embedded SQLite file and a real PostgreSQL database.

`catalogue_location` is a Path (SQLite, in the test's folder) or the URL of a new database on
the throw-away cluster of tests/postgres.py, dropped after the test. Product code takes either
(catalogue.database.Location); a test of a data folder on PostgreSQL sets
`HOSO_CATALOGUE_URL` (monkeypatch.setenv) or passes DataDir(root, catalogue_url=url).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from catalogue.database import ServerURL, forget_engines


@contextmanager
def new_database(cluster) -> Iterator[ServerURL]:
    """A new, empty database on the cluster, dropped (connections and all) when done."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    # No pool: a test may stop and start the server in between (tests/test_province_outage.py).
    admin = sa.create_engine(cluster.url(), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield ServerURL(cluster.url(name))
    finally:
        forget_engines()  # the product's pooled connections to it go first
        with admin.connect() as connection:
            connection.execute(sa.text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def catalogue_location(request, tmp_path):
    """Where the test's catalogue is: tmp_path/catalogue.sqlite, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield tmp_path / "catalogue.sqlite"
        return
    with new_database(request.getfixturevalue("postgres_cluster")) as url:
        yield url


@pytest.fixture
def province_url(postgres_cluster):
    """A new PostgreSQL database for a test that is about the province only."""
    with new_database(postgres_cluster) as url:
        yield url
