"""Run the web application with waitress (a production WSGI server, pure Python)."""

from __future__ import annotations

import click
from waitress import serve

from access.officers import list_officers
from pipeline.datadir import DataDir
from web.app import Settings, create_app


def run(data: DataDir, index_kind: str, host: str, port: int, idle_minutes: float, session_hours: float,
        secure_cookies: bool, centre: str | None = None) -> None:
    can_sign_in = [o for o in list_officers(data.catalogue) if o.active and o.has_password]
    if not can_sign_in:
        click.echo(f"note: no officer of {data.root} has a web password yet: "
                   "echo PASSWORD | hoso officers add NAME --role officer --password-stdin", err=True)
    app = create_app(Settings(data=data, index_kind=index_kind, idle_minutes=idle_minutes,
                              lifetime_hours=session_hours, secure_cookies=secure_cookies, centre=centre))
    click.echo(f"hoso serve: http://{host}:{port}/ (data {data.root}); Ctrl+C stops", err=True)
    serve(app, host=host, port=port, threads=4, ident="hoso")
