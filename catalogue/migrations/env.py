"""Alembic's environment for the catalogue.

catalogue/migrate.py runs the migrations on a connection it has opened and holds in one
transaction (config.attributes["connection"]), so that adopting an existing catalogue and
checking the result is all or nothing. For a developer, `alembic -c INI -x url=URL upgrade head`
with an INI whose script_location is this folder works too, but skips migrate.py's checks (not
a catalogue, too new, drift); offline (SQL script) mode is not supported.
"""

from __future__ import annotations

from alembic import context

from catalogue.schema import metadata

config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, transactional_ddl=True,
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("the catalogue's migrations run on a database, not as an SQL script")

given = config.attributes.get("connection")
if given is not None:
    _run(given)
else:
    from catalogue.migrate import engine

    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    with engine(url).begin() as connection:
        _run(connection)
