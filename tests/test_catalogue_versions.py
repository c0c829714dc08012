"""`hoso catalogue upgrade` and the refusal of a catalogue made by a newer hoso (issue 15),
through the real CLI on a real SQLite catalogue."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

from alembic.script import ScriptDirectory

from catalogue import migrate
from catalogue.versions import known_revisions
from tests.legacy_release import release_catalogue

CITIZEN = "001203004567"  # doc-1 of the release's catalogue


def hoso(*args: str, data) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOSO_DATA_DIR": str(data), "HOSO_OFFICER": "Lan"}
    return subprocess.run([sys.executable, "-m", "cli", *args], env=env, capture_output=True, text=True, timeout=120)


def _catalogue(tmp_path):
    """A data folder whose catalogue was made by the sqlite3 release (before versioned migrations),
    with its documents and a supervisor "Lan" added as that release did."""
    data = tmp_path / "data"
    data.mkdir()
    catalogue = data / "catalogue.sqlite"
    release_catalogue(catalogue)
    db = sqlite3.connect(catalogue)
    db.execute("INSERT INTO officers(name, role, active, created_at, updated_at) VALUES"
               " ('Lan', 'supervisor', 1, '2026-03-01T00:00:00+00:00', '2026-03-01T00:00:00+00:00')")
    db.commit()
    db.close()
    return data, catalogue


def _rows(catalogue) -> dict[str, int]:
    db = sqlite3.connect(catalogue)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


def test_the_cheap_list_of_versions_is_alembics_own():
    scripts = ScriptDirectory.from_config(migrate._config())
    assert known_revisions() == {r.revision for r in scripts.walk_revisions()}


def test_upgrade_keeps_every_row_and_the_commands_go_on(tmp_path):
    data, catalogue = _catalogue(tmp_path)
    before = _rows(catalogue)
    done = hoso("catalogue", "upgrade", data=data)
    assert done.returncode == 0, done.stderr
    assert f"version {migrate.head_version()} (it was made before versioned migrations)" in done.stdout
    assert migrate.current_version(f"sqlite:///{catalogue}") == migrate.head_version()
    after = _rows(catalogue)
    assert {t: n for t, n in after.items() if t in before} == before  # nothing lost
    shown = hoso("show", "doc-1", "--json", data=data)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["citizen_id"] == CITIZEN
    audited = _rows(catalogue)  # the show is in the audit log
    again = hoso("catalogue", "upgrade", data=data)
    assert again.returncode == 0 and f"it was at version {migrate.head_version()}" in again.stdout
    assert _rows(catalogue) == audited


def test_a_catalogue_of_a_newer_hoso_is_refused_by_every_command_and_left_as_it_is(tmp_path):
    data, catalogue = _catalogue(tmp_path)
    assert hoso("catalogue", "upgrade", data=data).returncode == 0
    db = sqlite3.connect(catalogue)
    db.execute("UPDATE alembic_version SET version_num = '0099'")  # what a later release would leave
    db.commit()
    db.close()
    before = _rows(catalogue)
    for args in (["search", "--citizen-id", CITIZEN], ["show", "doc-1"], ["review"], ["stats", "--period", "2026-03"],
                 ["officers", "list"], ["index", "status"], ["catalogue", "upgrade"], ["serve", "--port", "1"]):
        refused = hoso(*args, data=data)
        assert refused.returncode == 1, (args, refused.stdout, refused.stderr)
        assert "version 0099, which this hoso does not know" in refused.stderr, (args, refused.stderr)
        assert "Traceback" not in refused.stderr, args
    assert _rows(catalogue) == before
    assert migrate.current_version(f"sqlite:///{catalogue}") == "0099"


def test_upgrade_without_a_catalogue_is_a_wrong_option(tmp_path):
    refused = hoso("catalogue", "upgrade", data=tmp_path / "nothing")
    assert refused.returncode == 2 and "no catalogue in" in refused.stderr
